"""When staff read the inbox, and roughly when a newcomer may expect an answer.

The hours are a setting (`WEGWIJZ_OFFICE_HOURS`, default "1-5 09:00-17:00": Monday to
Friday, nine to five, Europe/Amsterdam) because only the team knows its real hours. Every
function takes the moment as an argument, so tests use their own clock.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

TIMEZONE = ZoneInfo("Europe/Amsterdam")
_FORMAT = re.compile(r"^\s*([1-7])-([1-7])\s+(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True)
class OfficeHours:
    """Weekdays (ISO, 1 = Monday) and the daily span in which staff read the inbox."""

    first_day: int
    last_day: int
    opens: dt.time
    closes: dt.time
    answer_working_days: int = 2

    @classmethod
    def parse(cls, text: str, answer_working_days: int = 2) -> OfficeHours:
        """Read "1-5 09:00-17:00".

        Raises:
            ValueError: when the text is not in that form, or the day closes before it opens.
        """
        match = _FORMAT.match(text)
        if not match:
            raise ValueError(f"office hours must look like '1-5 09:00-17:00', not {text!r}")
        first, last, oh, om, ch, cm = (int(g) for g in match.groups())
        opens, closes = dt.time(oh, om), dt.time(ch, cm)
        if closes <= opens or first > last:
            raise ValueError(f"office hours {text!r} close before they open")
        return cls(first, last, opens, closes, max(answer_working_days, 1))

    def _working_day(self, day: dt.date) -> bool:
        return self.first_day <= day.isoweekday() <= self.last_day

    def is_open(self, moment: dt.datetime) -> bool:
        """Whether staff are at work at `moment` (timezone-aware)."""
        local = moment.astimezone(TIMEZONE)
        return self._working_day(local.date()) and self.opens <= local.time() < self.closes

    def next_opening(self, moment: dt.datetime) -> dt.datetime:
        """The first moment at or after `moment` when staff are at work (in local time)."""
        local = moment.astimezone(TIMEZONE)
        if self.is_open(moment):
            return local
        day = local.date()
        if self._working_day(day) and local.time() < self.opens:
            return dt.datetime.combine(day, self.opens, TIMEZONE)
        day += dt.timedelta(days=1)
        while not self._working_day(day):
            day += dt.timedelta(days=1)
        return dt.datetime.combine(day, self.opens, TIMEZONE)

    def answer_due(self, moment: dt.datetime) -> dt.datetime:
        """When an answer is due: the end of the last of `answer_working_days` working days from
        the first opening at or after `moment` (that day counts as the first)."""
        day = self.next_opening(moment).date()
        left = self.answer_working_days - 1
        while left:
            day += dt.timedelta(days=1)
            if self._working_day(day):
                left -= 1
        return dt.datetime.combine(day, self.closes, TIMEZONE)


def from_settings() -> OfficeHours:
    """The office hours of this process's settings."""
    from wegwijz.settings import get

    settings = get()
    return OfficeHours.parse(settings.office_hours, settings.answer_working_days)


def shown(moment: dt.datetime) -> str:
    """A moment as the chat shows it: day-month-year and the local time."""
    return moment.astimezone(TIMEZONE).strftime("%d-%m-%Y %H:%M")
