"""channels: the delivery lifecycle of sent messages, and contacts that blocked the bot

Revision ID: ch0002
Revises: ch0001
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "ch0002"
down_revision = "ch0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("channel_outbox") as table:
        table.add_column(sa.Column("delivery_status", sa.String(12), nullable=True))
        table.add_column(sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True))
        table.add_column(sa.Column("read_at", sa.DateTime(timezone=True), nullable=True))
        table.add_column(sa.Column("delivery_error", sa.Text(), nullable=True))
    with op.batch_alter_table("channel_contacts") as table:
        table.add_column(sa.Column("unreachable_since", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("channel_contacts") as table:
        table.drop_column("unreachable_since")
    with op.batch_alter_table("channel_outbox") as table:
        for name in ("delivery_error", "read_at", "delivered_at", "delivery_status"):
            table.drop_column(name)
