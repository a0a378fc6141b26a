"""Activities: files, periods and interests, and the answer in four languages."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from wegwijz import LANGUAGES
from wegwijz.activities.model import load_activities
from wegwijz.activities.query import find, read_question
from wegwijz.activities.replies import activity_replies
from wegwijz.language import script_language

SATURDAY = dt.date(2026, 12, 5)
WEDNESDAY = dt.date(2026, 12, 2)

WEEKLY = """
id: taalcafe_test
status: published
interests: [taal, ontmoeten]
weekly: [wednesday]
until: 2027-06-30
time: {nl: "14.00-16.00", ar: "14:00-16:00", ti: "14:00-16:00", en: "2-4 pm"}
cost: {nl: gratis, ar: مجاناً, ti: ብነጻ, en: free}
place: {nl: bibliotheek, ar: المكتبة, ti: ቤት መጻሕፍቲ, en: library}
audience: {nl: volwassenen, ar: البالغون, ti: ዓበይቲ, en: adults}
title: {nl: Taalcafé, ar: مقهى اللغة, ti: ቤት ቡን ቋንቋ, en: Language café}
description: {nl: Nederlands oefenen., ar: تدريب على الهولندية., ti: ሆላንድኛ ምልምማድ።, en: Practise Dutch.}
"""


@pytest.fixture
def activities(kennisbank_dir: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    folder = tmp_path / "activities"
    shutil.copytree(kennisbank_dir / "activities", folder)
    (folder / "taalcafe_test.yml").write_text(WEEKLY, encoding="utf-8")
    (folder / "concept_test.yml").write_text(
        WEEKLY.replace("taalcafe_test", "concept_test").replace("published", "concept"), encoding="utf-8")
    return load_activities(tmp_path)


def test_shipped_activities_follow_the_schema(kennisbank_dir: Path) -> None:
    assert load_activities(kennisbank_dir)


@pytest.mark.parametrize(
    ("text", "period", "interest"),
    [
        ("wat kan ik dit weekend doen met de kinderen", "weekend", "kinderen"),
        ("what can i do today", "today", None),
        ("شو في نشاطات بكرا", "tomorrow", None),
        ("ኣብዚ ሰሙን ንቆልዑ እንታይ ኣሎ", "week", "kinderen"),
        ("is er volgende week iets met taal", "next_week", "taal"),
    ],
)
def test_reading_period_and_interest(text: str, period: str, interest: str | None) -> None:
    question = read_question(text, WEDNESDAY)
    assert (question.period, question.interest) == (period, interest)


def test_weekend_from_a_wednesday_is_saturday_and_sunday() -> None:
    question = read_question("this weekend", WEDNESDAY)
    assert (question.start, question.end) == (dt.date(2026, 12, 5), dt.date(2026, 12, 6))


def test_find_by_date_and_interest_skips_concepts(activities) -> None:  # type: ignore[no-untyped-def]
    week = read_question("deze week", WEDNESDAY)
    ids = [a.id for _, a in find(activities, week)]
    assert ids == ["taalcafe_test", "sinterklaas"]
    children = read_question("deze week voor kinderen", WEDNESDAY)
    assert [a.id for _, a in find(activities, children)] == ["sinterklaas"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_answer_in_each_language(activities, lang: str) -> None:  # type: ignore[no-untyped-def]
    replies = activity_replies(activities, read_question("this weekend", WEDNESDAY), lang, WEDNESDAY)
    assert replies[0].custom == {"activities": ["sinterklaas"]}
    if lang in ("ar", "ti"):
        assert script_language(replies[0].text) == lang


def test_nothing_in_the_period_says_so_and_shows_what_comes_later(activities) -> None:  # type: ignore[no-untyped-def]
    replies = activity_replies(activities, read_question("sport vandaag", SATURDAY), "nl", SATURDAY)
    assert "Ik ken geen activiteiten" in replies[0].text
    assert replies[0].custom == {"activities": []}
    replies = activity_replies(activities, read_question("cultuur morgen", dt.date(2027, 4, 1)), "en",
                               dt.date(2027, 4, 1))
    assert "Coming up later" in replies[0].text and "Koningsdag" in replies[0].text
