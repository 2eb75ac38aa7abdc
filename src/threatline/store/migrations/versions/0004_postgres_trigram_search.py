"""article search index on PostgreSQL

On PostgreSQL the store searches articles with ``ILIKE`` (any piece of the
title or text, in any case; see ``Store.search_articles``). This migration
makes those scans indexed where the server has the ``pg_trgm`` extension (part
of the standard contrib package, and "trusted" since PostgreSQL 13, so a
database owner may create it): GIN trigram indexes on the title and the text,
which ``ILIKE '%piece%'`` uses for pieces of three or more characters.

Without ``pg_trgm``, or without the right to create it, nothing is made and the
search still works, by scanning. SQLite is left alone (its index is 0003's).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 10:00:00
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op
from sqlalchemy.exc import DBAPIError

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)

# ends in _trgm: env.py leaves these out of autogenerate's diff (schema.py does not know them)
_INDEXES = {"ix_articles_title_trgm": "title", "ix_articles_text_trgm": "text"}


def _create_trigram_extension(bind: sa.Connection) -> bool:
    """Whether pg_trgm is (now) installed in this database."""
    if bind.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").first() is not None:
        return True
    if bind.exec_driver_sql("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'").first() is None:
        log.warning("PostgreSQL has no pg_trgm extension: article search will scan with ILIKE")
        return False
    try:
        # a savepoint, so that a refusal leaves the migration's transaction usable
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DBAPIError as exc:
        log.warning("cannot create pg_trgm (%s): article search will scan with ILIKE", exc.orig)
        return False
    return True


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql" or not _create_trigram_extension(bind):
        return
    for name, column in _INDEXES.items():
        op.create_index(
            name,
            "articles",
            [column],
            postgresql_using="gin",
            postgresql_ops={column: "gin_trgm_ops"},
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in _INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
