"""A caseworker with fifty newcomers: search, filters, sortable columns, paging; flags by severity;
a buddy match that closes the buddy flag; original answers with their language and the interpreter mark."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import Flask
from sqlalchemy import select

from tests.portal import known_data
from tests.portal.conftest import page_token
from wegwijz import db
from wegwijz.journey.constants import CheckInKind, CheckInState
from wegwijz.journey.models import CheckIn, Flag, IntakeAnswer, Newcomer
from wegwijz.portal import caseload, flag_kinds

LANGS = ("ar", "ti", "en", "nl")


@pytest.fixture
def fifty(portal_app: Flask, database_url: str) -> dict[str, int]:
    """Anna's three known newcomers plus 50 more: every fifth wants a buddy, every seventh wants contact."""
    with db.session_factory(database_url)() as session:
        known = known_data.seed(session)
        ids = {"amal": known.amal, "noor": known.noor}
        for number in range(50):
            person = Newcomer(name=f"Test Persoon {number:02d}", preferred_language=LANGS[number % 4],
                              linked_on=dt.date(2026, 1, 1) + dt.timedelta(days=number),
                              caseworker="klantmanager.anna")
            if number % 5 == 0:
                person.flags.append(Flag(rule="wants_buddy", reason="Wil graag een maatje.",
                                         created_at=known_data.moment(dt.date(2026, 8, 1))))
            if number % 7 == 0:
                person.flags.append(Flag(rule="wants_contact", reason="Wil graag dat iemand contact opneemt.",
                                         created_at=known_data.moment(dt.date(2026, 7, 1))))
            if number % 10 == 3:
                person.checkins.append(CheckIn(kind=CheckInKind.SIX_MONTHS, due_date=dt.date(2026, 1, 1),
                                               state=CheckInState.SENT))
            session.add(person)
        session.commit()
    return ids


def _names(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/portal/nieuwkomers/\d+">([^<]+)</a>', html)


def test_the_list_is_paged_and_counts_everyone(client_for, fifty) -> None:  # type: ignore[no-untyped-def]
    anna = client_for("caseworker")
    first = anna.get("/portal/werklijst").get_data(as_text=True)
    assert "52 nieuwkomers, pagina 1 van 3" in first
    assert len(_names(first)) == caseload.PAGE_SIZE
    last = anna.get("/portal/werklijst?pagina=3").get_data(as_text=True)
    assert len(_names(last)) == 52 - 2 * caseload.PAGE_SIZE
    assert not set(_names(first)) & set(_names(last))


def test_search_by_name_and_by_number(client_for, fifty) -> None:  # type: ignore[no-untyped-def]
    anna = client_for("caseworker")
    assert _names(anna.get("/portal/werklijst?zoek=persoon 07").get_data(as_text=True)) == ["Test Persoon 07"]
    assert _names(anna.get(f"/portal/werklijst?zoek=%23{fifty['amal']}").get_data(as_text=True)) == [
        "Amal Testpersoon"]


def test_filters_by_flag_kind_checkin_state_and_language(client_for, fifty) -> None:  # type: ignore[no-untyped-def]
    anna = client_for("caseworker")
    buddies = _names(anna.get("/portal/werklijst?signaal=wants_buddy").get_data(as_text=True))
    assert sorted(buddies) == [f"Test Persoon {n:02d}" for n in range(0, 50, 5)]
    waiting = anna.get("/portal/werklijst?checkin=waiting").get_data(as_text=True)
    assert sorted(_names(waiting)) == [f"Test Persoon {n:02d}" for n in range(3, 50, 10)]
    tigrinya = anna.get("/portal/werklijst?taal=ti&signaal=wants_contact").get_data(as_text=True)
    assert sorted(_names(tigrinya)) == [f"Test Persoon {n:02d}" for n in range(50) if n % 4 == 1 and n % 7 == 0]
    assert "Niemand past bij" in anna.get("/portal/werklijst?zoek=niemand-zo").get_data(as_text=True)


def test_columns_sort_both_ways(client_for, fifty) -> None:  # type: ignore[no-untyped-def]
    anna = client_for("caseworker")
    up = _names(anna.get("/portal/werklijst?sorteer=naam&richting=op").get_data(as_text=True))
    assert up[:3] == ["Amal Testpersoon", "Test Persoon 00", "Test Persoon 01"]
    down = _names(anna.get("/portal/werklijst?sorteer=dagen&richting=af").get_data(as_text=True))
    assert down[0] == "Nieuwkomer #" + str(fifty["noor"])  # linked longest ago
    html = anna.get("/portal/werklijst?sorteer=naam&richting=op&taal=ar").get_data(as_text=True)
    assert 'aria-sort="ascending"' in html
    assert "taal=ar" in re.search(r'<a class="sort" href="([^"]+sorteer=naam[^"]*)"', html).group(1)  # type: ignore[union-attr]


def test_urgent_kinds_come_first_on_the_worklist(client_for, fifty) -> None:  # type: ignore[no-untyped-def]
    names = _names(client_for("caseworker").get("/portal/werklijst").get_data(as_text=True))
    contact = {f"Test Persoon {n:02d}" for n in range(0, 50, 7)} | {"Amal Testpersoon"}
    only_buddy = {f"Test Persoon {n:02d}" for n in range(0, 50, 5) if n % 7}
    assert set(names[:len(contact)]) == contact
    assert set(names[len(contact):len(contact) + len(only_buddy)]) == only_buddy


def test_flags_on_the_newcomer_page_by_severity_with_a_label(client_for, portal_app: Flask,
                                                              database_url: str) -> None:  # type: ignore[no-untyped-def]
    with db.session_factory(database_url)() as session:
        known = known_data.seed(session)
        amal = session.get(Newcomer, known.amal)
        amal.flags.append(Flag(rule="wants_buddy", reason="Wil graag een maatje.",
                               created_at=known_data.moment(dt.date(2026, 9, 1))))
        amal.flags.append(Flag(rule="care_worries", reason="Noemt zorgen.",
                               created_at=known_data.moment(dt.date(2026, 8, 1))))
        session.commit()
    html = client_for("caseworker").get(f"/portal/nieuwkomers/{known.amal}").get_data(as_text=True)
    shown = re.findall(r'<strong class="flag-kind">([^<]+)</strong>', html)
    assert shown == ["Zorg of gezondheid", "Wil contact", "Wil een maatje"]
    assert "urgentie: hoog" in html and "urgentie: laag" in html


def test_every_escalation_rule_has_a_readable_kind() -> None:
    from wegwijz.journey.escalation import RULES
    assert {rule.name for rule in RULES} == set(flag_kinds.KINDS)
    assert flag_kinds.KINDS["wants_contact"].severity < flag_kinds.KINDS["wants_buddy"].severity
    assert flag_kinds.KINDS["care_worries"].severity < flag_kinds.KINDS["wants_buddy"].severity


def test_recording_a_buddy_match_offers_and_closes_the_buddy_flag(client_for, portal_app: Flask,
                                                                  database_url: str) -> None:  # type: ignore[no-untyped-def]
    with db.session_factory(database_url)() as session:
        known = known_data.seed(session)
        flag = Flag(rule="wants_buddy", reason="Wil graag een maatje.", newcomer_id=known.amal)
        session.add(flag)
        session.commit()
        buddy_flag = flag.id
    anna = client_for("caseworker")
    page = anna.get(f"/portal/nieuwkomers/{known.amal}").get_data(as_text=True)
    assert f'name="close_flag" value="{buddy_flag}" checked' in page
    saved = anna.post(f"/portal/nieuwkomers/{known.amal}/koppelingen", follow_redirects=True, data={
        "csrf_token": page_token(anna, f"/portal/nieuwkomers/{known.amal}"), "kind": "buddy",
        "partner": "Maatje Kees", "started_on": "2026-09-02", "close_flag": str(buddy_flag)})
    assert "Het signaal &#39;Wil een maatje&#39; is afgehandeld." in saved.get_data(as_text=True)
    with db.session_factory(database_url)() as session:
        closed = session.get(Flag, buddy_flag)
        assert closed.handled_by == "klantmanager.anna" and "Maatje Kees" in closed.note
        other = session.get(Flag, known.open_flag)
        assert other.handled_at is None  # the contact request stays open


def test_original_answers_show_their_language_and_an_interpreter_can_be_marked(
        client_for, portal_app: Flask, database_url: str) -> None:  # type: ignore[no-untyped-def]
    with db.session_factory(database_url)() as session:
        known = known_data.seed(session)
        session.add(IntakeAnswer(newcomer_id=known.amal, question="intake_ambitions", value="أريد أن أعمل ممرضة",
                                 lang="ar", answered_at=known_data.moment(dt.date(2026, 1, 20))))
        session.commit()
    anna = client_for("caseworker")
    url = f"/portal/nieuwkomers/{known.amal}"
    html = anna.get(url).get_data(as_text=True)
    assert re.search(r'<span class="free-text" lang="ar" dir="rtl">أريد أن أعمل ممرضة</span>', html)
    assert "Origineel in het Arabisch" in html and 'class="badge flag">tolk nodig' not in html
    anna.post(f"{url}/tolk", data={"csrf_token": page_token(anna, url), "needed": "1"})
    html = anna.get(url).get_data(as_text=True)
    assert 'id="tolk"><span class="badge flag">tolk nodig</span>' in html
    assert "tolk nodig" in anna.get("/portal/werklijst").get_data(as_text=True)
    with db.session_factory(database_url)() as session:
        assert session.execute(select(Newcomer.interpreter_needed).where(Newcomer.id == known.amal)).scalar_one()
