"""Quality gate: incident dates on the GVA dev benchmark (bench/gva_dates.py).

The full dev set takes longer than the suite can afford on two cores, so the
gate runs on a fixed subset: the first ``LIMIT`` eligible articles of
dev.jsonl, in file order. ``FLOOR`` is the figure reached there minus a 0.02
noise margin; an update may not lower it silently.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT.parent / "shared" / "bench" / "gva" / "dev.jsonl"
LIMIT = 400
# First 400 eligible articles, anchor = decide_published (crawler date wins), times
# of the product's own analysis (cleaning and the analysis stage, as ingest runs
# them). The bench read find_times over a bare parse before (0.7925 here, 0.809 on
# the whole set); on the analysis it is 0.795 here and 0.807 on the whole set: the
# analysis's extra readings (Title Case headlines) gain, and 55 articles it does not
# analyse (nothing left after cleaning, or not English) now count as misses.
REACHED = 0.795
FLOOR = REACHED - 0.02


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gva_dates", ROOT / "bench" / "gva_dates.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_gold_incident_date_among_day_dates() -> None:
    result = _bench().score(limit=LIMIT)
    assert result["articles"] == LIMIT
    assert result["hit_rate"] >= FLOOR, result


@pytest.mark.parametrize(
    ("text", "gold", "published", "told"),
    [
        ("Police said the shooting happened Saturday night.", "2016-03-05", None, True),
        ("He was shot on March 5 outside a bar.", "2016-03-05", None, True),
        ("He was shot on the 5th of March.", "2016-03-05", None, True),
        ("A man was shot last night on Elm Street.", "2016-03-05", "2016-03-06", True),
        # "last night" is not the day three days before publication
        ("A man was shot last night on Elm Street.", "2016-03-05", "2016-03-08", False),
        # a coarser time holds the day but does not tell it
        ("The shooting happened last weekend.", "2016-03-05", "2016-03-08", False),
        ("He was shot earlier this month.", "2016-03-05", "2016-03-20", False),
        # another month's day with the same number
        ("He was shot on April 5.", "2016-03-05", None, False),
    ],
)
def test_day_told_reads_what_a_reader_could(text: str, gold: str, published: str | None, told: bool) -> None:
    pub = dt.date.fromisoformat(published) if published else None
    assert _bench().day_told(text, dt.date.fromisoformat(gold), pub) is told
