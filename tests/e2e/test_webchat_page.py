"""What a person sees in the web chat on a phone (390x844, Debian's chromium via Playwright).

The page, the real web application and the gateway's web path run as in production; the assistant
behind them is a loopback stand-in that answers with the real kennisbank articles, rendered by the
real `answer_replies`, so these tests look at the page alone (the real Rasa is in
test_webchat_browser.py). Screenshots go to `test-artifacts/`.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from tests.channels.fake_http import LoopbackServer, Request
from tests.channels.fake_rasa import CHOSEN
from tests.e2e.browser import ARTIFACTS
from tests.rasa_stack import free_port
from wegwijz import LANGUAGES, db
from wegwijz.conversation.answers import answer_replies
from wegwijz.kennisbank import load_kennisbank
from wegwijz.settings import ROOT, load
from wegwijz.texts import say
from wegwijz.web.app import create_app

KB = load_kennisbank(ROOT / "kennisbank")


def _as_rasa(replies: list[Any]) -> list[dict[str, Any]]:
    """Replies as Rasa's REST channel sends them: text and buttons, then the custom payload apart."""
    out: list[dict[str, Any]] = []
    for reply in replies:
        message = reply.as_message()
        custom = message.pop("json_message", None)
        out.append(message)
        if custom:
            out.append({"custom": custom})
    return out


INTAKE_QUESTION = {"text": "من أين أنت؟", "buttons": [
    {"title": "سوريا", "payload": '/choose_answer{"choice":"syria"}'},
    {"title": "إريتريا", "payload": '/choose_answer{"choice":"eritrea"}'},
]}


class ScriptedAssistant:
    """Rasa's REST webhook on loopback, answering each message from a script."""

    def __init__(self) -> None:
        self.script: dict[str, list[dict[str, Any]]] = {
            "huisarts?": _as_rasa(answer_replies(KB.articles["huisarts"], "ar")),
            "brieven?": _as_rasa(answer_replies(KB.articles["hulp_brieven"], "ar")),
            "lang?": _as_rasa(answer_replies(KB.articles["documenten"], "ar")),
            "kort?": [{"text": "حسناً."}],
            "intake?": [{"text": "أهلاً بك في الـ startgesprek (المقابلة الأولى)!"}, INTAKE_QUESTION],
            "ሕቶ?": _as_rasa(answer_replies(KB.articles["huisarts"], "ti")),
        }
        for lang in LANGUAGES:
            self.script[f"zeist-{lang}"] = _as_rasa(answer_replies(KB.articles["sport_cultuur_fonds"], lang))
            self.script[f'/choose_language{{"language":"{lang}"}}'] = [{"text": CHOSEN[lang]}]
        self.server = LoopbackServer(self.handle)

    def handle(self, request: Request) -> tuple[int, Any, dict[str, str]]:
        if request.path != "/webhooks/rest/webhook":
            return 404, {"error": "not found"}, {}
        data = request.json()
        replies = self.script.get(str(data["message"]), [{"text": "echo: " + str(data["message"])}])
        return 200, [dict(r, recipient_id=data["sender"]) for r in replies], {}


@pytest.fixture(scope="module")
def chat_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from waitress.server import create_server

    scratch = tmp_path_factory.mktemp("webchat")
    url = f"sqlite:///{scratch / 'web.db'}"
    db.migrate(url)
    assistant = ScriptedAssistant()
    assistant.server.start()
    settings = dataclasses.replace(load(), database_url=url, var_dir=scratch / "var", rasa_url=assistant.server.url,
                                   web_port=free_port(), secret_key="page-test-secret-key-long-enough-1234")
    server = create_server(create_app(settings), host="127.0.0.1", port=settings.web_port, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{settings.web_port}/"
    finally:
        server.close()
        assistant.server.stop()


# The boxes of a piece of text inside an element, one per line it spans, as the browser lays it out.
TEXT_BOX = """(el, needle) => {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(needle);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at); range.setEnd(node, at + needle.length);
    return Array.from(range.getClientRects()).filter(r => r.width > 0)
      .map(r => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom}));
  }
  return null;
}"""


def _box(locator, needle: str) -> list[dict[str, float]]:  # type: ignore[no-untyped-def]
    boxes = locator.evaluate(TEXT_BOX, needle)
    assert boxes, f"{needle!r} is not shown"
    return [dict(b) for b in boxes]


def _reads_before_rtl(first: list[dict[str, float]], second: list[dict[str, float]]) -> bool:
    """In right-to-left reading `first` ends before `second` begins: to its right on one line, or a line higher."""
    end, start = first[-1], second[0]
    same_line = abs(end["top"] - start["top"]) < 4
    return end["left"] >= start["right"] - 1 if same_line else end["bottom"] <= start["top"] + 1


def _ask(page, text: str) -> Any:  # type: ignore[no-untyped-def]
    before = page.locator("li.msg.bot").count()
    page.fill("#message", text)
    page.press("#message", "Enter")
    page.locator("li.msg.bot").nth(before).wait_for(timeout=30000)
    return page.locator("li.msg.bot").nth(before)


def _open(page_factory, chat_url: str, lang: str | None = None):  # type: ignore[no-untyped-def]
    page = page_factory()
    page.goto(chat_url)
    page.wait_for_selector("li.msg.bot.intro button")
    if lang:
        before = page.locator("li.msg.bot").count()
        page.locator("li.intro button").nth(LANGUAGES.index(lang)).click()
        page.locator("li.msg.bot").nth(before).wait_for(timeout=30000)
    return page


def test_a_dutch_term_and_its_arabic_gloss_read_in_order(page_factory, chat_url: str) -> None:  # type: ignore[no-untyped-def]
    page = _open(page_factory, chat_url, "ar")
    answer = _ask(page, "huisarts?")
    assert answer.get_attribute("data-article") == "huisarts"
    # Each paragraph and list item is its own right-to-left block.
    blocks = answer.locator("p, li")
    assert blocks.count() >= 8
    title = blocks.first
    assert title.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert title.inner_text() == "التسجيل عند الـ huisarts (طبيب العائلة)"
    term, gloss, bracket = _box(title, "huisarts"), _box(title, "طبيب العائلة"), _box(title, "(")
    assert _reads_before_rtl(term, gloss), (term, gloss)  # the Dutch term first, then its explanation
    assert _reads_before_rtl(term, bracket) and _reads_before_rtl(bracket, gloss), (term, bracket, gloss)
    # A list line in the middle of Arabic: the Dutch terms sit between their Arabic neighbours.
    item = answer.locator("li", has_text="verblijfsdocument")
    assert item.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert _reads_before_rtl(_box(item, "خذ معك"), _box(item, "verblijfsdocument"))
    assert _reads_before_rtl(_box(item, "verblijfsdocument"), _box(item, "بطاقة الإقامة"))
    page.screenshot(path=str(ARTIFACTS / "webchat-layout-ar.png"))


def test_an_arabic_list_line_that_begins_with_a_dutch_term_stays_right_to_left(page_factory, chat_url: str) -> None:  # type: ignore[no-untyped-def]
    page = _open(page_factory, chat_url, "ar")
    answer = _ask(page, "brieven?")
    item = answer.locator("li", has_text="VluchtelingenWerk")
    assert item.inner_text().startswith("VluchtelingenWerk (منظمة مساعدة اللاجئين)")
    assert item.evaluate("el => getComputedStyle(el).direction") == "rtl"
    term, gloss = _box(item, "VluchtelingenWerk"), _box(item, "منظمة مساعدة اللاجئين")
    assert _reads_before_rtl(term, gloss), (term, gloss)
    right_edge = item.evaluate("el => el.getBoundingClientRect().right")
    assert term[0]["right"] > right_edge - 30  # the line starts at the right, with the Dutch term


def test_the_persons_own_bubble_shows_what_they_typed_left_to_right(page_factory, chat_url: str) -> None:  # type: ignore[no-untyped-def]
    page = _open(page_factory, chat_url, "ar")
    _ask(page, "\u202ehuisarts")  # a right-to-left override, as some keyboards and pastes carry
    mine = page.locator("li.msg.me").last
    assert mine.inner_text() == "huisarts"
    h, s = _box(mine, "h")[0], _box(mine, "s")[0]
    assert h["right"] <= s["left"] + 1, (h, s)  # not "strasiuh"
    _ask(page, "أين أجد (huisarts) قريب")
    mine = page.locator("li.msg.me").last
    assert mine.evaluate("el => getComputedStyle(el.querySelector('p')).direction") == "rtl"
    assert _reads_before_rtl(_box(mine, "أين أجد"), _box(mine, "huisarts"))
    assert _reads_before_rtl(_box(mine, "huisarts"), _box(mine, "قريب"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_links_show_without_angle_brackets(page_factory, chat_url: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    page = _open(page_factory, chat_url, lang)
    answer = _ask(page, f"zeist-{lang}")
    zeist = "https://www.zeist.nl/zorg-onderwijs-en-inkomen/laag-inkomen-of-schulden/hulp-bij-laag-inkomen"
    assert f"<{zeist}>" in KB.articles["sport_cultuur_fonds"].translations[lang].body
    text = answer.inner_text()
    assert "<http" not in text and ">" not in text
    links = answer.locator(f'a[href="{zeist}"]')
    assert links.count() >= 1
    assert set(links.all_inner_texts()) == {zeist}
    assert answer.locator('a[href="https://www.jeugdfondssportencultuur.nl"]').first.inner_text() == \
        "https://www.jeugdfondssportencultuur.nl"


def test_the_input_hint_is_in_the_chosen_language_only(page_factory, chat_url: str) -> None:  # type: ignore[no-untyped-def]
    page = _open(page_factory, chat_url)
    hints = {lang: say("web_input_hint", lang) for lang in LANGUAGES}
    assert page.get_attribute("#message", "placeholder") in hints.values()  # one language, not four
    for lang in ("ar", "ti", "en", "nl"):
        before = page.locator("li.msg.bot").count()
        page.locator("li.intro button").nth(LANGUAGES.index(lang)).click()
        page.locator("li.msg.bot").nth(before).wait_for(timeout=30000)
        assert page.get_attribute("#message", "placeholder") == hints[lang]
        assert page.locator("#send-label").text_content() == say("web_send", lang)
    _ask(page, "ሕቶ?")  # a Tigrinya answer: the page follows the conversation into Tigrinya
    assert page.get_attribute("#message", "placeholder") == hints["ti"]
    page.screenshot(path=str(ARTIFACTS / "webchat-layout-ti.png"))


def _top_of_box(page) -> float:  # type: ignore[no-untyped-def]
    return float(page.locator("#composer").evaluate("el => el.getBoundingClientRect().top"))


def test_a_long_answer_opens_at_its_start_and_no_reply_hides_behind_the_input_box(page_factory, chat_url: str) -> None:  # type: ignore[no-untyped-def]
    page = _open(page_factory, chat_url, "ar")
    for _ in range(3):
        _ask(page, "kort?")
    answer = _ask(page, "lang?")
    box = answer.bounding_box()
    assert box is not None and box["height"] > 844  # longer than the screen
    top = answer.evaluate("el => el.getBoundingClientRect().top")
    assert 0 <= top <= 40, top  # its first line is at the top of the screen, not its end
    assert page.locator("li.msg.me").last.inner_text() == "lang?"
    short = _ask(page, "kort?")
    bottom = short.evaluate("el => el.getBoundingClientRect().bottom")
    assert bottom <= _top_of_box(page), (bottom, _top_of_box(page))
    mine = page.locator("li.msg.me").last.evaluate("el => el.getBoundingClientRect().top")
    assert mine >= 0  # the question stays in view above a short answer
    page.screenshot(path=str(ARTIFACTS / "webchat-scroll-ar.png"))


def test_a_reload_shows_the_conversation_and_the_open_question_again(page_factory, chat_url: str) -> None:  # type: ignore[no-untyped-def]
    page = _open(page_factory, chat_url, "ar")
    _ask(page, "huisarts?")
    _ask(page, "intake?")
    before = page.locator("li.msg:not(.intro)").all_inner_texts()
    page.reload()
    page.wait_for_selector("li.msg.bot.intro")
    page.locator("li.msg.bot").last.wait_for()
    assert page.locator("li.msg:not(.intro)").all_inner_texts() == before
    question = page.locator("li.msg.bot").last
    assert question.locator("p").inner_text() == "من أين أنت؟"
    assert question.locator("button").all_inner_texts() == ["سوريا", "إريتريا"]
    assert question.evaluate("el => el.getBoundingClientRect().bottom") <= _top_of_box(page)
    assert page.locator('li.msg.bot[data-article="huisarts"]').count() == 1
    # The language picker of the opening does not offer itself again: /taal does that.
    assert not page.locator("li.intro button").first.is_visible()
    assert page.get_attribute("#message", "placeholder") == say("web_input_hint", "ar")
    page.screenshot(path=str(ARTIFACTS / "webchat-reload-ar.png"))
    # The device forgets on request: the transcript is gone after "forget me on this device".
    page.click("#forget")
    page.click("#forget")
    page.locator("li.msg.me").first.wait_for(state="detached", timeout=30000)
    page.reload()
    page.wait_for_selector("li.msg.bot.intro button")
    assert page.locator("li.msg.me").count() == 0
    assert page.locator("li.intro button").first.is_visible()


def test_the_page_names_every_language_of_the_registry_with_its_direction(page_factory, chat_url: str) -> None:  # type: ignore[no-untyped-def]
    """The tagline, the page's language list and each intro line's direction come from the language registry."""
    from wegwijz.contract import languages

    page = page_factory()
    page.goto(chat_url)
    shown = page.eval_on_selector_all(".tagline span", "spans => spans.map(s => [s.lang, s.dir, s.textContent])")
    assert shown == [[lg.code, lg.direction, lg.own_name] for lg in languages.REGISTRY]
    intro = page.eval_on_selector_all(".intro .intro-line", "spans => spans.map(s => [s.lang, s.dir])")
    assert intro == [[lg.code, lg.direction] for lg in languages.REGISTRY]
