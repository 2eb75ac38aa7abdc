"""What every part of the store shares: the engine it works through.

:class:`threatline.store.store.Store` is put together from one class per kind
of record (articles, search, analyses, linking, incidents, runs), each built on
:class:`StoreBase`.
"""

from __future__ import annotations

from typing import Self

from sqlalchemy import Engine


class StoreBase:
    """An open database: its engine, its URL, and closing it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
