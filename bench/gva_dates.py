"""Incident dates on the GVA dev benchmark: is the gold date among an article's day dates?

For every article whose gold record has metadata, the anchor is the publication
date the product would give it: :func:`threatline.ingest.pipeline.decide_published`
on the crawler's ``published`` date and the text (the crawler's date wins over
a date line in the text; see that function for why).
:func:`threatline.analysis.timex.find_times` runs over title and text, and the
article counts as a hit when the gold incident date is one of the resolved
day-precision dates. The mean number of distinct day dates per article is
printed beside it: a hit rate bought with many spurious dates is no gain.

Usage::

    python bench/gva_dates.py            # the whole dev set
    python bench/gva_dates.py --limit 500
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

from threatline.analysis.nlp import load_pipeline, parse
from threatline.analysis.timex import find_times
from threatline.ingest.pipeline import decide_published

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


def anchor_for(row: dict[str, Any]) -> dt.date | None:
    """The publication date the product would use for a dev row."""
    published = row.get("published")
    metadata = dt.date.fromisoformat(published) if published else None
    return decide_published(metadata, "metadata", row["text"]).date


def score(limit: int | None = None) -> dict[str, float]:
    """Share of articles whose gold date is among their day dates, and speed.

    ``limit`` takes the first ``limit`` eligible articles (deterministic).
    """
    rows = load_articles(limit)
    nlp = load_pipeline()
    texts = [f"{row.get('title') or ''}\n\n{row['text']}" for row in rows]
    hits = no_days = day_dates = 0
    started = time.perf_counter()
    for row, doc in zip(rows, parse(nlp, texts), strict=True):
        days = {t.start for t in find_times(doc, anchor_for(row)) if t.precision == "day"}
        day_dates += len(days)
        if not days:
            no_days += 1
        hits += dt.date.fromisoformat(row["gold"]["date"]) in days
    elapsed = time.perf_counter() - started
    n = len(rows)
    return {
        "articles": float(n),
        "hit_rate": hits / n if n else 0.0,
        "no_day_dates": float(no_days),
        "day_dates_per_article": day_dates / n if n else 0.0,
        "articles_per_s": n / elapsed if elapsed else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N eligible articles only")
    args = parser.parse_args()
    result = score(args.limit)
    print(
        f"articles {int(result['articles'])}  gold date among day dates {result['hit_rate']:.3f}  "
        f"no day dates {int(result['no_day_dates'])}  "
        f"day dates per article {result['day_dates_per_article']:.2f}  "
        f"{result['articles_per_s']:.1f} articles/s"
    )


if __name__ == "__main__":
    main()
