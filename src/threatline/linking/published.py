"""Publication dates inferred for undated articles from the dated articles of their story.

The linking stage dates an article that carries no publication date by
:func:`infer_published` once it has joined a story, so that its relative
dates can be resolved; which precisions may be inferred is configured in
``data/incident_linking.yaml`` (``infer_published.allow``).
"""

from __future__ import annotations

from collections.abc import Iterable

from threatline.linking.incidents.config import default_config
from threatline.models import Article, Precision, Published


def infer_published(
    article: Article, story_articles: Iterable[Article], allow: Iterable[Precision] | None = None
) -> Published | None:
    """A publication date for an undated article from the dated articles of its story (or incident).

    The date is the earliest dated article's; the precision says how tightly the
    dated articles agree: all on one day → ``day``, within one calendar month →
    ``month``, within one year → ``year``, wider → None. None too when
    ``article`` has a date already or no other article has one.
    """
    if article.published.date is not None:
        return None
    dates = sorted(
        a.published.date for a in story_articles if a.id != article.id and a.published.date is not None
    )
    if not dates:
        return None
    first, last = dates[0], dates[-1]
    if first == last:
        precision: Precision = "day"
    elif (first.year, first.month) == (last.year, last.month):
        precision = "month"
    elif first.year == last.year:
        precision = "year"
    else:
        return None
    allowed = set(allow) if allow is not None else set(default_config().infer_precisions)
    if precision not in allowed:
        return None
    return Published(date=first, precision=precision, how="inferred", text=None)
