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

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite can only ALTER through table copies
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
