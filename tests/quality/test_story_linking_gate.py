"""Quality gate: story linking B-cubed F1 on the GVA and ECB+ dev sets (bench/story_linking.py).

Text-only features run over the whole of both dev sets in seconds: GVA
articles in publication order against gold incident ids, ECB+ documents in file
order against gold subtopics. Linking with the analysis pipeline's evidence
needs every article parsed (about 0.2 s each), so the GVA figure is gated on a
fixed subset: the first ``ANALYSED_SUBSET`` GVA articles in publication order.
ECB+ documents are short, and its figure with analyses (the year-conflict rule
of the stories' evidence is only seen there) is gated on the whole set.
Each floor is the figure reached minus a 0.02 noise margin; an update may not
lower it silently.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT.parent / "shared" / "bench"
GVA = BENCH / "gva" / "dev.jsonl"
ECB = BENCH / "ecbplus" / "dev.jsonl"
ANALYSED_SUBSET = 300
# data/story_linking.yaml as committed; "gva-analysed" is the first ANALYSED_SUBSET articles.
# GVA text only went from 0.8897 to 0.8875 when clean text began to open with the
# metadata headline (the title's words now count in the text as well); with analyses
# it rose (0.9318 to 0.9336 on the subset, 0.916 to 0.920 on the whole set).
# Page templates (a short body seen before under another headline) raised GVA text
# only to 0.8934 (whole set, with analyses 0.920 to 0.925); on the analysed subset
# they gave 0.9318, within the margin, and its recorded figure is kept.
# ECB+ with analyses reached 0.9091 in the ninth session (two reports naming one town
# located apart are no place conflict). GVA with analyses on the subset had risen to
# 0.9467 by the tenth session (the story rules of the eighth to tenth: follow-up
# headlines, keyed agreement, a story's own days), and its floor is raised to it.
REACHED = {"gva": 0.8934, "ecb": 0.8766, "gva-analysed": 0.9467, "ecb-analysed": 0.9091}


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("story_linking", ROOT / "bench" / "story_linking.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _score(name: str) -> dict[str, float]:
    module = _bench()
    runs: dict[str, Callable[[], dict[str, float]]] = {
        "gva": module.score_gva,
        "ecb": module.score_ecb,
        "gva-analysed": lambda: module.score_gva(limit=ANALYSED_SUBSET, analysed=True),
        "ecb-analysed": lambda: module.score_ecb(analysed=True),
    }
    return runs[name]()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "path"), [("gva", GVA), ("ecb", ECB), ("gva-analysed", GVA), ("ecb-analysed", ECB)]
)
def test_story_bcubed_f1_floor(name: str, path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} not present")
    result = _score(name)
    assert result["f1"] >= REACHED[name] - 0.02, result
