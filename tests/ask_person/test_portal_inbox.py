"""The portal inbox on SQLite and PostgreSQL: who sees which question, answering, gaps, audit, monitoring."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.ask_person.known import SATURDAY_NIGHT, ask
from tests.portal import known_data
from tests.portal.conftest import page_token
from wegwijz import db
from wegwijz.channels.constants import OutboxStatus
from wegwijz.channels.models import OutboxMessage
from wegwijz.humanhelp import inbox
from wegwijz.humanhelp.models import Delivery, KennisbankGap, PersonQuestion, QuestionStatus
from wegwijz.journey.models import AuditLog
from wegwijz.portal.views.inbox import InboxAction


@pytest.fixture
def asked(portal_app, database_url: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Amal (Anna's) asks on Telegram, Tesfay (Dirk's) on WhatsApp, and an unlinked web chat asks the desk."""
    with db.session_factory(database_url)() as session:
        known = known_data.seed(session)
        return {"amal": ask(session, "tg:1001", "كيف أحصل على دراجة من البلدية؟", "ar"),
                "tesfay": ask(session, "wa:31600000001", "ብሽክለታ ከመይ ይረክብ?", "ti"),
                "desk": ask(session, "web:abc123", "Mag ik een hond houden in mijn huurhuis?", "nl"),
                "amal_newcomer": known.amal}


def test_a_caseworker_sees_her_own_clients_and_the_welcome_desk(client_for, asked: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    anna = client_for("caseworker").get("/portal/vragen").get_data(as_text=True)
    assert "كيف أحصل على دراجة" in anna and "Mag ik een hond houden" in anna and "ብሽክለታ" not in anna
    dirk = client_for("klantmanager.dirk")
    listing = dirk.get("/portal/vragen").get_data(as_text=True)
    assert "ብሽክለታ" in listing and "Mag ik een hond houden" in listing and "كيف أحصل" not in listing
    assert dirk.get(f"/portal/vragen/{asked['amal']}").status_code == 404
    token = page_token(dirk, "/portal/vragen")
    refused = dirk.post(f"/portal/vragen/{asked['amal']}/antwoord", data={"csrf_token": token, "answer": "x"})
    assert refused.status_code == 404
    admin = client_for("admin").get("/portal/vragen").get_data(as_text=True)
    assert all(text in admin for text in ("كيف أحصل", "ብሽክለታ", "Mag ik een hond houden"))


@pytest.mark.parametrize("role", ["editor", "anonymous"])
def test_others_never_see_the_inbox(client_for, asked: dict[str, int], role: str) -> None:  # type: ignore[no-untyped-def]
    client = client_for(role)
    for url in ("/portal/vragen", f"/portal/vragen/{asked['desk']}"):
        response = client.get(url)
        assert response.status_code == (403 if role == "editor" else 302)
        assert "hond" not in response.get_data(as_text=True)


def test_answering_goes_back_through_the_channel_and_is_audited(client_for, asked: dict[str, int],  # type: ignore[no-untyped-def]
                                                               database_url: str) -> None:
    anna = client_for("caseworker")
    page = anna.get(f"/portal/vragen/{asked['amal']}").get_data(as_text=True)
    assert "كيف أحصل على دراجة من البلدية؟" in page and "Dat weet ik helaas niet." in page  # the turns before it
    token = page_token(anna, f"/portal/vragen/{asked['amal']}")
    answered = anna.post(f"/portal/vragen/{asked['amal']}/antwoord",
                         data={"csrf_token": token, "answer": "Bij het Fietsproject, vraag het je klantmanager."})
    assert answered.status_code == 302
    again = anna.post(f"/portal/vragen/{asked['amal']}/antwoord", data={"csrf_token": token, "answer": "Nog eens"})
    assert again.status_code == 302
    with db.session_factory(database_url)() as session:
        question = session.get(PersonQuestion, asked["amal"])
        assert question is not None and question.status == QuestionStatus.ANSWERED
        assert (question.answered_by, question.delivery) == ("klantmanager.anna", Delivery.QUEUED)
        assert question.answer == "Bij het Fietsproject, vraag het je klantmanager."
        sent = session.execute(select(OutboxMessage).where(OutboxMessage.sender_id == "tg:1001")).scalars().all()
        assert len(sent) == 1 and sent[0].status == OutboxStatus.PENDING and sent[0].proactive
        assert "Bij het Fietsproject" in sent[0].payload["text"] and "إجابة من موظف" in sent[0].payload["text"]
        trail = [(e.who, e.what, e.newcomer_id) for e in session.execute(
            select(AuditLog).where(AuditLog.who == "klantmanager.anna").order_by(AuditLog.id)).scalars()]
        assert (("klantmanager.anna", InboxAction.VIEWED_QUESTION, asked["amal_newcomer"]) in trail
                and ("klantmanager.anna", InboxAction.ANSWERED_QUESTION, asked["amal_newcomer"]) in trail)
        assert sum(what == InboxAction.ANSWERED_QUESTION for _, what, _ in trail) == 1
    export = anna.get(f"/portal/nieuwkomers/{asked['amal_newcomer']}/export").get_data(as_text=True)
    assert "كيف أحصل على دراجة من البلدية؟" in export, "the portal's export lists the questions too"


def test_a_web_chat_answer_waits_for_the_page(client_for, asked: dict[str, int], portal_app,  # type: ignore[no-untyped-def]
                                              database_url: str) -> None:
    dirk = client_for("klantmanager.dirk")
    token = page_token(dirk, f"/portal/vragen/{asked['desk']}")
    dirk.post(f"/portal/vragen/{asked['desk']}/antwoord", data={"csrf_token": token, "answer": "Ja, meestal wel."})
    with db.session_factory(database_url)() as session:
        assert session.get(PersonQuestion, asked["desk"]).delivery == Delivery.WEB_WAITING
        now = dt.datetime(2026, 12, 3, tzinfo=dt.timezone.utc)
        other = inbox.fetch_for_web(session, "web:someone-else", now)
        shown = inbox.fetch_for_web(session, "web:abc123", now)
        session.commit()
        assert other == [] and len(shown) == 1 and "Ja, meestal wel." in shown[0] and "hond" in shown[0]
        assert inbox.fetch_for_web(session, "web:abc123", now) == [], "shown once"
        assert session.get(PersonQuestion, asked["desk"]).delivery == Delivery.WEB_SHOWN


def test_a_gap_reaches_the_editors_without_the_question(client_for, asked: dict[str, int],  # type: ignore[no-untyped-def]
                                                        database_url: str) -> None:
    anna = client_for("caseworker")
    token = page_token(anna, f"/portal/vragen/{asked['desk']}")
    assert anna.post(f"/portal/vragen/{asked['desk']}/kennisbank",
                     data={"csrf_token": token, "note": "Huisdieren in een huurhuis"}).status_code == 302
    assert anna.get("/portal/kennisbank-ontbreekt").status_code == 403
    editor = client_for("editor")
    gaps = editor.get("/portal/kennisbank-ontbreekt").get_data(as_text=True)
    assert "Huisdieren in een huurhuis" in gaps and "Mag ik een hond" not in gaps and "web:abc123" not in gaps
    with db.session_factory(database_url)() as session:
        gap = session.execute(select(KennisbankGap)).scalar_one()
    token = page_token(editor, "/portal/kennisbank-ontbreekt")
    assert editor.post(f"/portal/kennisbank-ontbreekt/{gap.id}", data={"csrf_token": token}).status_code == 302
    assert "Huisdieren in een huurhuis" not in editor.get("/portal/kennisbank-ontbreekt").get_data(as_text=True)
    with db.session_factory(database_url)() as session:  # erasing the person keeps the anonymous note
        from wegwijz.journey import rights

        rights.erase(session, "web:abc123")
        session.commit()
        kept = session.execute(select(KennisbankGap)).scalar_one()
        assert kept.note == "Huisdieren in een huurhuis" and kept.question_id is None


def test_the_monitoring_page_counts_open_answered_and_overdue(client_for, asked: dict[str, int], portal_app,  # type: ignore[no-untyped-def]
                                                              database_url: str) -> None:
    with db.session_factory(database_url)() as session:
        ask(session, "tg:77", "Een oude vraag", "nl", now=SATURDAY_NIGHT - dt.timedelta(days=14))
        question = session.get(PersonQuestion, asked["tesfay"])
        inbox.answer(session, question, "ሓደ መልሲ", "klantmanager.dirk", SATURDAY_NIGHT)
        session.commit()
        numbers = inbox.numbers(session, SATURDAY_NIGHT)
    assert (numbers.open, numbers.answered, numbers.overdue, numbers.gaps) == (3, 1, 3, 0)
    portal_app.config["PORTAL_CLOCK"] = lambda: dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.timezone.utc)
    page = client_for("caseworker").get("/portal/monitoring").get_data(as_text=True)
    assert 'id="vragen-open">3<' in page and 'id="vragen-beantwoord">1<' in page
    assert 'id="vragen-te-laat">1<' in page, "on Wednesday only the question of two weeks ago is late"
