"""A listing's status may be 'held': imported with a part the importer did not understand,
stored but not public until a navigator confirms it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

BEFORE = ("active", "inactive", "archived")
AFTER = (*BEFORE, "held")


def _swap(old: tuple[str, ...], new: tuple[str, ...]) -> None:
    """The status CHECK constraint (ck_assets_status) rewritten with the new values; SQLite
    rebuilds the table for it (batch mode), PostgreSQL alters it in place."""
    values = ", ".join(f"'{v}'" for v in new)
    with op.batch_alter_table("assets") as batch:
        batch.drop_constraint(op.f("ck_assets_status"), type_="check")
        batch.create_check_constraint("status", f"status IN ({values})")


def upgrade() -> None:
    _swap(BEFORE, AFTER)


def downgrade() -> None:
    op.execute("UPDATE assets SET status = 'inactive' WHERE status = 'held'")
    _swap(AFTER, BEFORE)
