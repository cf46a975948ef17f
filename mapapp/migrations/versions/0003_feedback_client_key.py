"""Feedback remembers a keyed hash of its sender, for the per-visitor rate limit.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("feedback") as batch:
        batch.add_column(sa.Column("client_key", sa.String(length=32), nullable=True))
        batch.create_index(batch.f("ix_feedback_client_key"), ["client_key"])


def downgrade() -> None:
    with op.batch_alter_table("feedback") as batch:
        batch.drop_index(batch.f("ix_feedback_client_key"))
        batch.drop_column("client_key")
