"""The enumerations of the newcomer's journey: consent kinds, check-in kinds and states.

Values are plain strings (stored as such in the database and carried in Rasa
entities); each class lists them in `ALL`.
"""

from __future__ import annotations


class ConsentKind:
    """What a newcomer can agree to (each recorded separately, each withdrawable)."""

    PROFILE = "profile"
    """Store the startgesprek answers and check-in answers, show them to the caseworker,
    and ask the six-month and two-year check-in questions."""

    CARE = "care"
    """Ask about medical or care worries and store the answer for the caseworker (asked separately)."""

    ALL = (PROFILE, CARE)


class CheckInKind:
    """The moments the municipality comes back to a newcomer (counted from the intake date)."""

    SIX_MONTHS = "six_months"
    """After half a year: how is it going, what goes well, what could be better, ..."""

    TWO_YEARS = "two_years"
    """After two years: the same core questions plus tips for new newcomers."""

    ALL = (SIX_MONTHS, TWO_YEARS)


class CheckInState:
    """Where a check-in is in its life; the scheduler moves it forward, never back."""

    SCHEDULED = "scheduled"
    """Planned for its due date; nothing sent yet."""

    SENT = "sent"
    """The first message went out (claimed before sending, so it is never sent twice)."""

    REMINDED = "reminded"
    """No answer came within the reminder period; the one reminder went out."""

    ANSWERED = "answered"
    """The newcomer went through all questions (answered or skipped)."""

    EXPIRED = "expired"
    """No complete answer within the expiry period; answers given so far are kept."""

    CANCELLED = "cancelled"
    """Not sent because consent was withdrawn (or the caseworker cancelled it)."""

    ALL = (SCHEDULED, SENT, REMINDED, ANSWERED, EXPIRED, CANCELLED)
    OPEN = (SENT, REMINDED)
    """Sent and waiting for answers."""
    ACCEPTS_ANSWERS = (SENT, REMINDED, EXPIRED, ANSWERED)
    """A newcomer who comes back late, or corrects an answer, is still heard."""


class MatchKind:
    """The kinds of support match a caseworker records (the plan's social network pillar)."""

    BUDDY = "buddy"
    """A maatje: one volunteer from Zeist who meets the newcomer regularly."""

    VOLUNTEER_TEAM = "volunteer_team"
    """A vrijwilligersteam: a street, a group of friends or an employer."""

    LANGUAGE_BUDDY = "language_buddy"
    """A taalmaatje: a volunteer who practises Dutch with the newcomer."""

    ALL = (BUDDY, VOLUNTEER_TEAM, LANGUAGE_BUDDY)


SKIPPED = "__skipped__"
"""The slot value of a question the newcomer skipped (stored as `skipped=True` in the database)."""

NEWCOMER_ACTOR = "newcomer"
"""The `who` of audit entries for what newcomers do themselves in the chat."""

SCHEDULER_ACTOR = "scheduler"
"""The `who` of audit entries written by the check-in scheduler."""


class AnswerKind:
    """How a question is answered, and so how a typed answer is read."""

    TEXT = "text"
    """In the newcomer's own words (a few quick buttons may be offered beside)."""

    NUMBER = "number"
    """A whole number (digits in any script, or a small number word)."""

    CHOICE = "choice"
    """One of a few options, shown as buttons; typed option names are recognised too."""

    ALL = (TEXT, NUMBER, CHOICE)
