"""Reading a single article without a store: ``threatline extract``.

The article goes through the same cleaning and analysis as an ingested one;
only storage and cross-article linking are left out.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from threatline.analysis.pipeline import analyse_article
from threatline.errors import UsageError
from threatline.ingest.pipeline import prepare_article
from threatline.ingest.raw import Problem, RawDocument
from threatline.ingest.readers import ReadOptions, read_inputs
from threatline.models import Analysis, Article, Published


def _with_date(article: Article, published: dt.date | None) -> Article:
    if published is None:
        return article
    return article.model_copy(
        update={"published": Published(date=published, precision="day", how="metadata")}
    )


def extract(text: str, *, published: dt.date | None = None, title: str | None = None) -> Analysis:
    """The analysis of one article given as text.

    ``published`` (if given) overrides any date line found in the text and
    anchors relative dates; without any, relative dates stay open.
    """
    prepared = prepare_article(RawDocument(text=text, origin="<text>", title=title))
    if isinstance(prepared, Problem):
        raise UsageError(f"--text: {prepared.reason}")
    return analyse_article(_with_date(prepared, published))


def extract_file(path: Path, *, published: dt.date | None = None) -> Analysis:
    """The analysis of the (first) article in a file of any readable kind."""
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    for item in read_inputs([str(path)], ReadOptions()):
        if isinstance(item, Problem):
            raise UsageError(f"{item.origin}: {item.reason}")
        prepared = prepare_article(item)
        if isinstance(prepared, Problem):
            raise UsageError(f"{prepared.origin}: {prepared.reason}")
        return analyse_article(_with_date(prepared, published))
    raise UsageError(f"{path}: no article found")
