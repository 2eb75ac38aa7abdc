"""Opening a store: URL resolution, engine set-up, migrations.

The embedded default is a SQLite file ``./threatline.db`` in WAL mode; any
SQLAlchemy URL (``postgresql://...`` included) may be given with ``--db`` or the
``THREATLINE_DB`` environment variable.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from threatline.errors import StoreError

DEFAULT_URL = "sqlite:///threatline.db"
MIGRATIONS = Path(__file__).with_name("migrations")


def resolve_url(url: str | None = None) -> str:
    """The database URL to use: the argument, else ``THREATLINE_DB``, else the default.

    A bare file path is taken as a SQLite file; ``postgresql://`` is given the
    psycopg driver.

    >>> resolve_url("data/x.db")
    'sqlite:///data/x.db'
    """
    chosen = url or os.environ.get("THREATLINE_DB") or DEFAULT_URL
    if "://" not in chosen:
        chosen = f"sqlite:///{chosen}"
    if chosen.startswith(("postgresql://", "postgres://")):
        chosen = "postgresql+psycopg://" + chosen.split("://", 1)[1]
    return chosen


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def create_store_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and a busy timeout."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"{url}: not a database URL ({exc})") from None
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        folder = Path(parsed.database or "").parent
        if not folder.exists():
            raise StoreError(f"{url}: folder {folder} does not exist")
    try:
        engine = create_engine(parsed, future=True)
    except (ImportError, SQLAlchemyError) as exc:
        raise StoreError(f"{url}: cannot open database ({exc})") from None
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (idempotent)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
            head = ScriptDirectory.from_config(config).get_current_head()
            if current == head:
                return
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except OperationalError as exc:
        raise StoreError(f"{engine.url}: cannot open or migrate the database ({exc.orig})") from None
