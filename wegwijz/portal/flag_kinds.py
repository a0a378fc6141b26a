"""What each kind of flag means for a caseworker: a readable label and how urgent it is.

Care and contact requests come before a wish for a buddy: a worry about health or a
request to be called back should never wait behind a pleasant task.
"""

from __future__ import annotations

from dataclasses import dataclass


class Severity:
    """How soon a flag needs a caseworker (a lower number is more urgent)."""

    HIGH = 1
    """Care, contact requests, someone who cannot find help: act this week."""
    MEDIUM = 2
    """Signs that things go badly: money, housing, loneliness."""
    LOW = 3
    """Wishes and follow-ups: a buddy, language lessons."""
    LABELS = {HIGH: "hoog", MEDIUM: "midden", LOW: "laag"}
    """Dutch labels."""
    CSS = {HIGH: "flag", MEDIUM: "due", LOW: "neutral"}
    """The badge style of each level."""


@dataclass(frozen=True)
class FlagKind:
    """One rule of `wegwijz.journey.escalation`, as the portal shows it."""

    rule: str
    label: str
    severity: int

    @property
    def severity_label(self) -> str:
        """'hoog', 'midden' or 'laag'."""
        return Severity.LABELS[self.severity]

    @property
    def css(self) -> str:
        """The badge style of its severity."""
        return Severity.CSS[self.severity]


KINDS: dict[str, FlagKind] = {kind.rule: kind for kind in (
    FlagKind("care_worries", "Zorg of gezondheid", Severity.HIGH),
    FlagKind("wants_contact", "Wil contact", Severity.HIGH),
    FlagKind("cannot_find_help", "Vindt de weg naar hulp niet", Severity.HIGH),
    FlagKind("going_hard", "Het gaat moeilijk", Severity.MEDIUM),
    FlagKind("money_or_housing", "Geld of wonen", Severity.MEDIUM),
    FlagKind("no_contacts", "Geen contacten", Severity.MEDIUM),
    FlagKind("not_useful_or_seen", "Voelt zich niet nuttig of gezien", Severity.MEDIUM),
    FlagKind("unhappy_with_contacts", "Ontevreden over contacten", Severity.LOW),
    FlagKind("no_language_lessons", "Geen taallessen", Severity.LOW),
    FlagKind("wants_buddy", "Wil een maatje", Severity.LOW),
)}
"""Every rule's kind, most urgent first."""

BUDDY_RULE = "wants_buddy"
"""The flag a recorded buddy or volunteer match answers."""


def kind_of(rule: str) -> FlagKind:
    """The kind of a flag's rule (an unknown rule is shown by its name, as urgent: better safe)."""
    return KINDS.get(rule) or FlagKind(rule, rule.replace("_", " "), Severity.HIGH)


def by_severity(flags: list) -> list:  # type: ignore[type-arg]
    """Flags most urgent first, then newest first."""
    return sorted(flags, key=lambda f: (kind_of(f.rule).severity, -f.created_at.timestamp()))
