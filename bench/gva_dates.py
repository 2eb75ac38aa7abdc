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


def score(limit: int | None = None, cache: Path | None = None) -> dict[str, float]:
    """Share of articles whose gold date is among their analysis's day dates, and speed.

    ``limit`` takes the first ``limit`` eligible articles (deterministic);
    ``cache`` is an analysis cache as ``bench/story_linking.py`` keeps it.
    """
    rows = load_articles(limit)
    started = time.perf_counter()
    analyses = analyses_of(rows, cache)
    elapsed = time.perf_counter() - started
    hits = no_days = day_dates = unanalysed = 0
    for row in rows:
        analysis = analyses[row["id"]]
        if analysis is None:
            unanalysed += 1
        times = analysis.times if analysis is not None else []
        days = {t.start for t in times if t.precision == "day"}
        day_dates += len(days)
        if not days:
            no_days += 1
        hits += dt.date.fromisoformat(row["gold"]["date"]) in days
    n = len(rows)
    return {
        "articles": float(n),
        "hit_rate": hits / n if n else 0.0,
        "no_day_dates": float(no_days),
        "unanalysed": float(unanalysed),
        "day_dates_per_article": day_dates / n if n else 0.0,
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
        f"analyses {result['seconds']:.1f} s"
    )


if __name__ == "__main__":
    main()
