"""The round tables judged together, and their co-chairs, in the event's rooms (its file's
`[[panel_groups]]` and `co_chairs`), no longer in the package.

A database set up before held them in the package's list: the HLD 2013's four round tables, judged
together, co-chairs not yet known. Its rooms rt1–rt4 become its first group, so it is judged as it was.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("room") as batch:
        batch.add_column(sa.Column("co_chairs", sa.String(), nullable=False, server_default=""))
        batch.add_column(sa.Column("panel_group", sa.Integer(), nullable=False, server_default="0"))
    room = sa.table("room", sa.column("slug", sa.String()), sa.column("policy", sa.String()), sa.column("panel_group"))
    op.execute(
        room.update()
        .where(room.c.slug.in_(["rt1", "rt2", "rt3", "rt4"]), room.c.policy == "round_table")
        .values(panel_group=1)
    )


def downgrade() -> None:
    with op.batch_alter_table("room") as batch:
        batch.drop_column("panel_group")
        batch.drop_column("co_chairs")
