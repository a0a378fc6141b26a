"""journey: a chat address is linked only after the newcomer types the portal's code in that chat

Revision ID: jr0002
Revises: jr0001
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "jr0002"
down_revision = "jr0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chat_link_codes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("newcomer_id", sa.Integer, sa.ForeignKey("newcomers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("sender_id", sa.String(255), nullable=False, unique=True),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("made_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("wrong_tries", sa.Integer, nullable=False),
    )
    op.create_index("ix_chat_link_codes_newcomer_id", "chat_link_codes", ["newcomer_id"])


def downgrade() -> None:
    op.drop_index("ix_chat_link_codes_newcomer_id", "chat_link_codes")
    op.drop_table("chat_link_codes")
