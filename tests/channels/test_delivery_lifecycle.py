"""What WhatsApp says became of a check-in: a passing error is sent again, a final one reaches the caseworker."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from wegwijz.channels import outbox
from wegwijz.channels.constants import DeliveryStatus, OutboxStatus
from wegwijz.channels.models import OutboxMessage, utcnow
from wegwijz.channels.replies import Outgoing
from wegwijz.db import Session
from wegwijz.journey.models import ChatIdentity, Flag, Newcomer

SENDER = "wa:31612345678"


def _sent_checkin(session: Session, provider_id: str, proactive: bool = True) -> OutboxMessage:
    row = outbox.enqueue(session, SENDER, [Outgoing(text="Hoe gaat het?")], "nl", proactive=proactive)[0]
    outbox.mark_sent(row, provider_id)
    session.commit()
    return row


def _newcomer(session: Session) -> Newcomer:
    person = Newcomer(name="Testpersoon", preferred_language="nl")
    session.add(person)
    session.flush()
    session.add(ChatIdentity(sender_id=SENDER, newcomer_id=person.id))
    session.commit()
    return person


def _open_flags(session: Session, person: Newcomer) -> list[Flag]:
    return list(session.execute(select(Flag).where(
        Flag.newcomer_id == person.id, Flag.rule == outbox.UNDELIVERED_RULE, Flag.handled_at.is_(None))).scalars())


def test_a_final_failure_of_a_checkin_raises_one_flag_with_the_reason(session: Session) -> None:
    person = _newcomer(session)
    now = utcnow()
    first = _sent_checkin(session, "wamid.A")
    outbox.record_status(session, "wamid.A", DeliveryStatus.FAILED,
                         {"code": 131026, "title": "Message undeliverable", "details": "not on WhatsApp"}, now)
    session.commit()
    assert first.status == OutboxStatus.FAILED and first.delivery_status == DeliveryStatus.FAILED
    flags = _open_flags(session, person)
    assert len(flags) == 1 and "131026" in flags[0].reason and "not on WhatsApp" in flags[0].reason
    _sent_checkin(session, "wamid.B")
    outbox.record_status(session, "wamid.B", DeliveryStatus.FAILED, {"code": 131026}, now + dt.timedelta(days=1))
    session.commit()
    assert len(_open_flags(session, person)) == 1, "one open flag, not one per failed message"


def test_a_passing_error_is_sent_again_later_without_a_flag(session: Session) -> None:
    person = _newcomer(session)
    now = utcnow()
    row = _sent_checkin(session, "wamid.C")
    outbox.record_status(session, "wamid.C", DeliveryStatus.FAILED, {"code": 131000, "title": "Something went wrong"},
                         now)
    session.commit()
    assert row.status == OutboxStatus.PENDING
    assert row.next_attempt_at is not None and row.next_attempt_at > now
    assert _open_flags(session, person) == []


def test_a_failed_answer_raises_no_flag_and_a_late_delivered_keeps_read(session: Session) -> None:
    person = _newcomer(session)
    now = utcnow()
    answer = _sent_checkin(session, "wamid.D", proactive=False)
    outbox.record_status(session, "wamid.D", DeliveryStatus.FAILED, {"code": 131026}, now)
    session.commit()
    assert answer.status == OutboxStatus.FAILED and _open_flags(session, person) == []
    read = _sent_checkin(session, "wamid.E")
    outbox.record_status(session, "wamid.E", DeliveryStatus.READ, None, now)
    outbox.record_status(session, "wamid.E", DeliveryStatus.DELIVERED, None, now + dt.timedelta(seconds=5))
    session.commit()
    assert read.delivery_status == DeliveryStatus.READ and read.read_at is not None
