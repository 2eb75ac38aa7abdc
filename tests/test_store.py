from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from threatline.errors import StoreError
from threatline.ingest.duplicates import signature, text_hash
from threatline.ingest.pipeline import article_id
from threatline.models import Analysis, Article, EntityRef, Event, Published, Removal
from threatline.store import Store, open_store, resolve_url
from threatline.store.store import EventQuery


def make_article(body: str, url: str = "file:///a.txt", **extra: object) -> Article:
    digest = text_hash(body)
    return Article(id=article_id(url, digest), url=url, text=body, text_hash=digest, **extra)  # type: ignore[arg-type]


def test_resolve_url_defaults_and_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("THREATLINE_DB", raising=False)
    assert resolve_url(None) == "sqlite:///threatline.db"
    assert resolve_url("x/y.db") == "sqlite:///x/y.db"
    assert resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    monkeypatch.setenv("THREATLINE_DB", "sqlite:///env.db")
    assert resolve_url(None) == "sqlite:///env.db"


def test_sqlite_store_uses_wal(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_opening_twice_migrates_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    open_store(url).close()
    with open_store(url) as again, again.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0005"


def test_missing_folder_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        open_store(f"sqlite:///{tmp_path / 'nope' / 'x.db'}")


def test_article_round_trip_and_duplicate_links(any_store: Store) -> None:
    store = any_store
    body = " ".join(
        f"Officials said blast number {n} hit station {n * 3} at rush hour and {n + 10} people were hurt."
        for n in range(12)
    )
    first, _ = store.add_article(
        make_article(
            body,
            published=Published(date=dt.date(2017, 4, 3), how="dateline"),
            removed=[Removal(text="Share this", reason="boilerplate:share")],
        ),
        signature(body),
    )
    assert first.duplicate_of is None
    exact, _ = store.add_article(make_article(body, url="https://other.example/a"), signature(body))
    assert (exact.duplicate_of, exact.duplicate_kind) == (first.id, "exact")
    near_body = "A different opening line.\n\n" + body
    near, _ = store.add_article(make_article(near_body, url="https://third.example/b"), signature(near_body))
    assert (near.duplicate_of, near.duplicate_kind) == (first.id, "near")
    assert store.get_article(first.id) == first
    assert store.get_article(first.id[:8]) == first
    assert [a.id for a in store.articles(include_duplicates=False)] == [first.id]
    assert store.count_articles()["duplicates"] == 2


def test_adding_the_same_article_twice_adds_nothing(any_store: Store) -> None:
    store = any_store
    body = "A single short report about a protest in the city centre that ended peacefully."
    article = make_article(body)
    assert store.add_article(article, signature(body))[1]
    assert not store.add_article(article, signature(body))[1]
    assert store.count_articles()["articles"] == 1


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(
    body=st.text(
        st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), min_size=1, max_size=400
    ).filter(lambda t: t.strip() != ""),
    title=st.none()
    | st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=80),
    day=st.none() | st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
)
def test_any_article_round_trips(any_store: Store, body: str, title: str | None, day: dt.date | None) -> None:
    article = make_article(
        body,
        url=f"file:///{abs(hash((body, title, day)))}.txt",
        title=title,
        published=Published(date=day, how="metadata" if day else "none"),
    )
    stored, _ = any_store.add_article(article, signature(body))
    assert any_store.get_article(stored.id) == stored


def test_nul_and_overlong_values_store_alike_on_every_backend(any_store: Store) -> None:
    body = "Gunmen attacked a police post\x00 near the border on Monday; two officers died, officials said."
    article = make_article(body, title="Attack\x00 on post", source="W" * 400)
    stored, new = any_store.add_article(article, signature(body))
    assert new
    assert "\x00" not in stored.text
    assert "\ufffd" in stored.text
    assert stored.title == "Attack\ufffd on post"
    assert stored.source == "W" * 300
    assert any_store.get_article(stored.id) == stored
    actor = EntityRef(text="a group", entity_id="new:" + "very-long-name-" * 20)
    event = Event(id="ev_long", article_id=stored.id, type="ASSAULT", actor=actor)
    any_store.save_analysis(Analysis(article=stored, events=[event]), version="test")
    assert list(any_store.events()) == [event]
    assert list(any_store.events(EventQuery(actor="very-long-name"))) == [event]


def test_linker_entries_are_rows_a_batch_rewrites_or_deletes(any_store: Store) -> None:
    any_store.save_links(
        [], stories=[], incidents=[], changes={"stories": {"a": 1, "b": [1, 2], "c": {"x": 1}}}
    )
    any_store.save_links([], stories=[], incidents=[], changes={"stories": {"b": [3], "c": None}})
    assert any_store.linker_entries("stories") == {"a": 1, "b": [3]}
    assert any_store.linker_entries("incidents") == {}
