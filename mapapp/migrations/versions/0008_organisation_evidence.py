"""Organisations are first-class: the evidence behind a lived-experience-led (LERO) flag
(the quality standards it meets, its last peer audit) and who changed the record last.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

COLUMNS = (
    ("quality_standards", sa.Text()),
    ("last_peer_audit", sa.Date()),
    ("updated_at", sa.DateTime()),
    ("updated_by", sa.String(200)),
)


def upgrade() -> None:
    with op.batch_alter_table("organisations") as batch:
        for name, kind in COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("organisations") as batch:
        for name, _kind in reversed(COLUMNS):
            batch.drop_column(name)
