"""The escalation rules: each rule fires on its answer and not on others; flags are raised once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.journey.conftest import consenting_newcomer
from wegwijz.journey import checkins, escalation, intake
from wegwijz.journey.constants import SKIPPED, CheckInKind, CheckInState
from wegwijz.journey.models import Flag

FIRES = [
    ("wants_contact", "checkin_wants_contact", "yes", "no"),
    ("no_contacts", "checkin_contacts", "0", "1"),
    ("unhappy_with_contacts", "checkin_contacts_satisfied", "no", "partly"),
    ("money_or_housing", "checkin_could_be_better", "Ik heb schulden bij de energie", "Meer sporten"),
    ("money_or_housing", "checkin_goes_well", "I can't pay the rent this month", "School goes well"),
    ("money_or_housing", "checkin_could_be_better", "عندي مشاكل بالإيجار", "أريد عملاً"),
    ("money_or_housing", "checkin_could_be_better", "والديون كثيرة", "المدينة جميلة"),
    ("money_or_housing", "checkin_could_be_better", "ዕዳ ኣለኒ", "ቋንቋ ክመሃር"),
    ("no_language_lessons", "checkin_language_lessons", "none", "extra"),
    ("going_hard", "checkin_how_going", "hard", "okay"),
    ("not_useful_or_seen", "checkin_useful_seen", "no", "sometimes"),
    ("cannot_find_help", "checkin_finds_help", "no", "not_needed"),
    ("wants_buddy", "intake_buddy", "both", "no"),
    ("care_worries", "intake_care_worries", "Mijn dochter heeft astma", "none"),
]


def test_every_rule_is_covered() -> None:
    assert {rule.name for rule in escalation.RULES} == {name for name, *_ in FIRES}


@pytest.mark.parametrize(("rule", "question", "firing_value", "quiet_value"), FIRES)
def test_rule_fires_on_its_answer_only(rule: str, question: str, firing_value: str, quiet_value: str) -> None:
    fired = escalation.firing(question, firing_value)
    assert [r.name for r, _ in fired] == [rule]
    assert all(reason for _, reason in fired)
    assert escalation.firing(question, quiet_value) == []
    assert escalation.firing(question, SKIPPED) == []
    assert escalation.firing("checkin_tips", firing_value) == []  # tips for others raise nothing


def test_money_or_housing_names_the_word_for_the_caseworker() -> None:
    [(_, reason)] = escalation.firing("checkin_could_be_better", "De huurachterstand maakt me bang")
    assert '"huurachterstand"' in reason


def _six_months(newcomer):  # type: ignore[no-untyped-def]
    checkin = next(c for c in newcomer.checkins if c.kind == CheckInKind.SIX_MONTHS)
    checkin.state, checkin.sent_at = CheckInState.SENT, checkin.newcomer.created_at
    return checkin


def test_flags_are_raised_once_and_taken_back_when_corrected(session, clock, schedule) -> None:
    newcomer = consenting_newcomer(session, "tg:1", "nl", clock(), schedule)
    checkin = _six_months(newcomer)
    checkins.save_answer(session, checkin, "checkin_wants_contact", "yes", "nl", clock())
    checkins.save_answer(session, checkin, "checkin_wants_contact", "yes", "nl", clock())
    session.commit()
    flags = session.execute(select(Flag)).scalars().all()
    assert [(f.rule, f.checkin_id, f.newcomer_id) for f in flags] == [("wants_contact", checkin.id, newcomer.id)]
    checkins.save_answer(session, checkin, "checkin_wants_contact", "no", "nl", clock())  # "nee, ik bedoel nee"
    session.commit()
    assert session.execute(select(Flag)).scalars().all() == []


def test_a_handled_flag_stays_when_the_answer_changes(session, clock, schedule) -> None:
    newcomer = consenting_newcomer(session, "tg:2", "ar", clock(), schedule)
    checkin = _six_months(newcomer)
    checkins.save_answer(session, checkin, "checkin_contacts", "0", "ar", clock())
    flag = session.execute(select(Flag)).scalar_one()
    flag.handled_at, flag.handled_by, flag.note = clock(), "consulent.test", "Taalcafé voorgesteld"
    checkins.save_answer(session, checkin, "checkin_contacts", "2", "ar", clock())
    session.commit()
    assert session.execute(select(Flag.rule)).scalars().all() == ["no_contacts"]


def test_intake_and_each_checkin_flag_separately(session, clock, schedule) -> None:
    newcomer = consenting_newcomer(session, "tg:3", "ti", clock(), schedule)
    intake.save_answer(session, newcomer, "intake_buddy", "buddy", "ti", clock())
    six = _six_months(newcomer)
    two = next(c for c in newcomer.checkins if c.kind == CheckInKind.TWO_YEARS)
    two.state, two.sent_at = CheckInState.SENT, clock()
    checkins.save_answer(session, six, "checkin_wants_contact", "yes", "ti", clock())
    checkins.save_answer(session, two, "checkin_wants_contact", "yes", "ti", clock())
    session.commit()
    rows = session.execute(select(Flag.rule, Flag.checkin_id).order_by(Flag.id)).all()
    assert rows == [("wants_buddy", None), ("wants_contact", six.id), ("wants_contact", two.id)]
