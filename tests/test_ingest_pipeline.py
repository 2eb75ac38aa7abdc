"""The issue's acceptance for ingest, on the seeds and the demo corpus."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import CORPUS, SEEDS, seed_path
from threatline.ingest.pipeline import decide_published, ingest, source_of
from threatline.ingest.raw import RawDocument
from threatline.store import Store


def test_seeds_ingest_as_five_dated_titled_articles(any_store: Store) -> None:
    store = any_store
    report = ingest(store, [str(SEEDS)], analyse=False)
    assert (report.ingested, report.duplicates, report.problems) == (5, 0, [])
    by_file = {a.url.rsplit("/", 1)[-1][:3]: a for a in store.articles() if a.url}
    assert by_file["001"].published.date == dt.date(2016, 8, 3)
    assert by_file["003"].published.date == dt.date(2024, 3, 26)
    for number in ("001", "003"):
        assert by_file[number].published.how == "dateline"
    for number in ("000", "002", "004"):
        assert by_file[number].published.date is None
        assert by_file[number].published.how == "none"
    assert by_file["002"].title == "JUST IN: ISIS issues threat at its next target"
    assert (
        by_file["003"].title
        == "Islamic State warns Russia and Putin in chilling new threat after Moscow attack"
    )
    assert all(a.language == "en" for a in by_file.values())
    assert all(a.url and a.url.startswith("file:///") for a in by_file.values())


def test_reingesting_adds_nothing(any_store: Store) -> None:
    store = any_store
    ingest(store, [str(SEEDS)], analyse=False)
    again = ingest(store, [str(SEEDS)], analyse=False)
    assert (again.ingested, again.already_stored) == (0, 5)
    assert store.count_articles()["articles"] == 5


def test_edited_copy_of_a_seed_is_a_near_duplicate(store: Store, tmp_path: Path) -> None:
    original = seed_path("002")
    lines = original.read_text(encoding="utf-8").splitlines()
    copy = tmp_path / "copy.txt"
    copy.write_text(
        "\n".join(["BREAKING: ISIS names Russia as its next target", *lines[1:]])
        + "\n\nShare this:\nShare on Facebook\nhttps://example.org/share?u=1\n",
        encoding="utf-8",
    )
    ingest(store, [str(original)], analyse=False)
    report = ingest(store, [str(copy)], analyse=False)
    assert report.near_duplicates == 1
    (first, second) = list(store.articles())
    assert second.duplicate_of == first.id
    assert second.duplicate_kind == "near"


def test_bad_inputs_are_reported_and_cost_nothing_else(store: Store, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    shutil.copy(seed_path("004"), good)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 10)
    dump = tmp_path / "dump.jsonl"
    dump.write_text(
        '{"text": "A short but real report about an attack on a police post."}\n{broken\n', "utf-8"
    )
    report = ingest(
        store, [str(p) for p in (empty, binary, good, dump, tmp_path / "missing.txt")], analyse=False
    )
    assert report.ingested == 2
    reasons = " | ".join(f"{p.origin}: {p.reason}" for p in report.problems)
    assert len(report.problems) == 4, reasons
    assert "empty.txt" in reasons
    assert "blob.txt" in reasons
    assert "dump.jsonl:2" in reasons
    assert "missing.txt" in reasons


def test_demo_corpus_ingests_with_its_syndicated_copy(store: Store) -> None:
    report = ingest(store, [str(CORPUS)], analyse=False)
    assert report.problems == []
    assert report.ingested >= 12
    assert report.duplicates >= 1
    html = [a for a in store.articles() if a.url and a.url.endswith(".html")]
    assert html
    assert html[0].source
    assert html[0].published.how == "metadata"


STAMPED = "Man charged\n\nPosted: Tuesday, January 28, 2014 8:18 PM EST\n\nA man was charged on Monday."


@pytest.mark.parametrize(
    ("metadata", "text", "date", "how"),
    [
        # the source's own date wins over a stamp in the text, even one that disagrees
        (dt.date(2014, 2, 3), STAMPED, dt.date(2014, 2, 3), "metadata"),
        (None, STAMPED, dt.date(2014, 1, 28), "dateline"),
        (None, "A man was charged on Monday.", None, "none"),
    ],
)
def test_decide_published(metadata: dt.date | None, text: str, date: dt.date | None, how: str) -> None:
    published = decide_published(metadata, "metadata", text)
    assert (published.date, published.how) == (date, how)


@pytest.mark.parametrize(
    ("url", "source", "expected"),
    [
        ("https://www.kansascity.com/news/local/article1.html", None, "kansascity.com"),
        ("http://web.archive.org/web/20130624000000/http://www.kctv5.com/story/1", None, "kctv5.com"),
        ("https://web.archive.org/web/2016id_/wsbtv.com/news/local/2", None, "wsbtv.com"),
        ("https://web.archive.org/web/", None, "web.archive.org"),
        ("https://example.org/a", "The Example Times", "The Example Times"),
        ("file:///tmp/a.txt", None, None),
    ],
)
def test_the_outlet_is_who_wrote_the_page_not_who_archived_it(
    url: str, source: str | None, expected: str | None
) -> None:
    assert source_of(RawDocument(text="x", origin=url, url=url, source=source)) == expected
