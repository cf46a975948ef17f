"""SpatiaLite: drop the triggers that stamp geometry_columns_time on every row.

SpatiaLite gives each geometry column three triggers (tmi_, tmu_, tmd_) that update its
row in geometry_columns_time with the time of the last insert, update or delete: one
extra UPDATE per row written. mapapp never reads those times, and on a 50,000-row import
the two venue columns' stamps were a fifth to a third of the cost of writing a venue. The
geometry-type checks (ggi_, ggu_) and the spatial index triggers (gii_, giu_, gid_) stay.
PostGIS has nothing like them.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from alembic import op

from mapapp import dialect

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    dialect.drop_geometry_time_triggers(op.get_bind())


def downgrade() -> None:
    # The stamps only record when a table last changed; nothing needs them restored.
    pass
