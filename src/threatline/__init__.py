"""Threatline: news reports in, a deduplicated, source-attributed timeline out.

The public API::

    import threatline

    store = threatline.open_store("sqlite:///threatline.db")
    report = threatline.ingest(store, ["examples/corpus"])
    for article in store.articles():
        print(article.title)

    analysis = threatline.extract(text, published=datetime.date(2024, 3, 26))

Records are in :mod:`threatline.models`; errors in :mod:`threatline.errors`.
"""

from threatline.errors import ThreatlineError
from threatline.ingest.pipeline import IngestReport, ingest
from threatline.ingest.readers import ReadOptions
from threatline.models import Analysis, Article
from threatline.store import Store, open_store

__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "Article",
    "IngestReport",
    "ReadOptions",
    "Store",
    "ThreatlineError",
    "__version__",
    "ingest",
    "open_store",
]
