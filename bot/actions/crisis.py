"""Crisis first: the emergency guidance at once, in any dialogue state."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from wegwijz.conversation.rasa_bridge import answer_service, db_session, language_of, language_slot, off_the_loop, send
from wegwijz.crisis import CRISIS_INTENT, detect
from wegwijz.crisis.checkin import flag_checkin
from wegwijz.crisis.reply import crisis_replies
from wegwijz.humanhelp import asking as ask_person

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
        message = tracker.latest_message
        detection = detect(message.get("text"))
        if detection is not None and not detection.sure and loop not in FORMS:
            # Only the classifier, unsure: the numbers first, then the answer to what was asked.
            ranking = [i for i in message.get("intent_ranking") or [] if i.get("name") != CRISIS_INTENT]
            answer, article = await off_the_loop(answer_service().respond, message.get("text"),
                                                 ranking[0].get("name") if ranking else None, ranking, lang)
            send(dispatcher, ask_person.offer_person(answer, lang))
            return language_slot(lang) + ([SlotSet("last_article", article)] if article else [])
        told = False
        if loop == "checkin_form":
            with db_session() as session:
                told = flag_checkin(session, tracker.sender_id, tracker.get_slot("checkin_id"), detection)
                session.commit()
        kb, _ = answer_service().current()
        send(dispatcher, crisis_replies(kb, detection, lang, form_paused=loop in FORMS, caseworker_told=told))
        return language_slot(lang)
