"""Replies: text, buttons and the custom payload a client may show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wegwijz import LANGUAGES
from wegwijz.texts import LANGUAGE_NAMES, say


@dataclass(frozen=True)
class Button:
    """A button: what it shows and what it sends back."""

    title: str
    payload: str

    def as_dict(self) -> dict[str, str]:
        """The Rasa form of the button."""
        return {"title": self.title, "payload": self.payload}


@dataclass(frozen=True)
class Reply:
    """One message from the assistant."""

    text: str
    buttons: tuple[Button, ...] = ()
    custom: dict[str, Any] | None = None

    def as_message(self) -> dict[str, Any]:
        """Keyword arguments for `CollectingDispatcher.utter_message`."""
        message: dict[str, Any] = {"text": self.text}
        if self.buttons:
            message["buttons"] = [b.as_dict() for b in self.buttons]
        if self.custom is not None:
            message["json_message"] = self.custom
        return message


def language_buttons() -> tuple[Button, ...]:
    """One button per language, each named in its own language."""
    return tuple(
        Button(LANGUAGE_NAMES[lang], f'/choose_language{{"language":"{lang}"}}') for lang in LANGUAGES
    )


def welcome(lang: str) -> list[Reply]:
    """The welcome with the four language buttons."""
    return [Reply(say("welcome", lang), language_buttons())]


def language_set(lang: str) -> list[Reply]:
    """Confirm the chosen language and offer the startgesprek (the intake) as a button."""
    return [Reply(say("language_set", lang), (Button(say("intake_offer", lang), "/start_intake"),))]


def languages_menu(lang: str) -> list[Reply]:
    """The language buttons on their own (for /taal)."""
    return [Reply(say("choose_language", lang), language_buttons())]


def simple(key: str, lang: str) -> list[Reply]:
    """A single text from the catalogue."""
    return [Reply(say(key, lang))]


def fallback(lang: str, key: str = "fallback") -> list[Reply]:
    """An honest "I don't know" with a human contact, marked as a fallback for clients."""
    return [Reply(say(key, lang), custom={"fallback": True})]
