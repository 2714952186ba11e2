"""Access codes keyed with a secret outside the database: each row says how its hash was made.

Existing rows are bare SHA-256 ("sha256"); start-up wraps them with the secret file's key
(session.store.database.migrate), which a migration cannot do: the key is not in the database.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("access_code") as batch:
        batch.add_column(sa.Column("hash_kind", sa.String(20), nullable=False, server_default="sha256"))


def downgrade() -> None:
    # Keyed hashes cannot be turned back into SHA-256: the codes themselves would be needed.
    with op.batch_alter_table("access_code") as batch:
        batch.drop_column("hash_kind")
