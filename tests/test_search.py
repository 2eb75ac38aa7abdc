"""Article search (Store.search_articles): SQLite's FTS5 index (0003), its LIKE fallback, PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, delete, text, update

from tests.postgres_server import PostgresServer
from threatline.ingest.duplicates import signature, text_hash
from threatline.ingest.pipeline import article_id
from threatline.models import Article, Published, Story
from threatline.store import Store, open_store
from threatline.store import schema as s
from threatline.store.database import MIGRATIONS, create_store_engine
from threatline.store.store import search_terms

HOSTILE = ['"', "*", "AND", "(", ")", "-", "NOT", "OR", "NEAR(a b)", '"unclosed', "a*b", "^x", "col:x", "{a}"]
HOSTILE += ["'; DROP TABLE articles; --", "%", "_", "\\", "\x00", "\ud800", "a" * 300, '""""', "-crocus"]


def make_article(body: str, url: str, **extra: object) -> Article:
    digest = text_hash(body)
    return Article(id=article_id(url, digest), url=url, text=body, text_hash=digest, **extra)


def add(store: Store, body: str, url: str, **extra: object) -> Article:
    stored, _ = store.add_article(make_article(body, url, **extra), signature(body))
    return stored


def alembic(engine: Engine, action: str, revision: str) -> None:
    """Run an Alembic upgrade or downgrade on ``engine`` as ``open_store`` does."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)


def fts_tables(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT name FROM sqlite_master WHERE name LIKE 'articles_fts%'"))
        return {r[0] for r in rows}


def ids(found: tuple[list[Article], int]) -> list[str]:
    return [a.id for a in found[0]]


# distinct enough bodies that none is a near-duplicate of another
CORPUS = {
    "blast": (
        "Bombing in the market",
        "A bombing hit the market at dawn. Police said the bombing killed four and a second bombing "
        "was stopped. Witnesses described the bombing as the worst this year.",
    ),
    "mention": (
        "Parliament debates budget",
        "Lawmakers argued about taxes for hours. One member recalled last year's bombing in passing "
        "before the vote on the spending bill went ahead.",
    ),
    "none": (
        "Floods close roads",
        "Heavy rain closed three highways and several bridges; engineers expect repairs to last weeks.",
    ),
    "threat": (
        "Group threatens Kraków festival",
        "A militant channel threatened the summer festival in Kraków, calling the organisers apostates "
        "and promising violence against the crowds.",
    ),
}


def fill_corpus(store: Store) -> dict[str, str]:
    """Store the corpus (dated, with sources); the stored ids by corpus key."""
    dates = [dt.date(2024, 3, d) for d in (1, 10, 20)] + [None]
    sources = ["Circa News", "Daily Ledger", "Circa News", "Wire Service"]
    found = {}
    for (key, (title, body)), day, source in zip(CORPUS.items(), dates, sources, strict=True):
        article = add(
            store,
            body,
            f"https://example.org/{key}",
            title=title,
            source=source,
            published=Published(date=day),
        )
        found[key] = article.id
    return found


@pytest.fixture(scope="module")
def postgres_corpus(postgres_server: PostgresServer) -> Iterator[tuple[Store, dict[str, str]]]:
    """The corpus in one PostgreSQL database, shared by the module's read-only search tests."""
    with open_store(postgres_server.url()) as store:
        yield store, fill_corpus(store)


@pytest.fixture(params=["fts5", "like", "postgresql"])
def corpus_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Store, dict[str, str]]]:
    """The corpus in a store searched through SQLite's FTS5 index, or SQLite without it
    (LIKE), or PostgreSQL. Tests using it only search."""
    if request.param == "postgresql":
        yield request.getfixturevalue("postgres_corpus")
        return
    store = open_store(f"sqlite:///{tmp_path / 'search.db'}")
    if request.param == "like":
        alembic(store.engine, "downgrade", "0002")
        store = Store(store.engine)
    try:
        yield store, fill_corpus(store)
    finally:
        store.close()


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("crocus city hall", ["crocus", "city", "hall"]),
        ('"Crocus  City\nHall" attack', ["Crocus City Hall", "attack"]),
        ('isis "unclosed phrase', ["isis", "unclosed phrase"]),
        ("Putin putin PUTIN", ["Putin"]),
        ('a"b', ["a", "b"]),
        ("   ", []),
        ('""', []),
        ("-(AND*", ["-(AND*"]),
        ("x\x00y", ["x", "y"]),
    ],
)
def test_search_terms(query: str, terms: list[str]) -> None:
    assert search_terms(query) == terms


def test_search_terms_are_capped() -> None:
    assert len(search_terms(" ".join(f"w{n}" for n in range(100)))) == 32


def test_most_relevant_first(any_store: Store) -> None:
    store = any_store
    # stored before the more relevant ones, so that only ranking can put it last
    passing = add(store, CORPUS["mention"][1], "u:mention", title=CORPUS["mention"][0])
    about = add(store, CORPUS["blast"][1], "u:blast", title=CORPUS["blast"][0])
    add(store, CORPUS["none"][1], "u:none", title=CORPUS["none"][0])
    assert store.search_articles("bombing", limit=10, offset=0) == ([about, passing], 2)


def test_title_weighs_more_than_text(any_store: Store) -> None:
    store = any_store
    in_text = add(store, "Officials said an ambush on the road killed one driver overnight.", "u:text")
    in_title = add(
        store, "Officials said an attack on the road killed one driver overnight.", "u:title", title="Ambush"
    )
    assert ids(store.search_articles("ambush", limit=10, offset=0)) == [in_title.id, in_text.id]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("BOMBING", {"blast", "mention"}),
        ("bomb market", {"blast"}),  # every piece must occur, anywhere
        ("bombing floods", set()),
        ("krakó", {"threat"}),  # part of a word, non-ASCII
        ("Festival", {"threat"}),  # title or text
        ('"the market at dawn"', {"blast"}),
        ('"dawn the market"', set()),  # a quoted phrase keeps its order
        ("AX", {"mention"}),  # shorter than the index's trigrams
        ("kó", {"threat"}),
        ("zzqx", set()),
        ("", set(CORPUS)),
    ],
)
def test_every_term_must_match(
    corpus_store: tuple[Store, dict[str, str]], query: str, expected: set[str]
) -> None:
    store, by_key = corpus_store
    found, total = store.search_articles(query, limit=10, offset=0)
    assert {a.id for a in found} == {by_key[k] for k in expected}
    assert total == len(expected)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"source": "circa news"}, {"blast", "none"}),
        ({"source": "Nobody"}, set()),
        ({"since": dt.date(2024, 3, 10)}, {"mention", "none"}),
        ({"until": dt.date(2024, 3, 10)}, {"blast", "mention"}),
        ({"since": dt.date(2024, 3, 5), "until": dt.date(2024, 3, 15)}, {"mention"}),
        ({"source": "Circa News", "since": dt.date(2024, 3, 5)}, {"none"}),
    ],
)
def test_filters(
    corpus_store: tuple[Store, dict[str, str]], filters: dict[str, object], expected: set[str]
) -> None:
    store, by_key = corpus_store
    found, total = store.search_articles("", limit=10, offset=0, **filters)  # type: ignore[arg-type]
    assert set(ids((found, total))) == {by_key[k] for k in expected}
    assert total == len(expected)
    with_text = {k for k in expected if "market" in " ".join(CORPUS[k]).casefold()}
    found, total = store.search_articles("MARKET", limit=10, offset=0, **filters)  # type: ignore[arg-type]
    assert set(ids((found, total))) == {by_key[k] for k in with_text}
    assert total == len(with_text)


def test_duplicates_can_be_left_out(any_store: Store) -> None:
    store = any_store
    body = "Gunmen attacked a checkpoint near Kirkuk on Monday, officials said, and two guards died."
    first = add(store, body, "https://a.example/1")
    copy = add(store, body, "https://b.example/2")
    assert copy.duplicate_of == first.id
    assert ids(store.search_articles("kirkuk", limit=5, offset=0)) == [first.id, copy.id]
    assert store.search_articles("kirkuk", limit=5, offset=0, include_duplicates=False) == ([first], 1)


def test_pages_cover_every_match_once(any_store: Store) -> None:
    store = any_store
    stored = [
        add(store, f"Report {n}: a convoy was ambushed near town {n * 7} with {n + 2} vehicles.", f"u:{n}")
        for n in range(7)
    ]
    other = add(store, "Unrelated weather report about a sunny afternoon.", "u:other")
    for query, ranked in (("", False), ("ambushed convoy", True)):
        seen: list[str] = []
        for offset in range(0, 9, 3):
            found, total = store.search_articles(query, limit=3, offset=offset)
            assert total == (8 if query == "" else 7)
            seen += [a.id for a in found]
        if ranked:
            assert sorted(seen) == sorted(a.id for a in stored)
        else:
            assert seen == [a.id for a in stored] + [other.id]
        assert len(seen) == len(set(seen))
    assert store.search_articles("convoy", limit=3, offset=100) == ([], 7)
    assert store.search_articles("convoy", limit=0, offset=0) == ([], 7)


def test_negative_page_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="limit and offset"):
        store.search_articles("x", limit=-1, offset=0)


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_raise(corpus_store: tuple[Store, dict[str, str]], query: str) -> None:
    store, _ = corpus_store
    found, total = store.search_articles(query, limit=5, offset=0)
    assert total >= len(found)


def test_operators_are_searched_as_text(any_store: Store) -> None:
    store = any_store
    plain = add(store, "Officials said the NEAR(term) marker and A*B notation were typos.", "u:ops")
    add(store, "A quiet day with nothing to report from the region at all.", "u:quiet")
    for query in ("NEAR(term)", "A*B", '"marker and"'):
        assert ids(store.search_articles(query, limit=5, offset=0)) == [plain.id], query


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=60))
def test_any_query_returns(corpus_store: tuple[Store, dict[str, str]], query: str) -> None:
    store, _ = corpus_store
    found, total = store.search_articles(query, limit=5, offset=0)
    assert len(found) <= total


def test_index_follows_inserts_updates_and_deletes(store: Store) -> None:
    assert "articles_fts" in fts_tables(store.engine)
    assert store.search_articles("sabotage", limit=5, offset=0) == ([], 0)
    first = add(store, "Saboteurs cut a rail line; officials called the sabotage deliberate.", "u:1")
    assert ids(store.search_articles("sabotage", limit=5, offset=0)) == [first.id]
    second = add(store, "Another sabotage attempt on the pipeline was foiled overnight by guards.", "u:2")
    assert store.search_articles("sabotage", limit=5, offset=0)[1] == 2
    with store.engine.begin() as conn:
        conn.execute(update(s.articles).where(s.articles.c.id == first.id).values(title="Arson at depot"))
        conn.execute(delete(s.articles).where(s.articles.c.id == second.id))
    assert ids(store.search_articles("sabotage", limit=5, offset=0)) == [first.id]
    assert ids(store.search_articles("arson depot", limit=5, offset=0)) == [first.id]
    # published dates change after analysis without touching the index
    with store.engine.begin() as conn:
        conn.execute(
            update(s.articles).where(s.articles.c.id == first.id).values(published_date=dt.date(2024, 1, 2))
        )
    assert ids(store.search_articles("arson", limit=5, offset=0, since=dt.date(2024, 1, 1))) == [first.id]
    with store.engine.connect() as conn:
        # FTS5's own check that the index matches its content table
        conn.execute(text("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')"))


def test_migration_from_0002_backfills_and_downgrade_drops(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_store_engine(url)
    alembic(engine, "upgrade", "0002")
    old = Store(engine)
    before = [
        add(old, "Militants threatened the Crocus City Hall concert in a video message.", "u:old1"),
        add(old, "Police arrested two suspects after the hall was evacuated on Friday.", "u:old2"),
    ]
    assert not fts_tables(engine)
    assert set(ids(old.search_articles("hall", limit=5, offset=0))) == {a.id for a in before}
    engine.dispose()

    with open_store(url) as store:
        assert "articles_fts" in fts_tables(store.engine)
        assert ids(store.search_articles("crocus city", limit=5, offset=0)) == [before[0].id]
        assert store.search_articles("hall", limit=5, offset=0)[1] == 2
        alembic(store.engine, "downgrade", "0002")
        assert not fts_tables(store.engine)
        with store.engine.connect() as conn:
            triggers = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).all()
        assert triggers == []
        after = add(Store(store.engine), "A new report about the hall arrived after the downgrade.", "u:new")
        assert after.id in ids(Store(store.engine).search_articles("hall", limit=5, offset=0))


def test_get_story(any_store: Store) -> None:
    store = any_store
    article = add(store, "Militants threatened the festival in a video released on Sunday night.", "u:s")
    story = Story(
        id="story-festival",
        title="Festival threat",
        article_ids=[article.id],
        first_seen=dt.date(2024, 5, 1),
        last_seen=dt.date(2024, 5, 2),
    )
    store.save_links([(article.id, story.id)], stories=[story], incidents=[], changes={})
    assert store.get_story("story-festival") == story
    assert store.get_story("story-nope") is None
