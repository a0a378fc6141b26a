"""voice: read-aloud per language (off until an editor switches it on) and the count of voice messages sent

Revision ID: vo0001
Revises:
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "vo0001"
down_revision = None
branch_labels = ("voice",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "voice_languages",
        sa.Column("lang", sa.String(8), primary_key=True),
        sa.Column("enabled", sa.Boolean, nullable=False),
        sa.Column("changed_by", sa.String(64), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "voice_sent",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("article_id", sa.String(80), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_voice_sent_lang", "voice_sent", ["lang"])
    op.create_index("ix_voice_sent_sent_at", "voice_sent", ["sent_at"])


def downgrade() -> None:
    op.drop_table("voice_sent")
    op.drop_table("voice_languages")
