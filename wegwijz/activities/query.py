"""Which activities someone asks about: a period ("this weekend") and an interest ("for children")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from wegwijz.activities.model import Activity
from wegwijz.language import normalise

# Words per period, in the four languages (folded like the messages are).
_PERIODS: dict[str, tuple[str, ...]] = {  # longest phrases first: "ሎሚ ወርሒ" is this month, not today
    "next_week": ("volgende week", "next week", "الاسبوع القادم", "الاسبوع الجاي", "ዝመጽእ ሰሙን"),
    "month": ("deze maand", "this month", "هذا الشهر", "هالشهر", "ኣብዚ ወርሒ", "ሎሚ ወርሒ"),
    "weekend": ("weekend", "zaterdag", "zondag", "saturday", "sunday", "ويكند", "عطله نهايه الاسبوع",
                "السبت", "الاحد", "ቀዳም", "ሰንበት"),
    "tomorrow": ("morgen", "tomorrow", "بكره", "بكرا", "غدا", "ጽባሕ"),
    "today": ("vandaag", "today", "tonight", "vanavond", "اليوم", "الليله", "ሎሚ", "ሎሚ ምሸት"),
}
_INTERESTS: dict[str, tuple[str, ...]] = {
    "sport": ("sport", "voetbal", "football", "zwemmen", "swimming", "رياضه", "كره", "سباحه", "ስፖርት", "ኩዕሶ"),
    "kinderen": ("kinderen", "kind", "kids", "children", "child", "family", "gezin", "اطفال", "ولاد", "ابني",
                 "بنتي", "ቆልዑ", "ውላድ", "ደቀይ"),
    "cultuur": ("cultuur", "muziek", "feest", "culture", "music", "party", "festival", "ثقافه", "موسيقى", "حفله",
                "عيد", "ባህሊ", "ሙዚቃ", "በዓል"),
    "taal": ("taal", "nederlands", "language", "dutch", "لغه", "هولندي", "ቋንቋ", "ሆላንድኛ"),
    "ontmoeten": ("ontmoeten", "mensen", "meet", "people", "friends", "vrienden", "تعارف", "اصدقاء", "ناس",
                  "ምልላይ", "ኣዕሩኽ", "ሰባት"),
    "werk": ("werk", "vrijwilliger", "work", "volunteer", "عمل", "شغل", "تطوع", "ስራሕ", "ወለንታዊ"),
}


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
    period = next((p for p, words in _PERIODS.items() if _contains(folded, words)), "week")
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
    interest = next((i for i, words in _INTERESTS.items() if _contains(folded, words)), None)
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
