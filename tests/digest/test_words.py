"""STOP in four languages, the /nieuws command and its buttons, and the rule at Rasa's door."""

from __future__ import annotations

import pytest

from wegwijz.contract.commands import for_rasa
from wegwijz.digest import words


@pytest.mark.parametrize("text", [
    "STOP", "stop", "Stop!", "/stop", "/STOP@WegwijzBot", "afmelden", "uitschrijven", "geen nieuws meer",
    "unsubscribe", "no more news", "توقف", "إيقاف", "الغاء الاشتراك", "ደው በሉ", "ደው በል", "ኣቋርጹ", "/afmelden",
])
def test_stop_words_in_every_language(text: str) -> None:
    assert words.is_stop(text)


@pytest.mark.parametrize("text", [
    "ik wil stoppen met roken", "stop de bus bij het station?", "waar is de bushalte", "", "tips", "/start",
    "/stop nu meteen alles", "ደው", "كيف أوقف اشتراك الهاتف؟",
])
def test_other_messages_are_no_stop(text: str) -> None:
    assert not words.is_stop(text)


@pytest.mark.parametrize("text", ["/nieuws", "/NIEUWS", "nieuws", "Nieuws!", "/weekbericht", "news", "/أخبار",
                                  "أخبار", "ዜና", "/ዜና", "/nieuws@WegwijzBot"])
def test_the_command_typed_alone_offers_the_tips(text: str) -> None:
    assert words.command_of(text) is words.OFFER


def test_buttons_are_payloads_and_a_typed_yes_is_nothing() -> None:
    assert words.command_of("/nieuws_ja") is words.YES and words.command_of("/nieuws_stop") is words.STOP
    assert words.command_of("/nieuws_tijd_evening") is words.HOURS["evening"]
    assert words.command_of("ja") is None and words.command_of("nieuws over werk zoeken in Zeist") is None
    assert words.command_of("/tips") is None and words.command_of("tips") is None, "the tips of earlier newcomers"


def test_the_door_turns_a_stop_word_into_the_pause_and_marks_it() -> None:
    text, metadata = words.at_the_door("AFMELDEN", {"language": "nl"})
    assert text == "/pause_journey" and metadata == {"language": "nl", "stop_word": True}
    assert words.was_stop({"metadata": metadata})
    assert words.at_the_door("waar is de huisarts", {"language": "nl"}) == ("waar is de huisarts", {"language": "nl"})
    # Only the door says a message was a stop word: a caller's own mark is dropped.
    assert words.at_the_door("hallo", {"stop_word": True}) == ("hallo", {})
    assert not words.was_stop({"metadata": None})


def test_the_gateway_keeps_the_words_for_the_door() -> None:
    assert for_rasa("/nieuws") == "nieuws" and for_rasa("/stop") == "stop" and for_rasa("/afmelden") == "afmelden"
