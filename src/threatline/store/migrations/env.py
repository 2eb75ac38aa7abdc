"""Alembic environment: migrations run programmatically by ``open_store``.

The connection is passed in through ``config.attributes["connection"]`` so that
the store and its migrations share one engine (and one SQLite file lock).
"""

from __future__ import annotations

from alembic import context

from threatline.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only through open_store
    raise RuntimeError("threatline migrations run through threatline.open_store()")


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Leave the search indexes (0003's FTS5 table, 0004's PostgreSQL trigram indexes)
    out of autogenerate's diff."""
    if name is None:
        return True
    fts_table = type_ == "table" and name.startswith("articles_fts")
    return not (fts_table or (type_ == "index" and name.endswith("_trgm")))


context.configure(
    connection=connection,
    target_metadata=metadata,
    include_object=include_object,
    render_as_batch=True,  # SQLite can only ALTER through table copies
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
