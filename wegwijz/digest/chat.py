"""The chat side of the weekly tips: offer, yes, two short questions, and stop.

Nothing is stored before the yes. The two questions (children at school, the part of the day) can be
left unanswered: the tips then go out without them. A stop takes effect at once: the subscription
stops, and a weekly message still waiting in the outbox or for the web chat page is dropped.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from wegwijz.conversation.replies import Button, Reply
from wegwijz.digest import words
from wegwijz.digest.models import Delivery, DigestMessage, DigestSubscription, PartOfDay, SubscriptionStatus
from wegwijz.journey.checkins import local_date
from wegwijz.texts import say

ACTOR = "newcomer"
"""Who, in the audit trail, turned the tips on or off (the journey's word for the person in the chat)."""
TURNED_ON = "chat: weekbericht aangezet"
TURNED_OFF = "chat: weekbericht gestopt"


def subscription_of(session: Session, sender_id: str) -> DigestSubscription | None:
    """The subscription of a chat address (active or stopped), if it ever said yes."""
    return session.execute(select(DigestSubscription).where(
        DigestSubscription.sender_id == sender_id)).scalar_one_or_none()


def is_active(subscription: DigestSubscription | None) -> bool:
    """Whether the tips go out to this subscription."""
    return subscription is not None and subscription.status == SubscriptionStatus.ACTIVE


def _audit(session: Session, sender_id: str, what: str, subscription: DigestSubscription,
           now: dt.datetime) -> None:
    from wegwijz.journey import audit
    from wegwijz.journey.newcomers import find_by_sender

    newcomer = find_by_sender(session, sender_id)
    audit.record(session, ACTOR, what, newcomer.id if newcomer else None, f"weekbericht #{subscription.id}", now)


def offer(lang: str, after_intake: bool = False) -> Reply:
    """The offer with its yes and no buttons."""
    return Reply(say("digest_offer_after_intake" if after_intake else "digest_offer", lang),
                 (Button(say("digest_yes", lang), words.YES.payload), Button(say("digest_no", lang), words.NO.payload)))


def _children_question(lang: str) -> Reply:
    return Reply(say("digest_children_question", lang), (
        Button(say("digest_children_yes", lang), words.CHILDREN_YES.payload),
        Button(say("digest_children_no", lang), words.CHILDREN_NO.payload),
        Button(say("digest_children_skip", lang), words.CHILDREN_SKIP.payload)))


def _hours_question(lang: str) -> Reply:
    return Reply(say("digest_hours_question", lang), tuple(
        Button(say(f"digest_hours_{part}", lang), step.payload) for part, step in words.HOURS.items()))


def _state(subscription: DigestSubscription, lang: str) -> Reply:
    return Reply(say("digest_already_on", lang, part=say(f"digest_part_{subscription.part_of_day}", lang)),
                 (Button(say("digest_stop_button", lang), words.STOP.payload),))


def turn_on(session: Session, sender_id: str, lang: str, now: dt.datetime) -> DigestSubscription:
    """The person said yes: start (or restart) the tips from tomorrow (the caller commits)."""
    subscription = subscription_of(session, sender_id)
    tomorrow = local_date(now) + dt.timedelta(days=1)
    if subscription is None:
        subscription = DigestSubscription(sender_id=sender_id, lang=lang, status=SubscriptionStatus.ACTIVE,
                                          part_of_day=PartOfDay.ANY, opted_in_at=now, next_due_on=tomorrow)
        session.add(subscription)
        session.flush()
        _audit(session, sender_id, TURNED_ON, subscription, now)
    elif subscription.status != SubscriptionStatus.ACTIVE:
        subscription.status, subscription.opted_in_at, subscription.stopped_at = SubscriptionStatus.ACTIVE, now, None
        subscription.next_due_on, subscription.lang = tomorrow, lang
        session.flush()
        _audit(session, sender_id, TURNED_ON, subscription, now)
    return subscription


def stop(session: Session, sender_id: str, now: dt.datetime) -> bool:
    """Stop the tips of a chat address at once (the caller commits).

    The answers that shaped them are forgotten; what was sent stays listed (so a restart sends
    nothing twice) until /verwijder. A message that has not gone out yet is dropped: its outbox
    rows are refused, a web chat's waiting message is not shown.

    Returns:
        Whether tips were on.
    """
    from wegwijz.channels.constants import OutboxStatus
    from wegwijz.channels.models import OutboxMessage

    subscription = subscription_of(session, sender_id)
    if not is_active(subscription):
        return False
    assert subscription is not None
    subscription.status, subscription.stopped_at = SubscriptionStatus.STOPPED, now
    subscription.school_children, subscription.part_of_day = None, PartOfDay.ANY
    waiting = list(session.execute(select(DigestMessage).where(
        DigestMessage.subscription_id == subscription.id,
        DigestMessage.delivery.in_((Delivery.QUEUED, Delivery.TEMPLATE, Delivery.HELD, Delivery.WEB_WAITING)),
    )).scalars())
    for message in waiting:
        ids = [int(i) for i in message.outbox_ids or []]
        if message.delivery == Delivery.WEB_WAITING:
            message.delivery = Delivery.DROPPED
            continue
        if ids:
            result = session.execute(update(OutboxMessage).where(
                OutboxMessage.id.in_(ids), OutboxMessage.status.in_((OutboxStatus.PENDING, OutboxStatus.HELD)),
            ).values(status=OutboxStatus.REFUSED, last_error="the person stopped the weekly tips")
                .execution_options(synchronize_session=False))
            if result.rowcount == len(ids):  # nothing of it had gone out yet
                message.delivery = Delivery.DROPPED
    session.flush()
    _audit(session, sender_id, TURNED_OFF, subscription, now)
    return True


def respond(session: Session, sender_id: str, text: str | None, lang: str, now: dt.datetime) -> list[Reply] | None:
    """The replies when the latest message is about the tips; None when it is not (the caller commits)."""
    step = words.command_of(text)
    if step is None:
        return None
    subscription = subscription_of(session, sender_id)
    active = subscription if is_active(subscription) else None
    if step is words.OFFER:
        return [_state(active, lang)] if active is not None else [offer(lang)]
    if step is words.NO:
        if active is not None:
            return [_state(active, lang)]  # an old "no" button does not stop what they later said yes to
        return [Reply(say("digest_declined", lang))]
    if step is words.STOP:
        return [Reply(say("digest_stopped" if stop(session, sender_id, now) else "digest_not_on", lang))]
    if step is words.YES:
        turn_on(session, sender_id, lang, now)
        return [_children_question(lang)]
    if not is_active(subscription):
        return [Reply(say("digest_not_on", lang))]  # an answer button after a stop stores nothing
    assert subscription is not None
    subscription.lang = lang
    if step in (words.CHILDREN_YES, words.CHILDREN_NO, words.CHILDREN_SKIP):
        subscription.school_children = {words.CHILDREN_YES: True, words.CHILDREN_NO: False}.get(step)
        return [_hours_question(lang)]
    part = next(part for part, hours in words.HOURS.items() if hours is step)
    subscription.part_of_day = part
    return [Reply(say("digest_done", lang, part=say(f"digest_part_{part}", lang)))]


def offer_after_intake(session: Session, sender_id: str, lang: str, consented: bool) -> list[Reply]:
    """The offer at the end of the startgesprek: only with its consent, and only when the tips are not on."""
    if not consented or is_active(subscription_of(session, sender_id)):
        return []
    return [offer(lang, after_intake=True)]


def stop_line(session_factory: Any, sender_id: str, latest_message: dict[str, Any] | None, lang: str,
              now: dt.datetime | None = None) -> Reply | None:
    """For the pause action: when the message was a stop word, stop the tips and say so (commits).

    None when it was no stop word, or when no tips were on (the pause action says what it always says).
    """
    if not words.was_stop(latest_message):
        return None
    from wegwijz.db.moments import utcnow

    with session_factory() as session:
        stopped = stop(session, sender_id, now or utcnow())
        session.commit()
    return Reply(say("digest_stopped", lang)) if stopped else None


def in_chat(session_factory: Any, sender_id: str, text: str | None, lang: str,
            now: dt.datetime | None = None) -> list[Reply] | None:
    """`respond` for a chat turn, with its own session (commits)."""
    if words.command_of(text) is None:
        return None
    from wegwijz.db.moments import utcnow

    with session_factory() as session:
        replies = respond(session, sender_id, text, lang, now or utcnow())
        session.commit()
    return replies
