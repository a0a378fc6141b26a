"""Finding a newcomer by their chat address, and their consents.

A newcomer is created only when they give consent in the chat (or when a
caseworker adds them); before that nothing about a sender is stored.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from wegwijz import LANGUAGES
from wegwijz.journey import audit
from wegwijz.journey.constants import NEWCOMER_ACTOR, CheckInState, ConsentKind
from wegwijz.journey.models import ChatIdentity, CheckIn, ConsentRecord, Newcomer, utcnow


def find_by_sender(session: Session, sender_id: str) -> Newcomer | None:
    """The newcomer this chat address belongs to, if any."""
    identity = session.execute(
        select(ChatIdentity).where(ChatIdentity.sender_id == sender_id)
    ).scalar_one_or_none()
    return identity.newcomer if identity else None


def find_or_create(session: Session, sender_id: str, lang: str, now: dt.datetime | None = None) -> Newcomer:
    """The newcomer behind `sender_id`, created (with this chat address linked) when new.

    Only call this once the person has consented: creating them stores a chat address.
    """
    newcomer = find_by_sender(session, sender_id)
    if newcomer is not None:
        return newcomer
    now = now or utcnow()
    newcomer = Newcomer(preferred_language=lang if lang in LANGUAGES else "nl", created_at=now)
    newcomer.identities.append(ChatIdentity(sender_id=sender_id, created_at=now, last_seen_at=now))
    session.add(newcomer)
    session.flush()
    return newcomer


def link_identity(session: Session, newcomer: Newcomer, sender_id: str, now: dt.datetime | None = None) -> ChatIdentity:
    """Link a chat address to a newcomer (a caseworker's action: the same person on another channel).

    An address already linked to someone else moves to this newcomer.
    """
    identity = session.execute(
        select(ChatIdentity).where(ChatIdentity.sender_id == sender_id)
    ).scalar_one_or_none()
    if identity is None:
        identity = ChatIdentity(sender_id=sender_id, created_at=now or utcnow())
    identity.newcomer = newcomer
    session.add(identity)
    session.flush()
    return identity


def touch(session: Session, sender_id: str, now: dt.datetime | None = None) -> None:
    """Remember that this address was used just now (check-ins go to the address used last)."""
    identity = session.execute(
        select(ChatIdentity).where(ChatIdentity.sender_id == sender_id)
    ).scalar_one_or_none()
    if identity is not None:
        identity.last_seen_at = now or utcnow()


def reachable_at(newcomer: Newcomer) -> str | None:
    """The chat address to start a conversation on: the one used last."""
    if not newcomer.identities:
        return None
    epoch = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
    return max(newcomer.identities, key=lambda i: (i.last_seen_at or i.created_at or epoch, i.id)).sender_id


def active_consent(newcomer: Newcomer | None, kind: str) -> ConsentRecord | None:
    """The consent of this kind that holds now, if any."""
    if newcomer is None:
        return None
    return next((c for c in reversed(newcomer.consents) if c.kind == kind and c.withdrawn_at is None), None)


def has_consent(newcomer: Newcomer | None, kind: str) -> bool:
    """Whether the newcomer's consent of this kind holds now."""
    return active_consent(newcomer, kind) is not None


def give_consent(session: Session, newcomer: Newcomer, kind: str, now: dt.datetime | None = None,
                 who: str = NEWCOMER_ACTOR) -> ConsentRecord:
    """Record a consent (nothing new when it already holds).

    Raises:
        ValueError: for an unknown consent kind.
    """
    if kind not in ConsentKind.ALL:
        raise ValueError(f"unknown consent kind {kind!r}")
    existing = active_consent(newcomer, kind)
    if existing is not None:
        return existing
    now = now or utcnow()
    record = ConsentRecord(kind=kind, given_at=now)
    newcomer.consents.append(record)
    audit.record(session, who, "consent given", newcomer.id, kind, now)
    session.flush()
    return record


def withdraw_consent(session: Session, newcomer: Newcomer, kinds: tuple[str, ...] = ConsentKind.ALL,
                     now: dt.datetime | None = None, who: str = NEWCOMER_ACTOR) -> list[str]:
    """Withdraw consents; withdrawing the profile consent also stops every check-in not yet answered.

    Care questions hang on the profile consent, so withdrawing that withdraws both.

    Returns:
        The kinds that were active and are now withdrawn.
    """
    now = now or utcnow()
    if ConsentKind.PROFILE in kinds:
        kinds = tuple(ConsentKind.ALL)
    withdrawn = []
    for record in newcomer.consents:
        if record.kind in kinds and record.withdrawn_at is None:
            record.withdrawn_at = now
            withdrawn.append(record.kind)
    if ConsentKind.PROFILE in withdrawn:
        cancel_checkins(newcomer, now)
    for kind in sorted(set(withdrawn)):
        audit.record(session, who, "consent withdrawn", newcomer.id, kind, now)
    session.flush()
    return sorted(set(withdrawn))


def cancel_checkins(newcomer: Newcomer, now: dt.datetime) -> list[CheckIn]:
    """Cancel the check-ins that are planned or waiting for answers (answers given so far stay)."""
    cancelled = []
    for checkin in newcomer.checkins:
        if checkin.state in (CheckInState.SCHEDULED, *CheckInState.OPEN):
            checkin.state = CheckInState.CANCELLED
            checkin.cancelled_at = now
            cancelled.append(checkin)
    return cancelled
