"""Sharing with partners in the registry of personal data: export, erasure and /mijngegevens.

The consents belong to the newcomer (`newcomer_id`, ON DELETE CASCADE), so erasing the newcomer erases
them; the hooks here find the newcomer through the person's chat addresses. Partners' views are in the
audit trail (without personal data); /mijngegevens lists them with the organisation's name.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from wegwijz.contract.personal_data import Feature, Senders
from wegwijz.journey.models import ChatIdentity
from wegwijz.partners import consents
from wegwijz.partners.fields import listed
from wegwijz.partners.models import Organisation, PartnerConsent
from wegwijz.partners.partner_view import looks
from wegwijz.partners.sharing import day
from wegwijz.texts import say

TABLE = PartnerConsent.__table__


def _newcomers(session: Session, senders: Senders) -> list[int]:
    return [int(i) for i in session.execute(select(ChatIdentity.newcomer_id)
                                            .where(ChatIdentity.sender_id.in_(senders)).distinct()).scalars()]


def erase(session: Session, senders: Senders) -> dict[str, int]:
    """Delete the consents of the newcomer behind these addresses (the caller commits)."""
    ids = _newcomers(session, senders)
    if not ids:
        return {}  # the newcomer is gone already: the database's cascade took the consents with it
    result = session.execute(delete(PartnerConsent).where(PartnerConsent.newcomer_id.in_(ids)))
    return {TABLE.name: int(result.rowcount)} if result.rowcount else {}


def export(session: Session, senders: Senders) -> dict[str, list[dict[str, Any]]]:
    """The newcomer's consents, column by column, with the organisation's name."""
    rows = []
    for newcomer_id in _newcomers(session, senders):
        for consent, organisation in consents.history(session, newcomer_id):
            rows.append({"organisation": organisation.name, "fields": list(consent.fields), "lang": consent.lang,
                         "given_at": consent.given_at, "withdrawn_at": consent.withdrawn_at})
    return {TABLE.name: rows} if rows else {}


def describe(session: Session, senders: Senders, lang: str) -> list[str]:
    """Who may see what, what was stopped, and who looked, in the person's language."""
    lines: list[str] = []
    for newcomer_id in _newcomers(session, senders):
        given = consents.history(session, newcomer_id)
        seen = looks(session, newcomer_id)
        if not given and not seen:
            continue
        lines.append(say("partners_mydata_header", lang))
        for consent, organisation in given:
            values = {"organisation": organisation.name, "fields": listed(consent.fields, lang),
                      "since": day(consent.given_at), "withdrawn": day(consent.withdrawn_at)}
            key = "partners_mydata_may_see" if consent.active and organisation.active else "partners_mydata_stopped"
            if not organisation.active and consent.active:
                values["withdrawn"] = "-"
            lines.append(say(key, lang, **values))
        if any(c.active for c, _ in given) and not consents.has_profile_consent(session, newcomer_id):
            lines.append(say("partners_mydata_paused", lang))
        lines.extend(say("partners_mydata_looked", lang, organisation=look.organisation, at=day(look.at))
                     for look in seen)
        if not seen:
            lines.append(say("partners_mydata_nobody_looked", lang))
    return lines


FEATURE = Feature("partners", (TABLE,), erase, export, describe)
"""Consents to share with partners, kept per newcomer and found through their chat addresses."""

__all__ = ["FEATURE", "Organisation"]
