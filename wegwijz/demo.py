"""Fictional newcomers at different stages, so the portal and the scheduler have something to show.

`make demo-data` (or `make run` on an empty database) adds them. Every name ends in
"(fictief)" and every chat address starts with `web:demo-`: nobody real is in here.
Never in production.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wegwijz import db
from wegwijz.journey import checkins, escalation
from wegwijz.journey.constants import SKIPPED, CheckInKind, CheckInState, ConsentKind, MatchKind
from wegwijz.journey.models import (
    ActivityAttendance,
    BuddyMatch,
    CheckInAnswer,
    IntakeAnswer,
    Newcomer,
    utcnow,
)
from wegwijz.journey.newcomers import give_consent, link_identity


def _newcomer(session: Session, name: str, sender: str, lang: str, linked: dt.date, intake: dt.date | None,
              now: dt.datetime) -> Newcomer:
    newcomer = Newcomer(name=f"{name} (fictief)", preferred_language=lang, linked_on=linked, intake_date=intake,
                        caseworker="demo.consulent", created_at=now)
    session.add(newcomer)
    session.flush()
    link_identity(session, newcomer, sender, now)
    if intake is not None:
        give_consent(session, newcomer, ConsentKind.PROFILE, now, who="demo")
    return newcomer


def _intake(session: Session, newcomer: Newcomer, answers: dict[str, str], lang: str, at: dt.datetime) -> None:
    for question, value in answers.items():
        newcomer.intake_answers.append(IntakeAnswer(question=question, value=None if value == SKIPPED else value,
                                                    skipped=value == SKIPPED, lang=lang, answered_at=at))
        session.flush()
        escalation.apply(session, newcomer, question, value, None, at)


def _checkin_answers(session: Session, newcomer: Newcomer, kind: str, answers: dict[str, str], lang: str,
                     at: dt.datetime) -> None:
    checkin = next(c for c in newcomer.checkins if c.kind == kind)
    checkin.state, checkin.sent_at, checkin.sent_to = CheckInState.ANSWERED, at, newcomer.identities[0].sender_id
    checkin.first_answer_at = checkin.answered_at = at
    for question, value in answers.items():
        checkin.answers.append(CheckInAnswer(question=question, value=value, lang=lang, answered_at=at))
        session.flush()
        escalation.apply(session, newcomer, question, value, checkin, at)


def seed(session: Session, now: dt.datetime | None = None) -> list[Newcomer]:
    """Add five fictional newcomers, from "just linked" to "two-year check-in waiting for a reminder"."""
    now = now or utcnow()
    today = now.date()
    schedule = checkins.Schedule.from_env()
    days = dt.timedelta

    amina = _newcomer(session, "Amina Voorbeeld", "web:demo-amina", "ar", today - days(10), None, now)

    yonas = _newcomer(session, "Yonas Voorbeeld", "web:demo-yonas", "ti", today - days(30), today - days(2), now)
    _intake(session, yonas, {"intake_background": "ካብ ኣስመራ እየ", "intake_languages": "ትግርኛ፡ ዓረብ፡ ቁሩብ እንግሊዝኛ",
                             "intake_education": "secondary", "intake_work": SKIPPED}, "ti", now - days(2))

    karim = _newcomer(session, "Karim Voorbeeld", "web:demo-karim", "ar", today - days(200),
                      today - days(schedule.six_months_days), now)
    _intake(session, karim, {"intake_background": "من حلب، سوريا", "intake_languages": "العربية والكردية",
                             "intake_education": "vocational", "intake_work": "نجار، عشر سنوات",
                             "intake_ambition": "work", "intake_interests": "كرة القدم والطبخ", "intake_contacts": "0",
                             "intake_buddy": "buddy", "intake_inburgering": "started"}, "ar",
            now - days(schedule.six_months_days))
    karim.intake_completed_at = now - days(schedule.six_months_days)

    sara = _newcomer(session, "Sara Voorbeeld", "web:demo-sara", "en", today - days(230), today - days(220), now)
    _intake(session, sara, {"intake_background": "From Kabul, Afghanistan", "intake_languages": "Dari, English",
                            "intake_education": "higher", "intake_work": "Teacher, 6 years", "intake_ambition": "study",
                            "intake_interests": "Reading, walking", "intake_contacts": "1", "intake_buddy": "team",
                            "intake_inburgering": "started"}, "en", now - days(220))
    sara.intake_completed_at = now - days(220)

    dawit = _newcomer(session, "Dawit Voorbeeld", "web:demo-dawit", "ti", today - days(760), today - days(735), now)
    _intake(session, dawit, {"intake_background": "ካብ መቐለ", "intake_languages": "ትግርኛ", "intake_education": "primary",
                             "intake_work": "ሓረስታይ", "intake_ambition": "work", "intake_contacts": "0",
                             "intake_buddy": "both", "intake_inburgering": "not_started"}, "ti", now - days(735))
    dawit.intake_completed_at = now - days(735)
    dawit.buddy_matches.append(BuddyMatch(kind=MatchKind.BUDDY, partner="Straatje-als-Maatje Voorbeeldlaan",
                                          started_on=today - days(700), recorded_by="demo.consulent"))
    dawit.activities.append(ActivityAttendance(activity="Taalcafé in de bibliotheek", attended_on=today - days(600),
                                               on_own=True, recorded_by="demo.consulent"))

    for newcomer in (yonas, karim, sara, dawit):
        checkins.plan(session, newcomer, schedule)
    _checkin_answers(session, sara, CheckInKind.SIX_MONTHS, {
        "checkin_how_going": "okay", "checkin_goes_well": "My children like school.",
        "checkin_could_be_better": "I have debts from the rent deposit.", "checkin_language_lessons": "none",
        "checkin_contacts": "3", "checkin_contacts_satisfied": "partly", "checkin_useful_seen": "sometimes",
        "checkin_own_activities": "Walking group on Tuesdays", "checkin_finds_help": "yes",
        "checkin_wants_contact": "yes"}, "en", now - days(35))
    _checkin_answers(session, dawit, CheckInKind.SIX_MONTHS, {
        "checkin_how_going": "good", "checkin_goes_well": "ምስ maatje ሆላንድኛ ይመሃር ኣለኹ",
        "checkin_language_lessons": "inburgering_extra", "checkin_contacts": "4",
        "checkin_contacts_satisfied": "yes", "checkin_useful_seen": "yes", "checkin_finds_help": "yes",
        "checkin_wants_contact": "no"}, "ti", now - days(550))
    two_years = next(c for c in dawit.checkins if c.kind == CheckInKind.TWO_YEARS)
    two_years.state, two_years.sent_at, two_years.sent_to = CheckInState.SENT, now - days(5), "web:demo-dawit"
    session.flush()
    return [amina, yonas, karim, sara, dawit]


def seed_if_empty(settings: Any) -> int:
    """Seed the demo newcomers when the database has no newcomers yet (never in production).

    Args:
        settings: the settings (`database_url`, `is_production`).

    Returns:
        How many newcomers were added.
    """
    if getattr(settings, "is_production", False):
        return 0
    with db.session_factory(settings.database_url)() as session:
        if session.execute(select(func.count()).select_from(Newcomer)).scalar():
            return 0
        added = seed(session)
        session.commit()
        return len(added)


def main() -> int:
    """`make demo-data`: migrate, then add the demo newcomers to an empty database."""
    from wegwijz.settings import get as get_settings

    settings = get_settings()
    if settings.is_production:
        print("Not in production: demo newcomers are fictional.", file=sys.stderr)
        return 1
    db.migrate(settings.database_url)
    added = seed_if_empty(settings)
    print(f"Added {added} fictional newcomers." if added else "The database already has newcomers; nothing added.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
