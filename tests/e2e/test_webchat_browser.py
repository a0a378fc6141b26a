"""The newcomers' web chat in a real browser (Debian's chromium via Playwright) against the real Rasa.

Two conversations, one in Arabic and one in Tigrinya; screenshots go to
`test-artifacts/` for people to look at.
"""

from __future__ import annotations

import pytest

from tests.e2e.browser import ARTIFACTS
from wegwijz.language import script_language
from wegwijz.texts import say


def _bot_texts(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [t for t in page.locator("li.msg.bot").all_inner_texts() if t.strip()]


def _ask(page, text: str, count_before: int) -> str:  # type: ignore[no-untyped-def]
    page.fill("#message", text)
    page.press("#message", "Enter")
    page.locator("li.msg.bot").nth(count_before).wait_for(timeout=60000)  # no eval: the page's CSP forbids it
    return _bot_texts(page)[-1]


@pytest.mark.parametrize(
    ("lang", "greeting", "question", "expected_article"),
    [
        ("ar", "مرحبا", "كيف أسجل عند طبيب العائلة huisarts", "huisarts"),
        ("ti", "ሰላም", "ናብ huisarts ከመይ ክምዝገብ እኽእል", "huisarts"),
    ],
)
def test_a_conversation_in_the_web_chat(page_factory, webchat_url: str, lang: str, greeting: str,  # type: ignore[no-untyped-def]
                                        question: str, expected_article: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page = page_factory()
    page.goto(webchat_url)
    page.wait_for_selector("li.msg.bot.intro button")  # the page opens with the four language buttons
    assert page.locator("li.msg.bot.intro button").count() == 4
    welcome = _ask(page, greeting, len(_bot_texts(page)))
    assert script_language(welcome) == lang
    page.locator("li.msg.bot .buttons button").first.wait_for()
    answer = _ask(page, question, len(_bot_texts(page)))
    assert script_language(answer) == lang
    last = page.locator("li.msg.bot").last
    assert last.get_attribute("data-article") == expected_article
    assert last.get_attribute("data-lang") == lang
    assert last.evaluate("el => getComputedStyle(el).direction") in ("rtl", "ltr")
    if lang == "ar":  # dir=auto makes Arabic paragraphs right-to-left
        assert last.evaluate("el => el.matches(':dir(rtl)')")
    page.screenshot(path=str(ARTIFACTS / f"webchat-{lang}.png"))  # what the phone shows
    page.screenshot(path=str(ARTIFACTS / f"webchat-{lang}-full.png"), full_page=True)  # the whole conversation
    html_reply = _ask(page, "<b>hallo</b><script>window.hacked=1</script>", len(_bot_texts(page)))
    assert html_reply
    assert page.evaluate("() => window.hacked === undefined")
    assert page.locator("li.msg.me b").count() == 0  # shown as text, never as HTML


def _tap(page, title: str) -> str:  # type: ignore[no-untyped-def]
    """Tap a button of the newest reply that has one; returns the newest reply after the answer came."""
    before = page.locator("li.msg.bot").count()
    page.locator("li.msg.bot .buttons button", has_text=title).last.click()
    page.locator("li.msg.bot").nth(before).wait_for(timeout=60000)
    return _bot_texts(page)[-1]


def test_a_reload_in_the_middle_of_the_intake_goes_on_in_arabic(page_factory, webchat_url: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page = page_factory()
    page.goto(webchat_url)
    page.locator("li.intro button", has_text="العربية").click()
    page.locator("li.msg.bot").nth(1).wait_for(timeout=60000)
    consent = _tap(page, "Startgesprek")
    assert script_language(consent) == "ar"
    question = _tap(page, say("journey_opt_consent_yes", "ar"))
    assert script_language(question) == "ar"
    shown = page.locator("li.msg:not(.intro)").all_inner_texts()
    page.reload()
    page.wait_for_selector("li.msg.bot.intro")
    page.locator("li.msg.bot").last.wait_for()
    assert page.locator("li.msg:not(.intro)").all_inner_texts() == shown  # the conversation, as it was
    assert _bot_texts(page)[-1] == question  # the open question is there again
    assert not page.locator("li.intro button").first.is_visible()  # no picker to switch the intake by accident
    assert page.get_attribute("#message", "placeholder") == say("web_input_hint", "ar")
    page.screenshot(path=str(ARTIFACTS / "webchat-intake-reload-ar.png"))
    after = _ask(page, "سوريا", len(_bot_texts(page)))
    assert script_language(after) == "ar"


def test_after_verwijder_the_next_reply_stays_in_the_persons_language(page_factory, webchat_url: str) -> None:  # type: ignore[no-untyped-def]
    # After the erasure nothing on the server knows the language; the page's own (kept on the device) goes
    # with the message as a hint, and the gateway hands the language it decides to Rasa with the message.
    page = page_factory()
    page.goto(webchat_url)
    page.locator("li.intro button", has_text="العربية").click()
    page.locator("li.msg.bot").nth(1).wait_for(timeout=60000)
    unknown = _ask(page, "/onbekend", len(_bot_texts(page)))
    assert "/intake" in unknown  # the list of commands names the startgesprek
    assert "/intake" in _ask(page, "/help", len(_bot_texts(page)))
    asked = "كيف أسجل عند طبيب العائلة huisarts"
    _ask(page, asked, len(_bot_texts(page)))
    assert asked in page.evaluate("() => localStorage.getItem('wegwijz-chat')")  # kept on the device
    question = _ask(page, "/verwijder", len(_bot_texts(page)))
    assert script_language(question) == "ar"
    page.locator("li.msg.bot .buttons button", has_text=say("journey_erase_yes_button", "ar")).last.click()
    page.locator("li.msg.bot", has_text=say("journey_erased", "ar")).wait_for(timeout=60000)
    erased = _bot_texts(page)[-1]
    assert erased == say("journey_erased", "ar")
    # The device forgets the conversation too: nothing in its storage, only the confirmation on the screen.
    assert page.evaluate("() => localStorage.getItem('wegwijz-chat')") is None
    assert page.locator("li.msg:not(.intro)").all_inner_texts() == [erased]
    after = _ask(page, "ok", len(_bot_texts(page)))  # a word in Latin letters: nothing else says the language
    assert script_language(after) == "ar", after
    kept = page.evaluate("() => localStorage.getItem('wegwijz-chat')")
    assert asked not in kept and erased not in kept  # a new transcript, from "ok" on
    page.reload()
    page.wait_for_selector("li.msg.bot.intro")
    page.locator("li.msg.bot").last.wait_for()
    assert asked not in page.locator("#log").inner_text()
