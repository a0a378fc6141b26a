"""The newcomer's journey in tables: who they are to us, what they agreed to, what they told us.

Everything here is personal data of vulnerable people, kept only with a recorded
consent (`ConsentRecord`) and erased completely by `wegwijz.journey.rights.erase`.
Every table that belongs to one newcomer has a `newcomer_id` with ON DELETE
CASCADE, so deleting the `Newcomer` row deletes the rest.

Moments are timezone-aware UTC (`wegwijz.journey.moments`); calendar days (linking date,
due date) are plain dates. Question ids are the Rasa slot names listed in
`wegwijz.journey.questions`.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import relationship

from wegwijz.db import Base
from wegwijz.db.moments import UtcDateTime, utcnow
from wegwijz.journey.constants import CheckInState


def _owner() -> Column:  # type: ignore[type-arg]
    return Column(Integer, ForeignKey("newcomers.id", ondelete="CASCADE"), nullable=False, index=True)


class Newcomer(Base):
    """A statushouder linked to Zeist, as the municipality follows them.

    `name` is optional (the chat never asks for it; a caseworker may add it).
    `caseworker` is the username of the portal account that follows this person.
    """

    __tablename__ = "newcomers"

    id = Column(Integer, primary_key=True)
    name = Column(String(120), nullable=True)
    linked_on = Column(Date, nullable=True)  # the day the COA linked the person to Zeist
    intake_date = Column(Date, nullable=True)  # the startgesprek; check-ins count from here
    intake_completed_at = Column(UtcDateTime, nullable=True)  # the chat intake went through every question
    preferred_language = Column(String(2), nullable=False, default="nl")
    caseworker = Column(String(64), nullable=True, index=True)
    interpreter_needed = Column(Boolean, nullable=False, default=False)  # marked by a caseworker in the portal
    created_at = Column(UtcDateTime, nullable=False, default=utcnow)

    identities = relationship("ChatIdentity", back_populates="newcomer", cascade="all, delete-orphan",
                              passive_deletes=True, order_by="ChatIdentity.id")
    consents = relationship("ConsentRecord", back_populates="newcomer", cascade="all, delete-orphan",
                            passive_deletes=True, order_by="ConsentRecord.id")
    intake_answers = relationship("IntakeAnswer", back_populates="newcomer", cascade="all, delete-orphan",
                                  passive_deletes=True, order_by="IntakeAnswer.id")
    checkins = relationship("CheckIn", back_populates="newcomer", cascade="all, delete-orphan",
                            passive_deletes=True, order_by="CheckIn.due_date")
    flags = relationship("Flag", back_populates="newcomer", cascade="all, delete-orphan",
                         passive_deletes=True, order_by="Flag.id")
    buddy_matches = relationship("BuddyMatch", back_populates="newcomer", cascade="all, delete-orphan",
                                 passive_deletes=True, order_by="BuddyMatch.id")
    activities = relationship("ActivityAttendance", back_populates="newcomer", cascade="all, delete-orphan",
                              passive_deletes=True, order_by="ActivityAttendance.attended_on")


class ChatIdentity(Base):
    """One chat address of a newcomer: `tg:123`, `wa:3161…` or `web:…` (the Rasa sender id).

    A newcomer may write from several channels; a caseworker links them to one person.
    """

    __tablename__ = "chat_identities"

    id = Column(Integer, primary_key=True)
    sender_id = Column(String(255), nullable=False, unique=True)
    newcomer_id = _owner()
    created_at = Column(UtcDateTime, nullable=False, default=utcnow)
    last_seen_at = Column(UtcDateTime, nullable=True)  # check-ins go to the identity used last

    newcomer = relationship("Newcomer", back_populates="identities")


class ConsentRecord(Base):
    """One consent (`ConsentKind`): given at a moment, possibly withdrawn later.

    A consent is active while `withdrawn_at` is empty. Giving it again makes a new record,
    so the history of yes and no stays visible.
    """

    __tablename__ = "consent_records"
    __table_args__ = (Index("ix_consent_records_newcomer_kind", "newcomer_id", "kind"),)

    id = Column(Integer, primary_key=True)
    newcomer_id = _owner()
    kind = Column(String(20), nullable=False)
    given_at = Column(UtcDateTime, nullable=False, default=utcnow)
    withdrawn_at = Column(UtcDateTime, nullable=True)

    newcomer = relationship("Newcomer", back_populates="consents")

    @property
    def active(self) -> bool:
        """Whether the consent holds now."""
        return self.withdrawn_at is None


class IntakeAnswer(Base):
    """One answer of the startgesprek profile, stored the moment it is given.

    `value` is the newcomer's own words for open questions, an option code for choices
    (see `wegwijz.journey.questions`) and digits for numbers; `skipped` marks a question
    the newcomer chose not to answer. `lang` is the language it was given in.
    """

    __tablename__ = "intake_answers"
    __table_args__ = (UniqueConstraint("newcomer_id", "question", name="uq_intake_answers_question"),)

    id = Column(Integer, primary_key=True)
    newcomer_id = _owner()
    question = Column(String(40), nullable=False)
    value = Column(Text, nullable=True)
    skipped = Column(Boolean, nullable=False, default=False)
    lang = Column(String(2), nullable=False, default="nl")
    answered_at = Column(UtcDateTime, nullable=False, default=utcnow)

    newcomer = relationship("Newcomer", back_populates="intake_answers")


class CheckIn(Base):
    """The six-month or two-year check-in of one newcomer (`CheckInKind`, `CheckInState`).

    One row per newcomer and kind. The scheduler claims a row by changing its state
    in the database before it sends anything, so a check-in is never sent twice.
    """

    __tablename__ = "checkins"
    __table_args__ = (
        UniqueConstraint("newcomer_id", "kind", name="uq_checkins_newcomer_kind"),
        Index("ix_checkins_state_due", "state", "due_date"),
    )

    id = Column(Integer, primary_key=True)
    newcomer_id = _owner()
    kind = Column(String(20), nullable=False)
    due_date = Column(Date, nullable=False)
    state = Column(String(20), nullable=False, default=CheckInState.SCHEDULED)
    sent_to = Column(String(255), nullable=True)  # the sender id it went to
    sent_at = Column(UtcDateTime, nullable=True)
    reminded_at = Column(UtcDateTime, nullable=True)
    first_answer_at = Column(UtcDateTime, nullable=True)
    answered_at = Column(UtcDateTime, nullable=True)
    expired_at = Column(UtcDateTime, nullable=True)
    cancelled_at = Column(UtcDateTime, nullable=True)
    last_error = Column(String(300), nullable=True)  # why the last send attempt failed, for the caseworker

    newcomer = relationship("Newcomer", back_populates="checkins")
    answers = relationship("CheckInAnswer", back_populates="checkin", cascade="all, delete-orphan",
                           passive_deletes=True, order_by="CheckInAnswer.id")


class CheckInAnswer(Base):
    """One answer in a check-in, stored as given (a check-in broken off halfway keeps it)."""

    __tablename__ = "checkin_answers"
    __table_args__ = (UniqueConstraint("checkin_id", "question", name="uq_checkin_answers_question"),)

    id = Column(Integer, primary_key=True)
    checkin_id = Column(Integer, ForeignKey("checkins.id", ondelete="CASCADE"), nullable=False, index=True)
    question = Column(String(40), nullable=False)
    value = Column(Text, nullable=True)
    skipped = Column(Boolean, nullable=False, default=False)
    lang = Column(String(2), nullable=False, default="nl")
    answered_at = Column(UtcDateTime, nullable=False, default=utcnow)

    checkin = relationship("CheckIn", back_populates="answers")


class Flag(Base):
    """Something a caseworker should act on, raised by a rule in `wegwijz.journey.escalation`.

    `reason` is written for the caseworker (Dutch); `rule` names the rule that raised it.
    A caseworker handles it: `handled_at`, `handled_by` (portal username) and a `note`.
    """

    __tablename__ = "flags"
    __table_args__ = (Index("ix_flags_open", "handled_at", "created_at"),)

    id = Column(Integer, primary_key=True)
    newcomer_id = _owner()
    checkin_id = Column(Integer, ForeignKey("checkins.id", ondelete="CASCADE"), nullable=True, index=True)
    rule = Column(String(40), nullable=False)
    reason = Column(Text, nullable=False)
    created_at = Column(UtcDateTime, nullable=False, default=utcnow)
    handled_at = Column(UtcDateTime, nullable=True)
    handled_by = Column(String(64), nullable=True)
    note = Column(Text, nullable=True)

    newcomer = relationship("Newcomer", back_populates="flags")


class BuddyMatch(Base):
    """A buddy (maatje), volunteer team or language buddy linked to a newcomer (`MatchKind`).

    Recorded by a caseworker; counts for the plan's indicator "number of matches".
    """

    __tablename__ = "buddy_matches"

    id = Column(Integer, primary_key=True)
    newcomer_id = _owner()
    kind = Column(String(20), nullable=False)
    partner = Column(String(200), nullable=False)  # the team's or volunteer's name as the caseworker knows it
    started_on = Column(Date, nullable=False)
    ended_on = Column(Date, nullable=True)
    recorded_by = Column(String(64), nullable=True)
    note = Column(Text, nullable=True)
    created_at = Column(UtcDateTime, nullable=False, default=utcnow)

    newcomer = relationship("Newcomer", back_populates="buddy_matches")


class ActivityAttendance(Base):
    """An activity a newcomer took part in; `on_own` when they went without a guide.

    The plan's indicator: activities newcomers attended on their own half a year after the startgesprek.
    """

    __tablename__ = "activity_attendance"

    id = Column(Integer, primary_key=True)
    newcomer_id = _owner()
    activity = Column(String(200), nullable=False)  # a kennisbank activity id or a short description
    attended_on = Column(Date, nullable=False)
    on_own = Column(Boolean, nullable=False, default=False)
    recorded_by = Column(String(64), nullable=True)
    created_at = Column(UtcDateTime, nullable=False, default=utcnow)

    newcomer = relationship("Newcomer", back_populates="activities")


class AuditLog(Base):
    """Who did or read what about which newcomer, and when.

    `who` is a portal username, `newcomer` (the person in the chat) or `scheduler`.
    `what` and `detail` name the action ("viewed profile", "consent withdrawn") and
    never hold personal data, so the trail can outlive an erasure: erasing a
    newcomer empties `newcomer_id` on their entries (ON DELETE SET NULL).
    """

    __tablename__ = "audit_log"

    id = Column(Integer, primary_key=True)
    at = Column(UtcDateTime, nullable=False, default=utcnow, index=True)
    who = Column(String(64), nullable=False, index=True)
    what = Column(String(120), nullable=False)
    newcomer_id = Column(Integer, ForeignKey("newcomers.id", ondelete="SET NULL"), nullable=True, index=True)
    detail = Column(String(300), nullable=True)


class TrackerPurge(Base):
    """A conversation whose Rasa tracker events must still be deleted after an erasure.

    An erasure asked for in the chat happens during a Rasa turn, and Rasa writes that
    turn's events after the action returns; the purge runs once they are written
    (`wegwijz.journey.rights.finish_tracker_purge`). The row is deleted with the events.
    """

    __tablename__ = "tracker_purges"

    sender_id = Column(String(255), primary_key=True)
    after_event_id = Column(Integer, nullable=False, default=0)  # the newest event id when erasure was asked
    requested_at = Column(UtcDateTime, nullable=False, default=utcnow)


class ChatLinkCode(Base):
    """A chat address a caseworker wants to link, waiting for the newcomer to type the code in that chat.

    Only the code's hash is kept; it expires and allows a few wrong tries, so a typo in the
    address hands nobody a profile (the stranger at that address does not have the code).
    """

    __tablename__ = "chat_link_codes"

    id = Column(Integer, primary_key=True)
    newcomer_id = _owner()
    sender_id = Column(String(255), nullable=False, unique=True)  # one open code per address
    code_hash = Column(String(64), nullable=False)
    made_by = Column(String(64), nullable=False)  # the caseworker's portal username
    created_at = Column(UtcDateTime, nullable=False, default=utcnow)
    expires_at = Column(UtcDateTime, nullable=False)
    wrong_tries = Column(Integer, nullable=False, default=0)
