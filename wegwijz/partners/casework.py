"""What the caseworker sees on a newcomer's page: every choice per organisation, and who looked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from wegwijz.partners import consents
from wegwijz.partners.fields import PORTAL_LABELS, valid
from wegwijz.partners.partner_view import PartnerLook, looks


@dataclass(frozen=True)
class ShownConsent:
    """One yes to one organisation, as the caseworker reads it (Dutch labels)."""

    organisation: str
    fields: list[str]
    given_at: dt.datetime
    withdrawn_at: dt.datetime | None


@dataclass(frozen=True)
class Sharing:
    """The newcomer's sharing with partners, for their page."""

    consents: list[ShownConsent]
    """Oldest first, withdrawn ones included (the history)."""
    looks: list[PartnerLook]
    profile_consent: bool


def for_caseworker(session: Session, newcomer_id: int) -> Sharing:
    """The newcomer's consents per organisation with their history, and the partners' views."""
    shown = [ShownConsent(organisation.name, [PORTAL_LABELS[f] for f in valid(consent.fields)], consent.given_at,
                          consent.withdrawn_at) for consent, organisation in consents.history(session, newcomer_id)]
    return Sharing(shown, looks(session, newcomer_id), consents.has_profile_consent(session, newcomer_id))
