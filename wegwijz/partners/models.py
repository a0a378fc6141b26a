"""The tables of sharing with partners.

`partner_organisations` and `partner_accounts` are staff data (an organisation, and which portal
account belongs to it). `partner_consents` is the newcomer's personal data: one row per yes to one
organisation for one set of fields; a withdrawal fills `withdrawn_at` and a new yes makes a new row,
so the history of yes and no stays. It hangs off `newcomers` (ON DELETE CASCADE) and is registered in
`wegwijz.contract.personal_data` for export, erasure and /mijngegevens.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Index, Integer, String

from wegwijz.db import Base
from wegwijz.db.moments import UtcDateTime, utcnow


class OrganisationKind:
    """What kind of partner an organisation is (the plan names these four)."""

    VOLUNTEERS = "volunteers"
    """A volunteer organisation or project (buddies, language buddies, a volunteer team)."""
    VOLUNTEER_CENTRE = "volunteer_centre"
    """The volunteer centre (vrijwilligerscentrale), which finds volunteer work."""
    RSD = "rsd"
    """The Regionale Sociale Dienst: benefits and the way to work."""
    EMPLOYER = "employer"
    """An employer looking for staff."""

    ALL = (VOLUNTEERS, VOLUNTEER_CENTRE, RSD, EMPLOYER)
    LABELS = {VOLUNTEERS: "Vrijwilligersorganisatie", VOLUNTEER_CENTRE: "Vrijwilligerscentrale",
              RSD: "RSD (Regionale Sociale Dienst)", EMPLOYER: "Werkgever"}
    """Dutch names for the portal."""


class Organisation(Base):
    """A partner organisation that may ask newcomers to see part of their profile.

    `fields` are the profile fields (intake question ids) it asks for, chosen by an admin from
    `wegwijz.partners.fields.SHAREABLE`. An inactive organisation is no longer offered in the chat
    and its partners see nothing.
    """

    __tablename__ = "partner_organisations"

    id = Column(Integer, primary_key=True)
    name = Column(String(120), nullable=False, unique=True)
    kind = Column(String(20), nullable=False)
    fields = Column(JSON, nullable=False)
    active = Column(Boolean, nullable=False, default=True)
    created_by = Column(String(64), nullable=False)
    created_at = Column(UtcDateTime, nullable=False, default=utcnow)


class PartnerAccount(Base):
    """A portal account with the partner role, tied to exactly one organisation."""

    __tablename__ = "partner_accounts"

    user_id = Column(Integer, ForeignKey("portal_users.id", ondelete="CASCADE"), primary_key=True)
    organisation_id = Column(Integer, ForeignKey("partner_organisations.id"), nullable=False, index=True)


class PartnerConsent(Base):
    """A newcomer's yes to one organisation seeing one set of profile fields.

    Active while `withdrawn_at` is empty. `fields` is the set the newcomer agreed to, as it was
    offered then; a partner sees only the fields in both this set and the organisation's current one.
    """

    __tablename__ = "partner_consents"
    __table_args__ = (Index("ix_partner_consents_newcomer_organisation", "newcomer_id", "organisation_id"),)

    id = Column(Integer, primary_key=True)
    newcomer_id = Column(Integer, ForeignKey("newcomers.id", ondelete="CASCADE"), nullable=False, index=True)
    organisation_id = Column(Integer, ForeignKey("partner_organisations.id"), nullable=False, index=True)
    fields = Column(JSON, nullable=False)
    lang = Column(String(8), nullable=False)
    given_at = Column(UtcDateTime, nullable=False, default=utcnow)
    withdrawn_at = Column(UtcDateTime, nullable=True)

    @property
    def active(self) -> bool:
        """Whether the consent holds now."""
        return self.withdrawn_at is None
