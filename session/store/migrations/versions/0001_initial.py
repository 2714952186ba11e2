"""The initial schema: rooms, participants, the event log, access codes, settings.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "room",
        sa.Column("slug", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("theme", sa.String(), nullable=False),
        sa.Column("policy", sa.String(), nullable=False),
        sa.Column("default_limit_s", sa.Integer(), nullable=False),
        sa.Column("date", sa.String(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
    )
    op.create_table(
        "participant",
        sa.Column("id", sa.String(20), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("name_fr", sa.String(), nullable=False),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("regional_group", sa.String(), nullable=True),
        sa.Column("note", sa.String(), nullable=False),
    )
    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("room", sa.String(40), sa.ForeignKey("room.slug"), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("request_id", sa.String(80), nullable=True),
        sa.Column("command", sa.Text(), nullable=False, server_default=""),
        sa.UniqueConstraint("room", "seq", name="uq_event_room_seq"),
        sa.UniqueConstraint("room", "request_id", name="uq_event_room_request"),
    )
    op.create_index("ix_event_room", "event", ["room"])
    op.create_table(
        "access_code",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("room", sa.String(40), sa.ForeignKey("room.slug"), nullable=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("participant", sa.String(20), sa.ForeignKey("participant.id"), nullable=True),
        sa.Column("label", sa.String(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("revoked_at", sa.Float(), nullable=True),
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.String(), nullable=False),
    )


def downgrade() -> None:
    for table in ("setting", "access_code", "event", "participant", "room"):
        op.drop_table(table)
