"""The crisis reply, the message guard's crisis override, and the caseworker's flag."""

from __future__ import annotations

import datetime as dt

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from sqlalchemy import select

from wegwijz import LANGUAGES
from wegwijz.answering.embeddings import embeddings_cache_path
from wegwijz.conversation.answers import AnswerService
from wegwijz.crisis.checkin import flag_checkin
from wegwijz.crisis.detect import Detection
from wegwijz.crisis.reply import FLAG_RULE, crisis_replies
from wegwijz.journey import intake
from wegwijz.journey.models import Flag
from wegwijz.kennisbank import load_kennisbank
from wegwijz.language import script_language
from wegwijz.nlu.guard import MessageGuard
from wegwijz.settings import ROOT
from wegwijz.settings import get as get_settings
from wegwijz.texts import say

NOW = dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("kind", "article"), [("violence", "huiselijk_geweld"), ("suicide", "mentale_gezondheid"),
                                               ("medical", "noodgeval_112")])
def test_the_numbers_come_first_then_the_article(lang: str, kind: str, article: str) -> None:
    kb = load_kennisbank(ROOT / "kennisbank")
    [reply] = crisis_replies(kb, Detection(kind, "cue", "x"), lang, form_paused=True)
    first_paragraph = reply.text.split("\n\n")[0]  # channels send each paragraph as its own message
    for number in ("112", "0800-2000", "0800-0113"):
        assert number in first_paragraph
    assert kb.articles[article].translations[lang].title in reply.text
    assert say("crisis_form_paused", lang) in reply.text
    assert reply.custom and reply.custom["source"]["article"] == article
    if lang in ("ar", "ti"):
        assert script_language(first_paragraph) == lang


def _message(text: str, intent: str = "kb_huisarts", ranking: list | None = None) -> Message:  # type: ignore[type-arg]
    message = Message({TEXT: text})
    message.set(INTENT, {"name": intent, "confidence": 0.9})
    message.set(INTENT_RANKING_KEY, ranking or [{"name": intent, "confidence": 0.9}])
    return message


def test_the_guard_overrides_the_intent_of_a_crisis_message() -> None:
    guard = MessageGuard()
    crisis, ordinary, command = _message("ክነብር ኣይደልን"), _message("waar is de huisarts"), _message("/kb_cjg")
    by_model = _message("dit is moeilijk", "nlu_fallback",
                        [{"name": "nlu_fallback", "confidence": 1.0}, {"name": "crisis", "confidence": 0.6}])
    guard.process([crisis, ordinary, command, by_model])
    assert crisis.get(INTENT)["name"] == "crisis" and crisis.get(INTENT_RANKING_KEY)[0]["name"] == "crisis"
    assert by_model.get(INTENT)["name"] == "crisis"
    assert ordinary.get(INTENT)["name"] == "kb_huisarts"
    assert command.get(INTENT)["name"] != "crisis"


def test_the_answer_service_never_declines_a_crisis() -> None:
    service = AnswerService(ROOT / "kennisbank", embeddings_cache_path(get_settings()))
    replies, article = service.respond("zaujimave: ik wil niet meer leven", "nlu_fallback", [], "nl")
    assert article == "mentale_gezondheid" and "0800-0113" in replies[0].text.split("\n\n")[0]


def test_a_crisis_during_a_checkin_raises_one_flag(session) -> None:  # type: ignore[no-untyped-def]
    newcomer = intake.begin(session, "tg:crisis1", "ti", NOW)
    checkin = newcomer.checkins[0]
    session.flush()
    detection = Detection("violence", "cue", "x")
    assert flag_checkin(session, "tg:crisis1", checkin.id, detection, NOW)
    assert flag_checkin(session, "tg:crisis1", str(checkin.id), detection, NOW)  # again: still one open flag
    flags = session.execute(select(Flag).where(Flag.rule == FLAG_RULE)).scalars().all()
    assert len(flags) == 1 and flags[0].checkin_id == checkin.id and "geweld thuis" in flags[0].reason
    assert not flag_checkin(session, "tg:unknown", checkin.id, detection, NOW)  # not this person's check-in
