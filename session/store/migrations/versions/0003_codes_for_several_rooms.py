"""A code for several rooms: the rooms it opens, one row each.

A code with a room of its own opens that room; one with none and no row here opens every room of
the event, as the organiser's always has (a delegation's code for the whole event).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "access_code_room",
        sa.Column("code_id", sa.Integer(), sa.ForeignKey("access_code.id"), primary_key=True),
        sa.Column("room", sa.String(40), sa.ForeignKey("room.slug"), primary_key=True),
    )


def downgrade() -> None:
    op.drop_table("access_code_room")
