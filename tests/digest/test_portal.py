"""The portal side of the weekly tips (SQLite and PostgreSQL): the caseworker sees whether her newcomer
opted in, never the messages; the monitoring page counts what was sent, opened and stopped."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import Flask
from sqlalchemy import select

from tests.digest.conftest import MONDAY, sign_up
from tests.portal import known_data
from wegwijz import db
from wegwijz.digest import chat
from wegwijz.digest.models import DigestMessage
from wegwijz.digest.sending import DigestRound, content_from
from wegwijz.journey.checkins import Schedule
from wegwijz.journey.models import AuditLog
from wegwijz.portal.audit import PortalAction
from wegwijz.settings import ROOT


@pytest.fixture
def known(portal_app: Flask, database_url: str) -> known_data.Known:
    with db.session_factory(database_url)() as session:
        return known_data.seed(session)


def _section(html: str) -> str:
    match = re.search(r'<section class="card" aria-labelledby="weekbericht-kop" id="weekbericht">(.*?)</section>', html,
                      re.DOTALL)
    assert match, "the newcomer page has a section for the weekly tips"
    return match.group(1)


def test_the_newcomer_page_says_whether_the_tips_are_on(client_for, known, database_url: str) -> None:  # type: ignore[no-untyped-def]
    anna = client_for("caseworker")
    assert "Niet aangemeld" in _section(anna.get(f"/portal/nieuwkomers/{known.amal}").get_data(as_text=True))
    with db.session_factory(database_url)() as session:
        sign_up(session, "tg:1001", "ar", MONDAY)  # Amal's chat
    DigestRound(db.session_factory(database_url), content_from(ROOT / "kennisbank"),
                Schedule()).run_once(MONDAY + dt.timedelta(days=1))
    section = _section(anna.get(f"/portal/nieuwkomers/{known.amal}").get_data(as_text=True))
    assert "tg:1001" in section and "aan" in section and "sinds 2027-04-19" in section
    assert "1 bericht gestuurd" in section
    with db.session_factory(database_url)() as session:
        text = session.execute(select(DigestMessage.text)).scalar_one()
    assert text not in section and "Koningsdag" not in section, "what was sent is not shown"
    with db.session_factory(database_url)() as session:
        chat.stop(session, "tg:1001", MONDAY + dt.timedelta(days=2))
        session.commit()
        whats = session.execute(select(AuditLog.what).where(AuditLog.newcomer_id == known.amal)).scalars().all()
    assert chat.TURNED_ON in whats and chat.TURNED_OFF in whats and "weekbericht verstuurd" in whats
    assert PortalAction.VIEWED_NEWCOMER in whats, "viewing the page stays in the audit trail"
    assert "gestopt" in _section(anna.get(f"/portal/nieuwkomers/{known.amal}").get_data(as_text=True))
    assert client_for("caseworker").get(f"/portal/nieuwkomers/{known.tesfay}").status_code == 404, \
        "another caseworker's newcomer stays invisible"


def test_monitoring_counts_sent_opened_and_stopped(client_for, portal_app: Flask, database_url: str) -> None:  # type: ignore[no-untyped-def]
    with db.session_factory(database_url)() as session:
        sign_up(session, "web:tipsportal1", "nl", MONDAY)
        sign_up(session, "tg:90002", "en", MONDAY)
        sign_up(session, "tg:90003", "ar", MONDAY)
    DigestRound(db.session_factory(database_url), content_from(ROOT / "kennisbank"),
                Schedule()).run_once(MONDAY + dt.timedelta(days=1))
    with db.session_factory(database_url)() as session:
        from wegwijz.digest.sending import fetch_for_web

        fetch_for_web(session, "web:tipsportal1", MONDAY + dt.timedelta(days=1, hours=1))  # the page showed it
        chat.stop(session, "tg:90003", MONDAY + dt.timedelta(days=2))
        session.commit()
    html = client_for("caseworker").get("/portal/monitoring?van=2027-04-01&tot=2027-04-30").get_data(as_text=True)
    figures = dict(re.findall(r'<td class="num" id="weekbericht-([a-z-]+)">(\d+)</td>', html))
    # The stopped person's message was still waiting in the outbox: dropped, so not counted as sent.
    assert figures == {"aangemeld": "2", "gestart": "3", "gestuurd": "2", "geopend": "1", "niet-bezorgd": "0",
                       "gestopt": "1"}
    before = client_for("admin").get("/portal/monitoring?van=2027-01-01&tot=2027-03-31").get_data(as_text=True)
    assert dict(re.findall(r'<td class="num" id="weekbericht-([a-z-]+)">(\d+)</td>', before))["gestuurd"] == "0"
    assert "web:tipsportal1" not in html, "aggregates only"
