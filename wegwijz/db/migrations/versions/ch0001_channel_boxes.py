"""channels: inbox, outbox, contacts and button keys of the Telegram/WhatsApp/web gateway

Revision ID: ch0001
Revises:
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = "ch0001"
down_revision = None
branch_labels = ("channels",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "channel_inbox",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("external_id", sa.String(128), nullable=False),
        sa.Column("sender_id", sa.String(80), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=True),
        sa.Column("reply_ref", sa.String(128), nullable=True),
        sa.Column("language_hint", sa.String(8), nullable=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(300), nullable=True),
        sa.UniqueConstraint("channel", "external_id", name="uq_channel_inbox_external"),
    )
    op.create_index("ix_channel_inbox_sender_id", "channel_inbox", ["sender_id"])
    op.create_index("ix_channel_inbox_status", "channel_inbox", ["status"])

    op.create_table(
        "channel_outbox",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("sender_id", sa.String(80), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("proactive", sa.Boolean, nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("provider_message_id", sa.String(128), nullable=True),
        sa.Column("last_error", sa.String(500), nullable=True),
    )
    op.create_index("ix_channel_outbox_sender_id", "channel_outbox", ["sender_id"])
    op.create_index("ix_channel_outbox_status", "channel_outbox", ["status"])
    op.create_index("ix_channel_outbox_provider_message_id", "channel_outbox", ["provider_message_id"])

    op.create_table(
        "channel_contacts",
        sa.Column("sender_id", sa.String(80), primary_key=True),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("language", sa.String(2), nullable=True),
        sa.Column("chosen_language", sa.String(2), nullable=True),
        sa.Column("last_inbound_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("waiting_notice_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )

    op.create_table(
        "channel_button_keys",
        sa.Column("key", sa.String(24), primary_key=True),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("channel_button_keys")
    op.drop_table("channel_contacts")
    op.drop_index("ix_channel_outbox_provider_message_id", "channel_outbox")
    op.drop_index("ix_channel_outbox_status", "channel_outbox")
    op.drop_index("ix_channel_outbox_sender_id", "channel_outbox")
    op.drop_table("channel_outbox")
    op.drop_index("ix_channel_inbox_status", "channel_inbox")
    op.drop_index("ix_channel_inbox_sender_id", "channel_inbox")
    op.drop_table("channel_inbox")
