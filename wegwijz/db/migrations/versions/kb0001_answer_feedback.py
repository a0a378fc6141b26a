"""kennisbank: answer feedback (👍/👎 per article and language)

Revision ID: kb0001
Revises:
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = "kb0001"
down_revision = None
branch_labels = ("kennisbank",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "answer_feedback",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.String(80), nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("helpful", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_answer_feedback_article_id", "answer_feedback", ["article_id"])


def downgrade() -> None:
    op.drop_index("ix_answer_feedback_article_id", "answer_feedback")
    op.drop_table("answer_feedback")
