"""Which activities someone asks about: a period ("this weekend") and an interest ("for children")."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from wegwijz.activities.model import Activity
from wegwijz.contract import languages
from wegwijz.language import normalise
from wegwijz.texts import words

PERIODS = ("next_week", "month", "weekend", "tomorrow", "today")
"""The periods a question can name, in the order they are looked for: longest phrases first ("ሎሚ ወርሒ" is
this month, not today). Their words, per language, are `activities_period_<period>` in `words.yml`."""
INTERESTS = ("sport", "kinderen", "cultuur", "taal", "ontmoeten", "werk")
"""The interests a question can name (the activities' `interests` codes), in the order they are looked for.
Their words, per language, are `activities_interest_<interest>` in `words.yml`."""


def _all_languages(key: str) -> tuple[str, ...]:
    # A question is matched against every language's words: people mix them ("activiteiten ሎሚ").
    return tuple(word for code in languages.CODES for word in words(key, code))


@functools.lru_cache(maxsize=1)
def _periods() -> dict[str, tuple[str, ...]]:
    return {period: _all_languages(f"activities_period_{period}") for period in PERIODS}


@functools.lru_cache(maxsize=1)
def _interests() -> dict[str, tuple[str, ...]]:
    return {interest: _all_languages(f"activities_interest_{interest}") for interest in INTERESTS}


@dataclass(frozen=True)
class ActivityQuestion:
    """The period and interest a question asks about."""

    period: str  # today, tomorrow, weekend, week, next_week, month
    start: dt.date
    end: dt.date
    interest: str | None


def _contains(text: str, words: tuple[str, ...]) -> bool:
    padded = f" {text} "
    # Whole words, or inside a word for longer ones and for Ge'ez/Arabic words that take prefixes ("ንቆልዑ").
    return any(f" {normalise(w)} " in padded or ((len(w) > 4 or not w.isascii()) and len(w) >= 3
                                                 and normalise(w) in text) for w in words)


def read_question(text: str, today: dt.date) -> ActivityQuestion:
    """The period (default: the coming seven days) and interest in a question."""
    folded = " ".join(normalise(text).replace("?", " ").replace(",", " ").split())
    period = next((p for p, words in _periods().items() if _contains(folded, words)), "week")
    if period == "today":
        start = end = today
    elif period == "tomorrow":
        start = end = today + dt.timedelta(days=1)
    elif period == "weekend":
        start = today + dt.timedelta(days=(5 - today.weekday()) % 7) if today.weekday() < 5 else today
        end = start + dt.timedelta(days=6 - start.weekday())
    elif period == "next_week":
        start = today + dt.timedelta(days=7 - today.weekday())
        end = start + dt.timedelta(days=6)
    elif period == "month":
        start, end = today, today + dt.timedelta(days=30)
    else:
        start, end = today, today + dt.timedelta(days=6)
    interest = next((i for i, words in _interests().items() if _contains(folded, words)), None)
    return ActivityQuestion(period, start, end, interest)


def find(activities: list[Activity], question: ActivityQuestion) -> list[tuple[dt.date, Activity]]:
    """Published activities in the period (and of the interest, if one was named), by date."""
    found = []
    for activity in activities:
        if not activity.published:
            continue
        if question.interest and question.interest not in activity.interests:
            continue
        for day in activity.occurrences(question.start, question.end):
            found.append((day, activity))
    return sorted(found, key=lambda pair: (pair[0], pair[1].id))


def upcoming(activities: list[Activity], today: dt.date, interest: str | None, limit: int = 3) \
        -> list[tuple[dt.date, Activity]]:
    """The next published activities within a year, when nothing falls in the asked period."""
    question = ActivityQuestion("year", today, today + dt.timedelta(days=365), interest)
    return find(activities, question)[:limit]
