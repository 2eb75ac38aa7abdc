from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import feedparser
import httpx
import pytest

from threatline.ingest.raw import Problem, RawDocument
from threatline.ingest.readers import ReadOptions, read_inputs
from threatline.ingest.readers.feeds import MIN_CONTENT_CHARS, entry_content

LONG = (
    "Protesters gathered outside the parliament on Saturday after a lawmaker received death threats. "
    "Police said the threats had been traced to an account abroad and that security was increased. "
) * 4
LINKED_PAGE = (
    "<!DOCTYPE html><html><head><title>Linked story</title></head><body><article>"
    + "<p>A bomb threat forced the evacuation of a railway station on Sunday, officials said, "
    "and trains were halted for four hours while the building was searched by police.</p>"
    * 3
    + "</article></body></html>"
).encode()


def rss(items: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Example Wire</title><link>https://wire.example/</link>{items}</channel></rss>"
    ).encode()


FULL_ITEM = f"""<item><title>Lawmaker threatened</title><link>https://wire.example/full</link>
<pubDate>Sat, 02 Mar 2024 10:00:00 GMT</pubDate><description>Short teaser.</description>
<content:encoded><![CDATA[<p>{LONG}</p><p>Second paragraph.</p>]]></content:encoded></item>"""
TEASER_ITEM = """<item><title>Station evacuated</title><link>https://wire.example/linked</link>
<pubDate>Sun, 03 Mar 2024 08:00:00 GMT</pubDate>
<description>A bomb threat at a station.</description></item>"""


def options() -> ReadOptions:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/linked":
            return httpx.Response(200, headers={"content-type": "text/html"}, content=LINKED_PAGE)
        if request.url.path == "/feed":
            return httpx.Response(
                200, headers={"content-type": "application/rss+xml"}, content=rss(FULL_ITEM)
            )
        return httpx.Response(404)

    return ReadOptions(transport=httpx.MockTransport(handler), resolver=lambda host, port: ["93.184.216.34"])


def parse_entry(item: str) -> Any:
    return feedparser.parse(rss(item)).entries[0]


@pytest.mark.parametrize(
    ("item", "substantial"),
    [
        (FULL_ITEM, True),
        (TEASER_ITEM, False),
        (f"<item><title>t</title><description>{'x' * (MIN_CONTENT_CHARS - 1)}</description></item>", False),
        (f"<item><title>t</title><description>{'x' * MIN_CONTENT_CHARS}</description></item>", True),
    ],
)
def test_entry_content_decides_between_content_and_link(item: str, substantial: bool) -> None:
    text = entry_content(parse_entry(item))
    assert (text is not None) is substantial
    if item is FULL_ITEM:
        assert text is not None
        assert text.endswith("\n\nSecond paragraph.")


def test_feed_file_uses_content_or_fetches_link(tmp_path: Path) -> None:
    path = tmp_path / "wire.rss"
    path.write_bytes(rss(FULL_ITEM + TEASER_ITEM))
    full, linked = read_inputs([str(path)], options())
    assert isinstance(full, RawDocument)
    assert isinstance(linked, RawDocument)
    assert (full.title, full.url, full.source) == (
        "Lawmaker threatened",
        "https://wire.example/full",
        "Example Wire",
    )
    assert full.published == dt.date(2024, 3, 2)
    assert full.metadata["from"] == "feed-content"
    assert full.origin == f"{path}#1"
    assert "railway station" in linked.text
    assert linked.url == "https://wire.example/linked"
    assert linked.title == "Linked story"
    assert linked.published == dt.date(2024, 3, 3)
    assert linked.metadata["from"] == "fetched-link"


def test_feed_from_url() -> None:
    (item,) = read_inputs(["https://wire.example/feed"], options())
    assert isinstance(item, RawDocument)
    assert item.origin == "https://wire.example/feed#1"


def test_unfetchable_link_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "wire.xml"
    path.write_bytes(rss(TEASER_ITEM.replace("/linked", "/gone")))
    assert list(read_inputs([str(path)], options())) == [Problem("https://wire.example/gone", "HTTP 404")]


def test_atom_feed(tmp_path: Path) -> None:
    path = tmp_path / "feed.atom"
    path.write_text(
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>'
        f'<entry><title>Atom story</title><link href="https://wire.example/atom"/><updated>2024-03-05T00:00:00Z</updated>'
        f'<content type="html">&lt;p&gt;{LONG}&lt;/p&gt;</content></entry></feed>',
        encoding="utf-8",
    )
    (item,) = read_inputs([str(path)], options())
    assert isinstance(item, RawDocument)
    assert (item.title, item.source, item.published) == ("Atom story", "Atom Wire", dt.date(2024, 3, 5))


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</ti &&& <<<',
            "invalid feed XML",
        ),
        (rss(""), "feed has no entries"),
    ],
)
def test_broken_or_empty_feed_is_a_problem(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "broken.xml"
    path.write_bytes(content)
    (item,) = read_inputs([str(path)], options())
    assert isinstance(item, Problem)
    assert item.reason.startswith(reason)


def test_entry_without_content_or_link_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "bare.rss"
    path.write_bytes(rss("<item><title>Nothing</title><description>tiny</description></item>"))
    assert list(read_inputs([str(path)], options())) == [
        Problem(f"{path}#1", "entry has neither substantial content nor a link")
    ]
