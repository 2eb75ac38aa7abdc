"""Shared fixtures: paths to ../shared, a fresh store per test, a throwaway PostgreSQL server,
the spaCy pipeline and the gazetteer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import spacy

from tests.postgres_server import PostgresServer, find_binaries
from threatline.analysis.nlp import load_pipeline
from threatline.analysis.places.gazetteer import Gazetteer, load_gazetteer
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


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server of this test session, in a folder removed at the end."""
    binaries = find_binaries()
    if binaries is None:
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl): run .ci/install-postgres")
    server = PostgresServer.start(binaries)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """The ``postgresql://`` URL of a new, empty database on the session's server."""
    return postgres_server.url()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh store on each backend: a SQLite file, and a PostgreSQL database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    with open_store(url) as opened:
        yield opened


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """The bundled gazetteer (test modules may override it)."""
    return load_gazetteer()


@pytest.fixture(scope="session")
def nlp() -> spacy.language.Language:
    """The shared spaCy pipeline without knowledge-base patterns (test modules may override it)."""
    return load_pipeline()
