"""End to end over REST through the real Rasa and action servers, with the project's own model (no intent of
its own for read-aloud): the 🔊 button appears only once a language is switched on, and pressing it replies
with the voice payload of that article."""

from __future__ import annotations

import uuid
from typing import Any

from wegwijz import db
from wegwijz.voice import switch


def _payloads(replies: list[dict[str, Any]]) -> list[str]:
    return [b["payload"] for r in replies for b in r.get("buttons", [])]


def test_the_button_follows_the_setting_and_pressing_it_gives_the_voice(rasa_stack) -> None:  # type: ignore[no-untyped-def]
    sender, meta = f"web:e2evoice{uuid.uuid4().hex[:10]}", {"language": "nl"}
    off = rasa_stack.talk(sender, "/kb_huisarts", metadata=meta, timeout=600)
    assert "/feedback_yes" in _payloads(off) and not any(p.startswith("/voorlezen") for p in _payloads(off))
    with db.session_factory(rasa_stack.database_url)() as session:
        switch.switch(session, "nl", True, "redacteur.bram")
        session.commit()
    on = rasa_stack.talk(sender, "/kb_huisarts", metadata=meta)
    assert "/voorlezen huisarts" in _payloads(on), on
    pressed = rasa_stack.talk(sender, "/voorlezen huisarts", metadata=meta)
    voices = [r["custom"]["voice"] for r in pressed if "voice" in (r.get("custom") or {})]
    assert len(voices) == 1 and voices[0]["article"] == "huisarts" and voices[0]["lang"] == "nl", pressed
    typed = rasa_stack.talk(sender, "voorlezen", metadata=meta)  # a typed /voorlezen arrives without its slash
    assert [r["custom"]["voice"] for r in typed if "voice" in (r.get("custom") or {})] == voices
    with db.session_factory(rasa_stack.database_url)() as session:
        switch.switch(session, "nl", False, "redacteur.bram")
        session.commit()
    assert not any(p.startswith("/voorlezen") for p in _payloads(rasa_stack.talk(sender, "/kb_huisarts",
                                                                                   metadata=meta)))
