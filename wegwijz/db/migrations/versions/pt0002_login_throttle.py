"""portal: sign-in back-off per network address and per (address, username), not per account

Revision ID: pt0002
Revises: pt0001
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "pt0002"
down_revision = "pt0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "portal_login_throttle",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("username_key", sa.String(64), nullable=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_portal_login_throttle_username_key", "portal_login_throttle", ["username_key"])


def downgrade() -> None:
    op.drop_index("ix_portal_login_throttle_username_key", "portal_login_throttle")
    op.drop_table("portal_login_throttle")
