"""Fictional newcomers, organisations and partner accounts for the partner tests (names are made up)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from tests.portal.conftest import add_user
from wegwijz.journey.constants import ConsentKind
from wegwijz.journey.models import ChatIdentity, ConsentRecord, IntakeAnswer, Newcomer
from wegwijz.partners import organisations
from wegwijz.partners.models import Organisation, OrganisationKind, PartnerAccount
from wegwijz.portal.roles import Role

MONDAY = dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.timezone.utc)
HEALTH = "Ik heb veel pijn in mijn rug en slaap slecht"
"""A care worry: never shown to any partner."""
STORY = "Gevlucht uit Aleppo met mijn broer"
"""The background story: never shown to any partner."""
LANGUAGES = "Arabisch, Engels, een beetje Nederlands"
WORK = "Tien jaar timmerman in Aleppo"
INTERESTS = "voetbal en koken"
PARTNERS = {"vrijwilligers": "partner.vera", "rsd": "partner.rob"}
"""A partner account per organisation (the second is "a partner of another organisation")."""


def newcomer(session: Session, sender_id: str, lang: str = "nl", caseworker: str | None = "klantmanager.anna",
             name: str = "Samira Testpersoon") -> Newcomer:
    """A newcomer who did the intake with consent for the profile and for care questions (committed)."""
    person = Newcomer(name=name, preferred_language=lang, caseworker=caseworker, intake_date=MONDAY.date())
    person.identities.append(ChatIdentity(sender_id=sender_id, created_at=MONDAY))
    person.consents.append(ConsentRecord(kind=ConsentKind.PROFILE, given_at=MONDAY))
    person.consents.append(ConsentRecord(kind=ConsentKind.CARE, given_at=MONDAY))
    for question, value in (("intake_consent", "yes"), ("intake_background", STORY), ("intake_languages", LANGUAGES),
                            ("intake_education", "vocational"), ("intake_work", WORK), ("intake_ambition", "work"),
                            ("intake_interests", INTERESTS), ("intake_contacts", "2"),
                            ("intake_care_consent", "yes"), ("intake_care_worries", HEALTH)):
        person.intake_answers.append(IntakeAnswer(question=question, value=value, lang=lang, answered_at=MONDAY))
    session.add(person)
    session.commit()
    return person


@dataclass(frozen=True)
class Partners:
    """Ids of the seeded organisations."""

    volunteers: int
    """Asks for languages, work experience and interests."""
    rsd: int
    """Asks for education, work experience and ambition."""


def organisations_with_partners(session: Session, accounts: bool = True) -> Partners:
    """Two organisations, each with one partner account (committed)."""
    volunteers = organisations.create(session, "Vrijwilligers Zeist Test", OrganisationKind.VOLUNTEERS,
                                      ["intake_languages", "intake_work", "intake_interests"], "beheerder.chris",
                                      MONDAY)
    rsd = organisations.create(session, "RSD Kromme Rijn Heuvelrug Test", OrganisationKind.RSD,
                               ["intake_education", "intake_work", "intake_ambition"], "beheerder.chris", MONDAY)
    if accounts:
        for organisation, username in ((volunteers, PARTNERS["vrijwilligers"]), (rsd, PARTNERS["rsd"])):
            user = add_user(session, username, Role.PARTNER)
            session.flush()
            session.add(PartnerAccount(user_id=user.id, organisation_id=organisation.id))
    session.commit()
    return Partners(int(volunteers.id), int(rsd.id))


def organisation(session: Session, organisation_id: int) -> Organisation:
    """The organisation with this id."""
    found = session.get(Organisation, organisation_id)
    assert found is not None
    return found
