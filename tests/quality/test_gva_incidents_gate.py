"""Quality gate: incident-level exact match on the GVA dev set (bench/gva_incidents.py).

Every article is parsed afresh (no cache), so the gate runs on a fixed subset:
the first ``LIMIT`` articles in publication order (ties in file order), linked
as the product links them, with gold incidents mapped to system incidents by
the rule of the bench's docstring. Each floor is the share reached there minus
a 0.02 noise margin; an update may not lower it silently.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
GVA = ROOT.parent / "shared" / "bench" / "gva" / "dev.jsonl"
LIMIT = 250
# Shares of all gold incidents with metadata among the first LIMIT articles (unmapped = miss).
# Raised from 0.762 / 0.601 / 0.678 / 0.587 by the fifth session's reading work
# (the headline read as the text's first paragraph, headline counts, wounded told
# anywhere in the article, a killer's own death) and by limits on how far apart
# reports dated only by their publication join an incident. The sixth session's
# casualty reading (victims in care, a shooter's own death, ages, numbers of
# things) raised killed, injured and location to 0.790 / 0.678 / 0.636; date fell
# to 0.692 there (reduced passives in headlines, an attack named again), within
# the margin, and its recorded figure is kept. The seventh session (tallies, dating,
# geocoding, a place for every attack told as news, coarse incident dates narrowed
# to a day) raised killed, date and location to 0.797 / 0.713 / 0.664; injured fell
# to 0.671 there, within the margin, and its recorded figure is kept. The eighth
# (Title Case headlines parsed, precise dates a day apart no evidence of one incident,
# a week narrowed to the day named in it) raised injured, date and location to
# 0.699 / 0.727 / 0.671; killed stayed at 0.797. The ninth (US datelines and the
# states an article names deciding its towns, casualty lists and multiples, the
# day reports name in words of their own, times counted from another act) raised
# all four to 0.811 / 0.706 / 0.734 / 0.727. The tenth (merged mentions keep the larger
# toll, counted lists, ages written "y/o", "4 Shot, 1 Killed", and across stories one
# place, day and weapon no longer one incident) raised killed and injured to 0.825 /
# 0.727; date fell to 0.727 there (one incident), within the margin, and its recorded
# figure is kept. The eleventh (survivors of "non-life threatening" injuries, a
# year before "victim" no count) raised injured to 0.741. The twelfth (sums over
# several shootings, page furniture, "a double shooting", joined passives, reported
# deaths, a scene day told with a clock time) raised injured to 0.762.
REACHED = {"killed": 0.825, "injured": 0.762, "date": 0.734, "location": 0.727}


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gva_incidents", ROOT / "bench" / "gva_incidents.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@cache
def _result() -> dict[str, float]:
    return dict(_bench().score(limit=LIMIT))


@pytest.mark.slow
@pytest.mark.parametrize("field", sorted(REACHED))
def test_incident_exact_match_floor(field: str) -> None:
    if not GVA.exists():
        pytest.skip(f"{GVA} not present")
    result = _result()
    assert result["articles"] == LIMIT
    assert result[field] >= REACHED[field] - 0.02, result
