"""What a partner reads in the portal: only the fields a newcomer agreed to share with their organisation.

The checks are in the queries, not in a template: a profile is found only through an active consent for
the partner's own (active) organisation while the newcomer's consent for the profile holds, and only
the answers to the visible fields (`wegwijz.partners.fields.visible`) are read from the database. A
partner never gets a name, a chat address or any other answer. Every read is in the audit trail.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from wegwijz.journey.constants import ConsentKind
from wegwijz.journey.models import AuditLog, ConsentRecord, IntakeAnswer
from wegwijz.journey.questions import question
from wegwijz.partners.consents import detail
from wegwijz.partners.fields import PORTAL_LABELS, visible
from wegwijz.partners.models import Organisation, PartnerAccount, PartnerConsent
from wegwijz.portal.models import PortalUser

VIEWED_LIST = "partner: gedeelde profielen bekeken"
"""The audit entry for a partner's list of profiles shared with their organisation (ids only)."""
VIEWED_PROFILE = "partner: profiel bekeken"
"""The audit entry for a partner reading one profile (the newcomer's id; the organisation in the detail)."""

_ORGANISATION = re.compile(r"^organisatie #(\d+)$")


def organisation_of(session: Session, user: PortalUser) -> Organisation | None:
    """The active organisation a partner account belongs to; None for any other account."""
    found = select(Organisation).join(PartnerAccount, PartnerAccount.organisation_id == Organisation.id)
    return session.execute(found.where(PartnerAccount.user_id == user.id,
                                       Organisation.active.is_(True))).scalar_one_or_none()


def _shared_with(organisation: Organisation):  # type: ignore[no-untyped-def]
    """The consents that let `organisation` see a profile now."""
    profile_holds = exists().where(ConsentRecord.newcomer_id == PartnerConsent.newcomer_id,
                                   ConsentRecord.kind == ConsentKind.PROFILE, ConsentRecord.withdrawn_at.is_(None))
    still_active = exists().where(Organisation.id == PartnerConsent.organisation_id, Organisation.active.is_(True))
    return select(PartnerConsent).where(PartnerConsent.organisation_id == organisation.id,
                                        PartnerConsent.withdrawn_at.is_(None), profile_holds, still_active)


@dataclass(frozen=True)
class SharedProfile:
    """One profile in a partner's list: a number, since when, and which fields."""

    newcomer_id: int
    since: dt.datetime
    fields: list[str]
    """Dutch labels of the visible fields."""


@dataclass(frozen=True)
class ProfileField:
    """One visible field with the newcomer's answer as a partner reads it."""

    label: str
    value: str
    skipped: bool
    lang: str


@dataclass(frozen=True)
class PartnerProfile:
    """What a partner may see of one newcomer."""

    newcomer_id: int
    since: dt.datetime
    fields: list[ProfileField]
    """In the fixed order of the shareable fields; a field without an answer is left out."""


def shared_profiles(session: Session, organisation: Organisation) -> list[SharedProfile]:
    """The profiles shared with `organisation` now, newest consent first."""
    rows = session.execute(_shared_with(organisation).order_by(PartnerConsent.given_at.desc())).scalars()
    found = []
    for consent in rows:
        shown = visible(consent.fields, organisation.fields)
        if shown:
            found.append(SharedProfile(int(consent.newcomer_id), consent.given_at, [PORTAL_LABELS[f] for f in shown]))
    return found


def profile(session: Session, organisation: Organisation, newcomer_id: int) -> PartnerProfile | None:
    """The fields of one newcomer that `organisation` may see; None when it may see nothing."""
    consent = session.execute(_shared_with(organisation).where(PartnerConsent.newcomer_id == newcomer_id)
                              .order_by(PartnerConsent.id.desc())).scalars().first()
    if consent is None:
        return None
    shown = visible(consent.fields, organisation.fields)
    if not shown:
        return None
    answers = {row.question: row for row in session.execute(
        select(IntakeAnswer.question, IntakeAnswer.value, IntakeAnswer.skipped, IntakeAnswer.lang)
        .where(IntakeAnswer.newcomer_id == newcomer_id, IntakeAnswer.question.in_(shown)))}
    fields = []
    for field in shown:
        answer = answers.get(field)
        if answer is None:
            continue
        value = "" if answer.skipped else question(field).show(answer.value, "nl")
        fields.append(ProfileField(PORTAL_LABELS[field], value, bool(answer.skipped), str(answer.lang)))
    return PartnerProfile(newcomer_id, consent.given_at, fields)


@dataclass(frozen=True)
class PartnerLook:
    """A partner's view of a newcomer's profile, from the audit trail."""

    at: dt.datetime
    who: str
    organisation: str


def looks(session: Session, newcomer_id: int, limit: int = 200) -> list[PartnerLook]:
    """Who of which organisation looked at the newcomer's profile, newest first."""
    entries = list(session.execute(select(AuditLog).where(AuditLog.newcomer_id == newcomer_id,
                                                          AuditLog.what == VIEWED_PROFILE)
                                   .order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(limit)).scalars())
    ids = {int(m.group(1)) for e in entries if (m := _ORGANISATION.match(e.detail or ""))}
    names = {int(o.id): str(o.name) for o in session.execute(
        select(Organisation).where(Organisation.id.in_(ids))).scalars()} if ids else {}
    result = []
    for entry in entries:
        found = _ORGANISATION.match(entry.detail or "")
        name = names.get(int(found.group(1)), "?") if found else "?"
        result.append(PartnerLook(entry.at, str(entry.who), name))
    return result


def audit_detail(organisation: Organisation) -> str:
    """The audit detail of a partner's view."""
    return detail(int(organisation.id))
