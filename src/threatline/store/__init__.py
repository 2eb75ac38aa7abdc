"""Persistence: schema, migrations and the :class:`Store`."""

from threatline.store.database import DEFAULT_URL, resolve_url
from threatline.store.store import Store, open_store

__all__ = ["DEFAULT_URL", "Store", "open_store", "resolve_url"]
