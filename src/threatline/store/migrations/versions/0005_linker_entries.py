"""linker state as rows

The linkers' state was one JSON document per linker (``linker_state``),
rewritten whole after every batch, so saving grew with the store. It is now one
row per entry (``linker_entries``), and a batch rewrites only what it changed.
A store with a ``linker_state`` document keeps it: the linking stage reads it
once, writes it out as entries and deletes it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 09:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "linker_entries",
        sa.Column("linker", sa.String(length=32), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("linker", "key", name=op.f("pk_linker_entries")),
    )


def downgrade() -> None:
    op.drop_table("linker_entries")
