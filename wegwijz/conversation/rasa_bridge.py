"""The small layer between Rasa SDK actions and `wegwijz.conversation`."""

from __future__ import annotations

import functools
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from wegwijz.activities.model import Activity, load_activities
from wegwijz.answering.embeddings import embeddings_cache_path
from wegwijz.conversation.answers import AnswerService
from wegwijz.conversation.language_turn import turn_language
from wegwijz.conversation.replies import Reply
from wegwijz.db import session_factory
from wegwijz.settings import get as get_settings


@functools.lru_cache(maxsize=1)
def answer_service() -> AnswerService:
    """The process-wide answer service, made on first use."""
    settings = get_settings()
    return AnswerService(settings.kennisbank_dir, embeddings_cache_path(settings))


def activities() -> list[Activity]:
    """The activities, read fresh (a handful of small files; editors' changes are live at once)."""
    return load_activities(get_settings().kennisbank_dir)


def db_session() -> Any:
    """A new database session (the caller closes it)."""
    return session_factory(get_settings().database_url)()


def language_of(tracker: Tracker) -> str:
    """The language to answer the latest message in."""
    return turn_language(
        tracker.latest_message.get("text"),
        chosen=tracker.get_slot("chosen_language"),
        previous=tracker.get_slot("language"),
    )


def send(dispatcher: CollectingDispatcher, replies: list[Reply]) -> None:
    """Send replies through Rasa's dispatcher."""
    for reply in replies:
        dispatcher.utter_message(**reply.as_message())


def language_slot(lang: str) -> list[dict[str, Any]]:
    """The event that remembers the conversation's language."""
    return [SlotSet("language", lang)]
