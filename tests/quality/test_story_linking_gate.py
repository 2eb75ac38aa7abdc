"""Quality gate: story linking B-cubed F1 on the GVA and ECB+ dev sets (bench/story_linking.py).

Text-only features (no spaCy analysis), so the whole of both dev sets runs in
seconds: GVA articles in publication order against gold incident ids, ECB+
documents in file order against gold subtopics. Each floor is the figure reached
minus a 0.02 noise margin; an update may not lower it silently.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT.parent / "shared" / "bench"
REACHED = {"gva": 0.8883, "ecb": 0.8766}  # text only, data/linking.yaml as committed


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("story_linking", ROOT / "bench" / "story_linking.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _score(name: str) -> dict[str, float]:
    module = _bench()
    run: Callable[[], dict[str, float]] = module.score_gva if name == "gva" else module.score_ecb
    return run()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "path"),
    [("gva", BENCH / "gva" / "dev.jsonl"), ("ecb", BENCH / "ecbplus" / "dev.jsonl")],
)
def test_story_bcubed_f1_floor(name: str, path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} not present")
    result = _score(name)
    assert result["f1"] >= REACHED[name] - 0.02, result
