"""Activity answers in the person's language."""

from __future__ import annotations

import datetime as dt

from wegwijz.activities.model import Activity
from wegwijz.activities.query import ActivityQuestion, find, upcoming
from wegwijz.conversation.replies import Reply
from wegwijz.texts import say


def _day(day: dt.date, lang: str) -> str:
    return f"{say(f'weekday_{day.weekday()}', lang)} {day.day}-{day.month}-{day.year}"


def _line(day: dt.date, activity: Activity, lang: str) -> str:
    t = {field: texts[lang] for field, texts in activity.texts.items()}
    return say("activity_line", lang, day=_day(day, lang), **t)


def activity_replies(activities: list[Activity], question: ActivityQuestion, lang: str, today: dt.date) \
        -> list[Reply]:
    """The activities asked about, or the next ones, or an honest "none" with where to look."""
    period = say(f"period_{question.period}", lang)
    found = find(activities, question)[:5]
    if found:
        text = say("activities_found", lang, period=period) + "\n\n" + "\n\n".join(
            _line(day, a, lang) for day, a in found)
        return [Reply(text, custom={"activities": [a.id for _, a in found]})]
    text = say("activities_none", lang, period=period)
    later = upcoming(activities, question.end + dt.timedelta(days=1), question.interest)
    if later:
        text += "\n\n" + say("activities_later", lang) + "\n\n" + "\n\n".join(_line(d, a, lang) for d, a in later)
    return [Reply(text, custom={"activities": [a.id for _, a in later]})]
