"""Incident dates on the GVA dev benchmark: is the gold date among an article's day dates?

Each article with gold metadata and a crawler date goes through what ingest
does to it: cleaning, the publication date
(:func:`threatline.ingest.pipeline.decide_published`: the crawler's date wins
over a date line in the text; see that function for why), then the analysis
stage (:class:`threatline.analysis.pipeline.Analyser`). The article counts as a
hit when the gold incident date is one of the resolved day-precision times of
its analysis (``Analysis.times``); an article the pipeline could not analyse
(nothing left after cleaning, not English) counts as a miss. The mean number
of distinct day dates per article is printed beside it: a hit rate bought with
many spurious dates is no gain.

**What the texts tell.** Beside the hit rate the script prints an upper bound
of what any time finder could reach with these texts and publication dates: the
share of articles whose title or clean text *tells* the gold day in some form a
reader could use (:func:`day_told`): the gold weekday's name anywhere, its
month and day ("Nov. 11", "11 November", "11/11", "2016-11-11"), a holiday
name, "N days ago", or, when the gold day is the publication day or the day
before, a word such as "today", "yesterday", "last night" or "overnight". The
test is deliberately loose (any weekday of that name, wherever it stands,
counts), so it is an approximate ceiling, not a strict one: a time finder may
still reach a day this test does not see (a bare "8 p.m." read as the publication
day, "on the 5th" with no month), but only for articles it misses now, since
every hit counts as told. An article that tells only a coarser time ("last
weekend", "earlier this month") does not count: the day cannot be read from it.

Analyses are shared with ``bench/story_linking.py --analyses`` and
``bench/gva_incidents.py`` through ``--cache`` (the same JSON Lines file works
for all three); without it every article is analysed afresh.

Usage::

    python bench/gva_dates.py                      # the whole dev set
    python bench/gva_dates.py --limit 500
    python bench/gva_dates.py --cache /tmp/gva.jsonl
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from story_linking import analyses_of

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "gva" / "dev.jsonl"


def load_articles(limit: int | None = None, path: Path = DEV) -> list[dict[str, Any]]:
    """Dev articles with gold metadata and a publication date, in file order."""
    rows: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["gold"].get("has_metadata") and row.get("published"):
                rows.append(row)
                if limit is not None and len(rows) >= limit:
                    break
    return rows


_MONTH_NAMES = (
    "jan(?:uary)?", "feb(?:ruary)?", "mar(?:ch)?", "apr(?:il)?", "may", "june?", "july?",
    "aug(?:ust)?", "sep(?:t(?:ember)?)?", "oct(?:ober)?", "nov(?:ember)?", "dec(?:ember)?",
)  # fmt: skip
_NEAR_WORDS = re.compile(
    r"\b(?:today|tonight|yesterday|overnight|last night|this (?:morning|afternoon|evening))\b", re.I
)
_DAYS_AGO = re.compile(r"\b\w+ days? ago\b|\bthe day before\b", re.I)
_HOLIDAYS = re.compile(
    r"\b(?:christmas|new year's|independence day|fourth of july|july 4th|halloween|thanksgiving"
    r"|easter|memorial day|labor day|mother's day|father's day|valentine's day|veterans day"
    r"|good friday|black friday|cinco de mayo|st\. patrick's day|new year's eve)\b",
    re.I,
)


def day_told(text: str, gold: dt.date, published: dt.date | None) -> bool:
    """Whether ``text`` tells the day ``gold`` in a form a reader could use (a loose upper bound).

    >>> day_told("Police said the shooting happened Saturday night.", dt.date(2016, 3, 5), None)
    True
    >>> day_told("The shooting happened last weekend.", dt.date(2016, 3, 5), dt.date(2016, 3, 8))
    False
    """
    weekday = gold.strftime("%A")
    month = _MONTH_NAMES[gold.month - 1]
    day = rf"0?{gold.day}(?:st|nd|rd|th)?"
    patterns = [
        rf"\b{weekday}s?\b|\b{weekday[:3]}\.",
        rf"\b{month}\.?\s+{day}\b|\b{day}\s+(?:of\s+)?{month}\b",
        rf"\b0?{gold.month}[/-]0?{gold.day}\b|\b{gold.isoformat()}\b",
    ]
    if any(re.search(p, text, re.I) for p in patterns):
        return True
    if _HOLIDAYS.search(text) or _DAYS_AGO.search(text):
        return True
    if published is None:
        return False
    return 0 <= (published - gold).days <= 1 and _NEAR_WORDS.search(text) is not None


def score(limit: int | None = None, cache: Path | None = None) -> dict[str, float]:
    """Share of articles whose gold date is among their analysis's day dates, and speed.

    ``limit`` takes the first ``limit`` eligible articles (deterministic);
    ``cache`` is an analysis cache as ``bench/story_linking.py`` keeps it.
    """
    rows = load_articles(limit)
    started = time.perf_counter()
    analyses = analyses_of(rows, cache)
    elapsed = time.perf_counter() - started
    hits = no_days = day_dates = unanalysed = told = 0
    for row in rows:
        analysis = analyses[row["id"]]
        gold = dt.date.fromisoformat(row["gold"]["date"])
        if analysis is None:
            unanalysed += 1
            text, published = f"{row.get('title') or ''}\n{row['text']}", None
        else:
            article = analysis.article
            text, published = f"{article.title or ''}\n{article.text}", article.published.date
        times = analysis.times if analysis is not None else []
        days = {t.start for t in times if t.precision == "day"}
        day_dates += len(days)
        if not days:
            no_days += 1
        hits += gold in days
        told += gold in days or day_told(text, gold, published)
    n = len(rows)
    return {
        "articles": float(n),
        "hit_rate": hits / n if n else 0.0,
        "no_day_dates": float(no_days),
        "unanalysed": float(unanalysed),
        "day_dates_per_article": day_dates / n if n else 0.0,
        "told": told / n if n else 0.0,
        "seconds": elapsed,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N eligible articles only")
    parser.add_argument("--cache", type=Path, default=None, help="analysis cache, read and extended")
    args = parser.parse_args()
    result = score(args.limit, args.cache)
    print(
        f"articles {int(result['articles'])}  gold date among day dates {result['hit_rate']:.3f}  "
        f"no day dates {int(result['no_day_dates'])} (not analysed {int(result['unanalysed'])})  "
        f"day dates per article {result['day_dates_per_article']:.2f}  "
        f"gold day told in the text (approximate ceiling) {result['told']:.3f}  "
        f"analyses {result['seconds']:.1f} s"
    )


if __name__ == "__main__":
    main()
