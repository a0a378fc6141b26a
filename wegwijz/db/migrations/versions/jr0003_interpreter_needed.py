"""journey: a caseworker can mark that a newcomer needs an interpreter

Revision ID: jr0003
Revises: jr0002
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "jr0003"
down_revision = "jr0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("newcomers") as table:
        table.add_column(sa.Column("interpreter_needed", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("newcomers") as table:
        table.drop_column("interpreter_needed")
