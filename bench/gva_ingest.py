"""Ingest throughput on the GVA dev set: articles/s, peak memory, duplicates found.

    python bench/gva_ingest.py                 # ingest only (no analysis)
    python bench/gva_ingest.py --analysis      # ingest + analysis, next to spaCy's own pipeline
    python bench/gva_ingest.py --limit 500     # a prefix of the set

The store is a fresh SQLite file in a temporary folder. With ``--analysis`` the
same texts are then run through spaCy's stock English pipeline (``nlp.pipe``,
same batch size) and the ratio of the two throughputs is printed: the cost of
everything Threatline adds on top of parsing.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import spacy

from threatline.analysis.nlp import MODEL
from threatline.ingest.pipeline import ingest
from threatline.store import open_store

GVA = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "gva" / "dev.jsonl"


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--analysis", action="store_true", help="also analyse each article")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = parser.parse_args()

    source = GVA
    with tempfile.TemporaryDirectory() as tmp:
        if args.limit:
            source = Path(tmp) / "subset.jsonl"
            with GVA.open(encoding="utf-8") as full, source.open("w", encoding="utf-8") as part:
                for n, line in enumerate(full):
                    if n >= args.limit:
                        break
                    part.write(line)
        store = open_store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        start = time.perf_counter()
        report = ingest(store, [str(source)], analyse=args.analysis)
        elapsed = time.perf_counter() - start
        counts = store.count_articles()
        texts = [a.text for a in store.articles()]
        store.close()

    print(f"input            {source.name} ({report.read} read)")
    print(f"ingested         {report.ingested} articles, {len(report.problems)} skipped")
    print(f"duplicates       {report.exact_duplicates} exact, {report.near_duplicates} near")
    print(f"store            {json.dumps(counts)}")
    print(f"time             {elapsed:.1f} s")
    mode = "with" if args.analysis else "without"
    print(f"throughput       {report.read / elapsed:.1f} articles/s ({mode} analysis)")
    print(f"peak memory      {peak_rss_mib():.0f} MiB")
    if args.analysis:
        nlp = spacy.load(MODEL)
        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=32):
            pass
        spacy_elapsed = time.perf_counter() - start
        spacy_rate = len(texts) / spacy_elapsed
        print(f"spaCy alone      {spacy_rate:.1f} articles/s ({MODEL}, nlp.pipe over the same clean texts)")
        print(
            f"ratio            {report.read / elapsed / spacy_rate:.2f} (Threatline ingest+analysis / spaCy)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
