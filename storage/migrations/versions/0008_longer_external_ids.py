"""longer external ids: Mastodon's status uri and Bluesky's at:// uri are the platforms' global keys

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-01 08:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0006"
branch_labels = None
depends_on = None

# (table, column, nullable): every column that holds a platform's post key.
COLUMNS = (
    ("mentions", "external_id", False),
    ("mentions", "parent_external_id", True),
    ("mentions", "referenced_external_id", True),
    ("quarantine", "external_id", True),
)


def upgrade() -> None:
    for table, column, nullable in COLUMNS:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(
                column, existing_type=sa.String(64), type_=sa.String(300), existing_nullable=nullable
            )


def downgrade() -> None:
    for table, column, nullable in COLUMNS:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(
                column, existing_type=sa.String(300), type_=sa.String(64), existing_nullable=nullable
            )
