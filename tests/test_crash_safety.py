"""A run killed at any point leaves a consistent store, and re-running finishes the work."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import BENCH
from threatline.ingest.pipeline import ingest
from threatline.store import open_store

GVA = BENCH / "gva" / "dev.jsonl"


def _subset(path: Path, count: int) -> Path:
    with GVA.open(encoding="utf-8") as full:
        lines = [next(full) for _ in range(count)]
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _articles(db: Path) -> set[str]:
    with open_store(f"sqlite:///{db}") as store:
        return {a.id for a in store.articles()}


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # not created or migrated yet
        return 0


@pytest.mark.slow
@pytest.mark.parametrize("kill_at", [5, 120])
def test_killed_ingest_leaves_a_consistent_store_and_rerun_finishes(tmp_path: Path, kill_at: int) -> None:
    dump = _subset(tmp_path / "dump.jsonl", 400)
    db = tmp_path / "killed.db"
    command = [
        sys.executable,
        "-m",
        "threatline.cli",
        "ingest",
        str(dump),
        "--db",
        f"sqlite:///{db}",
        "--no-analysis",
    ]
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as process:
        deadline = time.monotonic() + 120
        while _stored(db) < kill_at and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        assert process.poll() is None, "the run finished before it could be killed"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        # article rows and their MinHash rows are written in one transaction
        assert conn.execute("SELECT count(*) FROM minhashes").fetchone()[0] == stored
    assert 0 < stored < 400

    with open_store(f"sqlite:///{db}") as store:
        rerun = ingest(store, [str(dump)], analyse=False)
    clean = tmp_path / "clean.db"
    with open_store(f"sqlite:///{clean}") as store:
        first = ingest(store, [str(dump)], analyse=False)
    assert rerun.ingested + stored == first.ingested
    assert _articles(db) == _articles(clean)


def test_cli_module_runs_as_a_script() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "threatline.cli", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "ingest" in result.stdout
