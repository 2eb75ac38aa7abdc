"""The linking issue's acceptance on the seeds: stories, the 2016 video threat, inferred dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from threatline.ingest.pipeline import ingest
from threatline.store import Store, open_store


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("linking") / "seeds.db"
    with open_store(f"sqlite:///{path}") as store:
        ingest(store, [str(SEEDS)])
        yield store


def _seed_ids(store: Store) -> dict[str, str]:
    return {Path(a.url or "").name[:3]: a.id for a in store.articles()}


def test_seeds_group_into_four_stories(linked: Store) -> None:
    ids = _seed_ids(linked)
    number = {v: k for k, v in ids.items()}
    groups = sorted(sorted(number[a] for a in story.article_ids) for story in linked.stories())
    assert groups == [["000", "001"], ["002"], ["003"], ["004"]]


def test_undated_seed_000_takes_its_date_from_its_story(linked: Store) -> None:
    article = linked.get_article(_seed_ids(linked)["000"])
    assert article is not None
    assert article.published.how == "inferred"
    assert article.published.date is not None
    assert (article.published.date.year, article.published.date.month) == (2016, 8)


def test_the_2016_video_threat_is_one_incident_with_two_independent_sources(linked: Store) -> None:
    ids = _seed_ids(linked)
    threats = [
        i
        for i in linked.incidents()
        if i.type == "THREATEN" and ids["000"] in i.article_ids and ids["001"] in i.article_ids
    ]
    assert len(threats) == 1
    (threat,) = threats
    assert threat.actor is not None
    assert threat.actor.entity_id == "islamic-state"
    assert threat.independent_sources == 2
    assert threat.date is not None
    assert threat.date.start is not None
    assert threat.date.start <= dt.date(2016, 8, 3)
