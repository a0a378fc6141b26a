"""Sharing in the chat and what a partner may read, on SQLite and PostgreSQL, through the real code."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.partners.known import (
    HEALTH,
    INTERESTS,
    LANGUAGES,
    MONDAY,
    STORY,
    WORK,
    newcomer,
    organisation,
    organisations_with_partners,
)
from wegwijz.contract import personal_data
from wegwijz.journey import rights
from wegwijz.journey.models import AuditLog
from wegwijz.journey.newcomers import withdraw_consent
from wegwijz.partners import consents, numbers, partner_view, sharing, words
from wegwijz.partners.fields import SHAREABLE, listed
from wegwijz.partners.models import PartnerConsent
from wegwijz.partners.words import Step
from wegwijz.texts import say

LATER = MONDAY + dt.timedelta(days=2)


def payloads(replies) -> list[str]:  # type: ignore[no-untyped-def]
    return [b.payload for r in replies for b in r.buttons]


def talk(session: Session, sender: str, text: str, lang: str = "nl", now: dt.datetime = LATER):  # type: ignore[no-untyped-def]
    replies = sharing.respond(session, sender, text, lang, now)
    session.commit()
    assert replies is not None, text
    return replies


@pytest.mark.parametrize("text, expected", [
    ("/delen", words.Asked(Step.START)), ("delen", words.Asked(Step.START)), ("/share", words.Asked(Step.START)),
    ("/مشاركة", words.Asked(Step.START)), ("ምክፋል", words.Asked(Step.START)),
    ("/delen@WegwijzBot", words.Asked(Step.START)),
    ("/delen_ja 3", words.Asked(Step.YES, 3)), ("/delen_nee 12", words.Asked(Step.NO, 12)),
    ("/delen_stop 4", words.Asked(Step.STOP, 4)), ("/delen_klaar", words.Asked(Step.DONE)),
    ("ja", None), ("ik wil mijn fiets delen met mijn buurman", None), ("/delen_ja", None), ("/delen_ja drie", None),
    ("/mens", None), ("", None),
])
def test_the_command_and_its_payloads(text: str, expected: words.Asked | None) -> None:
    assert words.asked(text) == expected


@pytest.mark.parametrize("lang", ["nl", "ar", "ti", "en"])
def test_one_organisation_at_a_time_in_four_languages(session: Session, lang: str) -> None:
    person = newcomer(session, "tg:501", lang)
    known = organisations_with_partners(session, accounts=False)
    volunteers, rsd = organisation(session, known.volunteers), organisation(session, known.rsd)

    start = talk(session, "tg:501", "/delen", lang)
    assert start[0].text == say("partners_intro", lang)
    assert volunteers.name in start[1].text and say("journey_label_intake_languages", lang) in start[1].text
    assert say("partners_kind_volunteers", lang) in start[1].text
    assert say("journey_label_intake_care_worries", lang) not in start[1].text
    assert payloads(start) == [f"/delen_ja {volunteers.id}", f"/delen_nee {volunteers.id}", "/delen_klaar"]
    assert session.execute(select(PartnerConsent)).first() is None, "nothing is stored before a yes"

    yes = talk(session, "tg:501", f"/delen_ja {volunteers.id}", lang)
    assert yes[0].text == say("partners_given", lang, organisation=volunteers.name,
                              fields=listed(volunteers.fields, lang))
    assert rsd.name in yes[1].text and payloads(yes)[:2] == [f"/delen_ja {rsd.id}", f"/delen_nee {rsd.id}"]
    no = talk(session, "tg:501", f"/delen_nee {rsd.id}", lang)
    assert no[0].text == say("partners_not_given", lang, organisation=rsd.name)
    overview = no[1]
    assert say("partners_overview_header", lang) in overview.text and volunteers.name in overview.text
    assert rsd.name not in overview.text
    assert [b.payload for b in overview.buttons] == [f"/delen_stop {volunteers.id}", "/delen"]

    [given] = consents.active(session, person.id).values()
    assert (given.organisation_id, given.fields, given.lang) == (volunteers.id, volunteers.fields, lang)
    stop = talk(session, "tg:501", f"/delen_stop {volunteers.id}", lang, LATER + dt.timedelta(hours=1))
    assert stop[0].text == say("partners_withdrawn", lang, organisation=volunteers.name)
    assert say("partners_overview_nobody", lang) in stop[1].text
    assert consents.active(session, person.id) == {}
    [history] = session.execute(select(PartnerConsent)).scalars()
    assert history.withdrawn_at == LATER + dt.timedelta(hours=1), "the history is kept"
    audit = [e.what for e in session.execute(select(AuditLog).where(AuditLog.newcomer_id == person.id)).scalars()]
    assert audit == [consents.GIVEN, consents.WITHDRAWN]


def test_without_profile_or_organisations_nothing_is_offered(session: Session) -> None:
    assert talk(session, "tg:502", "/delen")[0].text == say("partners_not_linked", "nl")
    person = newcomer(session, "tg:502")
    assert talk(session, "tg:502", "/delen")[0].text == say("partners_none", "nl")
    organisations_with_partners(session, accounts=False)
    withdraw_consent(session, person, now=LATER)
    session.commit()
    assert talk(session, "tg:502", "/delen")[0].text == say("partners_no_profile_consent", "nl")
    assert talk(session, "tg:502", "/delen_ja 1")[0].text == say("partners_no_profile_consent", "nl")
    assert session.execute(select(PartnerConsent)).first() is None


def test_a_partner_reads_only_the_consented_fields_never_health(session: Session) -> None:
    person = newcomer(session, "tg:503")
    known = organisations_with_partners(session, accounts=False)
    volunteers, rsd = organisation(session, known.volunteers), organisation(session, known.rsd)
    assert partner_view.profile(session, volunteers, person.id) is None, "no consent, no profile"
    talk(session, "tg:503", f"/delen_ja {volunteers.id}")

    shown = partner_view.profile(session, volunteers, person.id)
    assert shown is not None
    values = {f.label: f.value for f in shown.fields}
    assert values == {"Talen": LANGUAGES, "Werkervaring": WORK, "Interesses": INTERESTS}
    assert HEALTH not in str(shown) and STORY not in str(shown)
    assert [p.newcomer_id for p in partner_view.shared_profiles(session, volunteers)] == [person.id]
    assert partner_view.profile(session, rsd, person.id) is None, "another organisation sees nothing"
    assert partner_view.shared_profiles(session, rsd) == []

    # A row that somehow lists health or the story still shows nothing of them: the query reads only shareable fields.
    consent = consents.active(session, person.id)[volunteers.id]
    consent.fields = [*consent.fields, "intake_care_worries", "intake_background"]
    volunteers.fields = [*volunteers.fields, "intake_care_worries", "intake_background"]
    session.commit()
    shown = partner_view.profile(session, volunteers, person.id)
    assert shown is not None and HEALTH not in str(shown) and STORY not in str(shown)

    # The organisation asks for less: at once the partner sees less.
    volunteers.fields = ["intake_languages"]
    session.commit()
    shown = partner_view.profile(session, volunteers, person.id)
    assert shown is not None and [f.value for f in shown.fields] == [LANGUAGES]

    # The profile consent withdrawn, or the organisation switched off: nothing.
    volunteers.active = False
    session.commit()
    assert partner_view.profile(session, volunteers, person.id) is None
    volunteers.active = True
    withdraw_consent(session, person, now=LATER)
    session.commit()
    assert partner_view.profile(session, volunteers, person.id) is None
    assert partner_view.shared_profiles(session, volunteers) == []


def test_more_fields_need_a_new_yes(session: Session) -> None:
    person = newcomer(session, "tg:504")
    known = organisations_with_partners(session, accounts=False)
    rsd = organisation(session, known.rsd)
    talk(session, "tg:504", f"/delen_ja {rsd.id}")
    after_no = talk(session, "tg:504", f"/delen_nee {known.volunteers}")
    assert say("partners_overview_header", "nl") in after_no[1].text, "the yes covers all the RSD asks"
    rsd.fields = [*rsd.fields, "intake_languages"]
    session.commit()
    shown = partner_view.profile(session, rsd, person.id)
    assert shown is not None and "Talen" not in [f.label for f in shown.fields], "not without a new yes"
    offered = talk(session, "tg:504", f"/delen_nee {known.volunteers}")
    assert f"/delen_ja {rsd.id}" in payloads(offered), "asking for more is asked again"
    talk(session, "tg:504", f"/delen_ja {rsd.id}", now=LATER + dt.timedelta(hours=2))
    shown = partner_view.profile(session, rsd, person.id)
    assert shown is not None and "Talen" in [f.label for f in shown.fields]
    rows = list(session.execute(select(PartnerConsent).order_by(PartnerConsent.id)).scalars())
    assert [r.withdrawn_at is None for r in rows] == [False, True], "the earlier yes is closed, both are kept"


@pytest.mark.parametrize("lang", ["nl", "ar", "ti", "en"])
def test_mijngegevens_lists_who_may_see_what_and_who_looked(session: Session, lang: str) -> None:
    person = newcomer(session, "tg:505", lang)
    known = organisations_with_partners(session, accounts=False)
    volunteers, rsd = organisation(session, known.volunteers), organisation(session, known.rsd)
    talk(session, "tg:505", f"/delen_ja {volunteers.id}", lang)
    talk(session, "tg:505", f"/delen_ja {rsd.id}", lang)
    talk(session, "tg:505", f"/delen_stop {rsd.id}", lang, LATER + dt.timedelta(days=1))
    text = "\n".join(r.text for r in rights.describe(session, "tg:505", lang))
    assert say("partners_mydata_nobody_looked", lang) in text
    session.add(AuditLog(who="partner.vera", what=partner_view.VIEWED_PROFILE, newcomer_id=person.id,
                         detail=partner_view.audit_detail(volunteers), at=LATER + dt.timedelta(days=2)))
    session.commit()
    text = "\n".join(r.text for r in rights.describe(session, "tg:505", lang))
    assert say("partners_mydata_may_see", lang, organisation=volunteers.name, fields=listed(volunteers.fields, lang),
               since=sharing.day(LATER)) in text
    assert say("partners_mydata_stopped", lang, organisation=rsd.name, fields=listed(rsd.fields, lang),
               since=sharing.day(LATER), withdrawn=sharing.day(LATER + dt.timedelta(days=1))) in text
    assert say("partners_mydata_looked", lang, organisation=volunteers.name,
               at=sharing.day(LATER + dt.timedelta(days=2))) in text
    assert say("kept_partner_consents", lang) in text


def test_export_and_erasure_cover_the_consents(session: Session) -> None:
    person = newcomer(session, "tg:506")
    known = organisations_with_partners(session, accounts=False)
    talk(session, "tg:506", f"/delen_ja {known.volunteers}")
    exported = personal_data.export(session, ("tg:506",))
    [row] = exported["partner_consents"]
    assert row["organisation"] == "Vrijwilligers Zeist Test" and row["fields"] == [
        "intake_languages", "intake_work", "intake_interests"]
    from wegwijz.portal.export import export_text

    assert "Vrijwilligers Zeist Test" in export_text(session, person, LATER)
    rights.erase(session, "tg:506")
    session.commit()
    assert session.execute(select(PartnerConsent)).first() is None
    assert personal_data.export(session, ("tg:506",)) == {}
    assert all(e.newcomer_id is None for e in session.execute(select(AuditLog)).scalars())


def test_the_registry_erases_consents_of_a_newcomer_still_there(session: Session) -> None:
    person = newcomer(session, "tg:507")
    known = organisations_with_partners(session, accounts=False)
    talk(session, "tg:507", f"/delen_ja {known.rsd}")
    assert personal_data.erase(session, ("tg:507",))["partner_consents"] == 1
    session.commit()
    assert consents.active(session, person.id) == {}


def test_numbers_for_the_monitoring_page(session: Session) -> None:
    newcomer(session, "tg:508")
    newcomer(session, "tg:509")
    known = organisations_with_partners(session, accounts=False)
    talk(session, "tg:508", f"/delen_ja {known.volunteers}")
    talk(session, "tg:508", f"/delen_ja {known.rsd}")
    talk(session, "tg:509", f"/delen_ja {known.rsd}")
    talk(session, "tg:509", f"/delen_stop {known.rsd}", now=LATER + dt.timedelta(days=40))
    found = numbers.numbers(session, LATER.date(), LATER.date())
    assert (found.given, found.withdrawn, found.active_consents, found.newcomers_sharing, found.organisations) == \
        (3, 0, 2, 1, 2)
    assert numbers.numbers(session, LATER.date(), (LATER + dt.timedelta(days=40)).date()).withdrawn == 1


def test_only_shareable_fields_can_be_asked() -> None:
    assert "intake_care_worries" not in SHAREABLE and "intake_background" not in SHAREABLE
