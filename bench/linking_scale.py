"""Story linking cost per article as the store grows (1k, 10k, 50k articles).

The GVA dev texts are recycled into distinct synthetic incidents: every copy
gets its capitalised words (names, places, outlets) and its numbers replaced by
tokens unique to that copy, and its publication date shifted by whole years,
so that copies are new stories rather than duplicates. The milliseconds per
article are printed for each size and for the last 1,000 articles linked: the
latter must stay flat as the store grows. So must what is saved after each
batch of the linking stage (the state entries its articles changed, which the
store rewrites as rows), printed as entries and JSON size per batch. ``--evidence`` gives each article a
synthetic analysis (its publication day as incident date, one of 300 towns) so
that the evidence keys of the index are exercised as well.

Usage::

    python bench/linking_scale.py                  # 1000 10000 50000
    python bench/linking_scale.py --sizes 1000 5000
    python bench/linking_scale.py --sizes 1000 10000 --evidence
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import re
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from story_linking import gva_rows
from threatline.linking import StoryInput, StoryLinker
from threatline.linking.stage import BATCH
from threatline.models import Analysis, Article, Place, Published, TimeInterval

_CAPITAL = re.compile(r"\b[A-Z][a-z]{2,}\b")
_NUMBER = re.compile(r"\b\d{1,4}\b")


def variants(count: int, seed: int = 7) -> Iterator[Article]:
    """``count`` articles in publication order, each copy of the dev set perturbed apart."""
    rows = gva_rows()
    rng = random.Random(seed)
    made = 0
    copy = 0
    while made < count:
        for row in rows:
            if made >= count:
                return
            salt = f"{copy}"

            def rename(match: re.Match[str], salt: str = salt) -> str:
                return (
                    match.group()
                    + "x"
                    + hashlib.blake2s((match.group() + salt).encode(), digest_size=3).hexdigest()
                )

            def renumber(match: re.Match[str]) -> str:
                return str(rng.randrange(1, 9999))

            text = _NUMBER.sub(renumber, _CAPITAL.sub(rename, row["text"]))
            title = _CAPITAL.sub(rename, row.get("title") or "")
            published = dt.date.fromisoformat(row["published"]) + dt.timedelta(days=1500 * copy)
            yield Article(
                id=f"{row['id']}-{copy}",
                title=title,
                published=Published(date=published, how="metadata"),
                text=text,
                text_hash=hashlib.sha256(text.encode()).hexdigest(),
            )
            made += 1
        copy += 1


def synthetic_analysis(article: Article, rng: random.Random) -> Analysis:
    """An analysis holding the publication day as incident date and a random town."""
    town = rng.randrange(300)
    return Analysis(
        article=article,
        times=[TimeInterval(text="Monday", start=article.published.date, precision="day")],
        places=[
            Place(
                text=f"Town {town}",
                lat=30.0 + town / 20,
                lon=-100.0 + town / 10,
                feature="city",
                gazetteer_id=f"town:{town}",
            )
        ],
    )


def measure(size: int, evidence: bool = False) -> dict[str, float]:
    """Link ``size`` articles; overall and last-1,000 ms per article."""
    linker = StoryLinker()
    articles = list(variants(size))
    rng = random.Random(11)
    items = [StoryInput(a, synthetic_analysis(a, rng) if evidence else None) for a in articles]
    started = time.perf_counter()
    tail_start = started
    saved: list[tuple[int, int]] = []  # (entries, JSON bytes) of each batch's changes
    for n, item in enumerate(items):
        if n == max(0, size - 1000):
            tail_start = time.perf_counter()
        linker.link(item)
        if (n + 1) % BATCH == 0 or n + 1 == size:
            # what the linking stage hands the store after each batch
            changes = linker.changes()
            saved.append((len(changes), len(json.dumps(changes))))
    ended = time.perf_counter()
    last = saved[-max(1, 1000 // BATCH) :]
    return {
        "articles": size,
        "stories": len(linker.index.stories),
        "ms_per_article": 1000 * (ended - started) / size,
        "ms_per_article_last_1000": 1000 * (ended - tail_start) / min(size, 1000),
        "entries_per_batch_last_1000": sum(e for e, _ in last) / len(last),
        "kib_per_batch_last_1000": sum(b for _, b in last) / len(last) / 1024,
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--evidence", action="store_true", help="give each article a synthetic analysis")
    args = parser.parse_args(argv)
    for size in args.sizes:
        result = measure(size, args.evidence)
        print(
            f"{result['articles']:>6} articles  {result['stories']:>6} stories  "
            f"{result['ms_per_article']:.2f} ms/article  "
            f"last 1000: {result['ms_per_article_last_1000']:.2f} ms/article, "
            f"{result['entries_per_batch_last_1000']:.0f} state entries "
            f"({result['kib_per_batch_last_1000']:.0f} KiB) saved per batch of {BATCH}",
            flush=True,
        )


if __name__ == "__main__":
    main()
