"""Showing tips: only approved, in the person's language, marked when unchecked, never the giver, not twice."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from tests.tips.known import NOW, approved_tip, shared_tip
from wegwijz.conversation.replies import Reply
from wegwijz.texts import say
from wegwijz.tips import review, showing
from wegwijz.tips.models import TextStatus, Tip

ANSWER = [Reply("**Huisarts**\n\n...", custom={"source": {"article": "huisarts"}})]


def _bot(reply: Reply) -> dict[str, Any]:
    return {"event": "bot", "text": reply.text, "data": {"custom": reply.custom}}


def test_a_tip_after_an_answer_on_its_topic_in_the_persons_language(session: Session) -> None:
    tip = approved_tip(session, "tg:601", "nl", "Schrijf je meteen in bij een huisarts, ook als je niet ziek bent.",
                       "gezondheid", {"en": "Register with a huisarts right away, even if you are not ill.",
                                      "ar": "سجّل عند huisarts فوراً، حتى لو لم تكن مريضاً."}, reviewed={"en"})
    shared_tip(session, "tg:602", "nl", "Dit wacht nog op een redacteur")  # never shown: not approved
    nl = showing.after_answer(session, ANSWER, "gezondheid", "nl", [])
    assert nl is not None and nl.text == (say("tips_after_answer", "nl")
                                          + "\n\n«Schrijf je meteen in bij een huisarts, ook als je niet ziek bent.»")
    assert nl.custom == {"tip": {"id": tip.id, "lang": "nl", "status": "source"}}
    en = showing.after_answer(session, ANSWER, "gezondheid", "en", [])
    assert en is not None and "machine" not in str(en.custom) and say("machine_translation", "en") not in en.text
    ar = showing.after_answer(session, ANSWER, "gezondheid", "ar", [])
    assert ar is not None and ar.text.endswith("_" + say("machine_translation", "ar") + "_")
    assert ar.custom["tip"]["status"] == TextStatus.MACHINE
    assert showing.after_answer(session, ANSWER, "gezondheid", "ti", []) is None, "no Tigrinya text: nothing"
    assert showing.after_answer(session, ANSWER, "wonen", "nl", []) is None, "another topic: nothing"
    assert showing.after_answer(session, ANSWER, "gezondheid", "nl", [_bot(nl)]) is None, "not twice"
    crisis = [Reply("Bel 112", custom={"crisis": {"kind": "medical"}})]
    assert showing.after_answer(session, crisis, "gezondheid", "nl", []) is None
    session.commit()
    session.expire_all()
    assert session.get(Tip, tip.id).shown_count == 3


def test_a_changed_source_outdates_its_translations_until_checked_again(session: Session) -> None:
    tip = approved_tip(session, "tg:603", "en", "Learn Dutch early.", "taal", {"nl": "Leer snel Nederlands."},
                       reviewed={"nl"})
    review.approve(session, tip, "taal", {"en": "Learn Dutch early, at the library.", "nl": "Leer snel Nederlands."},
                   set(), "redacteur.bram", NOW)
    session.commit()
    assert tip.status_of("nl") == TextStatus.OUTDATED and tip.status_of("en") == TextStatus.SOURCE
    assert showing.after_answer(session, ANSWER, "taal", "nl", []) is None, "an outdated translation is not shown"
    review.approve(session, tip, "taal", {"en": "Learn Dutch early, at the library.",
                                          "nl": "Leer snel Nederlands, in de bibliotheek."},
                   {"nl"}, "redacteur.bram", NOW)
    session.commit()
    assert tip.status_of("nl") == TextStatus.REVIEWED
    assert showing.after_answer(session, ANSWER, "taal", "nl", []) is not None


def test_tips_on_request_topic_first_then_others_and_a_kind_word_when_none(session: Session) -> None:
    assert showing.respond(session, "web:x", "tips", [], "ti", None, NOW) == [Reply(say("tips_none", "ti"))]
    work = approved_tip(session, "tg:604", "ti", "ቀልጢፍኩም ስራሕ ድለዩ", "werk")
    home = approved_tip(session, "tg:605", "ti", "ገዛኹም ጽሩይ ሓዙ", "wonen")
    replies = showing.respond(session, "web:x", "ምኽሪ", [], "ti", "wonen", NOW)
    assert replies is not None and replies[0].text == say("tips_on_request", "ti")
    assert [r.custom["tip"]["id"] for r in replies[1:]] == [home.id, work.id]  # type: ignore[index]
    assert all("tg:60" not in r.text for r in replies), "the giver is never shown"
    events = [_bot(r) for r in replies]
    assert showing.respond(session, "web:x", "/tips", events, "ti", None, NOW) == [Reply(say("tips_none_left", "ti"))]
    assert showing.respond(session, "web:x", "waar is de huisarts", [], "nl", None, NOW) is None


def test_the_message_guard_sends_the_plain_words_to_the_answer_action() -> None:
    from rasa.shared.nlu.training_data.message import Message

    from wegwijz.nlu.guard import MessageGuard

    messages = [Message(data={"text": t}) for t in ("tips", "نصائح", "ምኽሪ", "waar is de huisarts")]
    MessageGuard().process(messages)
    intents = [(m.get("intent") or {}).get("name") for m in messages]
    assert intents == ["nlu_fallback", "nlu_fallback", "nlu_fallback", None]


def test_the_message_guard_greets_a_lone_greeting_in_every_language() -> None:
    import yaml
    from rasa.shared.nlu.training_data.message import Message

    from wegwijz.contract.commands import GREETINGS
    from wegwijz.nlu.guard import MessageGuard
    from wegwijz.settings import ROOT

    texts = ("Good morning!", "ሰላም", "السلام عليكم", "hallo", "hi there, where is the huisarts")
    messages = [Message(data={"text": t}) for t in texts]
    MessageGuard().process(messages)
    intents = [(m.get("intent") or {}).get("name") for m in messages]
    assert intents == ["greet", "greet", "greet", "greet", None]
    nlu = yaml.safe_load((ROOT / "bot" / "data" / "nlu" / "conversation.yml").read_text(encoding="utf-8"))
    greet = next(b for b in nlu["nlu"] if b.get("intent") == "greet")
    examples = {line[2:].strip().casefold() for line in greet["examples"].splitlines() if line.startswith("- ")}
    assert examples >= GREETINGS  # one set of greetings: each is taught to the model too
