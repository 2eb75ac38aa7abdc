"""Database schema, shared by SQLite (embedded default) and PostgreSQL.

Only portable types are used (String, Text, Integer, Date, DateTime, JSON,
LargeBinary), ids are content hashes rather than database sequences, and JSON
columns hold record parts that are read whole. Changes go through Alembic
migrations in ``store/migrations``; this module is the migrations' target.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

ID = 32  # length of content-hash ids (hex)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("seq", Integer, nullable=False, unique=True, doc="order in which articles were first stored"),
    Column("url", Text),
    Column("source", String(300), index=True),
    Column("title", Text),
    Column("author", Text),
    Column("published_date", Date, index=True),
    Column("published_precision", String(16), nullable=False),
    Column("published_how", String(16), nullable=False),
    Column("published_text", Text),
    Column("language", String(8), index=True),
    Column("text", Text, nullable=False),
    Column("removed", JSON, nullable=False),
    Column("duplicate_of", String(ID), ForeignKey("articles.id"), index=True),
    Column("duplicate_kind", String(8)),
    Column("text_hash", String(64), nullable=False, index=True),
    Column("meta", JSON, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

minhashes = Table(
    "minhashes",
    metadata,
    Column("article_id", String(ID), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("signature", LargeBinary, nullable=False),
)

lsh_bands = Table(
    "lsh_bands",
    metadata,
    Column("band", Integer, nullable=False),
    Column("key", String(32), nullable=False),
    Column("article_id", String(ID), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Index("ix_lsh_bands_band_key", "band", "key"),
)

analyses = Table(
    "analyses",
    metadata,
    Column("article_id", String(ID), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("status", String(16), nullable=False),
    Column("stage", String(32)),
    Column("reason", Text),
    Column("payload", JSON, nullable=False),
    Column("version", String(32), nullable=False),
    Column("analyzed_at", DateTime(timezone=True), nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", String(64), primary_key=True),
    Column(
        "article_id", String(ID), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("type", String(16), nullable=False, index=True),
    Column("status", String(16), nullable=False),
    Column("actor_id", String(120), index=True),
    Column("recipient_id", String(120), index=True),
    Column("place", Text),
    Column("date_start", Date, index=True),
    Column("date_end", Date),
    Column("confidence", Float, nullable=False),
    Column("payload", JSON, nullable=False),
)

problems = Table(
    "problems",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", String(ID), index=True),
    Column("origin", Text, nullable=False),
    Column("stage", String(32), nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

runs = Table(
    "runs",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("inputs", JSON, nullable=False),
    Column("summary", JSON),
)

stories = Table(
    "stories",
    metadata,
    Column("id", String(80), primary_key=True),
    Column("title", Text, nullable=False),
    Column("first_seen", Date, index=True),
    Column("last_seen", Date),
    Column("payload", JSON, nullable=False),
)

incidents = Table(
    "incidents",
    metadata,
    Column("id", String(80), primary_key=True),
    Column("type", String(16), nullable=False, index=True),
    Column("date_start", Date, index=True),
    Column("date_end", Date),
    Column("independent_sources", Integer, nullable=False),
    Column("payload", JSON, nullable=False),
)

links = Table(
    "links",
    metadata,
    Column("article_id", String(ID), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("story_id", String(80), nullable=False, index=True),
    Column("linked_at", DateTime(timezone=True), nullable=False),
)

linker_state = Table(
    "linker_state",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("payload", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

linker_entries = Table(
    # The linkers' state, one row per entry (a term's frequency, a posting list, a
    # story, an incident): a batch rewrites only the entries it changed.
    "linker_entries",
    metadata,
    Column("linker", String(32), primary_key=True),
    Column("key", Text, primary_key=True),
    Column("payload", JSON, nullable=False),
)

relinks = Table(
    "relinks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(8), nullable=False),
    Column("from_ids", JSON, nullable=False),
    Column("to_id", String(80), nullable=False),
    Column("article_id", String(ID), nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)
