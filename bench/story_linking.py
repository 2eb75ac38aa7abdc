"""Story linking on the GVA and ECB+ dev benchmarks: B-cubed F1 of stories vs gold.

GVA articles are linked in publication order (ties in file order) and scored
against gold incident ids; ECB+ documents (no titles, no dates) in file order
against gold subtopics. Text only by default; ``--clean`` runs each raw text
through the ingest cleaner first (``prepare_article``), as the pipeline would.
``--analyses`` also links with the structured evidence of the analysis pipeline
(incident dates, places, persons): each text is cleaned and parsed (about 0.2 s
an article), or read from ``--cache`` (JSON Lines of analyses, written there on
the first run) so that tuning does not parse again.

Usage::

    python bench/story_linking.py                 # both sets, text only
    python bench/story_linking.py --set gva --clean
    python bench/story_linking.py --threshold 0.3 # override the data-file threshold
    python bench/story_linking.py --analyses --cache /tmp/analyses  # text only and with analyses
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

from threatline.ingest.clean import with_headline
from threatline.linking import StoryInput, StoryLinker, default_config
from threatline.models import Analysis, Article, Published

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
                url=row.get("url"),
                title=row.get("title"),
                published=published,
            )
        )
        if isinstance(prepared, Article):
            return prepared.model_copy(update={"id": row["id"]})
    source = outlet(row.get("url"))
    title = row.get("title")
    # the raw text as clean text, opening with its headline as ingest's does
    text = with_headline(row["text"], title, source)
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Article(
        id=row["id"],
        url=row.get("url"),
        title=title,
        published=Published(date=published, how="metadata") if published else Published(),
        source=source,
        text=text,
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


def analyses_of(rows: Sequence[dict[str, Any]], cache: Path | None = None) -> dict[str, Analysis | None]:
    """Analysis of each row (None where it failed), by row id; parsed or read from ``cache``.

    ``cache`` is a JSON Lines file of ``{"id", "analysis"}``: rows found there are
    not parsed again, the others are parsed and appended.
    """
    found: dict[str, Analysis | None] = {}
    if cache is not None and cache.exists():
        for line in cache.read_text(encoding="utf-8").splitlines():
            raw = json.loads(line)
            found[raw["id"]] = Analysis.model_validate(raw["analysis"]) if raw["analysis"] else None
    missing = [row for row in rows if row["id"] not in found]
    if missing:
        from threatline.analysis.pipeline import Analyser  # noqa: PLC0415  (only with --analyses)

        articles = [to_article(row, clean=True) for row in missing]
        parsed = [None if failed or a.status != "ok" else a for a, failed in Analyser().analyse(articles)]
        for row, analysis in zip(missing, parsed, strict=True):
            found[row["id"]] = analysis
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            with cache.open("a", encoding="utf-8") as fh:
                for row, analysis in zip(missing, parsed, strict=True):
                    dumped = json.loads(analysis.model_dump_json()) if analysis else None
                    fh.write(json.dumps({"id": row["id"], "analysis": dumped}) + "\n")
    return {row["id"]: found[row["id"]] for row in rows}


def run_set(
    rows: Sequence[dict[str, Any]],
    gold_key: str,
    clean: bool,
    threshold: float | None,
    analyses: dict[str, Analysis | None] | None = None,
) -> dict[str, float]:
    """Link ``rows`` in the order given; B-cubed scores, story count and ms per article.

    With ``analyses`` (by row id) each article is linked with its analysis's evidence.
    """
    config = default_config()
    if threshold is not None:
        config = config.model_copy(update={"threshold": threshold, "analysed_threshold": threshold})
    linker = StoryLinker(config)
    found = analyses or {}
    # With analyses, link what the product links: the analysed article (cleaned, with
    # the publication date its date line gives), under the bench row's id, with the
    # outlet its URL names (analyses cached before the URL was passed have none).
    articles = [
        analysed.article.model_copy(
            update={"id": row["id"], "source": analysed.article.source or outlet(row.get("url"))}
        )
        if (analysed := found.get(row["id"])) is not None
        else to_article(row, clean)
        for row in rows
    ]
    started = time.perf_counter()
    predicted = {a.id: linker.link(StoryInput(a, found.get(a.id))).story_id for a in articles}
    elapsed = time.perf_counter() - started
    gold = {
        row["id"]: str(row["gold"]["incident"] if gold_key == "incident" else row[gold_key]) for row in rows
    }
    result = bcubed(predicted, gold)
    result["articles"] = len(rows)
    result["stories"] = len(set(predicted.values()))
    result["ms_per_article"] = 1000 * elapsed / max(1, len(rows))
    if analyses is not None:
        result["analysed"] = sum(1 for a in analyses.values() if a is not None)
    return result


def gva_rows(limit: int | None = None) -> list[dict[str, Any]]:
    """GVA dev rows in publication order (stable: ties keep file order)."""
    rows = read_jsonl(GVA)
    rows.sort(key=lambda r: r.get("published") or "")
    return rows[:limit] if limit else rows


def score_gva(
    limit: int | None = None,
    clean: bool = False,
    threshold: float | None = None,
    analysed: bool = False,
    cache: Path | None = None,
) -> dict[str, float]:
    """Story B-cubed on GVA dev (first ``limit`` articles in publication order).

    ``analysed``: link with the evidence of the analysis pipeline (parsing each
    article unless ``cache`` holds it).
    """
    rows = gva_rows(limit)
    analyses = analyses_of(rows, cache) if analysed else None
    return run_set(rows, "incident", clean, threshold, analyses)


def score_ecb(
    threshold: float | None = None, analysed: bool = False, cache: Path | None = None
) -> dict[str, float]:
    """Document B-cubed on ECB+ dev against subtopics (optionally with analyses)."""
    rows = read_jsonl(ECB)
    analyses = analyses_of(rows, cache) if analysed else None
    return run_set(rows, "subtopic", False, threshold, analyses)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=["gva", "ecb", "both"], default="both")
    parser.add_argument("--clean", action="store_true", help="clean raw text with the ingest pipeline first")
    parser.add_argument("--limit", type=int, default=None, help="first N GVA articles in publication order")
    parser.add_argument("--threshold", type=float, default=None, help="override the data-file threshold")
    parser.add_argument("--analyses", action="store_true", help="also link with the analysis pipeline")
    parser.add_argument("--cache", type=Path, default=None, help="folder of cached analyses (JSON Lines)")
    args = parser.parse_args(argv)
    cache: Path | None = args.cache
    if args.set in ("gva", "both"):
        print("GVA text     ", json.dumps(score_gva(args.limit, args.clean, args.threshold)))
        if args.analyses:
            gva_cache = cache / "gva.jsonl" if cache else None
            print("GVA analysed ", json.dumps(score_gva(args.limit, False, args.threshold, True, gva_cache)))
    if args.set in ("ecb", "both"):
        print("ECB+ text    ", json.dumps(score_ecb(args.threshold)))
        if args.analyses:
            ecb_cache = cache / "ecb.jsonl" if cache else None
            print("ECB+ analysed", json.dumps(score_ecb(args.threshold, True, ecb_cache)))


if __name__ == "__main__":
    main()
