"""Deliveries ready to claim, in claim order: a partial index, so a claim reads its few rows instead of sorting all

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-16
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

CLAIMABLE = "state IN ('pending', 'retry')"


def upgrade() -> None:
    op.create_index(
        "ix_deliveries_ready",
        "deliveries",
        ["occurrence", "id"],
        sqlite_where=sa.text(CLAIMABLE),
        postgresql_where=sa.text(CLAIMABLE),
    )


def downgrade() -> None:
    op.drop_index("ix_deliveries_ready", table_name="deliveries")
