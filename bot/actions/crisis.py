"""Crisis first: the emergency guidance at once, in any dialogue state."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from wegwijz.conversation.rasa_bridge import answer_service, db_session, language_of, language_slot, send
from wegwijz.crisis import detect
from wegwijz.crisis.checkin import flag_checkin
from wegwijz.crisis.reply import crisis_replies

FORMS = ("intake_form", "checkin_form")


class ActionCrisis(Action):
    """Emergency numbers and the matching kennisbank article; a flag when a check-in is open."""

    def name(self) -> str:
        return "action_crisis"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        lang = language_of(tracker)
        loop = (tracker.active_loop or {}).get("name")
        detection = detect(tracker.latest_message.get("text"))
        told = False
        if loop == "checkin_form":
            with db_session() as session:
                told = flag_checkin(session, tracker.sender_id, tracker.get_slot("checkin_id"), detection)
                session.commit()
        kb, _ = answer_service().current()
        send(dispatcher, crisis_replies(kb, detection, lang, form_paused=loop in FORMS, caseworker_told=told))
        return language_slot(lang)
