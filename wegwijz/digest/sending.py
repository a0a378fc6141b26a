"""The weekly round: compose and send each person's tips when they are due, in their hours.

Run by the check-in scheduler every minute (`DigestRound.run_once`), with the scheduler's clock.

At most once a week and never twice: a subscription is claimed by a conditional UPDATE that moves
`next_due_on` a week on, and the message, its items (unique per subscription) and the outbox rows are
written in the same transaction as the claim. A crash or a second scheduler before the commit sends
nothing; after it, the message is in the outbox exactly once. Nothing is sent after a stop or an
erasure: the claim requires an active subscription, and erasure deletes it with the waiting outbox rows.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from wegwijz import LANGUAGES
from wegwijz.activities.model import Activity, load_activities
from wegwijz.digest import choosing
from wegwijz.digest.models import (
    Delivery,
    DigestItem,
    DigestMessage,
    DigestSubscription,
    PartOfDay,
    SubscriptionStatus,
)
from wegwijz.journey.checkins import Schedule, local_date
from wegwijz.kennisbank.model import Kennisbank
from wegwijz.texts import say

log = logging.getLogger(__name__)

WEEK = dt.timedelta(days=7)
TEMPLATE = "digest"
"""The WhatsApp template (`WHATSAPP_TEMPLATE_DIGEST`) that opens the chat outside the 24-hour window."""
SENT = "weekbericht verstuurd"
"""The audit entry for a weekly message (no content: which articles went out is in `digest_items`)."""
SCHEDULER_ACTOR = "scheduler"


def in_hours(subscription: DigestSubscription, now: dt.datetime, schedule: Schedule) -> bool:
    """Whether `now` is within both the scheduler's sending hours and the person's part of the day."""
    start, end = PartOfDay.HOURS.get(str(subscription.part_of_day), PartOfDay.HOURS[PartOfDay.ANY])
    hour = now.astimezone(ZoneInfo(schedule.timezone)).hour
    return schedule.may_send_at(now) and start <= hour < end


def language_for(session: Session, subscription: DigestSubscription) -> str:
    """The person's language: the one the gateway knows for the chat, else the one they signed up in."""
    from wegwijz.channels import contacts
    from wegwijz.channels.models import ChannelContact

    known = contacts.known_language(session.get(ChannelContact, subscription.sender_id))
    return known if known in LANGUAGES else (subscription.lang if subscription.lang in LANGUAGES else "nl")


def _day(day: dt.date, lang: str) -> str:
    return f"{say(f'weekday_{day.weekday()}', lang)} {day.day}-{day.month}-{day.year}"


def compose(items: list[choosing.Item], kennisbank: Kennisbank, activities: dict[str, Activity],
            lang: str) -> dict[str, Any]:
    """The weekly message as a Rasa-style reply: text, and a button per article (`/kb_<id>`)."""
    lines = [say("digest_header", lang)]
    buttons = []
    for item in items:
        if item.kind == "activity":
            activity = activities[item.id]
            texts = {name: value[lang] for name, value in activity.texts.items()}
            assert item.day is not None
            lines.append(say("digest_activity_line", lang, day=_day(item.day, lang), title=texts["title"],
                             time=texts["time"], place=texts["place"], cost=texts["cost"]))
        else:
            article = kennisbank.articles[item.id]
            title = article.translations[lang].title
            lines.append(say("digest_article_line", lang, title=title))
            buttons.append({"title": title, "payload": f"/{article.intent}"})
    lines.append(say("digest_footer", lang))
    reply: dict[str, Any] = {"text": "\n\n".join(lines)}
    if buttons:
        reply["buttons"] = buttons
    return reply


@dataclass
class Done:
    """What one round did (message ids)."""

    sent: list[int] = field(default_factory=list)
    nothing_new: list[int] = field(default_factory=list)
    """Subscriptions due whose profile had nothing new: tried again a week later."""
    opened: list[int] = field(default_factory=list)


Content = Callable[[], tuple[Kennisbank, list[Activity]]]
"""Returns the kennisbank and the activities (read fresh: editors' changes count at once)."""


def content_from(kennisbank_dir: Path) -> Content:
    """The kennisbank and activities as files in `kennisbank_dir`, read when a round needs them."""
    def read() -> tuple[Kennisbank, list[Activity]]:
        from wegwijz.kennisbank import load_kennisbank

        return load_kennisbank(kennisbank_dir), load_activities(kennisbank_dir)
    return read


class DigestRound:
    """Sends the weekly tips that are due; safe to run in several processes at once."""

    def __init__(self, factory: sessionmaker, content: Content, schedule: Schedule | None = None) -> None:
        self.factory = factory
        self.content = content
        self.schedule = schedule or Schedule.from_env()

    def run_once(self, now: dt.datetime) -> Done:
        """Note the messages the channel says were read, then (within the hours) send what is due."""
        done = Done(opened=self.note_opened(now))
        if not self.schedule.may_send_at(now):
            return done
        today = local_date(now, self.schedule.timezone)
        with self.factory() as session:
            due = list(session.execute(select(DigestSubscription).where(
                DigestSubscription.status == SubscriptionStatus.ACTIVE, DigestSubscription.next_due_on <= today,
            ).order_by(DigestSubscription.next_due_on, DigestSubscription.id)).scalars())
            due_ids = [int(s.id) for s in due if in_hours(s, now, self.schedule)]
        if not due_ids:
            return done
        kennisbank, activities = self.content()
        for subscription_id in due_ids:
            try:
                self._send(subscription_id, kennisbank, activities, now, today, done)
            except Exception:  # noqa: BLE001 - one person's failure (rolled back: nothing sent) must not stop the rest
                log.exception("weekly tips for subscription %s not sent; tried again next round", subscription_id)
        return done

    def _send(self, subscription_id: int, kennisbank: Kennisbank, activities: list[Activity], now: dt.datetime,
              today: dt.date, done: Done) -> None:
        from wegwijz.channels import outbox
        from wegwijz.journey import audit
        from wegwijz.journey.newcomers import find_by_sender

        with self.factory() as session:
            subscription = session.get(DigestSubscription, subscription_id)
            if subscription is None or subscription.status != SubscriptionStatus.ACTIVE or \
                    subscription.next_due_on > today:
                return
            was_due = subscription.next_due_on
            profile = choosing.profile_of(session, subscription, today)
            items = choosing.choose(profile, kennisbank, activities, choosing.already_sent(session, subscription),
                                    today)
            claimed = session.execute(update(DigestSubscription).where(
                DigestSubscription.id == subscription_id, DigestSubscription.next_due_on == was_due,
                DigestSubscription.status == SubscriptionStatus.ACTIVE,
            ).values(next_due_on=today + WEEK, **({"last_sent_at": now} if items else {}))
                .execution_options(synchronize_session=False))
            if claimed.rowcount != 1:
                session.rollback()  # another scheduler took it, or the person stopped just now
                return
            if not items:
                session.commit()
                done.nothing_new.append(subscription_id)
                return
            sender_id, lang = str(subscription.sender_id), language_for(session, subscription)
            reply = compose(items, kennisbank, {a.id: a for a in activities}, lang)
            if sender_id.startswith("web:"):
                how, outbox_ids = Delivery.WEB_WAITING, []
            else:
                result = outbox.enqueue_proactive(session, sender_id, [reply], template=TEMPLATE, now=now)
                how, outbox_ids = result.how, result.outbox_ids
            message = DigestMessage(subscription_id=subscription_id, sender_id=sender_id, local_day=today,
                                    sent_at=now, lang=lang, items=[i.key for i in items], text=reply["text"][:4000],
                                    buttons=reply.get("buttons"),
                                    delivery=how, outbox_ids=outbox_ids)
            session.add(message)
            session.flush()
            if how in Delivery.REACHING:  # refused: nobody read it, so the items may come another week
                session.add_all(DigestItem(subscription_id=subscription_id, sender_id=sender_id,
                                           message_id=message.id, item=i.key, sent_at=now) for i in items)
            newcomer = find_by_sender(session, sender_id)
            audit.record(session, SCHEDULER_ACTOR, SENT, newcomer.id if newcomer else None,
                         f"weekbericht #{subscription_id}: {how}", now)
            session.commit()
            done.sent.append(int(message.id))

    def note_opened(self, now: dt.datetime) -> list[int]:
        """Copy the channel's read receipts (outbox `read_at`) to the weekly messages, before the outbox forgets."""
        from wegwijz.channels.models import OutboxMessage

        since = now - dt.timedelta(days=28)  # the outbox keeps sent messages for about a month
        opened = []
        with self.factory() as session:
            waiting = session.execute(select(DigestMessage).where(
                DigestMessage.opened_at.is_(None), DigestMessage.sent_at >= since,
                DigestMessage.sender_id.like("wa:%"),  # only WhatsApp sends read receipts to the outbox
                DigestMessage.delivery.in_((Delivery.QUEUED, Delivery.TEMPLATE, Delivery.HELD)),
            )).scalars().all()
            for message in waiting:
                ids = [int(i) for i in message.outbox_ids or []]
                if not ids:
                    continue
                read = session.execute(select(OutboxMessage.read_at).where(
                    OutboxMessage.id.in_(ids), OutboxMessage.read_at.is_not(None),
                ).order_by(OutboxMessage.read_at)).scalars().first()
                if read is not None:
                    message.opened_at = read
                    opened.append(int(message.id))
            session.commit()
        return opened


def fetch_for_web(session: Session, sender_id: str, now: dt.datetime) -> list[dict[str, Any]]:
    """Weekly messages waiting for a web chat, as its page shows them; marked shown (the caller commits)."""
    waiting = list(session.execute(select(DigestMessage).where(
        DigestMessage.sender_id == sender_id, DigestMessage.delivery == Delivery.WEB_WAITING,
    ).order_by(DigestMessage.sent_at, DigestMessage.id)).scalars())
    shown = []
    for message in waiting:
        message.delivery, message.opened_at = Delivery.WEB_SHOWN, now
        shown.append({"text": message.text, "buttons": list(message.buttons or [])})
    session.flush()
    return shown
