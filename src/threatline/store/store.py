"""The store: articles, their duplicate index, analyses, events, linking and run records.

Every write that belongs together happens in one transaction (an article with
its MinHash and LSH bands; an analysis with its events), so a run killed at any
point leaves a consistent store and re-running finishes the work: articles
already stored are recognised by their content-hash id, and articles without an
analysis are analysed on the next run.

:class:`Store` is assembled from one part per kind of record:

- :mod:`~threatline.store.articles`: articles and their duplicate index;
- :mod:`~threatline.store.search`: article search;
- :mod:`~threatline.store.analyses`: analyses and events;
- :mod:`~threatline.store.linking`: what the linking stage reads and writes;
- :mod:`~threatline.store.incidents`: stories and incidents;
- :mod:`~threatline.store.runs`: runs and their problems.

The tables are in :mod:`~threatline.store.schema`, the row layouts in
:mod:`~threatline.store.rows`, the event and incident filters in
:mod:`~threatline.store.queries`, and opening and migrating in
:mod:`~threatline.store.database`.
"""

from __future__ import annotations

from threatline.store.analyses import AnalysisStore
from threatline.store.database import create_store_engine, migrate, resolve_url
from threatline.store.incidents import IncidentStore
from threatline.store.linking import LinkingStore
from threatline.store.queries import EventQuery, IncidentQuery
from threatline.store.runs import RunStore
from threatline.store.search import ArticleSearch, search_terms

__all__ = ["EventQuery", "IncidentQuery", "Store", "open_store", "search_terms"]


class Store(AnalysisStore, ArticleSearch, LinkingStore, IncidentStore, RunStore):
    """A Threatline database. Open it with :func:`threatline.open_store`."""


def open_store(url: str | None = None) -> Store:
    """Open (creating and migrating if needed) the store at ``url``.

    ``url`` defaults to ``THREATLINE_DB`` or ``sqlite:///threatline.db``.

    >>> store = open_store("sqlite:///:memory:")  # doctest: +SKIP
    """
    engine = create_store_engine(resolve_url(url))
    migrate(engine)
    return Store(engine)
