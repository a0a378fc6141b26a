"""What can I do this week? Activities by date and interest."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from wegwijz.activities.query import read_question
from wegwijz.activities.replies import activity_replies
from wegwijz.conversation.rasa_bridge import activities, language_of, language_slot, send


class ActionActivities(Action):
    """List the activities in the period and of the interest someone asks about."""

    def name(self) -> str:
        return "action_activities"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        lang = language_of(tracker)
        today = dt.date.today()
        question = read_question(tracker.latest_message.get("text") or "", today)
        send(dispatcher, activity_replies(activities(), question, lang, today))
        return language_slot(lang)
