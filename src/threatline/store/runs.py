"""Run records: when an ingest or analysis run started and finished, its summary,
and the per-document problems it met (origin, stage, reason).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import insert, update

from threatline.store import schema as s
from threatline.store.base import StoreBase
from threatline.store.rows import utc_now


class RunStore(StoreBase):
    """Runs and their problems."""

    def start_run(self, run_id: str, inputs: Sequence[str]) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(s.runs).values(id=run_id, started_at=utc_now(), inputs=list(inputs)))

    def finish_run(self, run_id: str, summary: dict[str, Any]) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(s.runs).where(s.runs.c.id == run_id).values(finished_at=utc_now(), summary=summary)
            )

    def record_problems(self, run_id: str, problems: Iterable[tuple[str, str, str]]) -> None:
        """Record ``(origin, stage, reason)`` failures of a run."""
        rows = [
            {"run_id": run_id, "origin": o, "stage": st, "reason": r, "at": utc_now()}
            for o, st, r in problems
        ]
        if rows:
            with self.engine.begin() as conn:
                conn.execute(insert(s.problems), rows)
