"""Answering a free question from the kennisbank, in the person's language."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from wegwijz.answering.matcher import Decision, Matcher, matcher_for
from wegwijz.conversation.replies import Button, Reply, fallback, simple
from wegwijz.crisis import KIND_ARTICLE, detect
from wegwijz.crisis.reply import crisis_replies, unsure_replies
from wegwijz.kennisbank import Kennisbank, TranslationStatus, load_kennisbank
from wegwijz.kennisbank.model import Article
from wegwijz.kennisbank.source_line import source_line
from wegwijz.language.normalise import clean_input, has_words
from wegwijz.texts import say

LONG_MESSAGE = 1000
"""Messages longer than this are matched on the part that asks (see `question_part`), and the reply says so."""
_SENTENCE_END = re.compile(r"(?<=[.!?؟።፧\n])\s+")
_ASKS = re.compile(r"[?؟፧]")


def question_part(text: str, limit: int = LONG_MESSAGE) -> str:
    """The part of a long message that asks: its sentences with a question mark (Latin, Arabic or
    Ethiopic), else its last sentences — a long story usually ends with the question."""
    if len(text) <= limit:
        return text
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    asking = [s for s in sentences if _ASKS.search(s)] or sentences[-2:]
    part = " ".join(asking)
    return part[-limit:] if len(part) > limit else part


def answer_replies(article: Article, lang: str) -> list[Reply]:
    """The article in `lang`, with its source payload, feedback buttons and, for
    unchecked translations, a note and a button to see the Dutch original."""
    translation = article.translations[lang]
    status = article.status(lang)
    text = f"**{translation.title}**\n\n{translation.body}"
    text += f"\n\n{line}" if (line := source_line(article, lang)) else ""
    if status is TranslationStatus.MACHINE:
        text += "\n\n_" + say("machine_translation", lang) + "_"
    elif status is TranslationStatus.OUTDATED:
        text += "\n\n_" + say("outdated_translation", lang) + "_"
    text += "\n\n" + say("feedback_question", lang)
    buttons = [Button(say("feedback_yes", lang), "/feedback_yes"), Button(say("feedback_no", lang), "/feedback_no")]
    if lang != "nl":
        buttons.append(Button(say("show_original", lang), "/show_original"))
    source = {"source": {"article": article.id, "lang": lang, "status": status.value}}
    return [Reply(text, tuple(buttons), custom=source)]


def original_replies(article: Article, lang: str) -> list[Reply]:
    """The Dutch source text of an article, introduced in the person's language."""
    nl = article.translations["nl"]
    text = f"{say('original_intro', lang)}\n\n**{nl.title}**\n\n{nl.body}"
    return [Reply(text, custom={"source": {"article": article.id, "lang": "nl", "status": "source"}})]


def suggestion_replies(kb: Kennisbank, candidates: Iterable[tuple[str, float]], lang: str) -> list[Reply]:
    """"Did you mean…?" with the likeliest articles as buttons."""
    buttons = [
        Button(kb.articles[a].translations[lang].title, f"/kb_{a}") for a, _ in candidates if a in kb.articles
    ]
    buttons.append(Button(say("none_of_these", lang), "/none_of_these"))
    return [Reply(say("did_you_mean", lang), tuple(buttons),
                  custom={"suggestions": [a for a, _ in candidates]})]


class AnswerService:
    """Holds the kennisbank and the matcher; reloads both when an article file changes.

    Changing an answer's text is live within a few seconds, without retraining.
    """

    def __init__(self, kennisbank_dir: Path, cache_path: Path | None, check_every: float = 2.0):
        self.kennisbank_dir = kennisbank_dir
        self.cache_path = cache_path
        self.check_every = check_every
        self._lock = threading.Lock()
        self._stamp: tuple[int, float] | None = None
        self._checked = 0.0
        self._kb: Kennisbank | None = None
        self._matcher: Matcher | None = None

    def _files_stamp(self) -> tuple[int, float]:
        files = list((self.kennisbank_dir / "articles").glob("*/*.md"))
        return len(files), max((f.stat().st_mtime for f in files), default=0.0)

    def current(self) -> tuple[Kennisbank, Matcher]:
        """The kennisbank and matcher, reloaded if the files changed since last look."""
        with self._lock:
            now = time.monotonic()
            if self._kb is None or now - self._checked >= self.check_every:
                self._checked = now
                stamp = self._files_stamp()
                if stamp != self._stamp or self._kb is None:
                    kb = load_kennisbank(self.kennisbank_dir)
                    self._matcher = matcher_for(self.kennisbank_dir, kb, self.cache_path)
                    self._kb, self._stamp = kb, stamp
            assert self._kb is not None and self._matcher is not None
            return self._kb, self._matcher

    def respond(
        self,
        text: str | None,
        intent: str | None,
        intent_ranking: Iterable[dict[str, Any]],
        lang: str,
        previous: str | None = None,
    ) -> tuple[list[Reply], str | None]:
        """Replies for a question and the article answered (None when not answered).

        Args:
            text: the message as received.
            intent: Rasa's top intent for it.
            intent_ranking: Rasa's ranking (the model's view of each article).
            lang: the language to answer in.
            previous: the article answered just before, so a short follow-up stays on its topic.
        """
        kb, matcher = self.current()
        text = clean_input(text)
        if intent == "none_of_these":
            return fallback(lang), None
        if not has_words(text):
            return fallback(lang, "no_text"), None
        if text.startswith("/"):
            article = kb.by_intent(intent or "")
            if article is not None:  # a "did you mean" button
                return answer_replies(article, lang), article.id
            return fallback(lang, "unknown_command"), None
        prefix: list[Reply] = simple("long_message", lang) if len(text) > LONG_MESSAGE else []
        detection = detect(text)
        if detection is not None and detection.sure:  # the guard routes these elsewhere; this is the safety net
            return crisis_replies(kb, detection, lang), KIND_ARTICLE[detection.kind]
        if detection is not None:  # unsure: the emergency numbers first, then the answer
            prefix = unsure_replies(detection, lang) + prefix
        match = matcher.decide(question_part(text), intent_ranking, previous)
        if match.decision is Decision.ANSWER and match.article:
            return prefix + answer_replies(kb.articles[match.article], lang), match.article
        if match.decision is Decision.SUGGEST:
            return prefix + suggestion_replies(kb, match.candidates, lang), None
        key = "out_of_scope" if intent == "out_of_scope" else "fallback"
        return prefix + fallback(lang, key), None
