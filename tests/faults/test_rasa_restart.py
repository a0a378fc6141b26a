"""The Rasa server is killed mid-intake and started again: the form continues where it was.

The tracker lives in the SQL tracker store on our database (`wegwijz.stack.tracker_store_config`),
so a new Rasa process knows the conversation.
"""

from __future__ import annotations

import uuid
from typing import Any

from tests.faults.conftest import restart_rasa
from tests.faults.test_action_server_killed import _buttons, _stored, _texts
from tests.rasa_stack import RasaStack
from wegwijz.texts import say


def test_intake_continues_after_rasa_is_killed_and_started_again(rasa_stack: RasaStack) -> None:
    sender = f"tg:fault{uuid.uuid4().hex[:8]}"
    replies: list[dict[str, Any]] = rasa_stack.talk(sender, '/choose_language{"language":"en"}')
    replies = rasa_stack.talk(sender, "/start_intake")
    assert say("journey_q_intake_consent", "en") in _texts(replies)
    replies = rasa_stack.talk(sender, _buttons(replies)[say("journey_opt_consent_yes", "en")])
    replies = rasa_stack.talk(sender, "From Eritrea, Asmara")
    assert say("journey_q_intake_languages", "en") in _texts(replies)

    restart_rasa(rasa_stack)

    tracker = rasa_stack.tracker(sender)
    assert (tracker.get("active_loop") or {}).get("name") == "intake_form"
    assert tracker["slots"]["requested_slot"] == "intake_languages"
    replies = rasa_stack.talk(sender, "Tigrinya and some English")
    text = _texts(replies)
    assert say("journey_q_intake_education", "en") in text
    assert say("journey_q_intake_consent", "en") not in text and say("journey_q_intake_background", "en") not in text
    stored = _stored(rasa_stack, sender)
    assert stored["intake_background"] == "From Eritrea, Asmara"
    assert stored["intake_languages"] == "Tigrinya and some English"
