"""Quality gate: place detection and geocoding on GeoWebNews (200 articles).

Measured with ``python bench/geowebnews.py`` (spaCy en_core_web_sm 3.8 plus the
gazetteer): with demonyms reported as places (the benchmark's view of
toponyms) place-name F1 0.845 and accuracy@161km 0.891; with the library
default (no demonyms) F1 0.757 and accuracy@161km 0.874. Spans match when they
overlap. Floors are those figures minus 0.02; raise them when geocoding
improves, never lower them silently.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / ".." / "shared" / "bench" / "geowebnews"

FLOORS = {
    "all_f1": 0.825,
    "all_acc161": 0.871,
    "default_f1": 0.737,
    "default_acc161": 0.854,
}


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("geowebnews", ROOT / "bench" / "geowebnews.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def figures() -> dict[str, float]:
    if not (CORPUS / "GWN.xml").exists():
        pytest.skip(f"GeoWebNews corpus not found at {CORPUS}")
    scores: dict[str, float] = load_bench().score(CORPUS)
    return scores


@pytest.mark.slow
@pytest.mark.parametrize("figure", sorted(FLOORS))
def test_geowebnews_floor(figures: dict[str, float], figure: str) -> None:
    assert figures[figure] >= FLOORS[figure], f"{figure} {figures[figure]:.3f} < floor {FLOORS[figure]}"
