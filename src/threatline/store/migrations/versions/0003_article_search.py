"""article search index

On SQLite: an FTS5 table ``articles_fts`` over the articles' title and text,
tokenised into trigrams so that any piece of three or more characters is found
case-insensitively (the substring search the API promised before the index),
kept in step by triggers and filled from the articles already stored.
The articles stay the only copy of the text (an external-content table linked
by ``articles.seq``, the integer key every article has).

A SQLite built without FTS5, or older than 3.34 (no trigram tokenizer), gets no
index; the store then searches with LIKE, as it does on PostgreSQL for now.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 09:00:00
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)

_TRIGRAM_SINCE = (3, 34, 0)

_CREATE = [
    """
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='seq', tokenize='trigram'
    )
    """,
    """
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END
    """,
    """
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.seq, old.title, old.text);
    END
    """,
    # only edits of the indexed columns touch the index (published dates are
    # updated after analysis and must not cost a re-index)
    """
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF seq, title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.seq, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END
    """,
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
]

_DROP = [
    "DROP TRIGGER IF EXISTS articles_fts_update",
    "DROP TRIGGER IF EXISTS articles_fts_delete",
    "DROP TRIGGER IF EXISTS articles_fts_insert",
    "DROP TABLE IF EXISTS articles_fts",
]


def _sqlite_can_index(bind: sa.Connection) -> bool:
    version = tuple(int(p) for p in bind.exec_driver_sql("SELECT sqlite_version()").scalar_one().split("."))
    fts5 = bind.exec_driver_sql("SELECT sqlite_compileoption_used('ENABLE_FTS5')").scalar_one()
    return bool(fts5) and version >= _TRIGRAM_SINCE


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    if not _sqlite_can_index(bind):
        log.warning("SQLite lacks FTS5 with the trigram tokenizer: article search will scan with LIKE")
        return
    for statement in _CREATE:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in _DROP:
        op.execute(statement)
