"""Slack assistant-pane threads: the thread context Bolt asks for, and whether the thread has its title

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assistant_threads",
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("thread_ts", sa.String(length=32), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("workspace", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("context_json", sa.Text(), nullable=False),
        sa.Column("titled", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("channel", "thread_ts", name=op.f("pk_assistant_threads")),
    )
    op.create_index(op.f("ix_assistant_threads_updated_at"), "assistant_threads", ["updated_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_assistant_threads_updated_at"), table_name="assistant_threads")
    op.drop_table("assistant_threads")
