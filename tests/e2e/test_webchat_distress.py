"""Strain told as an intake answer, in the web chat (Debian's chromium) against the real Rasa and action server.

"My daughter does not sleep and I am exhausted", typed where the startgesprek asks where you come from,
gets a kind word, the CJG and the huisarts first; then the same question comes again and the intake goes
on. Typed at the care-worries question, it is kept as the answer, and the kind word still comes before
the thanks. Screenshots go to `test-artifacts/`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from tests.e2e.browser import ARTIFACTS
from tests.e2e.conftest import serve_webchat
from tests.rasa_stack import RasaStack
from wegwijz import LANGUAGES, db
from wegwijz.journey.models import IntakeAnswer
from wegwijz.language import script_language
from wegwijz.texts import say
from wegwijz.web.limits import SenderLimiter

DISTRESS = {
    "nl": "mijn dochter slaapt niet en ik ben uitgeput",
    "ar": "ابنتي لا تنام وأنا متعبة جداً",
    "ti": "ጓለይ ኣይትድቅስን እያ ኣነ ድማ ኣዝየ ደኺመ",
    "en": "my daughter does not sleep and I am exhausted",
}
ORIGIN = {"nl": "Syrië, Aleppo", "ar": "سوريا، حلب", "ti": "ኤርትራ፡ ኣስመራ", "en": "Syria, Aleppo"}


@pytest.fixture(scope="module")
def unhurried_webchat_url(rasa_stack: RasaStack) -> Iterator[str]:
    """The web chat whose rate limit sees a minute pass between messages (a person reading each question):
    the whole startgesprek in one test stays within the limit without waiting for real."""
    minutes = itertools.count(step=60)
    with serve_webchat(rasa_stack, limiter=SenderLimiter(clock=lambda: float(next(minutes)))) as url:
        yield url


def _flat(text: str) -> str:
    return " ".join(text.split())


def _bot_texts(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The text of every bot bubble as shown, without its buttons."""
    texts = page.locator("li.msg.bot").evaluate_all(
        "els => els.map(el => [...el.children].filter(c => !c.classList.contains('buttons'))"
        ".map(c => c.innerText).join('\\n'))")
    return [_flat(text) for text in texts]


def _wait_for_bot(page, before: int, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Wait until a bot bubble after the first `before` shows `text`; the new bubbles' texts."""
    page.locator("li.msg.bot").nth(before).wait_for(timeout=60000)
    new: list[str] = []
    for _ in range(600):  # the bubbles of one reply arrive together; wait for the one we expect among them
        new = _bot_texts(page)[before:]
        if any(_flat(text) in t for t in new):
            return new
        page.wait_for_timeout(100)
    raise AssertionError(f"no bubble with {text!r} in {new!r}")


def _type(page, text: str, expect: str) -> list[str]:  # type: ignore[no-untyped-def]
    before = page.locator("li.msg.bot").count()
    page.fill("#message", text)
    page.press("#message", "Enter")
    return _wait_for_bot(page, before, expect)


def _tap(page, title: str, expect: str) -> list[str]:  # type: ignore[no-untyped-def]
    before = page.locator("li.msg.bot").count()
    page.locator("li.msg.bot .buttons button", has_text=title).last.click()
    return _wait_for_bot(page, before, expect)


def _start_intake(page, webchat_url: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(webchat_url)
    page.locator("li.intro button").nth(LANGUAGES.index(lang)).click()
    page.locator("li.msg.bot").nth(1).wait_for(timeout=60000)
    _tap(page, "Startgesprek", say("journey_q_intake_consent", lang))
    _tap(page, say("journey_opt_consent_yes", lang), say("journey_q_intake_background", lang))


def _stored_values(rasa_stack: RasaStack) -> list[str]:
    with db.session_factory(rasa_stack.database_url)() as session:
        return [v for v in session.execute(select(IntakeAnswer.value)).scalars() if v]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_strain_as_an_intake_answer_gets_a_kind_word_and_the_right_doors_then_the_intake_goes_on(
        page_factory, webchat_url: str, rasa_stack: RasaStack, lang: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page = page_factory()
    _start_intake(page, webchat_url, lang)
    question = _flat(say("journey_q_intake_background", lang))
    new = _type(page, DISTRESS[lang], question)
    # First the kind word, the CJG (a daughter is named), the huisarts and how it goes on; the same question last.
    assert new == [_flat(say(key, lang)) for key in ("journey_distress_kind", "journey_distress_cjg",
                                                     "journey_distress_huisarts", "journey_distress_go_on")] \
        + [question], new
    heard = " ".join(new[:-1])
    assert "CJG" in heard and "huisarts" in heard  # the Dutch names stay, as on the doors and letters
    if lang in ("ar", "ti"):
        assert script_language(heard) == lang
    assert not any("%" in text for text in new)  # no "Thank you! Your profile is 100 % complete"
    assert DISTRESS[lang] not in _stored_values(rasa_stack)  # not filed as where they come from
    page.screenshot(path=str(ARTIFACTS / f"webchat-distress-{lang}.png"))  # at phone size, as the person sees it
    # The intake goes on: the next answer is taken, and the next question comes.
    after = _type(page, ORIGIN[lang], say("journey_q_intake_languages", lang))
    assert after[-1] == _flat(say("journey_q_intake_languages", lang))
    assert ORIGIN[lang] in _stored_values(rasa_stack)


def test_strain_at_the_care_question_is_kept_there_and_the_kind_word_comes_before_the_thanks(
        page_factory, unhurried_webchat_url: str, rasa_stack: RasaStack) -> None:  # type: ignore[no-untyped-def]
    lang = "ar"
    page = page_factory()
    _start_intake(page, unhurried_webchat_url, lang)
    skip = say("journey_skip_button", lang)
    for next_question in ("intake_languages", "intake_education", "intake_work", "intake_ambition",
                          "intake_interests", "intake_contacts", "intake_buddy", "intake_inburgering",
                          "intake_care_consent"):
        _tap(page, skip, say(f"journey_q_{next_question}", lang))
    _tap(page, say("journey_opt_yes_no_yes", lang), say("journey_q_intake_care_worries", lang))
    done = say("journey_intake_done", lang, percent=0).split("0%")[0]  # "Thank you! Your profile is"
    new = _type(page, DISTRESS[lang], done)
    thanks = next(i for i, text in enumerate(new) if _flat(done) in text)
    assert new[:4] == [_flat(say(key, lang)) for key in ("journey_distress_kind", "journey_distress_cjg",
                                                         "journey_distress_huisarts", "journey_distress_kept")]
    assert thanks == 4, new  # the kind word and the doors first, then the thanks
    assert DISTRESS[lang] in _stored_values(rasa_stack)  # this question asks for worries: it is the answer
    page.screenshot(path=str(ARTIFACTS / "webchat-distress-care-ar.png"))
