"""Signed-in sessions kept on the server (so sign-out, a new password, a role change and
deactivation end them), and the counters of the atomic rate limits.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            ondelete="CASCADE",
            name=op.f("fk_sign_in_sessions_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_sign_in_sessions_token_hash")),
    )
    op.create_index(op.f("ix_sign_in_sessions_user_id"), "sign_in_sessions", ["user_id"])
    op.create_table(
        "rate_counts",
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("client_key", sa.String(length=64), nullable=False),
        sa.Column("bucket", sa.BigInteger(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("scope", "client_key", "bucket", name=op.f("pk_rate_counts")),
    )


def downgrade() -> None:
    op.drop_table("rate_counts")
    op.drop_index(op.f("ix_sign_in_sessions_user_id"), table_name="sign_in_sessions")
    op.drop_table("sign_in_sessions")
