"""The chat side on SQLite and PostgreSQL: confirm first, store only on yes, say who answers and when."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.ask_person.known import HOURS, SATURDAY_NIGHT, WEDNESDAY_MORNING, ask, conversation_up_to_yes, events
from wegwijz.contract import personal_data
from wegwijz.conversation.replies import Reply
from wegwijz.humanhelp import asking
from wegwijz.humanhelp.models import PersonQuestion, QuestionStatus
from wegwijz.journey import rights
from wegwijz.journey.models import AuditLog, ChatIdentity, Newcomer
from wegwijz.portal.models import PortalUser
from wegwijz.texts import say


def count(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(PersonQuestion)).scalar_one())


def test_the_request_asks_for_a_yes_and_stores_nothing(session: Session) -> None:
    conversation = events(("user", "Hoe krijg ik een fiets van de gemeente?"), ("bot", "Dat weet ik helaas niet."),
                          ("user", "/mens"))
    replies = asking.respond(session, "tg:7", "/mens", conversation, "nl", HOURS, WEDNESDAY_MORNING)
    assert replies is not None
    assert "Hoe krijg ik een fiets van de gemeente?" in replies[0].text
    assert [b.payload for b in replies[0].buttons] == ["/mens_ja", "/mens_nee"]
    assert count(session) == 0
    no = asking.respond(session, "tg:7", "/mens_nee", conversation + [{"event": "user", "text": "/mens_nee"}],
                        "nl", HOURS, WEDNESDAY_MORNING)
    assert no == [Reply(say("ask_person_cancelled", "nl"))] and count(session) == 0


def test_plain_words_and_the_text_after_the_command_are_requests_too(session: Session) -> None:
    words = asking.respond(session, "tg:7", "أريد التحدث مع شخص",
                           events(("user", "كيف أحصل على دراجة؟"), ("user", "أريد التحدث مع شخص")), "ar", HOURS,
                           WEDNESDAY_MORNING)
    assert words and "كيف أحصل على دراجة؟" in words[0].text and words[0].buttons
    typed = asking.respond(session, "tg:7", "/mens Waar haal ik een parkeervergunning?",
                           events(("user", "/mens Waar haal ik een parkeervergunning?")), "nl", HOURS,
                           WEDNESDAY_MORNING)
    assert typed and "parkeervergunning" in typed[0].text
    nothing = asking.respond(session, "tg:7", "/mens", events(("user", "/mens")), "en", HOURS, WEDNESDAY_MORNING)
    assert nothing == [Reply(say("ask_person_what", "en"))]
    assert asking.respond(session, "tg:7", "waar is de huisarts", [], "nl", HOURS, WEDNESDAY_MORNING) is None


def test_yes_sends_the_question_and_the_last_turns_to_the_welcome_desk(session: Session) -> None:
    replies = asking.respond(session, "web:abc", "/mens_ja", conversation_up_to_yes("Mag ik een hond houden?"),
                             "nl", HOURS, WEDNESDAY_MORNING)
    session.commit()
    assert replies is not None
    text = replies[0].text
    assert say("ask_person_sent_desk", "nl") in text
    assert say("ask_person_when_open", "nl", due="03-12-2026 17:00") in text
    assert say("ask_person_web_note", "nl") in text, "the web chat is told to come back to this page"
    question = session.execute(select(PersonQuestion)).scalar_one()
    assert question.question == "Mag ik een hond houden?" and question.caseworker is None
    assert question.status == QuestionStatus.OPEN and question.lang == "nl"
    assert question.transcript == [{"who": "newcomer", "text": "hallo"}, {"who": "assistant", "text": "Welkom!"},
                                   {"who": "newcomer", "text": "Mag ik een hond houden?"},
                                   {"who": "assistant", "text": "Dat weet ik helaas niet."}]
    assert question.due_at == dt.datetime(2026, 12, 3, 16, 0, tzinfo=dt.timezone.utc)
    entry = session.execute(select(AuditLog)).scalar_one()
    assert (entry.who, entry.what, entry.detail) == ("newcomer", asking.SENT, f"vraag #{question.id}")
    again = asking.respond(session, "web:abc", "/mens_ja", conversation_up_to_yes("Mag ik een hond houden?"),
                           "nl", HOURS, WEDNESDAY_MORNING)
    assert again and say("ask_person_already_sent", "nl", due="03-12-2026 17:00") == again[0].text
    assert count(session) == 1


def test_a_linked_newcomer_gets_their_own_caseworker_and_closed_hours_are_said(session: Session) -> None:
    session.add(PortalUser(username="klantmanager.anna", password_hash="x", role="caseworker", active=True,
                           must_change_password=False, failed_logins=0))
    amal = Newcomer(preferred_language="ti", caseworker="klantmanager.anna")
    amal.identities.append(ChatIdentity(sender_id="tg:1001"))
    session.add(amal)
    session.commit()
    replies = asking.respond(session, "tg:1001", "/mens_ja", conversation_up_to_yes("ብሽክለታ ከመይ ይረክብ?"), "ti", HOURS,
                             SATURDAY_NIGHT)
    session.commit()
    assert replies is not None
    assert say("ask_person_sent_own", "ti") in replies[0].text
    assert say("ask_person_when_closed", "ti", opens="07-12-2026 09:00", due="08-12-2026 17:00") in replies[0].text
    assert say("ask_person_web_note", "ti") not in replies[0].text
    question = session.execute(select(PersonQuestion)).scalar_one()
    assert (question.caseworker, question.newcomer_id) == ("klantmanager.anna", amal.id)


def test_an_inactive_caseworker_means_the_welcome_desk(session: Session) -> None:
    session.add(PortalUser(username="klantmanager.weg", password_hash="x", role="caseworker", active=False,
                           must_change_password=False, failed_logins=0))
    newcomer = Newcomer(preferred_language="en", caseworker="klantmanager.weg")
    newcomer.identities.append(ChatIdentity(sender_id="tg:55"))
    session.add(newcomer)
    session.commit()
    question = session.get(PersonQuestion, ask(session, "tg:55", "Where do I get a bike?", "en"))
    assert question is not None and question.caseworker is None and question.newcomer_id == newcomer.id


def test_mijngegevens_lists_the_questions_and_verwijder_erases_them(session: Session) -> None:
    ask(session, "web:abc", "Mag ik een hond houden?")
    ask(session, "web:other", "Iemand anders zijn vraag")
    described = "\n".join(r.text for r in rights.describe(session, "web:abc", "nl"))
    assert say("ask_person_mydata", "nl", count=1) in described and "Mag ik een hond houden?" in described
    assert "Iemand anders" not in described
    exported = personal_data.export(session, ("web:abc",))
    assert [row["question"] for row in exported["person_questions"]] == ["Mag ik een hond houden?"]
    erasure = rights.erase(session, "web:abc")
    session.commit()
    assert erasure.rows_by_table["person_questions"] == 1
    assert [q.sender_id for q in session.execute(select(PersonQuestion)).scalars()] == ["web:other"]
    assert rights.describe(session, "web:abc", "nl") == [Reply(say("journey_mydata_nothing", "nl"))]


def test_decline_and_did_you_mean_get_the_button_answers_do_not() -> None:
    decline = [Reply("Dat weet ik niet.", custom={"fallback": True})]
    offered = asking.offer_person(decline, "ar")
    assert [b.payload for b in offered[-1].buttons] == ["/mens"] and offered[-1].buttons[0].title == say(
        "ask_person_button", "ar")
    suggestion = [Reply("Bedoel je?", (asking.Button("Huisarts", "/kb_huisarts"),), custom={"suggestions": ["x"]})]
    assert [b.payload for b in asking.offer_person(suggestion, "nl")[-1].buttons] == ["/kb_huisarts", "/mens"]
    answer = [Reply("De huisarts...", custom={"source": {"article": "huisarts"}})]
    assert asking.offer_person(answer, "nl") == answer
