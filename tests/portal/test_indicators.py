"""The monitoring indicators on known data (SQLite and PostgreSQL), the page, its charts and the CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from flask import Flask

from tests.portal import known_data
from wegwijz import db
from wegwijz.journey.constants import CheckInKind, CheckInState
from wegwijz.journey.models import CheckIn, CheckInAnswer, Newcomer
from wegwijz.journey.questions import PROFILE_QUESTIONS
from wegwijz.portal import indicators
from wegwijz.portal.indicators import Period

YEAR_2026 = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
DECEMBER_2025 = Period(dt.date(2025, 12, 1), dt.date(2025, 12, 31))


@pytest.fixture
def seeded(session):  # type: ignore[no-untyped-def]
    known_data.seed(session)
    return session


def test_startgesprekken_and_the_time_from_linking(seeded) -> None:  # type: ignore[no-untyped-def]
    count = indicators.startgesprekken(seeded, YEAR_2026)
    assert count.value == 2 and count.series == [("2026-01", 1.0), ("2026-03", 1.0)]
    wait = indicators.time_to_startgesprek(seeded, YEAR_2026)
    assert wait.value == 28.5 and wait.based_on == 2  # 15 and 42 days
    assert dict(wait.series) == {"≤ 2 weken": 0.0, "2–4 weken": 1.0, "1–2 maanden": 1.0, "> 2 maanden": 0.0}
    assert indicators.startgesprekken(seeded, DECEMBER_2025).value == 0
    assert indicators.time_to_startgesprek(seeded, DECEMBER_2025).value is None


def test_profile_completeness_counts_answers_not_skips(seeded) -> None:  # type: ignore[no-untyped-def]
    result = indicators.profile_completeness(seeded, YEAR_2026)
    # Amal answered 4 profile questions (one skipped), Tesfay 3; the consent is no profile question.
    expected = round((100 * 4 / len(PROFILE_QUESTIONS) + 100 * 3 / len(PROFILE_QUESTIONS)) / 2, 1)
    assert result.value == expected and result.based_on == 2


def test_contacts_from_start_to_six_months(seeded) -> None:  # type: ignore[no-untyped-def]
    result = indicators.contacts(seeded, YEAR_2026)
    assert result.value == 1 and result.based_on == 1  # Amal: 0 → 2
    assert result.series == [("start", 1.5), ("half jaar", 2.0), ("twee jaar", 0.0)]


def test_matches_and_extra_language_support(seeded) -> None:  # type: ignore[no-untyped-def]
    matches = indicators.matches(seeded, YEAR_2026)
    assert matches.value == 1 and dict(matches.series)["maatje"] == 1.0  # Tesfay's taalmaatje began in 2025
    support = indicators.extra_language_support(seeded, YEAR_2026)
    assert support.value == 2  # Tesfay's taalmaatje is still active; Amal named extra lessons
    assert support.series == [("taalmaatje", 1.0), ("extra lessen (check-in)", 1.0)]


def test_shares_who_feel_useful_and_find_their_way(seeded) -> None:  # type: ignore[no-untyped-def]
    useful = indicators.feel_useful(seeded, YEAR_2026)
    assert useful.value == 100.0 and useful.based_on == 1
    assert indicators.find_their_way(seeded, YEAR_2026).value == 100.0
    assert indicators.feel_useful(seeded, DECEMBER_2025).value is None


def test_assistant_users_activities_and_checkins(seeded) -> None:  # type: ignore[no-untyped-def]
    users = indicators.assistant_users(seeded, YEAR_2026)
    assert users.value == 2 and dict(users.series) == {"Telegram": 1.0, "WhatsApp": 1.0, "webchat": 0.0,
                                                      "overig": 0.0}
    own = indicators.activities_on_own(seeded, YEAR_2026)
    assert own.value == 1 and own.series == [("zelfstandig", 1.0), ("met begeleiding", 1.0)]
    checkins = indicators.checkins_sent_answered_expired(seeded, YEAR_2026)
    assert checkins.series == [("verstuurd", 1.0), ("beantwoord", 1.0), ("verlopen", 0.0)]
    december = indicators.checkins_sent_answered_expired(seeded, DECEMBER_2025)
    assert december.series == [("verstuurd", 1.0), ("beantwoord", 0.0), ("verlopen", 1.0)]


def test_the_period_includes_its_last_day_and_nothing_after(session) -> None:  # type: ignore[no-untyped-def]
    newcomer = Newcomer(preferred_language="nl")
    checkin = CheckIn(kind=CheckInKind.SIX_MONTHS, due_date=dt.date(2026, 12, 1), state=CheckInState.ANSWERED)
    late_evening = dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.timezone.utc)
    new_year = dt.datetime(2027, 1, 1, 0, 0, tzinfo=dt.timezone.utc)
    checkin.answers.append(CheckInAnswer(question="checkin_useful_seen", value="no", answered_at=late_evening))
    checkin.answers.append(CheckInAnswer(question="checkin_finds_help", value="no", answered_at=new_year))
    newcomer.checkins.append(checkin)
    session.add(newcomer)
    session.commit()
    assert indicators.feel_useful(session, YEAR_2026).based_on == 1
    assert indicators.find_their_way(session, YEAR_2026).based_on == 0


def test_every_indicator_of_the_plan_is_on_the_page(seeded) -> None:  # type: ignore[no-untyped-def]
    grouped = indicators.all_indicators(seeded, YEAR_2026)
    keys = {item.key for items in grouped.values() for item in items}
    assert keys == {"startgesprekken", "tijd_tot_startgesprek", "volledigheid_profiel", "gebruikers_assistent",
                    "koppelingen", "contacten", "activiteiten_zelfstandig", "voelt_zich_nuttig", "vindt_de_weg",
                    "checkins", "extra_taalsteun", "tevreden_over_contacten"}
    assert list(grouped) == ["taal", "netwerk", "meedoen", "weg", "checkins"]


def test_monitoring_page_has_charts_and_no_names(client_for, portal_app: Flask, database_url: str) -> None:  # type: ignore[no-untyped-def]
    with db.session_factory(database_url)() as session:
        known_data.seed(session)
    html = client_for("caseworker").get("/portal/monitoring?van=2026-01-01&tot=2026-12-31").get_data(as_text=True)
    assert html.count('<svg class="chart"') == 12
    assert 'role="img"' in html and "<desc" in html
    assert "Amal" not in html and "Tesfay" not in html and "tg:1001" not in html
    assert "28,5" in html  # the median wait, with a decimal comma


def test_monitoring_csv(client_for, database_url: str) -> None:  # type: ignore[no-untyped-def]
    with db.session_factory(database_url)() as session:
        known_data.seed(session)
    response = client_for("admin").get("/portal/monitoring.csv?van=2026-01-01&tot=2026-12-31")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["pijler", "indicator", "onderdeel", "waarde", "eenheid", "aantal", "van", "tot"]
    headline = {row[1]: row for row in rows[1:] if row[2] == ""}
    assert headline["Aantal startgesprekken"][3] == "2"
    assert headline["Tijd tussen koppeling en startgesprek"][3] == "28,5"
    assert all(row[6:] == ["2026-01-01", "2026-12-31"] for row in rows[1:])


def test_a_backwards_period_falls_back_to_the_last_year(client_for) -> None:  # type: ignore[no-untyped-def]
    html = client_for("caseworker").get("/portal/monitoring?van=2026-12-01&tot=2026-01-01").get_data(as_text=True)
    assert "De einddatum ligt vóór de begindatum" in html


def test_sender_ids_without_a_channel_prefix_get_the_other_bar(seeded) -> None:  # type: ignore[no-untyped-def]
    from wegwijz.journey.models import ChatIdentity

    loose = Newcomer(preferred_language="nl")
    loose.identities.append(ChatIdentity(sender_id="1234567", created_at=known_data.moment(dt.date(2026, 5, 1))))
    two = Newcomer(preferred_language="ar")  # on two channels: counted once, at the one used last
    two.identities.append(ChatIdentity(sender_id="tg:777", created_at=known_data.moment(dt.date(2026, 3, 1))))
    two.identities.append(ChatIdentity(sender_id="web:abc", created_at=known_data.moment(dt.date(2026, 6, 1))))
    seeded.add_all([loose, two])
    seeded.commit()
    users = indicators.assistant_users(seeded, YEAR_2026)
    assert dict(users.series) == {"Telegram": 1.0, "WhatsApp": 1.0, "webchat": 1.0, "overig": 1.0}
    assert users.value == 4 and sum(value for _, value in users.series) == users.value


def test_a_share_from_few_answers_carries_n_and_a_warning(client_for, database_url: str) -> None:  # type: ignore[no-untyped-def]
    with db.session_factory(database_url)() as session:
        known_data.seed(session)
        useful = indicators.feel_useful(session, YEAR_2026)
    assert useful.based_on == 1 and useful.too_few
    html = client_for("caseworker").get("/portal/monitoring?van=2026-01-01&tot=2026-12-31").get_data(as_text=True)
    block = html[html.index('id="indicator-voelt_zich_nuttig"'):]
    block = block[:block.index("</article>")]
    assert '<span class="n">n = 1</span>' in block
    assert "Te weinig antwoorden om conclusies te trekken (n = 1)." in block
    count = html[html.index('id="indicator-startgesprekken"'):]
    assert "Te weinig antwoorden" not in count[:count.index("</article>")]  # a count, not a share


def test_a_share_from_enough_answers_has_no_warning() -> None:
    many = indicators.Indicator("x", indicators.Pillar.NETWORK, "x", 50.0, "%", indicators.SMALL_N, "x")
    few = indicators.Indicator("x", indicators.Pillar.NETWORK, "x", 50.0, "%", indicators.SMALL_N - 1, "x")
    assert not many.too_few and few.too_few


def test_long_chart_labels_fit_inside_the_chart() -> None:
    from wegwijz.portal.charts import CHAR_WIDTH, bar_chart

    svg = str(bar_chart([("extra lessen (check-in)", 1.0)], "t", "c"))
    label_x = float(svg.split('<text x="')[1].split('"')[0])  # the label ends here (text-anchor end)
    assert label_x - len("extra lessen (check-in)") * CHAR_WIDTH >= 0
