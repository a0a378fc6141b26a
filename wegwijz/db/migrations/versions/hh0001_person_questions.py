"""humanhelp: questions for a person (with the newcomer's yes) and kennisbank gaps for the editors

Revision ID: hh0001
Revises:
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "hh0001"
down_revision = None
branch_labels = ("humanhelp",)
depends_on = "jr0001"


def upgrade() -> None:
    op.create_table(
        "person_questions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sender_id", sa.String(255), nullable=False),
        sa.Column("newcomer_id", sa.Integer, sa.ForeignKey("newcomers.id", ondelete="CASCADE"), nullable=True),
        sa.Column("caseworker", sa.String(64), nullable=True),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("transcript", sa.JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answer", sa.Text, nullable=True),
        sa.Column("answered_by", sa.String(64), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivery", sa.String(16), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
    )
    for column in ("sender_id", "newcomer_id", "caseworker", "status"):
        op.create_index(f"ix_person_questions_{column}", "person_questions", [column])
    op.create_table(
        "kennisbank_gaps",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("question_id", sa.Integer, sa.ForeignKey("person_questions.id", ondelete="SET NULL"),
                  nullable=True),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("note", sa.String(300), nullable=False),
        sa.Column("marked_by", sa.String(64), nullable=False),
        sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_by", sa.String(64), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_kennisbank_gaps_question_id", "kennisbank_gaps", ["question_id"])


def downgrade() -> None:
    op.drop_index("ix_kennisbank_gaps_question_id", "kennisbank_gaps")
    op.drop_table("kennisbank_gaps")
    for column in ("sender_id", "newcomer_id", "caseworker", "status"):
        op.drop_index(f"ix_person_questions_{column}", "person_questions")
    op.drop_table("person_questions")
