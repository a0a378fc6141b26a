"""The admin's part: partner organisations, the fields each asks for, and partner accounts.

A partner account is a portal account with the partner role, tied to one organisation; it is made
here, never on the general accounts page, so a partner account without an organisation cannot exist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wegwijz.partners.fields import valid
from wegwijz.partners.models import Organisation, OrganisationKind, PartnerAccount, PartnerConsent
from wegwijz.portal import accounts
from wegwijz.portal.models import PortalUser
from wegwijz.portal.roles import Role

NAME_LENGTH = 120
"""Longest organisation name."""


class OrganisationError(ValueError):
    """A request about an organisation that cannot be done; the message (Dutch) says why."""


def _name(raw: str) -> str:
    name = " ".join(raw.split())
    if not 2 <= len(name) <= NAME_LENGTH:
        raise OrganisationError(f"Naam van de organisatie: 2 tot {NAME_LENGTH} tekens.")
    return name


def _fields(chosen: Iterable[str]) -> list[str]:
    fields = valid(chosen)
    if not fields:
        raise OrganisationError("Kies minstens één onderdeel van het profiel dat de organisatie mag vragen.")
    return fields


def create(session: Session, name: str, kind: str, fields: Iterable[str], by: str, now: dt.datetime) -> Organisation:
    """Add an organisation (the caller commits).

    Raises:
        OrganisationError: for a bad or taken name, an unknown kind or no fields.
    """
    name = _name(name)
    if kind not in OrganisationKind.ALL:
        raise OrganisationError("Kies het soort organisatie.")
    taken = session.execute(select(Organisation).where(func.lower(Organisation.name) == name.lower())).first()
    if taken is not None:
        raise OrganisationError(f"De organisatie '{name}' bestaat al.")
    organisation = Organisation(name=name, kind=kind, fields=_fields(fields), active=True, created_by=by,
                                created_at=now)
    session.add(organisation)
    session.flush()
    return organisation


def set_fields(organisation: Organisation, fields: Iterable[str]) -> None:
    """Change what the organisation asks for; fewer fields take effect at once, more need a new yes."""
    organisation.fields = _fields(fields)


def add_partner(session: Session, organisation: Organisation, username: str, password: str) -> PortalUser:
    """Make a partner account for `organisation` with a temporary password (the caller commits).

    Raises:
        accounts.AccountError: for a bad or taken username.
    """
    user = accounts.create_user(session, username, password, Role.PARTNER, must_change_password=True)
    session.add(PartnerAccount(user_id=user.id, organisation_id=organisation.id))
    session.flush()
    return user


@dataclass(frozen=True)
class OrganisationRow:
    """One organisation on the admin's page."""

    organisation: Organisation
    partners: list[PortalUser]
    sharing: int
    """Newcomers whose consent for this organisation holds now."""


def overview(session: Session) -> list[OrganisationRow]:
    """Every organisation with its partner accounts and how many newcomers share with it now."""
    rows = []
    for organisation in session.execute(select(Organisation).order_by(Organisation.name)).scalars():
        partners = list(session.execute(select(PortalUser).join(PartnerAccount, PartnerAccount.user_id == PortalUser.id)
                                        .where(PartnerAccount.organisation_id == organisation.id)
                                        .order_by(PortalUser.username)).scalars())
        sharing = int(session.execute(select(func.count(func.distinct(PartnerConsent.newcomer_id))).where(
            PartnerConsent.organisation_id == organisation.id, PartnerConsent.withdrawn_at.is_(None))).scalar_one())
        rows.append(OrganisationRow(organisation, partners, sharing))
    return rows


def organisation_names(session: Session) -> dict[int, str]:
    """The organisation of every partner account, by user id (for the accounts page)."""
    rows = session.execute(select(PartnerAccount.user_id, Organisation.name)
                           .join(Organisation, Organisation.id == PartnerAccount.organisation_id))
    return {int(user_id): str(name) for user_id, name in rows}
