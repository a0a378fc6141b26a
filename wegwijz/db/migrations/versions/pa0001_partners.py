"""partners: organisations, partner accounts and the newcomer's consent per organisation

Revision ID: pa0001
Revises:
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "pa0001"
down_revision = None
branch_labels = ("partners",)
depends_on = ("jr0001", "pt0001")


def upgrade() -> None:
    op.create_table(
        "partner_organisations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(120), nullable=False, unique=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("fields", sa.JSON, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "partner_accounts",
        sa.Column("user_id", sa.Integer, sa.ForeignKey("portal_users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("organisation_id", sa.Integer, sa.ForeignKey("partner_organisations.id"), nullable=False),
    )
    op.create_index("ix_partner_accounts_organisation_id", "partner_accounts", ["organisation_id"])
    op.create_table(
        "partner_consents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("newcomer_id", sa.Integer, sa.ForeignKey("newcomers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("organisation_id", sa.Integer, sa.ForeignKey("partner_organisations.id"), nullable=False),
        sa.Column("fields", sa.JSON, nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_partner_consents_newcomer_id", "partner_consents", ["newcomer_id"])
    op.create_index("ix_partner_consents_organisation_id", "partner_consents", ["organisation_id"])
    op.create_index("ix_partner_consents_newcomer_organisation", "partner_consents",
                    ["newcomer_id", "organisation_id"])


def downgrade() -> None:
    for name in ("ix_partner_consents_newcomer_organisation", "ix_partner_consents_organisation_id",
                 "ix_partner_consents_newcomer_id"):
        op.drop_index(name, "partner_consents")
    op.drop_table("partner_consents")
    op.drop_index("ix_partner_accounts_organisation_id", "partner_accounts")
    op.drop_table("partner_accounts")
    op.drop_table("partner_organisations")
