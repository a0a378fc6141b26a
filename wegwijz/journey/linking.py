"""Linking a chat address to a newcomer, confirmed from that chat with a short one-time code.

A caseworker who types an address in the portal gets a code to hand to the newcomer
(in person or by phone); the address is linked only when that code is typed in the chat
at that very address. A typo in the address therefore hands nobody a profile: the
stranger there has no code, and a code allows `MAX_WRONG_TRIES` wrong tries before it
is gone. Codes expire after `VALID_FOR`; only their hash is kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from enum import Enum

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from wegwijz.contract import commands
from wegwijz.journey import audit
from wegwijz.journey import newcomers as journey_newcomers
from wegwijz.journey.constants import NEWCOMER_ACTOR
from wegwijz.journey.models import ChatLinkCode, Newcomer, utcnow

DIGITS = 6
"""Length of a code: short enough to read out over the phone."""
VALID_FOR = dt.timedelta(minutes=30)
"""A code not typed within this time is gone."""
MAX_WRONG_TRIES = 5
"""Wrong codes typed at the address before its open code is gone."""

LINK_COMMANDS = tuple("/" + word for word in commands.find("koppel").words)  # type: ignore[union-attr]
"""Commands a newcomer may type before the code (declared in `wegwijz.contract.commands`); the gateway
drops their "/" as it does for every command without an intent, so the words count with or without it."""
CODE_MESSAGE = re.compile(
    r"^\s*(?:/?(?:" + "|".join(re.escape(c.lstrip("/")) for c in LINK_COMMANDS) + r")\s*)?(\d{3})[\s-]?(\d{3})\s*$",
    re.IGNORECASE)
"""A message that is a link code: six digits, maybe split in two by a space or dash, maybe after a command."""


def typed_code(text: str | None) -> str | None:
    """The six digits when `text` is a link code (as the chat shows it), else None."""
    found = CODE_MESSAGE.match(text or "")
    return found.group(1) + found.group(2) if found else None


def shown(code: str) -> str:
    """A code as people read it: '482 913'."""
    return f"{code[:3]} {code[3:]}"


def _hash(sender_id: str, code: str) -> str:
    return hashlib.sha256(f"{sender_id}\n{code}".encode()).hexdigest()


@dataclass(frozen=True)
class Offer:
    """A code made for an address: shown once to the caseworker, never stored as such."""

    code: str
    expires_at: dt.datetime


def offer(session: Session, newcomer: Newcomer, sender_id: str, made_by: str,
          now: dt.datetime | None = None) -> Offer:
    """Make a new code for linking `sender_id` to `newcomer` (the caller commits).

    A code made earlier for the same address is replaced.
    """
    now = now or utcnow()
    code = "".join(secrets.choice("0123456789") for _ in range(DIGITS))
    session.execute(delete(ChatLinkCode).where(ChatLinkCode.sender_id == sender_id))
    session.add(ChatLinkCode(newcomer_id=newcomer.id, sender_id=sender_id, code_hash=_hash(sender_id, code),
                             made_by=made_by, created_at=now, expires_at=now + VALID_FOR, wrong_tries=0))
    session.flush()
    return Offer(code=code, expires_at=now + VALID_FOR)


def waiting(session: Session, newcomer: Newcomer, now: dt.datetime | None = None) -> list[ChatLinkCode]:
    """The addresses waiting for their code for this newcomer, not yet expired."""
    now = now or utcnow()
    return list(session.execute(select(ChatLinkCode).where(
        ChatLinkCode.newcomer_id == newcomer.id, ChatLinkCode.expires_at > now
    ).order_by(ChatLinkCode.created_at)).scalars())


class Confirmation(str, Enum):
    """What a code typed in the chat did."""

    LINKED = "linked"
    """Right code in time: the address now belongs to the newcomer."""
    WRONG = "wrong"
    """Not the code of this address; tries remain."""
    GONE = "gone"
    """No open code for this address (never made, expired, or too many wrong tries)."""


def confirm(session: Session, sender_id: str, code: str, now: dt.datetime | None = None) -> Confirmation:
    """Check a code typed at `sender_id` and link the address when it is right (the caller commits)."""
    now = now or utcnow()
    row = session.execute(select(ChatLinkCode).where(ChatLinkCode.sender_id == sender_id)).scalar_one_or_none()
    if row is None:
        return Confirmation.GONE
    if row.expires_at <= now:
        session.delete(row)
        return Confirmation.GONE
    if not hmac.compare_digest(row.code_hash, _hash(sender_id, code)):
        row.wrong_tries = (row.wrong_tries or 0) + 1
        if row.wrong_tries >= MAX_WRONG_TRIES:
            session.delete(row)
            return Confirmation.GONE
        return Confirmation.WRONG
    newcomer = session.get(Newcomer, row.newcomer_id)
    session.delete(row)
    if newcomer is None:
        return Confirmation.GONE
    journey_newcomers.link_identity(session, newcomer, sender_id, now=now)
    audit.record(session, NEWCOMER_ACTOR, "linked chat address", newcomer.id,
                 f"bevestigd met code van {row.made_by}", now=now)
    return Confirmation.LINKED
