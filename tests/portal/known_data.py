"""Fictional newcomers with known answers, for the portal's tests (names are clearly made up)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from wegwijz.journey.constants import CheckInKind, CheckInState, ConsentKind, MatchKind
from wegwijz.journey.models import (
    ActivityAttendance,
    BuddyMatch,
    ChatIdentity,
    CheckIn,
    CheckInAnswer,
    ConsentRecord,
    Flag,
    IntakeAnswer,
    Newcomer,
)

SCRIPT_ANSWER = "<script>alert('x')</script> عملت نجّاراً"
"""A free-text answer that must show as text, never run."""
TIGRINYA_ANSWER = "ኣብ ኤርትራ ናይ ጽሕፈት ቤት ስራሕ ሰሪሐ"


def moment(day: dt.date, hour: int = 10) -> dt.datetime:
    """A moment in UTC on `day`."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class Known:
    """Ids of the seeded rows the tests refer to."""

    amal: int
    """Anna's newcomer (Arabic): intake, an answered six-month check-in, an open flag, a buddy."""
    tesfay: int
    """Dirk's newcomer (Tigrinya)."""
    noor: int
    """Anna's newcomer without intake whose check-in is overdue."""
    open_flag: int
    buddy_match: int


def seed(session: Session) -> Known:
    """Three fictional newcomers; in 2026: two startgesprekken, one six-month check-in answered."""
    amal = Newcomer(name="Amal Testpersoon", linked_on=dt.date(2026, 1, 5), intake_date=dt.date(2026, 1, 20),
                    preferred_language="ar", caseworker="klantmanager.anna")
    amal.identities.append(ChatIdentity(sender_id="tg:1001", created_at=moment(dt.date(2026, 1, 20)),
                                        last_seen_at=moment(dt.date(2026, 7, 25))))
    amal.consents.append(ConsentRecord(kind=ConsentKind.PROFILE, given_at=moment(dt.date(2026, 1, 20))))
    for question, value, lang in (("intake_consent", "yes", "ar"), ("intake_background", SCRIPT_ANSWER, "ar"),
                                  ("intake_contacts", "0", "ar"), ("intake_inburgering", "not_started", "ar"),
                                  ("intake_education", "vocational", "ar")):
        amal.intake_answers.append(IntakeAnswer(question=question, value=value, lang=lang,
                                                answered_at=moment(dt.date(2026, 1, 20))))
    amal.intake_answers.append(IntakeAnswer(question="intake_work", value=None, skipped=True, lang="ar",
                                            answered_at=moment(dt.date(2026, 1, 20))))
    six = CheckIn(kind=CheckInKind.SIX_MONTHS, due_date=dt.date(2026, 7, 20), state=CheckInState.ANSWERED,
                  sent_to="tg:1001", sent_at=moment(dt.date(2026, 7, 20)), answered_at=moment(dt.date(2026, 7, 22)))
    for question, value in (("checkin_how_going", "hard"), ("checkin_contacts", "2"),
                            ("checkin_language_lessons", "inburgering_extra"), ("checkin_useful_seen", "yes"),
                            ("checkin_finds_help", "yes"), ("checkin_wants_contact", "yes"),
                            ("checkin_could_be_better", "<b>meer</b> werk")):
        six.answers.append(CheckInAnswer(question=question, value=value, lang="ar",
                                         answered_at=moment(dt.date(2026, 7, 22))))
    amal.checkins.append(six)
    amal.checkins.append(CheckIn(kind=CheckInKind.TWO_YEARS, due_date=dt.date(2028, 1, 20)))
    flag = Flag(rule="wants_contact", reason="Wil graag dat iemand contact opneemt.",
                created_at=moment(dt.date(2026, 7, 22)))
    amal.flags.append(flag)
    amal.flags.append(Flag(rule="no_contacts", reason="Had bij het startgesprek geen contacten.",
                           created_at=moment(dt.date(2026, 1, 20)), handled_at=moment(dt.date(2026, 2, 1)),
                           handled_by="klantmanager.anna", note="Taalcafé voorgesteld."))
    match = BuddyMatch(kind=MatchKind.BUDDY, partner="Straatje-als-Maatje Lindenlaan", started_on=dt.date(2026, 3, 1),
                       recorded_by="klantmanager.anna")
    amal.buddy_matches.append(match)
    amal.activities.append(ActivityAttendance(activity="Taalcafé bibliotheek", attended_on=dt.date(2026, 5, 2),
                                              on_own=True))
    amal.activities.append(ActivityAttendance(activity="Kennismaking sportclub", attended_on=dt.date(2026, 4, 2),
                                              on_own=False))

    tesfay = Newcomer(name="Tesfay Testpersoon", linked_on=dt.date(2026, 2, 1), intake_date=dt.date(2026, 3, 15),
                      preferred_language="ti", caseworker="klantmanager.dirk")
    tesfay.identities.append(ChatIdentity(sender_id="wa:31600000001", created_at=moment(dt.date(2026, 3, 15))))
    tesfay.consents.append(ConsentRecord(kind=ConsentKind.PROFILE, given_at=moment(dt.date(2026, 3, 15))))
    for question, value in (("intake_background", TIGRINYA_ANSWER), ("intake_contacts", "3"),
                            ("intake_languages", "ትግርኛ፡ ዓረብ")):
        tesfay.intake_answers.append(IntakeAnswer(question=question, value=value, lang="ti",
                                                  answered_at=moment(dt.date(2026, 3, 15))))
    tesfay.buddy_matches.append(BuddyMatch(kind=MatchKind.LANGUAGE_BUDDY, partner="Taalhuis vrijwilliger",
                                           started_on=dt.date(2025, 12, 1)))

    noor = Newcomer(name=None, linked_on=dt.date(2025, 6, 1), preferred_language="en", caseworker="klantmanager.anna")
    noor.checkins.append(CheckIn(kind=CheckInKind.SIX_MONTHS, due_date=dt.date(2025, 12, 1),
                                 state=CheckInState.EXPIRED, sent_at=moment(dt.date(2025, 12, 1)),
                                 expired_at=moment(dt.date(2025, 12, 29))))
    session.add_all([amal, tesfay, noor])
    session.commit()
    return Known(amal=amal.id, tesfay=tesfay.id, noor=noor.id, open_flag=flag.id, buddy_match=match.id)


@dataclass(frozen=True)
class KnownUnassigned:
    """Ids of the newcomers nobody follows yet."""

    salam: int
    """Did the intake in the chat and wrote a health worry: an open care flag."""
    yonas: int
    """Did the intake in the chat; no flag."""
    care_flag: int


def seed_unassigned(session: Session) -> KnownUnassigned:
    """Two newcomers made by a chat intake, without a caseworker; the one without a flag came first."""
    yonas = Newcomer(name=None, intake_date=dt.date(2026, 7, 1), preferred_language="ti",
                     created_at=moment(dt.date(2026, 7, 1)))
    yonas.identities.append(ChatIdentity(sender_id="web:yonas-test", created_at=moment(dt.date(2026, 7, 1))))
    salam = Newcomer(name="Salam Testpersoon", intake_date=dt.date(2026, 7, 10), preferred_language="ar",
                     created_at=moment(dt.date(2026, 7, 10)))
    salam.identities.append(ChatIdentity(sender_id="tg:2002", created_at=moment(dt.date(2026, 7, 10))))
    flag = Flag(rule="care_worries", reason="Heeft zorgen over gezondheid of zorg (startgesprek).",
                created_at=moment(dt.date(2026, 7, 10)))
    salam.flags.append(flag)
    session.add_all([yonas, salam])
    session.commit()
    return KnownUnassigned(salam=salam.id, yonas=yonas.id, care_flag=flag.id)
