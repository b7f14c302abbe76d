"""Quiz items' FSRS states, the review log and quizzes in progress

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quiz_items",
        sa.Column("user_key", sa.String(length=200), nullable=False),
        sa.Column("item_id", sa.String(length=200), nullable=False),
        sa.Column("topic_id", sa.String(length=64), nullable=False),
        sa.Column("due", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reviews", sa.Integer(), nullable=False),
        sa.Column("lapses", sa.Integer(), nullable=False),
        sa.Column("last_grade", sa.String(length=8), nullable=False),
        sa.Column("fsrs_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("user_key", "item_id", name=op.f("pk_quiz_items")),
    )
    op.create_index("ix_quiz_items_user_due", "quiz_items", ["user_key", "due"])
    op.create_index("ix_quiz_items_due", "quiz_items", ["due"])
    op.create_table(
        "quiz_reviews",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_key", sa.String(length=200), nullable=False),
        sa.Column("item_id", sa.String(length=200), nullable=False),
        sa.Column("grade", sa.String(length=8), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_reviews")),
    )
    op.create_index("ix_quiz_reviews_user", "quiz_reviews", ["user_key", "reviewed_at"])
    op.create_table(
        "quiz_sessions",
        sa.Column("user_key", sa.String(length=200), nullable=False),
        sa.Column("state_json", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_key", name=op.f("pk_quiz_sessions")),
    )


def downgrade() -> None:
    op.drop_table("quiz_sessions")
    op.drop_index("ix_quiz_reviews_user", table_name="quiz_reviews")
    op.drop_table("quiz_reviews")
    op.drop_index("ix_quiz_items_due", table_name="quiz_items")
    op.drop_index("ix_quiz_items_user_due", table_name="quiz_items")
    op.drop_table("quiz_items")
