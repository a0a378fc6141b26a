"""channels: the platform's order of each inbound update, so a person's messages are answered in it

Revision ID: ch0003
Revises: ch0002
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "ch0003"
down_revision = "ch0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("channel_inbox") as table:
        table.add_column(sa.Column("platform_order", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("channel_inbox") as table:
        table.drop_column("platform_order")
