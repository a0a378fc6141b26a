"""The newcomer's own rights in the chat: /mijngegevens, withdrawing consent, and /verwijder.

Thin actions over `wegwijz.journey.rights`; every text via `say()` in the conversation's language.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import AllSlotsReset, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.journey import JourneyAction, intent_of
from wegwijz.conversation.rasa_bridge import db_session, send
from wegwijz.conversation.replies import Reply
from wegwijz.db import session_factory, write_back
from wegwijz.journey import prompts, rights
from wegwijz.journey.answers import is_skip, read_choice
from wegwijz.journey.constants import AnswerKind
from wegwijz.journey.questions import YES_NO, Question
from wegwijz.settings import get as get_settings
from wegwijz.texts import say

log = logging.getLogger(__name__)

ERASE_ASKED_SLOT = "erase_asked_at"
ERASE_CONFIRM_SECONDS = 600
"""A "yes" counts as confirming /verwijder only within ten minutes of the question."""


class ActionMyData(JourneyAction):
    """/mijngegevens: everything stored about the newcomer, in their language."""

    action_name = "action_my_data"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> list[dict[str, Any]]:
        with db_session() as session:
            send(dispatcher, rights.describe(session, tracker.sender_id, lang))
        return []


class ActionAskErase(JourneyAction):
    """/verwijder: what erasing means, and "are you sure?"."""

    action_name = "action_ask_erase"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> list[dict[str, Any]]:
        send(dispatcher, [prompts.yes_no(say("journey_erase_question", lang), lang,
                                         "journey_erase_yes_button", "journey_erase_no_button")])
        return [SlotSet(ERASE_ASKED_SLOT, time.time())]


_YES_NO_QUESTION = Question("erase_confirmation", AnswerKind.CHOICE, YES_NO, consent=None, skippable=False)
"""A typed "ja" / "نعم" / "እወ" confirms the erasure too."""


PURGE_THREAD_PREFIX = "tracker-purge:"


def _purge_tracker_later(sender_id: str) -> None:
    """Delete this conversation's tracker events once Rasa has stored the current turn."""
    factory = session_factory(get_settings().database_url)

    def purge() -> None:
        try:
            rights.finish_tracker_purge(factory, sender_id)
        except Exception:  # noqa: BLE001 - the scheduler finishes what is left (rights.purge_left_behind)
            log.exception("tracker purge failed; the scheduler will finish it")

    threading.Thread(target=purge, name=PURGE_THREAD_PREFIX + sender_id, daemon=True).start()


class ActionJourneyChoice(JourneyAction):
    """A yes/no or skip outside a form: the answer to "delete everything?", or a kind "which question?"."""

    action_name = "action_journey_choice"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> list[dict[str, Any]]:
        asked_at = tracker.get_slot(ERASE_ASKED_SLOT)
        if asked_at is None or time.time() - float(asked_at) > ERASE_CONFIRM_SECONDS or \
                is_skip(tracker.latest_message.get("text"), intent_of(tracker)):
            send(dispatcher, [Reply(say("journey_no_question_open", lang))])
            return []
        choice = next(tracker.get_latest_entity_values("choice"), None)
        answer = choice or read_choice(_YES_NO_QUESTION, tracker.latest_message.get("text") or "")
        if answer != "yes":
            send(dispatcher, [Reply(say("journey_erase_cancelled", lang))])
            return [SlotSet(ERASE_ASKED_SLOT, None)]
        with db_session() as session:
            rights.erase(session, tracker.sender_id, during_turn=True)
            session.commit()
            write_back(session)
        _purge_tracker_later(tracker.sender_id)
        send(dispatcher, [Reply(say("journey_erased", lang))])
        return [AllSlotsReset()]


class ActionWithdrawConsent(JourneyAction):
    """Withdraw consent: no more check-ins, no new answers stored."""

    action_name = "action_withdraw_consent"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> list[dict[str, Any]]:
        with db_session() as session:
            withdrawn = rights.withdraw(session, tracker.sender_id)
            session.commit()
        key = "journey_consent_withdrawn" if withdrawn else "journey_consent_nothing_to_withdraw"
        send(dispatcher, [Reply(say(key, lang))])
        return [SlotSet("intake_consent", None), SlotSet("intake_care_consent", None)]
