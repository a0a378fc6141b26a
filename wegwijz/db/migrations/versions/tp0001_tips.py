"""tips: tips for new newcomers from the two-year check-in, reviewed by editors, with a text per language

Revision ID: tp0001
Revises:
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "tp0001"
down_revision = None
branch_labels = ("tips",)
depends_on = "jr0001"


def upgrade() -> None:
    op.create_table(
        "tips",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sender_id", sa.String(255), nullable=True),
        sa.Column("checkin_id", sa.Integer, sa.ForeignKey("checkins.id", ondelete="SET NULL"), nullable=True,
                  unique=True),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("original", sa.Text, nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("topic", sa.String(32), nullable=True),
        sa.Column("keep_after_erasure", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reviewed_by", sa.String(64), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("shown_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True),
    )
    for column in ("sender_id", "status", "topic"):
        op.create_index(f"ix_tips_{column}", "tips", [column])
    op.create_table(
        "tip_texts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("tip_id", sa.Integer, sa.ForeignKey("tips.id", ondelete="CASCADE"), nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("made_from", sa.Integer, nullable=False, server_default="1"),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("tip_id", "lang", name="uq_tip_texts_tip_lang"),
    )
    op.create_index("ix_tip_texts_tip_id", "tip_texts", ["tip_id"])


def downgrade() -> None:
    op.drop_index("ix_tip_texts_tip_id", "tip_texts")
    op.drop_table("tip_texts")
    for column in ("sender_id", "status", "topic"):
        op.drop_index(f"ix_tips_{column}", "tips")
    op.drop_table("tips")
