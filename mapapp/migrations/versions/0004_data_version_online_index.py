"""The data version: a counter bumped by every change to listings or reference data, so
every worker process can tell whether a cached gap analysis is still current; and an index
that gives the finder online-only listings in name order.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

import time

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )
    # Start from the clock (microseconds), not 1: a database dropped and made again under
    # the same URL then starts above any version a running process may have cached.
    op.bulk_insert(table, [{"id": 1, "version": int(time.time() * 1_000_000)}])
    online = sa.text("attendance = 'online'")
    op.create_index(
        "ix_assets_online_by_name",
        "assets",
        ["status", "name", "id"],
        postgresql_where=online,
        sqlite_where=online,
    )


def downgrade() -> None:
    op.drop_index("ix_assets_online_by_name", table_name="assets")
    op.drop_table("data_version")
