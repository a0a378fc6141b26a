"""Everything on a newcomer's page, put in order: profile, consent, answers, check-ins with changes, flags."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from wegwijz.contract import languages
from wegwijz.journey.constants import CheckInKind, CheckInState, ConsentKind, MatchKind
from wegwijz.journey.models import (
    ActivityAttendance,
    BuddyMatch,
    ChatIdentity,
    CheckIn,
    ConsentRecord,
    Flag,
    Newcomer,
)
from wegwijz.portal import caseload, flag_kinds
from wegwijz.portal.answers_view import Change, ShownAnswer, changes, show

CHECKIN_KIND_LABELS = {CheckInKind.SIX_MONTHS: "Na een half jaar", CheckInKind.TWO_YEARS: "Na twee jaar"}
"""Dutch names of the check-in kinds."""
CHECKIN_STATE_LABELS = {
    CheckInState.SCHEDULED: "gepland",
    CheckInState.SENT: "verstuurd",
    CheckInState.REMINDED: "herinnering verstuurd",
    CheckInState.ANSWERED: "beantwoord",
    CheckInState.EXPIRED: "verlopen zonder (alle) antwoorden",
    CheckInState.CANCELLED: "geannuleerd",
}
"""Dutch names of the check-in states."""
MATCH_KIND_LABELS = {
    MatchKind.BUDDY: "Maatje",
    MatchKind.VOLUNTEER_TEAM: "Vrijwilligersteam",
    MatchKind.LANGUAGE_BUDDY: "Taalmaatje",
}
"""Dutch names of the match kinds."""
CONSENT_LABELS = {
    ConsentKind.PROFILE: "Profiel en vervolggesprekken",
    ConsentKind.CARE: "Zorgen over gezondheid of zorg",
}
"""Dutch names of the consent kinds."""
CHANNELS = {"tg": "Telegram", "wa": "WhatsApp", "web": "Webchat"}
"""Chat channels by the prefix of a sender id."""
LANGUAGE_NAMES = languages.names_in("nl")
"""Dutch names of the languages."""

_SENDER = re.compile(r"^(tg|wa|web):[A-Za-z0-9_.+-]{1,200}$")


def valid_sender_id(sender_id: str) -> bool:
    """Whether a typed chat address looks like one (`tg:…`, `wa:…`, `web:…`)."""
    return bool(_SENDER.match(sender_id))


def channel_of(sender_id: str) -> str:
    """The channel a sender id belongs to, in words."""
    return CHANNELS.get(sender_id.split(":", 1)[0], "Onbekend kanaal")


@dataclass(frozen=True)
class CheckInView:
    """One check-in on the page."""

    checkin: CheckIn
    kind_label: str
    state_label: str
    attention: str | None
    answers: list[ShownAnswer]
    changes: list[Change]
    compared_with: str
    """What the changes are measured against ('het startgesprek' or the previous check-in)."""


@dataclass(frozen=True)
class NewcomerPage:
    """The newcomer's page, ready to render."""

    newcomer: Newcomer
    days_since_linking: int | None
    language: str
    consents: list[ConsentRecord]
    intake: list[ShownAnswer]
    checkins: list[CheckInView]
    open_flags: list[Flag]
    """Most urgent first (`wegwijz.portal.flag_kinds`)."""
    handled_flags: list[Flag]
    matches: list[BuddyMatch]
    activities: list[ActivityAttendance]
    identities: list[ChatIdentity]


def _kind_order(checkin: CheckIn) -> tuple[int, dt.date]:
    order = list(CheckInKind.ALL)
    return (order.index(checkin.kind) if checkin.kind in order else 9, checkin.due_date)


def build(newcomer: Newcomer, today: dt.date) -> NewcomerPage:
    """Put the newcomer's data in the order a caseworker reads it."""
    checkins = sorted(newcomer.checkins, key=_kind_order)
    views = []
    previous_answers = list(newcomer.intake_answers)
    previous_name = "het startgesprek"
    for checkin in checkins:
        answers = list(checkin.answers)
        views.append(CheckInView(
            checkin=checkin,
            kind_label=CHECKIN_KIND_LABELS.get(checkin.kind, checkin.kind),
            state_label=CHECKIN_STATE_LABELS.get(checkin.state, checkin.state),
            attention=caseload.checkin_attention(checkin, today),
            answers=[show(a) for a in answers],
            changes=changes(previous_answers, answers) if answers else [],
            compared_with=previous_name,
        ))
        if answers:
            previous_answers = answers
            previous_name = f"de check-in '{CHECKIN_KIND_LABELS.get(checkin.kind, checkin.kind).lower()}'"
    flags = sorted(newcomer.flags, key=lambda f: f.created_at, reverse=True)
    return NewcomerPage(
        newcomer=newcomer,
        days_since_linking=(today - newcomer.linked_on).days if newcomer.linked_on else None,
        language=LANGUAGE_NAMES.get(newcomer.preferred_language, newcomer.preferred_language),
        consents=list(newcomer.consents),
        intake=[show(a) for a in newcomer.intake_answers],
        checkins=views,
        open_flags=flag_kinds.by_severity([f for f in flags if f.handled_at is None]),
        handled_flags=[f for f in flags if f.handled_at is not None],
        matches=list(newcomer.buddy_matches),
        activities=sorted(newcomer.activities, key=lambda a: a.attended_on, reverse=True),
        identities=list(newcomer.identities),
    )
