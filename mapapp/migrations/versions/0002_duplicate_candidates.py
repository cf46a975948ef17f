"""Duplicate candidates found by ingest, queued for review.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "duplicate_candidates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("other_asset_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "merged",
                "dismissed",
                name="candidate_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["asset_id"],
            ["assets.id"],
            ondelete="CASCADE",
            name=op.f("fk_duplicate_candidates_asset_id_assets"),
        ),
        sa.ForeignKeyConstraint(
            ["other_asset_id"],
            ["assets.id"],
            ondelete="CASCADE",
            name=op.f("fk_duplicate_candidates_other_asset_id_assets"),
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["ingest_runs.id"], name=op.f("fk_duplicate_candidates_run_id_ingest_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duplicate_candidates")),
    )
    for column in ("asset_id", "other_asset_id", "status"):
        op.create_index(op.f(f"ix_duplicate_candidates_{column}"), "duplicate_candidates", [column])


def downgrade() -> None:
    op.drop_table("duplicate_candidates")
