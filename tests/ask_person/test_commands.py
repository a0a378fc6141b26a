"""Asking for a person: the button, the typed command and its aliases, and plain words in four languages."""

from __future__ import annotations

import pytest

from wegwijz.humanhelp.words import ASK_PERSON, ASK_PERSON_NO, ASK_PERSON_YES, command_of, rest_of


@pytest.mark.parametrize("text", [
    "/mens", "/MENS", "/person", "/human", "/شخص", "/ሰብ", "/mens@WegwijzBot",
    "mens", "Mens!", "een mens", "Ik wil een mens spreken", "Kan ik met een mens praten?", "iemand spreken a.u.b.",
    "human", "I want to talk to a person", "Can I speak to someone?", "a real person please",
    "شخص", "أريد التحدث مع شخص", "أريد أن أتكلم مع موظف", "إنسان",
    "ሰብ", "ምስ ሰብ ክዛረብ እደሊ", "ምስ ሰራሕተኛ",
])
def test_asks_for_a_person(text: str) -> None:
    assert command_of(text) is ASK_PERSON


@pytest.mark.parametrize("text", [
    "waar is de huisarts", "How much is the bus ticket per person for a family of four in Zeist?",
    "Ik ben een mens met veel vragen over mijn uitkering en de huur en de zorgverzekering en school", "/mensen",
    "/start", "", "   ", "mijn buurman is een aardig mens maar hij is erg luidruchtig in de nacht", "ሓኪም",
])
def test_other_messages_are_not_a_request(text: str) -> None:
    assert command_of(text) is None


def test_the_confirmation_buttons_are_payloads_only() -> None:
    assert command_of("/mens_ja") is ASK_PERSON_YES and command_of("/mens_nee") is ASK_PERSON_NO
    assert command_of("ja") is None, "a typed yes never sends anything on a guess"


def test_what_follows_the_command_is_the_question() -> None:
    assert rest_of("/mens Hoe vraag ik een fiets aan?") == "Hoe vraag ik een fiets aan?"
    assert rest_of("/mens") == "" and rest_of("Ik wil een mens spreken") == ""
