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
    """Leave the full-text index (made by raw SQL in 0003) out of autogenerate's diff."""
    return not (type_ == "table" and name is not None and name.startswith("articles_fts"))


context.configure(
    connection=connection,
    target_metadata=metadata,
    include_object=include_object,
    render_as_batch=True,  # SQLite can only ALTER through table copies
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
