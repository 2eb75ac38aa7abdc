"""Story linking on the GVA and ECB+ dev benchmarks: B-cubed F1 of stories vs gold.

GVA articles are linked in publication order (ties in file order) and scored
against gold incident ids; ECB+ documents (no titles, no dates) in file order
against gold subtopics. Text only by default; ``--clean`` runs each raw text
through the ingest cleaner first (``prepare_article``), as the pipeline would.

Usage::

    python bench/story_linking.py                 # both sets, text only
    python bench/story_linking.py --set gva --clean
    python bench/story_linking.py --threshold 0.3 # override the data-file threshold
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from threatline.linking import StoryInput, StoryLinker, default_config
from threatline.models import Article, Published

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "bench"
GVA = SHARED / "gva" / "dev.jsonl"
ECB = SHARED / "ecbplus" / "dev.jsonl"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Every row of a JSON Lines file."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def to_article(row: dict[str, Any], clean: bool = False) -> Article:
    """An Article from a bench row (raw text, or cleaned by the ingest pipeline)."""
    published = dt.date.fromisoformat(row["published"]) if row.get("published") else None
    if clean:
        from threatline.ingest.pipeline import prepare_article  # noqa: PLC0415  (only with --clean)
        from threatline.ingest.raw import RawDocument  # noqa: PLC0415

        prepared = prepare_article(
            RawDocument(
                text=row["text"],
                origin=row.get("url") or row["id"],
                title=row.get("title"),
                published=published,
            )
        )
        if isinstance(prepared, Article):
            return prepared.model_copy(update={"id": row["id"]})
    digest = hashlib.sha256(row["text"].encode()).hexdigest()
    return Article(
        id=row["id"],
        url=row.get("url"),
        title=row.get("title"),
        published=Published(date=published, how="metadata") if published else Published(),
        source=outlet(row.get("url")),
        text=row["text"],
        text_hash=digest,
    )


def outlet(url: str | None) -> str | None:
    """The web host of a URL, looking through a Wayback Machine prefix."""
    if not url:
        return None
    inner = re.search(r"https?://(?!web\.archive\.org)[^/]+", url)
    if inner is None:
        return None
    host = urlsplit(inner.group()).hostname or ""
    return host.removeprefix("www.") or None


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of a clustering (item → cluster id) against gold."""
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for item, cluster in predicted.items():
        by_pred[cluster].add(item)
    for item, cluster in gold.items():
        by_gold[cluster].add(item)
    precision = recall = 0.0
    for item in gold:
        mine, truth = by_pred[predicted[item]], by_gold[gold[item]]
        shared = len(mine & truth)
        precision += shared / len(mine)
        recall += shared / len(truth)
    n = len(gold)
    p, r = precision / n, recall / n
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def run_set(
    rows: Sequence[dict[str, Any]], gold_key: str, clean: bool, threshold: float | None
) -> dict[str, float]:
    """Link ``rows`` in the order given; B-cubed scores, story count and ms per article."""
    config = default_config()
    if threshold is not None:
        config = config.model_copy(update={"threshold": threshold})
    linker = StoryLinker(config)
    articles = [to_article(row, clean) for row in rows]
    started = time.perf_counter()
    predicted = {a.id: linker.link(StoryInput(a)).story_id for a in articles}
    elapsed = time.perf_counter() - started
    gold = {
        row["id"]: str(row["gold"]["incident"] if gold_key == "incident" else row[gold_key]) for row in rows
    }
    result = bcubed(predicted, gold)
    result["articles"] = len(rows)
    result["stories"] = len(set(predicted.values()))
    result["ms_per_article"] = 1000 * elapsed / max(1, len(rows))
    return result


def gva_rows(limit: int | None = None) -> list[dict[str, Any]]:
    """GVA dev rows in publication order (stable: ties keep file order)."""
    rows = read_jsonl(GVA)
    rows.sort(key=lambda r: r.get("published") or "")
    return rows[:limit] if limit else rows


def score_gva(
    limit: int | None = None, clean: bool = False, threshold: float | None = None
) -> dict[str, float]:
    """Story B-cubed on GVA dev (first ``limit`` articles in publication order)."""
    return run_set(gva_rows(limit), "incident", clean, threshold)


def score_ecb(threshold: float | None = None) -> dict[str, float]:
    """Document B-cubed on ECB+ dev against subtopics."""
    return run_set(read_jsonl(ECB), "subtopic", False, threshold)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=["gva", "ecb", "both"], default="both")
    parser.add_argument("--clean", action="store_true", help="clean raw text with the ingest pipeline first")
    parser.add_argument("--limit", type=int, default=None, help="first N GVA articles in publication order")
    parser.add_argument("--threshold", type=float, default=None, help="override the data-file threshold")
    args = parser.parse_args(argv)
    if args.set in ("gva", "both"):
        print("GVA  ", json.dumps(score_gva(args.limit, args.clean, args.threshold)))
    if args.set in ("ecb", "both"):
        print("ECB+ ", json.dumps(score_ecb(args.threshold)))


if __name__ == "__main__":
    main()
