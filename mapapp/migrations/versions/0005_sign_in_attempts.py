"""Failed sign-ins counted per client (the per-address limit), and the last change an
administrator made to each account.

Revision ID: 0005
Revises: 0003
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_key", sa.String(length=32), nullable=False),
        sa.Column("attempted_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_attempts")),
    )
    for column in ("client_key", "attempted_at"):
        op.create_index(op.f(f"ix_sign_in_attempts_{column}"), "sign_in_attempts", [column])
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("changed_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("changed_by", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("last_change", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("last_change")
        batch.drop_column("changed_by")
        batch.drop_column("changed_at")
    op.drop_table("sign_in_attempts")
