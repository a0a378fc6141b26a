"""Giving, withdrawing and reading a newcomer's consents per partner organisation.

Every change is written to the audit trail (`who` is `newcomer`; `detail` names the organisation by
id, never a person). A consent counts only while the newcomer's consent for the profile itself holds:
without a profile there is nothing to share (`profile_consent_holds`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from wegwijz.journey import audit
from wegwijz.journey.constants import NEWCOMER_ACTOR, ConsentKind
from wegwijz.journey.models import ConsentRecord
from wegwijz.partners.fields import valid
from wegwijz.partners.models import Organisation, PartnerConsent

GIVEN = "chat: delen met partner toegestaan"
"""The audit entry for a yes to one organisation."""
WITHDRAWN = "chat: delen met partner ingetrokken"
"""The audit entry for a withdrawal."""


def detail(organisation_id: int) -> str:
    """The audit detail naming an organisation (an id, no personal data)."""
    return f"organisatie #{organisation_id}"


def profile_consent_holds(newcomer_id: int):  # type: ignore[no-untyped-def]
    """A SQL condition: the newcomer's consent for the profile is given and not withdrawn."""
    return exists().where(ConsentRecord.newcomer_id == newcomer_id, ConsentRecord.kind == ConsentKind.PROFILE,
                          ConsentRecord.withdrawn_at.is_(None))


def has_profile_consent(session: Session, newcomer_id: int) -> bool:
    """Whether the newcomer's consent for the profile holds."""
    return bool(session.execute(select(profile_consent_holds(newcomer_id))).scalar())


def organisations(session: Session) -> list[Organisation]:
    """The active organisations, in the order they were added (the chat asks in this order)."""
    return list(session.execute(select(Organisation).where(Organisation.active.is_(True))
                                .order_by(Organisation.id)).scalars())


def active(session: Session, newcomer_id: int) -> dict[int, PartnerConsent]:
    """The newcomer's consents that hold now, by organisation id."""
    rows = session.execute(select(PartnerConsent).where(PartnerConsent.newcomer_id == newcomer_id,
                                                        PartnerConsent.withdrawn_at.is_(None))
                           .order_by(PartnerConsent.id)).scalars()
    return {int(row.organisation_id): row for row in rows}


def history(session: Session, newcomer_id: int) -> list[tuple[PartnerConsent, Organisation]]:
    """Every consent the newcomer gave, with its organisation, oldest first (withdrawn ones included)."""
    rows = session.execute(select(PartnerConsent, Organisation).join(
        Organisation, Organisation.id == PartnerConsent.organisation_id)
        .where(PartnerConsent.newcomer_id == newcomer_id).order_by(PartnerConsent.given_at, PartnerConsent.id))
    return [(consent, organisation) for consent, organisation in rows]


def needs_answer(organisation: Organisation, consent: PartnerConsent | None) -> bool:
    """Whether to ask about this organisation: no yes yet, or it now asks for more than the yes covered."""
    return consent is None or not set(valid(organisation.fields)) <= set(consent.fields)


@dataclass(frozen=True)
class Change:
    """What a yes or a withdrawal did."""

    organisation: Organisation
    consent: PartnerConsent | None
    changed: bool
    """False when nothing changed (the same yes twice, or withdrawing what was not given)."""


def give(session: Session, newcomer_id: int, organisation: Organisation, lang: str, now: dt.datetime) -> Change:
    """The newcomer says yes to `organisation` seeing its fields (the caller commits).

    A yes that covers what is asked already changes nothing; a yes to a wider set closes the
    earlier consent and opens a new one, so the history shows both.
    """
    current = active(session, newcomer_id).get(int(organisation.id))
    if current is not None and not needs_answer(organisation, current):
        return Change(organisation, current, False)
    if current is not None:
        current.withdrawn_at = now
    consent = PartnerConsent(newcomer_id=newcomer_id, organisation_id=organisation.id,
                             fields=valid(organisation.fields), lang=lang, given_at=now)
    session.add(consent)
    session.flush()
    audit.record(session, NEWCOMER_ACTOR, GIVEN, newcomer_id, detail(int(organisation.id)), now)
    return Change(organisation, consent, True)


def withdraw(session: Session, newcomer_id: int, organisation: Organisation, now: dt.datetime) -> Change:
    """The newcomer withdraws their consent for `organisation` (the caller commits)."""
    current = active(session, newcomer_id).get(int(organisation.id))
    if current is None:
        return Change(organisation, None, False)
    current.withdrawn_at = now
    audit.record(session, NEWCOMER_ACTOR, WITHDRAWN, newcomer_id, detail(int(organisation.id)), now)
    return Change(organisation, current, True)
