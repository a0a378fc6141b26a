"""End to end over REST through the real Rasa and action servers: a tip given after the two-year check-in,
approved by an editor, shown to other newcomers after an answer on its topic and on request, and kept
anonymously after its giver's erasure because they said yes to that.

The check-in is started by the real scheduler (`trigger_intent`); the model has no intent for tips:
the buttons' payloads and the plain words reach the answer action.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select

from tests.journey.conftest import Clock
from tests.journey.test_e2e_journey import Newcomer, _newcomer_due, _scheduler, _wait_until_nothing_left
from wegwijz import db
from wegwijz.journey.checkins import Schedule
from wegwijz.journey.constants import CheckInKind
from wegwijz.texts import say
from wegwijz.tips import review
from wegwijz.tips.models import Tip, TipStatus

DUTCH = "Schrijf je in je eerste week in bij een huisarts, ook als je niet ziek bent."
TIP = "Register with a huisarts in your first week, even when you are not ill."


def _texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text", "") for r in replies if r.get("text"))


def _tip_payloads(replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [(r.get("custom") or {})["tip"] for r in replies if "tip" in (r.get("custom") or {})]


def _tips(database_url: str) -> list[Tip]:
    with db.session_factory(database_url)() as session:
        tips = list(session.execute(select(Tip).order_by(Tip.id)).scalars())
        for tip in tips:
            _ = list(tip.texts)
        return tips


def _answer_two_year_checkin(stack, sender: str) -> Newcomer:  # type: ignore[no-untyped-def]
    clock = Clock(dt.datetime.now(dt.timezone.utc).replace(hour=11, minute=0))
    schedule = Schedule()
    _newcomer_due(stack, sender, "en", CheckInKind.TWO_YEARS, clock, schedule)
    outbox: list[tuple[str, list[dict[str, Any]]]] = []
    _scheduler(stack, clock, schedule, outbox).run_once()
    person = Newcomer(stack, sender, "en")
    [person.last] = [messages for to, messages in outbox if to == sender]
    person.presses("journey_opt_how_going_good")
    person.says("My children go to school")
    person.says("Finding work")
    person.presses("journey_opt_lessons_inburgering")
    person.says("5")
    person.presses("journey_opt_satisfied_yes")
    person.presses("journey_opt_useful_yes")
    person.says("Walking group")
    person.presses("journey_opt_finds_help_yes")
    assert person.asked("checkin_tips")
    person.says(TIP)
    person.presses("journey_opt_yes_no_no")
    return person


def test_a_tip_goes_from_the_two_year_checkin_to_new_newcomers(rasa_stack) -> None:  # type: ignore[no-untyped-def]
    giver = _answer_two_year_checkin(rasa_stack, f"wa:e2etip{uuid.uuid4().hex[:8]}")
    done = _texts(giver.last)
    assert say("journey_checkin_done", "en") in done
    assert say("tips_share_question", "en", tip=TIP) in done
    assert _tips(rasa_stack.database_url) == [], "nothing is shared before the yes"
    giver.presses("tips_share_yes")
    assert say("tips_shared", "en") in _texts(giver.last)
    giver.presses("tips_keep_yes")
    assert say("tips_keep_chosen_yes", "en") in _texts(giver.last)
    [tip] = _tips(rasa_stack.database_url)
    assert (tip.status, tip.original, tip.keep_after_erasure, tip.lang) == (TipStatus.WAITING, TIP, True, "en")
    mine = giver.says("/mijngegevens")
    assert say("tips_mydata", "en", count=1) in mine

    with db.session_factory(rasa_stack.database_url)() as session:  # the editor, as the portal does it
        review.approve(session, session.get(Tip, tip.id), "gezondheid",
                       {"en": TIP, "nl": DUTCH},
                       set(), "redacteur.bram", dt.datetime.now(dt.timezone.utc))
        session.commit()

    reader = Newcomer(rasa_stack, f"web:e2etipreader{uuid.uuid4().hex[:8]}", "en")
    answered = reader.stack.talk(reader.sender, "how do I register with a family doctor", metadata={"language": "en"})
    assert _tip_payloads(answered) == [{"id": tip.id, "lang": "en", "status": "source"}], answered
    assert say("tips_after_answer", "en") in _texts(answered) and giver.sender not in _texts(answered)
    again = reader.stack.talk(reader.sender, "tips", metadata={"language": "en"})
    assert _texts(again) == say("tips_none_left", "en"), "a tip is not shown twice in one conversation"

    dutch = Newcomer(rasa_stack, f"tg:e2etipnl{uuid.uuid4().hex[:8]}", "nl")
    asked = dutch.stack.talk(dutch.sender, "/tips", metadata={"language": "nl"})
    assert say("tips_on_request", "nl") in _texts(asked)
    assert _tip_payloads(asked) == [{"id": tip.id, "lang": "nl", "status": "machine"}]
    assert say("machine_translation", "nl") in _texts(asked), "an unchecked translation says so"
    for lang, words in (("ti", "ምኽሪ"), ("ar", "نصائح")):  # no Tigrinya or Arabic text yet: said kindly
        replies = rasa_stack.talk(f"web:e2etip{lang}{uuid.uuid4().hex[:8]}", words, metadata={"language": lang})
        assert _texts(replies) == say("tips_none", lang), (lang, replies)

    giver.says("/verwijder")
    giver.presses("journey_erase_yes_button")
    assert say("journey_erased", "en") in _texts(giver.last)
    _wait_until_nothing_left(rasa_stack, giver.sender)
    [kept] = _tips(rasa_stack.database_url)
    assert (kept.id, kept.status, kept.sender_id, kept.checkin_id, kept.original) == (
        tip.id, TipStatus.APPROVED, None, None, None)
    assert kept.shown_count == 2
