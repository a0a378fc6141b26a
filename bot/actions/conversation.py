"""Welcome, help, language choice, thanks and goodbye."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from wegwijz import LANGUAGES
from wegwijz.conversation import replies
from wegwijz.conversation.language_turn import requested_language
from wegwijz.conversation.rasa_bridge import chosen_language, language_of, language_slot, send


class _SayAction(Action):
    """Says one catalogue text (or the welcome) in the turn's language."""

    action_name = ""
    key = ""

    def name(self) -> str:
        return self.action_name

    def build(self, lang: str) -> list[replies.Reply]:
        return replies.simple(self.key, lang)

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        lang = language_of(tracker)
        send(dispatcher, self.build(lang))
        return language_slot(lang)


class ActionGreet(_SayAction):
    """Welcome in the language of the greeting, with the language buttons."""

    action_name = "action_greet"

    def build(self, lang: str) -> list[replies.Reply]:
        return replies.welcome(lang)


class ActionStart(ActionGreet):
    """/start: begin again (the language choice is kept)."""

    action_name = "action_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        events = await super().run(dispatcher, tracker, domain)
        return events + [SlotSet("last_article", None)]


class ActionHelp(_SayAction):
    """What the assistant can do."""

    action_name = "action_help"
    key = "help"


class ActionShowLanguages(_SayAction):
    """/taal: the four language buttons."""

    action_name = "action_show_languages"

    def build(self, lang: str) -> list[replies.Reply]:
        return replies.languages_menu(lang)


class ActionGoodbye(_SayAction):
    action_name = "action_goodbye"
    key = "goodbye"


class ActionThanks(_SayAction):
    action_name = "action_thanks"
    key = "thanks_reply"


class ActionSetLanguage(Action):
    """Switch to the language of a button or of "English please"; remember it."""

    def name(self) -> str:
        return "action_set_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        wanted = next(tracker.get_latest_entity_values("language"), None)
        if wanted not in LANGUAGES:
            wanted = requested_language(tracker.latest_message.get("text"))
        if wanted not in LANGUAGES:
            lang = language_of(tracker)
            send(dispatcher, replies.languages_menu(lang))
            return language_slot(lang)
        send(dispatcher, replies.language_set(wanted))
        return chosen_language(dispatcher, wanted)
