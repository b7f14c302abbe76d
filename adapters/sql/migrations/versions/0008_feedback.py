"""Votes on answers, follow-up contexts, escalations to human mentors and workspace settings

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "answer_votes",
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("workspace", sa.String(length=64), nullable=False),
        sa.Column("vote", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("answer_id", "platform", "user_id", name=op.f("pk_answer_votes")),
    )
    op.create_index("ix_answer_votes_workspace", "answer_votes", ["platform", "workspace", "updated_at"])
    op.create_table(
        "answer_contexts",
        sa.Column("user_key", sa.String(length=200), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.String(length=64), nullable=True),
        sa.Column("faq_id", sa.String(length=130), nullable=True),
        sa.Column("thread", sa.String(length=64), nullable=True),
        sa.Column("shown_json", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_key", name=op.f("pk_answer_contexts")),
    )
    op.create_table(
        "escalations",
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("workspace", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("answer_id", "platform", "user_id", name=op.f("pk_escalations")),
    )
    op.create_table(
        "workspace_settings",
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("workspace", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("platform", "workspace", "name", name=op.f("pk_workspace_settings")),
    )


def downgrade() -> None:
    op.drop_table("workspace_settings")
    op.drop_table("escalations")
    op.drop_table("answer_contexts")
    op.drop_index("ix_answer_votes_workspace", table_name="answer_votes")
    op.drop_table("answer_votes")
