"""One policy for typed commands on every channel: the registry in `wegwijz.contract.commands`."""

from __future__ import annotations

import pytest

from wegwijz.channels.constants import COMMANDS
from wegwijz.contract import commands
from wegwijz.contract.commands import for_rasa


@pytest.mark.parametrize(("typed", "expected"), [
    ("/start", "/start"),
    ("/Taal", "/taal"),
    ("/help@WegwijzBot", "/help"),
    ("/start deeplink-code", "/start"),
    ("/verwijder", "/verwijder"),
    ("/intake", "/start_intake"),
    ("/startgesprek", "/start_intake"),
    ("/لغة", "/taal"),
    ("/ቋንቋ", "/taal"),
    ("/بياناتي", "/mijngegevens"),
    ("/ደምስስ", "/verwijder"),
    ("/language", "/taal"),
    ("/restart", "/start"),
    ("  /mydata  ", "/mijngegevens"),
    ('/choose_language{"language":"ar"}', 'choose_language{"language":"ar"}'),
    ('/mijngegevens{"x":1}', "/mijngegevens"),
    ("/give_consent", "/help"),  # an unknown command: the list of commands, never the intent
    ("/onbekend", "/help"),
    ("/start_checkin", "/help"),
    ('/intake_consent{"choice":"yes"}', 'intake_consent{"choice":"yes"}'),
    ("//taal", "taal"),
    ("/koppel 123 456", "koppel 123 456"),
    ("/starten", "/help"),
    ("waar is de huisarts?", "waar is de huisarts?"),
    ("أين /طبيب", "أين /طبيب"),
])
def test_typed_text_is_text_except_registered_commands(typed: str, expected: str) -> None:
    assert for_rasa(typed) == expected


def test_every_command_word_is_unique_and_menu_names_fit_telegram() -> None:
    words = [word.casefold() for command in commands.REGISTRY for word in command.words]
    assert len(words) == len(set(words))
    assert COMMANDS == commands.MENU
    assert set(COMMANDS) >= {"start", "taal", "help", "mijngegevens", "verwijder"}
    for name in COMMANDS:  # Telegram: 1-32 characters, lower-case letters, digits and underscores
        assert 1 <= len(name) <= 32 and name.replace("_", "").isalnum() and name.isascii() and name.islower()


def test_every_command_intent_is_in_the_domain() -> None:
    import yaml

    from wegwijz.settings import ROOT

    intents = set(yaml.safe_load((ROOT / "bot" / "domain.yml").read_text(encoding="utf-8"))["intents"])
    assert {command.intent for command in commands.REGISTRY if command.intent} <= intents
