"""Answers from the kennisbank, the Dutch original, and 👍/👎 feedback."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from wegwijz.conversation import chat_link, replies
from wegwijz.conversation.answers import original_replies
from wegwijz.conversation.rasa_bridge import (
    answer_service,
    db_session,
    language_of,
    language_slot,
    off_the_loop,
    send,
)
from wegwijz.digest import chat as weekly_news
from wegwijz.humanhelp import asking as ask_person
from wegwijz.kennisbank import feedback
from wegwijz.partners import sharing
from wegwijz.tips import showing as tips
from wegwijz.voice import chat as read_aloud


def _answered_just_before(tracker: Tracker) -> str | None:
    """The article of the previous turn's answer, when the turn before this message was an answer."""
    seen_this_message = False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            if seen_this_message:
                return None  # an earlier question with no answer after it
            seen_this_message = True
        elif kind == "action" and seen_this_message and event.get("name") not in ("action_listen", None):
            return tracker.get_slot("last_article") if event.get("name") == "action_answer" else None
    return None


def _topic_of(article_id: str | None) -> str | None:
    """The kennisbank topic of an article (tips are chosen by topic)."""
    article = answer_service().current()[0].articles.get(article_id or "")
    return str(article.topic) if article else None


class ActionAnswer(Action):
    """Answer a question, offer "did you mean…?", or decline honestly."""

    def name(self) -> str:
        return "action_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        lang = language_of(tracker)
        message = tracker.latest_message
        link_reply = chat_link.reply_to_code(tracker.sender_id, message.get("text"), lang)
        if link_reply is not None:
            send(dispatcher, link_reply)
            return language_slot(lang)
        # Read aloud (the 🔊 button, /voorlezen): a voice message of a kennisbank article, nothing else.
        voice_reply = read_aloud.in_chat(db_session, message.get("text"), tracker.get_slot("last_article"), lang)
        if voice_reply is not None:
            send(dispatcher, voice_reply)
            return language_slot(lang)
        # Sharing with partners (/delen and its buttons) arrives here as an unknown command.
        share_reply = sharing.in_chat(db_session, tracker.sender_id, message.get("text"), lang)
        if share_reply is not None:
            send(dispatcher, share_reply)
            return language_slot(lang)
        # The weekly message (/nieuws and its buttons) arrives here as an unknown command or a question, like /mens.
        news_reply = weekly_news.in_chat(db_session, tracker.sender_id, message.get("text"), lang)
        if news_reply is not None:
            send(dispatcher, news_reply)
            return language_slot(lang)
        # "Ask a person" (/mens, its buttons, plain words) arrives here as an unknown command or a question.
        person_reply = ask_person.in_chat(db_session, tracker.sender_id, message.get("text"), tracker.events, lang)
        if person_reply is not None:
            send(dispatcher, person_reply)
            return language_slot(lang)
        # Tips (/tips, plain words, the buttons that share a tip) arrive here the same way.
        tips_reply = tips.in_chat(db_session, tracker.sender_id, message.get("text"), tracker.events, lang,
                                  _topic_of(tracker.get_slot("last_article")))
        if tips_reply is not None:
            send(dispatcher, tips_reply)
            return language_slot(lang)
        answer, article = await off_the_loop(  # embedding and matching: CPU work, not on the event loop
            answer_service().respond,
            message.get("text"),
            (message.get("intent") or {}).get("name"),
            message.get("intent_ranking") or [],
            lang,
            previous=_answered_just_before(tracker),
        )
        replies = ask_person.offer_person(answer, lang)
        if article:  # 🔊 under the answer, only in a language an editor has listened to and switched on
            replies = read_aloud.offer_voice(replies, lang, read_aloud.enabled_now(db_session))
        tip = tips.in_chat_after_answer(db_session, replies, _topic_of(article), lang, tracker.events)
        send(dispatcher, [*replies, tip] if tip else replies)
        events = language_slot(lang)
        if article:
            events.append(SlotSet("last_article", article))
        return events


class ActionShowOriginal(Action):
    """Show the Dutch source of the last answer."""

    def name(self) -> str:
        return "action_show_original"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        lang = language_of(tracker)
        kb, _ = answer_service().current()
        article = kb.articles.get(tracker.get_slot("last_article") or "")
        send(dispatcher, original_replies(article, lang) if article else replies.simple("nothing_to_show", lang))
        return language_slot(lang)


class ActionFeedback(Action):
    """Record 👍/👎 for the last answer (article and language, no person)."""

    def name(self) -> str:
        return "action_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        lang = language_of(tracker)
        helpful = tracker.get_intent_of_latest_message() == "feedback_yes"
        article = tracker.get_slot("last_article")
        if article:
            with db_session() as session:
                feedback.record(session, article, lang, helpful)
                session.commit()
        send(dispatcher, replies.simple("feedback_thanks_yes" if helpful else "feedback_thanks_no", lang))
        return language_slot(lang)
