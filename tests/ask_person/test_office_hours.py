"""Office hours and "roughly when": a setting with a default, and a clock the tests control."""

from __future__ import annotations

import datetime as dt

import pytest

from wegwijz.humanhelp.office_hours import TIMEZONE, OfficeHours, from_settings, shown

HOURS = OfficeHours.parse("1-5 09:00-17:00", 2)


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TIMEZONE)


def test_open_on_a_weekday_during_the_day_only() -> None:
    assert HOURS.is_open(local(2026, 12, 2, 10, 30))          # Wednesday
    assert not HOURS.is_open(local(2026, 12, 2, 17, 0))        # closes at five
    assert not HOURS.is_open(local(2026, 12, 2, 8, 59))
    assert not HOURS.is_open(local(2026, 12, 5, 11, 0))        # Saturday


def test_next_opening_and_due_moment() -> None:
    assert HOURS.next_opening(local(2026, 12, 2, 10, 30)) == local(2026, 12, 2, 10, 30)
    assert HOURS.next_opening(local(2026, 12, 2, 7, 0)) == local(2026, 12, 2, 9, 0)
    assert HOURS.next_opening(local(2026, 12, 4, 18, 0)) == local(2026, 12, 7, 9, 0)   # Friday evening → Monday
    assert HOURS.answer_due(local(2026, 12, 2, 10, 30)) == local(2026, 12, 3, 17, 0)    # today and tomorrow
    assert HOURS.answer_due(local(2026, 12, 4, 16, 0)) == local(2026, 12, 7, 17, 0)     # Friday + Monday
    assert HOURS.answer_due(local(2026, 12, 5, 23, 0)) == local(2026, 12, 8, 17, 0)     # Saturday: Mon + Tue
    assert shown(dt.datetime(2026, 12, 3, 16, 0, tzinfo=dt.timezone.utc)) == "03-12-2026 17:00"


@pytest.mark.parametrize("bad", ["", "ma-vr 9-17", "1-5 17:00-09:00", "5-1 09:00-17:00"])
def test_a_bad_setting_is_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        OfficeHours.parse(bad)


def test_the_setting_and_its_default(monkeypatch: pytest.MonkeyPatch) -> None:
    from wegwijz import settings

    monkeypatch.delenv("WEGWIJZ_OFFICE_HOURS", raising=False)
    settings.get.cache_clear()
    assert from_settings() == OfficeHours.parse("1-5 09:00-17:00", 2)
    monkeypatch.setenv("WEGWIJZ_OFFICE_HOURS", "1-4 08:30-12:00")
    monkeypatch.setenv("WEGWIJZ_ANSWER_WORKING_DAYS", "3")
    settings.get.cache_clear()
    try:
        assert from_settings() == OfficeHours(1, 4, dt.time(8, 30), dt.time(12, 0), 3)
    finally:
        settings.get.cache_clear()
