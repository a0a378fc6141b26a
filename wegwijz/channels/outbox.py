"""The outbox: every outbound message is stored before it is sent, and sent in order per chat.

A worker (`wegwijz.channels.delivery`) takes, per chat, only the oldest
pending message, so a retry never lets a later message overtake an earlier one.
WhatsApp's 24-hour rule is checked when a message is about to go out: a
free-form message outside the window is refused and logged, never dropped
silently. Other features send through `enqueue_proactive` (check-ins,
reminders); replies to what a person wrote are enqueued by the gateway.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from wegwijz.channels import config as channel_config
from wegwijz.channels import contacts
from wegwijz.channels.constants import Channel, OutboundKind, OutboxStatus
from wegwijz.channels.models import ChannelContact, OutboxMessage, utcnow
from wegwijz.channels.replies import Outgoing, from_rasa

log = logging.getLogger(__name__)


def render(session: Session, channel: str, messages: list[Outgoing], lang: str) -> list[dict[str, Any]]:
    """The platform payloads for `messages` on `channel` (one payload = one API call).

    Raises:
        ValueError: for the web chat, which gets its replies directly and has no outbox.
    """
    if channel == Channel.TELEGRAM:
        from wegwijz.channels import telegram_out

        return telegram_out.render(session, messages)
    if channel == Channel.WHATSAPP:
        from wegwijz.channels import whatsapp_out

        return whatsapp_out.render(session, messages, lang)
    raise ValueError(f"no outbox for channel {channel!r}")


def _add(session: Session, sender_id: str, kind: str, payload: dict[str, Any], status: str,
         proactive: bool, now: dt.datetime, error: str | None = None) -> OutboxMessage:
    row = OutboxMessage(channel=contacts.channel_of(sender_id), sender_id=sender_id, kind=kind, payload=payload,
                        proactive=proactive, status=status, attempts=0, next_attempt_at=now, created_at=now,
                        last_error=error)
    session.add(row)
    return row


def enqueue(session: Session, sender_id: str, messages: list[Outgoing], lang: str, *, proactive: bool = False,
            status: str = OutboxStatus.PENDING, now: dt.datetime | None = None) -> list[OutboxMessage]:
    """Store `messages` for `sender_id`, shaped for its channel (the caller commits)."""
    now = now or utcnow()
    payloads = render(session, contacts.channel_of(sender_id), messages, lang)
    rows = [_add(session, sender_id, OutboundKind.MESSAGE, p, status, proactive, now) for p in payloads]
    session.flush()
    return rows


@dataclass(frozen=True)
class ProactiveResult:
    """How a proactive message will reach the person."""

    how: str
    """"queued" (goes out as is), "held" (the person blocked the bot; sent when they write again),
    "template" (a template goes out; the messages wait until the person
    answers it) or "refused" (no way to reach them now; stored as refused and logged)."""
    outbox_ids: list[int] = field(default_factory=list)


def enqueue_proactive(session: Session, sender_id: str, messages: Iterable[dict[str, Any] | str],
                      template: str = "checkin", now: dt.datetime | None = None,
                      config: channel_config.ChannelConfig | None = None) -> ProactiveResult:
    """Send messages a person did not ask for just now (a check-in, a reminder); the caller commits.

    On Telegram they are queued as they are. On WhatsApp they are queued as they
    are inside the 24-hour window; outside it the configured template
    (`WHATSAPP_TEMPLATE_<TEMPLATE>`) goes out and the messages are held until
    the person answers it. Without a template, or on the web chat, they are
    stored as refused and logged.

    Args:
        session: the database session.
        sender_id: who to write to (`tg:…`, `wa:…`).
        messages: Rasa replies (dicts with text/buttons) or plain texts, in the person's language.
        template: which configured WhatsApp template to use outside the window.
        now: the current moment (for tests).
        config: the channel configuration (read from the environment when not given).
    """
    now = now or utcnow()
    config = config or channel_config.load()
    channel = contacts.channel_of(sender_id)
    contact = session.get(ChannelContact, sender_id)
    lang = contacts.known_language(contact) or "nl"
    outgoing = from_rasa(list(messages), channel)
    if contact is not None and contact.unreachable_since is not None:
        # They blocked the bot: held, not sent (it would be refused); it goes when they write again.
        log.info("Proactive message to %s held: the person blocked the bot", sender_id)
        rows = enqueue(session, sender_id, outgoing, lang, proactive=True, status=OutboxStatus.HELD, now=now)
        return ProactiveResult("held", [int(r.id) for r in rows])
    if channel == Channel.TELEGRAM or (channel == Channel.WHATSAPP and contacts.in_service_window(contact, now)):
        rows = enqueue(session, sender_id, outgoing, lang, proactive=True, now=now)
        return ProactiveResult("queued", [int(r.id) for r in rows])
    name = config.whatsapp_templates.get(template) if channel == Channel.WHATSAPP else None
    if not name:
        reason = (f"no WhatsApp template configured (WHATSAPP_TEMPLATE_{template.upper()}) for a message "
                  "outside the 24-hour window" if channel == Channel.WHATSAPP else f"cannot start a {channel} chat")
        log.warning("Proactive message to %s refused: %s", sender_id, reason)
        if channel != Channel.WHATSAPP:
            return ProactiveResult("refused")
        rows = enqueue(session, sender_id, outgoing, lang, proactive=True, status=OutboxStatus.REFUSED, now=now)
        for row in rows:
            row.last_error = reason
        return ProactiveResult("refused", [int(r.id) for r in rows])
    from wegwijz.channels.whatsapp_out import template_body

    code = config.template_language(lang)
    opener = _add(session, sender_id, OutboundKind.TEMPLATE, template_body(name, code), OutboxStatus.PENDING,
                  True, now)
    session.flush()
    held = enqueue(session, sender_id, outgoing, lang, proactive=True, status=OutboxStatus.HELD, now=now)
    return ProactiveResult("template", [int(opener.id)] + [int(r.id) for r in held])


def hold_all(session: Session, sender_id: str) -> int:
    """The person blocked the bot: queued messages (check-ins too) wait until they write again."""
    result = session.execute(update(OutboxMessage).where(
        OutboxMessage.sender_id == sender_id, OutboxMessage.status == OutboxStatus.PENDING,
    ).values(status=OutboxStatus.HELD).execution_options(synchronize_session=False))
    return int(result.rowcount or 0)


def release_held(session: Session, sender_id: str) -> int:
    """The person wrote, so the 24-hour window is open: held messages may go out now."""
    result = session.execute(update(OutboxMessage).where(
        OutboxMessage.sender_id == sender_id, OutboxMessage.status == OutboxStatus.HELD,
    ).values(status=OutboxStatus.PENDING, next_attempt_at=utcnow()).execution_options(synchronize_session=False))
    return int(result.rowcount or 0)


def due_heads(session: Session, now: dt.datetime, limit: int = 200) -> list[OutboxMessage]:
    """Per chat, the oldest pending message, when it is due and not claimed by a worker."""
    heads = (select(func.min(OutboxMessage.id)).where(OutboxMessage.status == OutboxStatus.PENDING)
             .group_by(OutboxMessage.sender_id))
    query = (select(OutboxMessage).where(
        OutboxMessage.id.in_(heads), OutboxMessage.next_attempt_at <= now,
        or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now))
        .order_by(OutboxMessage.id).limit(limit))
    return list(session.execute(query).scalars())


def next_due(session: Session) -> dt.datetime | None:
    """When the earliest pending message becomes due (None when nothing waits)."""
    return session.execute(select(func.min(OutboxMessage.next_attempt_at))
                           .where(OutboxMessage.status == OutboxStatus.PENDING)).scalar_one_or_none()


def claim(session: Session, message_id: int, now: dt.datetime, lease: dt.timedelta) -> OutboxMessage | None:
    """Take a message for sending until `now + lease`; None when taken by another worker, or refused.

    A free-form WhatsApp message outside the 24-hour window is refused here
    (stored as refused and logged), so the next message of that chat can go.
    """
    result = session.execute(update(OutboxMessage).where(
        OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.PENDING,
        or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
    ).values(claimed_until=now + lease).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return None
    row = session.get(OutboxMessage, message_id, populate_existing=True)
    if row is None:
        return None
    free_form = row.channel == Channel.WHATSAPP and row.kind == OutboundKind.MESSAGE
    if free_form and not contacts.in_service_window(session.get(ChannelContact, row.sender_id), now):
        refuse(row, "outside WhatsApp's 24-hour window: a free-form message is not allowed; "
                    "send a template (enqueue_proactive)")
        return None
    return row


def refuse(row: OutboxMessage, reason: str) -> None:
    """Do not send `row`, on purpose; kept as refused and logged."""
    row.status = OutboxStatus.REFUSED
    row.claimed_until = None
    row.last_error = reason[:500]
    log.warning("Outbox message %s to %s refused: %s", row.id, row.sender_id, reason)


def mark_sent(row: OutboxMessage, provider_message_id: str | None) -> None:
    """The platform accepted the message."""
    row.status = OutboxStatus.SENT
    row.sent_at = utcnow()
    row.claimed_until = None
    row.provider_message_id = provider_message_id
    row.last_error = None


def retry_later(row: OutboxMessage, delay: dt.timedelta, error: str, count: bool = True) -> None:
    """Send again after `delay`; rate limits (`count=False`) do not use up attempts."""
    if count:
        row.attempts = (row.attempts or 0) + 1
    row.next_attempt_at = utcnow() + delay
    row.claimed_until = None
    row.last_error = error[:500]


def fail(row: OutboxMessage, error: str) -> None:
    """Give up on a message (rejected by the platform, or out of attempts); logged."""
    row.status = OutboxStatus.FAILED
    row.claimed_until = None
    row.last_error = error[:500]
    log.error("Outbox message %s to %s failed: %s", row.id, row.sender_id, error)


RETRYABLE_DELIVERY_CODES = {131000, 131016, 133004}
"""WhatsApp delivery errors the platform calls passing (something went wrong, service unavailable,
server temporarily unavailable): the message is sent again. Every other failure is final."""


def record_status(session: Session, provider_message_id: str, status: str,
                  error: dict[str, Any] | None = None, now: dt.datetime | None = None) -> OutboxMessage | None:
    """What the platform says became of a sent message (WhatsApp status webhook); the caller commits.

    The lifecycle is sent -> delivered -> read; a status never goes back
    (webhooks may arrive out of order). A failure keeps its details; it is sent
    again only when the platform says the error passes, and a failed
    proactive message (a check-in) is shown to the caseworker as a flag.

    Returns:
        The outbox row, or None when the message is not (or no longer) ours.
    """
    from wegwijz.channels.constants import DeliveryStatus

    row = session.execute(select(OutboxMessage).where(
        OutboxMessage.provider_message_id == provider_message_id)).scalars().first()
    if row is None:
        return None
    now = now or utcnow()
    if status == DeliveryStatus.FAILED:
        row.delivery_status = DeliveryStatus.FAILED
        row.delivery_error = json.dumps(error or {}, ensure_ascii=False)
        reason = " ".join(str(error.get(k)) for k in ("code", "title", "details") if error and error.get(k))
        if error and error.get("code") in RETRYABLE_DELIVERY_CODES and (row.attempts or 0) + 1 < 15:
            row.status = OutboxStatus.PENDING
            retry_later(row, dt.timedelta(seconds=30), f"not delivered, retrying: {reason}")
            return row
        fail(row, f"not delivered: {reason or 'no reason given'}")
        if row.proactive:
            _flag_undelivered(session, str(row.sender_id), reason, now)
        return row
    if status in DeliveryStatus.ORDER and row.delivery_status != DeliveryStatus.FAILED:
        current = row.delivery_status if row.delivery_status in DeliveryStatus.ORDER else None
        if current is None or DeliveryStatus.ORDER.index(status) > DeliveryStatus.ORDER.index(current):
            row.delivery_status = status
        if status == DeliveryStatus.DELIVERED and row.delivered_at is None:
            row.delivered_at = now
        if status == DeliveryStatus.READ:
            row.delivered_at = row.delivered_at or now
            row.read_at = row.read_at or now
    return row


UNDELIVERED_RULE = "checkin_not_delivered"
"""The flag a caseworker sees when a proactive message (a check-in) did not reach the person."""


def _flag_undelivered(session: Session, sender_id: str, reason: str, now: dt.datetime) -> None:
    from wegwijz.journey.models import ChatIdentity, Flag

    identity = session.execute(select(ChatIdentity).where(ChatIdentity.sender_id == sender_id)).scalars().first()
    if identity is None:
        return
    open_flag = session.execute(select(Flag).where(
        Flag.newcomer_id == identity.newcomer_id, Flag.rule == UNDELIVERED_RULE, Flag.handled_at.is_(None),
    )).scalars().first()
    if open_flag is None:
        session.add(Flag(newcomer_id=identity.newcomer_id, rule=UNDELIVERED_RULE, created_at=now,
                         reason=("Een check-in of herinnering is niet aangekomen op WhatsApp "
                                 f"({reason or 'geen reden gegeven'}). Neem op een andere manier contact op.")))
