"""Article-extraction benchmark for the HTML reader.

Runs :func:`threatline.ingest.readers.html.extract_html` over the annotated
pages in ``../shared/bench/article-extraction`` and scores the extracted body
against the ground truth with word 4-gram shingles:

* tokens: lowercase runs of letters and digits (punctuation and whitespace
  ignored, so formatting differences do not count);
* shingles: the set of consecutive 4-token tuples of a text (a text of fewer
  than four tokens is one shingle of what it has);
* per document: precision = |extracted ∩ truth| / |extracted|, recall =
  |extracted ∩ truth| / |truth|, F1 their harmonic mean; a page with nothing
  extracted scores precision 0 and recall 0;
* macro: the mean of the per-document figures; micro: the same ratios over
  the summed counts of all documents.

Usage::

    python bench/article_extraction.py [--favor-precision] [--favor-recall] [--no-tables]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from pathlib import Path
from typing import Any

from threatline.ingest.pipeline import prepare_article
from threatline.ingest.readers.html import DEFAULT_HTML_SETTINGS, HtmlSettings, extract_html
from threatline.models import Article

BENCH_DIR = Path(__file__).resolve().parents[1] / ".." / "shared" / "bench" / "article-extraction"

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def shingles(text: str, size: int = 4) -> set[tuple[str, ...]]:
    """The set of word ``size``-grams of ``text`` (lowercased alphanumeric tokens)."""
    tokens = _TOKEN.findall(text.lower())
    if not tokens:
        return set()
    if len(tokens) < size:
        return {tuple(tokens)}
    return {tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score(
    bench_dir: Path = BENCH_DIR,
    settings: HtmlSettings = DEFAULT_HTML_SETTINGS,
    limit: int | None = None,
    stored: bool = False,
) -> dict[str, Any]:
    """Score the HTML reader on the benchmark; figures are fractions in [0, 1].

    With ``stored`` the text scored is what ingest stores: the reader's output
    after cleaning (boilerplate, captions, repeated lines removed).

    Returns ``{"documents", "precision", "recall", "f1"`` (macro averages),
    ``"micro_precision", "micro_recall", "micro_f1", "seconds_per_page",
    "per_document": {key: {"precision", "recall", "f1"}}}``.
    """
    truth = json.loads((bench_dir / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[:limit] if limit else sorted(truth)
    per_doc: dict[str, dict[str, float]] = {}
    hits = n_extracted = n_truth = 0
    elapsed = 0.0
    for key in keys:
        html = gzip.decompress((bench_dir / "html" / f"{key}.html.gz").read_bytes()).decode(
            "utf-8", errors="replace"
        )
        started = time.perf_counter()
        document = extract_html(html, truth[key].get("url"), settings=settings)
        elapsed += time.perf_counter() - started
        text = document.text if document else ""
        if document is not None and stored:
            prepared = prepare_article(document)
            text = prepared.text if isinstance(prepared, Article) else ""
        got = shingles(text)
        want = shingles(truth[key]["articleBody"])
        common = len(got & want)
        hits += common
        n_extracted += len(got)
        n_truth += len(want)
        precision = common / len(got) if got else 0.0
        recall = common / len(want) if want else 0.0
        per_doc[key] = {"precision": precision, "recall": recall, "f1": _f1(precision, recall)}
    n = len(per_doc) or 1
    micro_p = hits / n_extracted if n_extracted else 0.0
    micro_r = hits / n_truth if n_truth else 0.0
    return {
        "documents": len(per_doc),
        "precision": sum(d["precision"] for d in per_doc.values()) / n,
        "recall": sum(d["recall"] for d in per_doc.values()) / n,
        "f1": sum(d["f1"] for d in per_doc.values()) / n,
        "micro_precision": micro_p,
        "micro_recall": micro_r,
        "micro_f1": _f1(micro_p, micro_r),
        "seconds_per_page": elapsed / n,
        "per_document": per_doc,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--favor-precision", action="store_true")
    parser.add_argument("--favor-recall", action="store_true")
    parser.add_argument("--no-tables", action="store_true")
    parser.add_argument("--no-fallback", action="store_true")
    parser.add_argument("--worst", type=int, default=0, help="also list the N worst pages by F1")
    args = parser.parse_args()
    settings = HtmlSettings(
        favor_precision=args.favor_precision or DEFAULT_HTML_SETTINGS.favor_precision,
        favor_recall=args.favor_recall or DEFAULT_HTML_SETTINGS.favor_recall,
        include_tables=DEFAULT_HTML_SETTINGS.include_tables and not args.no_tables,
        no_fallback=args.no_fallback or DEFAULT_HTML_SETTINGS.no_fallback,
    )
    result = score(settings=settings)
    stored = score(settings=settings, stored=True)
    print(f"settings: {settings}")
    print(f"documents: {result['documents']}")
    print(f"macro  precision {result['precision']:.3f}  recall {result['recall']:.3f}  F1 {result['f1']:.3f}")
    print(
        f"stored precision {stored['precision']:.3f}  recall {stored['recall']:.3f}  F1 {stored['f1']:.3f}"
        "  (macro, after cleaning: the text ingest keeps)"
    )
    print(
        f"micro  precision {result['micro_precision']:.3f}  recall {result['micro_recall']:.3f}"
        f"  F1 {result['micro_f1']:.3f}"
    )
    print(f"time   {result['seconds_per_page'] * 1000:.1f} ms per page")
    worst = sorted(result["per_document"].items(), key=lambda item: item[1]["f1"])[: args.worst]
    for key, figures in worst:
        print(
            f"  {key[:16]}  P {figures['precision']:.2f}  R {figures['recall']:.2f}  F1 {figures['f1']:.2f}"
        )


if __name__ == "__main__":
    main()
