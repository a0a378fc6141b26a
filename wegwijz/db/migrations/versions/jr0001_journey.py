"""journey: newcomers, chat identities, consent, intake and check-in answers, flags, matches, audit

Revision ID: jr0001
Revises:
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = "jr0001"
down_revision = None
branch_labels = ("journey",)
depends_on = None

MOMENT = sa.DateTime(timezone=True)


def _owner() -> sa.Column:
    return sa.Column("newcomer_id", sa.Integer, sa.ForeignKey("newcomers.id", ondelete="CASCADE"),
                     nullable=False, index=True)


def upgrade() -> None:
    op.create_table(
        "newcomers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(120), nullable=True),
        sa.Column("linked_on", sa.Date, nullable=True),
        sa.Column("intake_date", sa.Date, nullable=True),
        sa.Column("intake_completed_at", MOMENT, nullable=True),
        sa.Column("preferred_language", sa.String(2), nullable=False),
        sa.Column("caseworker", sa.String(64), nullable=True, index=True),
        sa.Column("created_at", MOMENT, nullable=False),
    )
    op.create_table(
        "chat_identities",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sender_id", sa.String(255), nullable=False, unique=True),
        _owner(),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("last_seen_at", MOMENT, nullable=True),
    )
    op.create_table(
        "consent_records",
        sa.Column("id", sa.Integer, primary_key=True),
        _owner(),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("given_at", MOMENT, nullable=False),
        sa.Column("withdrawn_at", MOMENT, nullable=True),
    )
    op.create_index("ix_consent_records_newcomer_kind", "consent_records", ["newcomer_id", "kind"])
    op.create_table(
        "intake_answers",
        sa.Column("id", sa.Integer, primary_key=True),
        _owner(),
        sa.Column("question", sa.String(40), nullable=False),
        sa.Column("value", sa.Text, nullable=True),
        sa.Column("skipped", sa.Boolean, nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("answered_at", MOMENT, nullable=False),
        sa.UniqueConstraint("newcomer_id", "question", name="uq_intake_answers_question"),
    )
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer, primary_key=True),
        _owner(),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("due_date", sa.Date, nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("sent_to", sa.String(255), nullable=True),
        sa.Column("sent_at", MOMENT, nullable=True),
        sa.Column("reminded_at", MOMENT, nullable=True),
        sa.Column("first_answer_at", MOMENT, nullable=True),
        sa.Column("answered_at", MOMENT, nullable=True),
        sa.Column("expired_at", MOMENT, nullable=True),
        sa.Column("cancelled_at", MOMENT, nullable=True),
        sa.Column("last_error", sa.String(300), nullable=True),
        sa.UniqueConstraint("newcomer_id", "kind", name="uq_checkins_newcomer_kind"),
    )
    op.create_index("ix_checkins_state_due", "checkins", ["state", "due_date"])
    op.create_table(
        "checkin_answers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("checkin_id", sa.Integer, sa.ForeignKey("checkins.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("question", sa.String(40), nullable=False),
        sa.Column("value", sa.Text, nullable=True),
        sa.Column("skipped", sa.Boolean, nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("answered_at", MOMENT, nullable=False),
        sa.UniqueConstraint("checkin_id", "question", name="uq_checkin_answers_question"),
    )
    op.create_table(
        "flags",
        sa.Column("id", sa.Integer, primary_key=True),
        _owner(),
        sa.Column("checkin_id", sa.Integer, sa.ForeignKey("checkins.id", ondelete="CASCADE"),
                  nullable=True, index=True),
        sa.Column("rule", sa.String(40), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("handled_at", MOMENT, nullable=True),
        sa.Column("handled_by", sa.String(64), nullable=True),
        sa.Column("note", sa.Text, nullable=True),
    )
    op.create_index("ix_flags_open", "flags", ["handled_at", "created_at"])
    op.create_table(
        "buddy_matches",
        sa.Column("id", sa.Integer, primary_key=True),
        _owner(),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("partner", sa.String(200), nullable=False),
        sa.Column("started_on", sa.Date, nullable=False),
        sa.Column("ended_on", sa.Date, nullable=True),
        sa.Column("recorded_by", sa.String(64), nullable=True),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("created_at", MOMENT, nullable=False),
    )
    op.create_table(
        "activity_attendance",
        sa.Column("id", sa.Integer, primary_key=True),
        _owner(),
        sa.Column("activity", sa.String(200), nullable=False),
        sa.Column("attended_on", sa.Date, nullable=False),
        sa.Column("on_own", sa.Boolean, nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=True),
        sa.Column("created_at", MOMENT, nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", MOMENT, nullable=False, index=True),
        sa.Column("who", sa.String(64), nullable=False, index=True),
        sa.Column("what", sa.String(120), nullable=False),
        sa.Column("newcomer_id", sa.Integer, sa.ForeignKey("newcomers.id", ondelete="SET NULL"),
                  nullable=True, index=True),
        sa.Column("detail", sa.String(300), nullable=True),
    )
    op.create_table(
        "tracker_purges",
        sa.Column("sender_id", sa.String(255), primary_key=True),
        sa.Column("after_event_id", sa.Integer, nullable=False),
        sa.Column("requested_at", MOMENT, nullable=False),
    )


def downgrade() -> None:
    for table in ("tracker_purges", "audit_log", "activity_attendance", "buddy_matches", "flags",
                  "checkin_answers", "checkins", "intake_answers", "consent_records", "chat_identities",
                  "newcomers"):
        op.drop_table(table)
