"""digest: weekly tips with a person's yes (subscriptions, messages sent, items never sent twice)

Revision ID: dg0001
Revises:
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "dg0001"
down_revision = None
branch_labels = ("digest",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "digest_subscriptions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sender_id", sa.String(255), nullable=False, unique=True),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("school_children", sa.Boolean, nullable=True),
        sa.Column("part_of_day", sa.String(12), nullable=False),
        sa.Column("opted_in_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stopped_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_due_on", sa.Date, nullable=False),
        sa.Column("last_sent_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_digest_subscriptions_status", "digest_subscriptions", ["status"])
    op.create_index("ix_digest_subscriptions_next_due_on", "digest_subscriptions", ["next_due_on"])
    op.create_table(
        "digest_messages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("subscription_id", sa.Integer,
                  sa.ForeignKey("digest_subscriptions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("sender_id", sa.String(255), nullable=False),
        sa.Column("local_day", sa.Date, nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("items", sa.JSON, nullable=False),
        sa.Column("text", sa.String(4000), nullable=False),
        sa.Column("buttons", sa.JSON, nullable=True),
        sa.Column("delivery", sa.String(12), nullable=False),
        sa.Column("outbox_ids", sa.JSON, nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("subscription_id", "local_day", name="uq_digest_messages_day"),
    )
    for column in ("subscription_id", "sender_id", "sent_at"):
        op.create_index(f"ix_digest_messages_{column}", "digest_messages", [column])
    op.create_table(
        "digest_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("subscription_id", sa.Integer,
                  sa.ForeignKey("digest_subscriptions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("sender_id", sa.String(255), nullable=False),
        sa.Column("message_id", sa.Integer, sa.ForeignKey("digest_messages.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("item", sa.String(100), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("subscription_id", "item", name="uq_digest_items_item"),
    )
    for column in ("subscription_id", "sender_id", "message_id"):
        op.create_index(f"ix_digest_items_{column}", "digest_items", [column])


def downgrade() -> None:
    for column in ("subscription_id", "sender_id", "message_id"):
        op.drop_index(f"ix_digest_items_{column}", "digest_items")
    op.drop_table("digest_items")
    for column in ("subscription_id", "sender_id", "sent_at"):
        op.drop_index(f"ix_digest_messages_{column}", "digest_messages")
    op.drop_table("digest_messages")
    op.drop_index("ix_digest_subscriptions_next_due_on", "digest_subscriptions")
    op.drop_index("ix_digest_subscriptions_status", "digest_subscriptions")
    op.drop_table("digest_subscriptions")
