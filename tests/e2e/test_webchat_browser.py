"""The newcomers' web chat in a real browser (Debian's chromium via Playwright) against the real Rasa.

Two conversations, one in Arabic and one in Tigrinya; screenshots go to
`test-artifacts/` for people to look at.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator

import pytest

from tests.e2e.browser import ARTIFACTS
from tests.rasa_stack import RasaStack, free_port
from wegwijz.language import script_language
from wegwijz.web.app import create_app


@pytest.fixture(scope="module")
def webchat_url(rasa_stack: RasaStack) -> Iterator[str]:
    from waitress.server import create_server

    settings = dataclasses.replace(rasa_stack.settings, web_port=free_port())
    server = create_server(create_app(settings), host="127.0.0.1", port=settings.web_port, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{settings.web_port}/"
    finally:
        server.close()


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
    page.screenshot(path=str(ARTIFACTS / f"webchat-{lang}.png"), full_page=True)
    html_reply = _ask(page, "<b>hallo</b><script>window.hacked=1</script>", len(_bot_texts(page)))
    assert html_reply
    assert page.evaluate("() => window.hacked === undefined")
    assert page.locator("li.msg.me b").count() == 0  # shown as text, never as HTML
