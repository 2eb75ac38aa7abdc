"""Helpers of the API tests: a seeded store and a real uvicorn server process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from threatline.ingest.pipeline import ingest
from threatline.store import open_store

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
TOKEN = "test-token-7f3a"


def seeded_db(directory: Path) -> str:
    """A SQLite store holding the analysed and linked seed articles; returns its URL."""
    url = f"sqlite:///{directory / 'api.db'}"
    with open_store(url) as store:
        report = ingest(store, [str(SEEDS)])
    assert report.ingested == len(list(SEEDS.glob("*.txt")))
    return url


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serve(db_url: str, *, token: str | None = TOKEN, private: bool = False) -> Iterator[str]:
    """Run ``uvicorn threatline.api.app:factory`` on a free port; yields its base URL."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("THREATLINE_API")}
    env["THREATLINE_DB"] = db_url
    if token is not None:
        env["THREATLINE_API_TOKEN"] = token
    if private:
        env["THREATLINE_API_PRIVATE"] = "1"
    command = [sys.executable, "-m", "uvicorn", "threatline.api.app:factory", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    process = subprocess.Popen(command, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"server exited with {process.returncode}")
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not answer /api/v1/health in 30 s")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
