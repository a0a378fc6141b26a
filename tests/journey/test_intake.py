"""The startgesprek intake, turn by turn, on both databases: consent, storing as given, stop and continue."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from wegwijz.db import Base, Session
from wegwijz.journey import dialogue, intake
from wegwijz.journey.constants import SKIPPED, ConsentKind
from wegwijz.journey.dialogue import Turn
from wegwijz.journey.models import ConsentRecord, IntakeAnswer, Newcomer
from wegwijz.journey.newcomers import find_by_sender, has_consent, link_identity, withdraw_consent
from wegwijz.texts import say


class Chat:
    """Drives the intake like the Rasa form does: slots in, slots and the next question out."""

    def __init__(self, session: Session, sender: str, lang: str, schedule: Any, clock: Any) -> None:
        self.session, self.sender, self.lang, self.schedule, self.clock = session, sender, lang, schedule, clock
        self.slots: dict[str, Any] = {}
        self.said: list[str] = []

    def send(self, text: str | None, intent: str = "nlu_fallback", choice: str | None = None,
             starting: bool = False) -> str | None:
        answer = text if self.slots.get("requested_slot") and not starting else None
        turn = Turn(self.sender, self.lang, dict(self.slots), answer, intent, choice, starting)
        out = dialogue.intake_turn(self.session, turn, self.clock(), self.schedule)
        self.session.commit()
        self.slots.update(out.slots)
        self.slots["requested_slot"] = out.next_question
        self.said = [r.text for r in out.replies]
        return out.next_question

    def start(self) -> str | None:
        return self.send("/start_intake", "start_intake", starting=True)

    def press(self, code: str) -> str | None:
        return self.send(f'/choose_answer{{"choice":"{code}"}}', "choose_answer", code)

    def pause(self) -> None:
        self.slots["requested_slot"] = None  # action_deactivate_loop


def _rows(session: Session) -> int:
    return sum(session.execute(select(func.count()).select_from(t)).scalar() or 0
               for t in Base.metadata.sorted_tables if t.name in ("newcomers", "chat_identities", "consent_records",
                                                                   "intake_answers", "checkins", "flags"))


def _stored(session: Session, sender: str) -> dict[str, Any]:
    newcomer = find_by_sender(session, sender)
    assert newcomer is not None
    session.refresh(newcomer)
    return {a.question: (SKIPPED if a.skipped else a.value) for a in newcomer.intake_answers}


@pytest.fixture
def chat(session, clock, schedule) -> Chat:
    return Chat(session, "tg:501", "nl", schedule, clock)


def test_the_intake_opens_with_consent_and_without_it_stores_nothing(chat, session) -> None:
    assert chat.start() == "intake_consent"
    assert chat.press("no") is None
    assert _rows(session) == 0
    assert find_by_sender(session, "tg:501") is None
    assert dialogue.intake_done(session, "tg:501", chat.slots, "nl")[0].text == say("journey_intake_no_consent", "nl")
    assert chat.start() == "intake_consent"  # asked again next time: a "no" is not forever


def test_consent_creates_the_newcomer_by_chat_address_and_plans_checkins(chat, session, clock) -> None:
    chat.lang = "ar"
    chat.start()
    assert chat.press("yes") == "intake_background"
    assert chat.said == [say("journey_intake_consent_thanks", "ar")]
    newcomer = find_by_sender(session, "tg:501")
    assert newcomer.preferred_language == "ar" and newcomer.intake_date == clock().date()
    assert [c.kind for c in newcomer.consents] == [ConsentKind.PROFILE]
    assert len(newcomer.checkins) == 2


def test_full_intake_with_skip_correction_and_validation(chat, session) -> None:
    chat.start()
    chat.press("yes")
    assert chat.send("Syrië, Aleppo") == "intake_languages"
    assert _stored(session, "tg:501") == {"intake_background": "Syrië, Aleppo"}  # stored the moment it is given
    assert chat.send("help", "help") == "intake_languages"  # a lone "help" explains, then asks again
    assert chat.said == [say("journey_form_help", "nl")]
    assert chat.send("Arabisch, Koerdisch") == "intake_education"
    assert chat.send("mbo") == "intake_work"
    assert chat.send("nee, ik bedoel universiteit") == "intake_work"  # corrected; the open question again
    assert chat.said == [say("journey_answer_changed", "nl")]
    assert chat.send("/skip_question", "skip_question") == "intake_ambition"
    assert chat.press("work") == "intake_interests"
    assert chat.send("voetbal en koken") == "intake_contacts"
    assert chat.send("heel veel") == "intake_contacts"
    assert chat.said == [say("journey_invalid_number", "nl")]
    assert chat.send("٣") == "intake_buddy"
    assert chat.send("nee, ik bedoel") == "intake_contacts"  # no new answer: that question is asked again
    assert "intake_contacts" not in _stored(session, "tg:501")
    assert chat.send("2") == "intake_buddy"
    assert chat.send("graag een maatje") == "intake_inburgering"
    assert chat.send("misschien") == "intake_inburgering"
    assert chat.said == [say("journey_invalid_choice", "nl")]
    assert chat.press("started") == "intake_care_consent"
    assert chat.press("no") is None
    assert _stored(session, "tg:501") == {
        "intake_background": "Syrië, Aleppo", "intake_languages": "Arabisch, Koerdisch",
        "intake_education": "higher", "intake_work": SKIPPED, "intake_ambition": "work",
        "intake_interests": "voetbal en koken", "intake_contacts": "2", "intake_buddy": "buddy",
        "intake_inburgering": "started"}
    newcomer = find_by_sender(session, "tg:501")
    assert newcomer.intake_completed_at is not None
    assert intake.profile_completeness(newcomer) == pytest.approx(8 / 9)
    [done] = dialogue.intake_done(session, "tg:501", chat.slots, "nl")
    assert done.text == say("journey_intake_done", "nl", percent=89)


def test_care_worries_only_with_their_own_consent(chat, session) -> None:
    chat.start()
    chat.press("yes")
    for _ in range(9):
        chat.send("/skip_question", "skip_question")
    assert chat.slots["requested_slot"] == "intake_care_consent"
    assert chat.press("yes") == "intake_care_worries"
    assert chat.send("Mijn zoon heeft astma") is None
    newcomer = find_by_sender(session, "tg:501")
    assert has_consent(newcomer, ConsentKind.CARE)
    assert _stored(session, "tg:501")["intake_care_worries"] == "Mijn zoon heeft astma"
    withdraw_consent(session, newcomer, (ConsentKind.CARE,))
    assert intake.save_answer(session, newcomer, "intake_care_worries", "iets anders", "nl") is None
    assert has_consent(newcomer, ConsentKind.PROFILE)


def test_stop_and_continue_later_on_another_channel(chat, session, clock, schedule) -> None:
    chat.lang = "ti"
    chat.start()
    chat.press("yes")
    chat.send("ካብ ኣስመራ")
    chat.send("ትግርኛ")
    chat.pause()
    newcomer = find_by_sender(session, "tg:501")
    link_identity(session, newcomer, "wa:31699", clock())  # a caseworker links the WhatsApp number
    session.commit()
    later = Chat(session, "wa:31699", "ti", schedule, clock)  # a new conversation: its slots are empty
    assert later.start() == "intake_education"  # consent and answers come from the database
    assert later.slots["intake_background"] == "ካብ ኣስመራ"
    assert chat.start() == "intake_education"  # and the old chat continues in the same place


def test_withdrawn_consent_stops_storing_and_asks_again(chat, session) -> None:
    chat.start()
    chat.press("yes")
    chat.send("Eritrea")
    newcomer = find_by_sender(session, "tg:501")
    withdraw_consent(session, newcomer)
    session.commit()
    assert chat.send("Tigrinya") == "intake_consent"  # not stored; consent is asked again
    assert _stored(session, "tg:501") == {"intake_background": "Eritrea"}
    assert session.execute(select(func.count()).select_from(ConsentRecord)
                           .where(ConsentRecord.withdrawn_at.is_(None))).scalar() == 0


def test_profile_already_complete(chat, session) -> None:
    chat.start()
    chat.press("yes")
    for _ in range(9):
        chat.send("/skip_question", "skip_question")
    chat.press("no")
    assert chat.start() is None  # nothing left to ask
    assert session.execute(select(func.count()).select_from(IntakeAnswer)).scalar() == 9
    assert session.execute(select(func.count()).select_from(Newcomer)).scalar() == 1


@pytest.mark.parametrize(("values", "expected"), [
    ({}, 0.0),
    ({"intake_background": "Syrië"}, 1 / 9),
    ({"intake_background": "Syrië", "intake_work": SKIPPED, "intake_contacts": "0"}, 2 / 9),
    ({"intake_consent": "yes", "intake_care_worries": "astma", "intake_languages": ""}, 0.0),
    ({q: "x" for q in ("intake_background", "intake_languages", "intake_education", "intake_work",
                       "intake_ambition", "intake_interests", "intake_contacts", "intake_buddy",
                       "intake_inburgering")}, 1.0),
])
def test_profile_completeness(values: dict[str, str], expected: float) -> None:
    assert intake.completeness(values) == pytest.approx(expected)
