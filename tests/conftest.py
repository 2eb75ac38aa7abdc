"""Shared fixtures: paths to ../shared, and a fresh store per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from threatline.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
BENCH = SHARED / "bench"
CORPUS = ROOT / "examples" / "corpus"


def seed_path(number: str) -> Path:
    """The seed file whose name starts with ``number`` (e.g. "003")."""
    (path,) = SEEDS.glob(f"{number}_*.txt")
    return path


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(f"sqlite:///{tmp_path / 'test.db'}") as opened:
        yield opened
