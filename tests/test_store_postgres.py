"""The store on a real PostgreSQL server (started by the tests, see tests/postgres_server.py).

The store contract itself runs on both backends through the ``any_store`` and
``corpus_store`` fixtures (test_store.py, test_search.py); this module holds
what only PostgreSQL has (migration 0004's trigram indexes, concurrent writers)
and the end-to-end check that the CLI's ingest, analysis and linking of the
seeds give the same records on PostgreSQL as on SQLite.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from tests.conftest import SEEDS
from tests.postgres_server import PostgresServer
from tests.test_search import add, alembic
from threatline.cli import app
from threatline.ingest.pipeline import ingest
from threatline.store import Store, open_store


def trigram_indexes(store: Store) -> set[str]:
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%\\_trgm'"))
        return {r[0] for r in rows}


def test_url_as_typed_gets_the_psycopg_driver(postgres_url: str) -> None:
    assert postgres_url.startswith("postgresql://")
    with open_store(postgres_url) as store:
        assert store.engine.dialect.name == "postgresql"
        assert store.engine.dialect.driver == "psycopg"


def test_migrations_reach_head_and_build_trigram_indexes(postgres_url: str) -> None:
    with open_store(postgres_url) as store, store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0005"
        assert trigram_indexes(store) == {"ix_articles_title_trgm", "ix_articles_text_trgm"}


def test_search_uses_the_trigram_index(postgres_url: str) -> None:
    with open_store(postgres_url) as store:
        wanted = add(store, "Gunmen stormed the Crocus City Hall concert venue near Moscow.", "u:crocus")
        add(store, "Floods closed three bridges and a highway in the north overnight.", "u:floods")
        assert store.search_articles("CROCUS city", limit=5, offset=0) == ([wanted], 1)
        with store.engine.begin() as conn:
            # two rows would always be scanned; forbid that to see whether the index can serve
            conn.execute(text("SET LOCAL enable_seqscan = off"))
            plan = " ".join(
                r[0]
                for r in conn.execute(
                    text("EXPLAIN SELECT id FROM articles WHERE text ILIKE '%' || :q || '%'"), {"q": "crocus"}
                )
            )
        assert "ix_articles_text_trgm" in plan


def test_search_folds_non_ascii_case(postgres_url: str) -> None:
    with open_store(postgres_url) as store:
        wanted = add(store, "A militant channel threatened the summer festival in Kraków.", "u:krakow")
        assert store.search_articles("KRAKÓW", limit=5, offset=0) == ([wanted], 1)


def test_downgrade_drops_trigram_indexes_and_search_still_works(postgres_url: str) -> None:
    with open_store(postgres_url) as store:
        wanted = add(store, "Police arrested two suspects after the hall was evacuated on Friday.", "u:hall")
        alembic(store.engine, "downgrade", "0003")
        assert trigram_indexes(store) == set()
        assert store.search_articles("evacuated", limit=5, offset=0) == ([wanted], 1)
        alembic(store.engine, "upgrade", "head")
        assert len(trigram_indexes(store)) == 2


def test_concurrent_writers_each_get_their_own_order(postgres_url: str) -> None:
    threads, each = 6, 5
    barrier = threading.Barrier(threads)
    failures: list[BaseException] = []
    with open_store(postgres_url) as store:

        def write(worker: int) -> None:
            barrier.wait()
            try:
                for n in range(each):
                    add(
                        store,
                        f"Worker {worker} filed report {n}: {'convoy ' * (worker + 1)}{n * 97}",
                        f"u:{worker}/{n}",
                    )
            except BaseException as exc:  # noqa: BLE001 - handed to the main thread's assert
                failures.append(exc)

        workers = [threading.Thread(target=write, args=(w,)) for w in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        assert failures == []
        with store.engine.connect() as conn:
            seqs = sorted(r[0] for r in conn.execute(text("SELECT seq FROM articles")))
        assert seqs == list(range(1, threads * each + 1))


@pytest.fixture(scope="module")
def seeds_on_both(
    postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Store, Store]]:
    """The seeds ingested, analysed and linked: into SQLite by the library, into PostgreSQL by the CLI."""
    url = postgres_server.url()
    result = CliRunner().invoke(app, ["ingest", str(SEEDS), "--db", url])
    assert result.exit_code == 0, result.output
    assert "Ingested 5 new article(s)" in result.stdout
    path: Path = tmp_path_factory.mktemp("both") / "seeds.db"
    with open_store(f"sqlite:///{path}") as lite, open_store(url) as pg:
        ingest(lite, [str(SEEDS)])
        yield lite, pg


def test_seeds_give_the_same_records_on_both_backends(seeds_on_both: tuple[Store, Store]) -> None:
    lite, pg = seeds_on_both
    assert pg.count_articles() == lite.count_articles()
    assert list(pg.articles()) == list(lite.articles())
    assert list(pg.analyses()) == list(lite.analyses())
    assert list(pg.events()) == list(lite.events())
    assert sorted(pg.stories(), key=lambda s: s.id) == sorted(lite.stories(), key=lambda s: s.id)
    assert list(pg.incidents()) == list(lite.incidents())
    assert pg.count_articles()["articles"] == 5
    assert any(e.type == "THREATEN" for e in pg.events())


def test_cli_reads_back_from_postgres(seeds_on_both: tuple[Store, Store]) -> None:
    _, pg = seeds_on_both
    url = pg.engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(app, ["articles", "--db", url, "--json"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 5
    again = CliRunner().invoke(app, ["ingest", str(SEEDS), "--db", url, "--json"])
    assert again.exit_code == 0, again.output
    assert pg.count_articles()["articles"] == 5
