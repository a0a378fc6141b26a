"""The plan's monitoring indicators per pillar, over a period, from the database (aggregates only).

Each function answers one indicator of the municipality's integration note
for the period `[start, end]` (calendar days, both included). Only counts,
shares and averages leave this module: never a name or an answer text.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from wegwijz.journey.constants import MatchKind
from wegwijz.journey.models import (
    ActivityAttendance,
    BuddyMatch,
    ChatIdentity,
    CheckIn,
    CheckInAnswer,
    IntakeAnswer,
    Newcomer,
)
from wegwijz.journey.questions import PROFILE_QUESTIONS


class Pillar:
    """The four pillars of the integration note, and the check-ins themselves."""

    LANGUAGE = "taal"
    """Nederlands spreken, lezen en schrijven."""
    NETWORK = "netwerk"
    """Sociaal netwerk opbouwen en onderhouden."""
    PARTICIPATION = "meedoen"
    """Meedoen naar vermogen: jezelf nuttig voelen en daarin gezien worden."""
    FINDING_THE_WAY = "weg"
    """De weg kennen in Zeist: activiteiten, sport en instanties."""
    CHECKINS = "checkins"
    """How the check-ins themselves went (sent, answered, expired)."""
    TITLES = {
        LANGUAGE: "Nederlands spreken, lezen en schrijven",
        NETWORK: "Sociaal netwerk opbouwen en onderhouden",
        PARTICIPATION: "Meedoen naar vermogen",
        FINDING_THE_WAY: "De weg kennen in Zeist",
        CHECKINS: "Check-ins",
    }
    ORDER = (LANGUAGE, NETWORK, PARTICIPATION, FINDING_THE_WAY, CHECKINS)


@dataclass(frozen=True)
class Period:
    """Calendar days from `start` to `end`, both included."""

    start: dt.date
    end: dt.date

    @property
    def first_moment(self) -> dt.datetime:
        """Midnight (UTC) at the start of the first day."""
        return dt.datetime.combine(self.start, dt.time(), tzinfo=dt.timezone.utc)

    @property
    def after_last_moment(self) -> dt.datetime:
        """Midnight (UTC) after the last day."""
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), tzinfo=dt.timezone.utc)

    def moments(self, column):  # type: ignore[no-untyped-def]
        """SQL condition: a moment column falls in the period."""
        return and_(column >= self.first_moment, column < self.after_last_moment)

    def days(self, column):  # type: ignore[no-untyped-def]
        """SQL condition: a date column falls in the period."""
        return and_(column >= self.start, column <= self.end)


SMALL_N = 10
"""Below this many answers a share is shown with a warning: one answer makes '100 %'."""


@dataclass(frozen=True)
class Indicator:
    """One figure for the monitoring page, with the bars of its chart."""

    key: str
    pillar: str
    title: str
    value: float | None
    unit: str
    based_on: int
    """How many newcomers (or answers, see `explanation`) the figure rests on."""
    explanation: str
    series: list[tuple[str, float]] = field(default_factory=list)

    @property
    def too_few(self) -> bool:
        """A share resting on fewer than `SMALL_N` answers: no conclusions."""
        return self.unit.startswith("%") and self.based_on < SMALL_N


def _share(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def startgesprekken(session: Session, period: Period) -> Indicator:
    """Number of startgesprekken (intake date in the period), with a bar per month."""
    days = list(session.execute(select(Newcomer.intake_date).where(period.days(Newcomer.intake_date))).scalars())
    months = Counter(day.strftime("%Y-%m") for day in days)
    return Indicator("startgesprekken", Pillar.PARTICIPATION, "Aantal startgesprekken", len(days), "", len(days),
                     "Nieuwkomers met de datum van hun startgesprek in deze periode.",
                     [(month, float(months[month])) for month in sorted(months)])


TIME_BUCKETS = ((0, 14, "≤ 2 weken"), (15, 30, "2–4 weken"), (31, 60, "1–2 maanden"), (61, 10**6, "> 2 maanden"))
"""Bars for the time between linking and startgesprek."""


def time_to_startgesprek(session: Session, period: Period) -> Indicator:
    """Days between linking to Zeist and the startgesprek (median), for startgesprekken in the period."""
    pairs = session.execute(select(Newcomer.linked_on, Newcomer.intake_date).where(
        period.days(Newcomer.intake_date), Newcomer.linked_on.is_not(None))).all()
    waits = [max(0, (intake - linked).days) for linked, intake in pairs]
    series = [(label, float(sum(1 for w in waits if low <= w <= high))) for low, high, label in TIME_BUCKETS]
    return Indicator("tijd_tot_startgesprek", Pillar.PARTICIPATION, "Tijd tussen koppeling en startgesprek",
                     float(statistics.median(waits)) if waits else None, "dagen (mediaan)", len(waits),
                     "Startgesprekken in deze periode waarvan de koppeldatum bekend is.", series)


def profile_completeness(session: Session, period: Period) -> Indicator:
    """Average share of profile questions answered (not skipped), for startgesprekken in the period."""
    newcomers = list(session.execute(select(Newcomer.id).where(period.days(Newcomer.intake_date))).scalars())
    answered = dict(session.execute(
        select(IntakeAnswer.newcomer_id, func.count()).where(
            IntakeAnswer.newcomer_id.in_(newcomers),
            IntakeAnswer.question.in_(PROFILE_QUESTIONS), IntakeAnswer.skipped.is_(False),
            IntakeAnswer.value.is_not(None))
        .group_by(IntakeAnswer.newcomer_id)).all()) if newcomers else {}
    shares = [100.0 * answered.get(n, 0) / len(PROFILE_QUESTIONS) for n in newcomers]
    buckets = (("< 50%", 0, 50), ("50–79%", 50, 80), ("80–99%", 80, 100), ("100%", 100, 101))
    series = [(label, float(sum(1 for s in shares if low <= s < high))) for label, low, high in buckets]
    return Indicator("volledigheid_profiel", Pillar.PARTICIPATION, "Volledigheid profiel",
                     round(statistics.mean(shares), 1) if shares else None, "% (gemiddeld)", len(shares),
                     f"Deel van de {len(PROFILE_QUESTIONS)} profielvragen dat beantwoord is, bij startgesprekken "
                     "in deze periode.", series)


def _checkin_choices(session: Session, period: Period, question: str) -> Counter[str]:
    rows = session.execute(select(CheckInAnswer.value, func.count()).where(
        CheckInAnswer.question == question, CheckInAnswer.skipped.is_(False), CheckInAnswer.value.is_not(None),
        period.moments(CheckInAnswer.answered_at)).group_by(CheckInAnswer.value)).all()
    return Counter({str(value): int(count) for value, count in rows})


def _choice_share(session: Session, period: Period, key: str, pillar: str, title: str, question: str,
                  labels: dict[str, str], counted: set[str], leave_out: frozenset[str] = frozenset()) -> Indicator:
    counts = _checkin_choices(session, period, question)
    whole = sum(n for code, n in counts.items() if code not in leave_out)
    part = sum(counts[code] for code in counted)
    kept = ", ".join(labels[c] for c in leave_out if c in labels)
    return Indicator(key, pillar, title, _share(part, whole), "%", whole,
                     f"Antwoorden in check-ins in deze periode{f' (zonder {kept!r})' if kept else ''}.",
                     [(label, float(counts[code])) for code, label in labels.items()])


def feel_useful(session: Session, period: Period) -> Indicator:
    """Share of check-in answers 'I feel useful and seen' (yes)."""
    return _choice_share(session, period, "voelt_zich_nuttig", Pillar.PARTICIPATION,
                         "Voelt zich nuttig en gezien", "checkin_useful_seen",
                         {"yes": "ja", "sometimes": "soms", "no": "nee"}, {"yes"})


def find_their_way(session: Session, period: Period) -> Indicator:
    """Share who find their way to the CJG / Sociaal Team when needed (among those who needed it)."""
    return _choice_share(session, period, "vindt_de_weg", Pillar.FINDING_THE_WAY,
                         "Vindt de weg naar hulp (CJG, Sociaal Team)", "checkin_finds_help",
                         {"yes": "ja", "no": "nee", "not_needed": "niet nodig"}, {"yes"}, frozenset({"not_needed"}))


def contacts_satisfied(session: Session, period: Period) -> Indicator:
    """Share satisfied with their number of contacts."""
    return _choice_share(session, period, "tevreden_over_contacten", Pillar.NETWORK,
                         "Tevreden over het aantal contacten", "checkin_contacts_satisfied",
                         {"yes": "ja", "partly": "een beetje", "no": "nee"}, {"yes"})


def _numbers(rows: list[tuple[int, str | None]]) -> dict[int, int]:
    result = {}
    for newcomer_id, value in rows:
        try:
            result[newcomer_id] = int(value or "")
        except ValueError:
            continue
    return result


def contacts(session: Session, period: Period) -> Indicator:
    """People newcomers have contact with: average at the start, at six months and at two years.

    The headline counts newcomers who, in a check-in in the period, report more
    contacts than at their startgesprek (the plan: "from 0 to at least 1").
    """
    start = _numbers(session.execute(select(IntakeAnswer.newcomer_id, IntakeAnswer.value).where(
        IntakeAnswer.question == "intake_contacts", IntakeAnswer.skipped.is_(False))).all())
    later_rows = session.execute(
        select(CheckIn.newcomer_id, CheckIn.kind, CheckInAnswer.value, CheckInAnswer.answered_at)
        .join(CheckInAnswer, CheckInAnswer.checkin_id == CheckIn.id)
        .where(CheckInAnswer.question == "checkin_contacts", CheckInAnswer.skipped.is_(False),
               period.moments(CheckInAnswer.answered_at))).all()
    by_kind: dict[str, dict[int, int]] = {"six_months": {}, "two_years": {}}
    latest: dict[int, tuple[dt.datetime, int]] = {}
    for newcomer_id, kind, value, answered_at in later_rows:
        number = _numbers([(newcomer_id, value)]).get(newcomer_id)
        if number is None:
            continue
        by_kind.setdefault(kind, {})[newcomer_id] = number
        if newcomer_id not in latest or answered_at > latest[newcomer_id][0]:
            latest[newcomer_id] = (answered_at, number)
    intake_in_period = _numbers(session.execute(
        select(IntakeAnswer.newcomer_id, IntakeAnswer.value).where(
            IntakeAnswer.question == "intake_contacts", IntakeAnswer.skipped.is_(False),
            period.moments(IntakeAnswer.answered_at))).all())
    compared = [n for n in latest if n in start]
    more = sum(1 for n in compared if latest[n][1] > start[n])

    def average(values: dict[int, int]) -> float:
        return round(statistics.mean(values.values()), 1) if values else 0.0

    return Indicator("contacten", Pillar.NETWORK, "Meer contacten dan bij het startgesprek", float(more),
                     f"van {len(compared)} nieuwkomers", len(compared),
                     "Balken: gemiddeld aantal mensen waarmee nieuwkomers contact hebben, volgens antwoorden "
                     "in deze periode (start, na een half jaar, na twee jaar).",
                     [("start", average(intake_in_period)), ("half jaar", average(by_kind["six_months"])),
                      ("twee jaar", average(by_kind["two_years"]))])


MATCH_LABELS = {MatchKind.BUDDY: "maatje", MatchKind.VOLUNTEER_TEAM: "vrijwilligersteam",
                MatchKind.LANGUAGE_BUDDY: "taalmaatje"}


def matches(session: Session, period: Period) -> Indicator:
    """Matches with buddies and volunteer projects started in the period, per kind."""
    rows = dict(session.execute(select(BuddyMatch.kind, func.count()).where(period.days(BuddyMatch.started_on))
                                .group_by(BuddyMatch.kind)).all())
    total = int(sum(rows.values()))
    return Indicator("koppelingen", Pillar.NETWORK, "Koppelingen met maatjes en vrijwilligersprojecten", total,
                     "", total, "Koppelingen die in deze periode begonnen.",
                     [(label, float(rows.get(kind, 0))) for kind, label in MATCH_LABELS.items()])


def extra_language_support(session: Session, period: Period) -> Indicator:
    """Newcomers with extra language support: a taalmaatje during the period, or extra lessons in a check-in."""
    buddies = set(session.execute(select(BuddyMatch.newcomer_id).where(
        BuddyMatch.kind == MatchKind.LANGUAGE_BUDDY, BuddyMatch.started_on <= period.end,
        or_(BuddyMatch.ended_on.is_(None), BuddyMatch.ended_on >= period.start))).scalars())
    lessons = set(session.execute(
        select(CheckIn.newcomer_id).join(CheckInAnswer, CheckInAnswer.checkin_id == CheckIn.id).where(
            CheckInAnswer.question == "checkin_language_lessons",
            CheckInAnswer.value.in_(("inburgering_extra", "extra")), period.moments(CheckInAnswer.answered_at))
    ).scalars())
    either = buddies | lessons
    return Indicator("extra_taalsteun", Pillar.LANGUAGE, "Nieuwkomers met extra taalondersteuning", len(either), "",
                     len(either), "Een taalmaatje in deze periode, of 'extra lessen' genoemd in een check-in.",
                     [("taalmaatje", float(len(buddies))), ("extra lessen (check-in)", float(len(lessons)))])


CHANNEL_NAMES = {"tg": "Telegram", "wa": "WhatsApp", "web": "webchat"}
"""Bars of the assistant-users chart, by the channel prefix of the sender id."""
OTHER_CHANNEL = "overig"
"""The bar for sender ids without a known channel prefix (older or hand-made addresses)."""


def assistant_users(session: Session, period: Period) -> Indicator:
    """Newcomers who used the assistant in the period, each in the bar of the channel they used last.

    One bar per person keeps the bars adding up to the total, also for someone on two channels.
    """
    last_seen = func.coalesce(ChatIdentity.last_seen_at, ChatIdentity.created_at)
    used = session.execute(select(ChatIdentity.newcomer_id, ChatIdentity.sender_id, last_seen).where(
        ChatIdentity.created_at < period.after_last_moment, last_seen >= period.first_moment)).all()
    latest: dict[int, tuple[dt.datetime, str]] = {}
    for newcomer_id, sender, seen in used:
        if newcomer_id not in latest or seen > latest[newcomer_id][0]:
            latest[newcomer_id] = (seen, sender)
    channels = Counter(_channel(sender) for _, sender in latest.values())
    series = [(label, float(channels.get(prefix, 0))) for prefix, label in CHANNEL_NAMES.items()]
    series.append((OTHER_CHANNEL, float(channels.get(OTHER_CHANNEL, 0))))
    return Indicator("gebruikers_assistent", Pillar.FINDING_THE_WAY, "Nieuwkomers die de assistent gebruiken",
                     len(latest), "", len(latest),
                     "Nieuwkomers met een gekoppeld chatadres dat in deze periode in gebruik was; "
                     "ieder telt bij het kanaal dat hij of zij het laatst gebruikte.", series)


def _channel(sender_id: str) -> str:
    prefix, colon, _ = sender_id.partition(":")
    return prefix if colon and prefix in CHANNEL_NAMES else OTHER_CHANNEL


def activities_on_own(session: Session, period: Period) -> Indicator:
    """Activities newcomers took part in on their own in the period (and how many newcomers did)."""
    rows = session.execute(select(ActivityAttendance.newcomer_id, ActivityAttendance.on_own).where(
        period.days(ActivityAttendance.attended_on))).all()
    own = [newcomer_id for newcomer_id, on_own in rows if on_own]
    return Indicator("activiteiten_zelfstandig", Pillar.FINDING_THE_WAY, "Zelfstandig deelgenomen aan activiteiten",
                     len(set(own)), "nieuwkomers", len(set(own)),
                     "Nieuwkomers met minstens één activiteit zonder begeleiding; balken tellen activiteiten.",
                     [("zelfstandig", float(len(own))), ("met begeleiding", float(len(rows) - len(own)))])


def checkins_sent_answered_expired(session: Session, period: Period) -> Indicator:
    """Check-ins sent, answered and expired in the period."""
    def count(column) -> int:  # type: ignore[no-untyped-def]
        return int(session.execute(select(func.count()).select_from(CheckIn).where(period.moments(column)))
                   .scalar_one())

    sent, answered, expired = count(CheckIn.sent_at), count(CheckIn.answered_at), count(CheckIn.expired_at)
    return Indicator("checkins", Pillar.CHECKINS, "Check-ins verstuurd, beantwoord, verlopen", sent, "verstuurd",
                     sent, "Per gebeurtenis in deze periode (een check-in van vóór de periode kan erin beantwoord "
                     "worden).", [("verstuurd", float(sent)), ("beantwoord", float(answered)),
                                  ("verlopen", float(expired))])


ALL = (extra_language_support, matches, contacts, contacts_satisfied, startgesprekken, time_to_startgesprek,
       profile_completeness, feel_useful, assistant_users, activities_on_own, find_their_way,
       checkins_sent_answered_expired)
"""Every indicator, in page order within its pillar."""


def all_indicators(session: Session, period: Period) -> dict[str, list[Indicator]]:
    """Every indicator for the period, grouped by pillar in the plan's order."""
    grouped: dict[str, list[Indicator]] = {pillar: [] for pillar in Pillar.ORDER}
    for compute in ALL:
        indicator = compute(session, period)
        grouped[indicator.pillar].append(indicator)
    return grouped
