"""The linking stage's saved state: entries as rows, and stores saved before them."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from sqlalchemy import insert, select

from tests.conftest import SEEDS
from threatline.analysis.kb import default_kb
from threatline.ingest.pipeline import ingest
from threatline.linking import StoryLinker
from threatline.linking.incidents import IncidentLinker
from threatline.linking.stage import INCIDENT_STATE, STORY_STATE
from threatline.store import open_store, schema


def _groups(url: str) -> list[list[str]]:
    with open_store(url) as store:
        names = {a.id: Path(a.url or "").name[:3] for a in store.articles()}
        return sorted(sorted(names[a] for a in s.article_ids) for s in store.stories())


def test_a_store_with_a_whole_state_document_is_carried_on_as_entries(tmp_path: Path) -> None:
    first, rest = tmp_path / "first", tmp_path / "rest"
    first.mkdir()
    rest.mkdir()
    for seed in sorted(SEEDS.iterdir()):
        shutil.copy(seed, first if seed.name[:3] in {"001", "003"} else rest)
    url = f"sqlite:///{tmp_path / 'old.db'}"
    with open_store(url) as store:
        ingest(store, [str(first)])
        # turn the saved entries back into the one-document form of before migration 0005
        kb = default_kb()
        stories = StoryLinker.from_entries(store.linker_entries(STORY_STATE))
        incidents = IncidentLinker.from_entries(store.linker_entries(INCIDENT_STATE), kb=kb)
        now = dt.datetime.now(dt.UTC)
        with store.engine.begin() as conn:
            conn.execute(schema.linker_entries.delete())
            conn.execute(
                insert(schema.linker_state),
                [
                    {"name": STORY_STATE, "payload": stories.state(), "updated_at": now},
                    {"name": INCIDENT_STATE, "payload": incidents.state(), "updated_at": now},
                ],
            )
        ingest(store, [str(rest)])
        with store.engine.connect() as conn:
            assert conn.execute(select(schema.linker_state)).first() is None
        assert store.linker_entries(STORY_STATE)
        assert store.linker_entries(INCIDENT_STATE)
    assert _groups(url) == [["000", "001"], ["002"], ["003"], ["004"]]
