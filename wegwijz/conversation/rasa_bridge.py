"""The small layer between Rasa SDK actions and `wegwijz.conversation`."""

from __future__ import annotations

import asyncio
import contextvars
import functools
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from wegwijz.activities.model import Activity, load_activities
from wegwijz.answering.embeddings import embeddings_cache_path
from wegwijz.contract import languages
from wegwijz.conversation.answers import AnswerService
from wegwijz.conversation.replies import Reply
from wegwijz.db import session_factory
from wegwijz.language import decide_language
from wegwijz.settings import get as get_settings

T = TypeVar("T")

ANSWER_THREADS_ENV = "WEGWIJZ_ANSWER_THREADS"
"""How many questions the action server answers at the same time, off its event loop (default 2)."""


@functools.lru_cache(maxsize=1)
def _answer_threads() -> ThreadPoolExecutor:
    # Two by default, each embedding on one core (the action server sets OMP_NUM_THREADS=1): measured
    # with wegwijz/benchmark/turns.py on two cores, better than one thread whose embedding spreads over both.
    workers = max(1, int(os.environ.get(ANSWER_THREADS_ENV, "2")))
    return ThreadPoolExecutor(max_workers=workers, thread_name_prefix="answer")


async def off_the_loop(func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`func(*args, **kwargs)` in the answer threads, so the event loop serves other turns meanwhile.

    For the CPU work of a turn (embedding the question, BM25, the matcher): the action server would
    otherwise answer one turn at a time, even a greeting waiting behind a question.
    """
    call = functools.partial(contextvars.copy_context().run, func, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(_answer_threads(), call)


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


def decided_language(tracker: Tracker) -> str | None:
    """The language the gateway decided for the latest message (its REST `metadata`), if it sent one."""
    return languages.from_metadata((tracker.latest_message or {}).get("metadata"))


def stored_language(session: Any, sender_id: str) -> str | None:
    """The language the gateway keeps for this chat (for a turn it did not start: a check-in)."""
    from wegwijz.channels import contacts
    from wegwijz.channels.models import ChannelContact

    return contacts.known_language(session.get(ChannelContact, sender_id))


def language_of(tracker: Tracker) -> str:
    """The language to answer the latest message in: the one the gateway decided for it.

    Rasa's REST channel stores the request's `metadata` on the user event, and the action server
    receives it in `latest_message["metadata"]`. A message without it (an intent triggered by the
    check-in scheduler, an operator's own REST call) is decided here, the same way, from the slots.
    """
    decided = decided_language(tracker)
    if decided:
        return decided
    return decide_language(
        tracker.latest_message.get("text"),
        chosen=tracker.get_slot("chosen_language"),
        previous=tracker.get_slot("language"),
    ).language


def chosen_language(dispatcher: CollectingDispatcher, lang: str) -> list[dict[str, Any]]:
    """The person chose `lang` explicitly: remember it, and tell the gateway in the reply."""
    dispatcher.utter_message(json_message=languages.choice_reply(lang))
    return [SlotSet("chosen_language", lang), SlotSet("language", lang)]


def send(dispatcher: CollectingDispatcher, replies: list[Reply]) -> None:
    """Send replies through Rasa's dispatcher."""
    for reply in replies:
        dispatcher.utter_message(**reply.as_message())


def language_slot(lang: str) -> list[dict[str, Any]]:
    """The event that remembers the conversation's language."""
    return [SlotSet("language", lang)]
