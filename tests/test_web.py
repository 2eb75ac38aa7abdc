"""HTTP-level tests of the analyst pages, against a real server over the seeded store."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape

import httpx
import pytest

from tests.api_server import TOKEN, seeded_db, serve
from threatline.analysis.kb import default_kb
from threatline.web import highlight

pytestmark = pytest.mark.network

HOSTILE = '<script>window.__pwned=1</script> <img src=x onerror="window.__pwned=2">'


@dataclass(frozen=True)
class Site:
    base: str
    db_url: str
    client: httpx.Client

    def api(self, path: str, **params: object) -> dict[str, object]:
        response = self.client.get(f"{self.base}/api/v1{path}", params=params)  # type: ignore[arg-type]
        response.raise_for_status()
        body: dict[str, object] = response.json()
        return body

    def page(self, path: str) -> httpx.Response:
        return self.client.get(f"{self.base}{path}")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    url = seeded_db(tmp_path_factory.mktemp("web"))
    with serve(url) as base, httpx.Client(timeout=60) as client:
        yield Site(base, url, client)


def _cards(html: str) -> list[str]:
    """The incident ids of the cards on a page, in order."""
    return re.findall(r'<article class="card incident[^"]*" data-type="[^"]*" data-id="([^"]+)"', html)


def _crocus(site: Site) -> tuple[dict[str, object], str]:
    """The seed 003 article about the Crocus City Hall attack, and the attack's incident id."""
    articles = site.api("/articles", q="Crocus City Hall")["items"]
    assert isinstance(articles, list)
    assert len(articles) == 1
    article = articles[0]
    found = site.api("/incidents", type="ASSAULT", since="2024-03-22", until="2024-03-22")["items"]
    assert isinstance(found, list)
    ids = [i["id"] for i in found if article["id"] in i["article_ids"]]
    assert len(ids) == 1
    return article, ids[0]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", "Timeline of incidents"),
        ("/?type=THREATEN&min_sources=1", "Timeline of incidents"),
        ("/actors/islamic-state", "Threats issued"),
        ("/places/Moscow", "Place"),
        ("/map", "Map of incidents"),
        ("/search?q=Putin", "Search"),
    ],
)
def test_page_renders_with_nav_and_policy(site: Site, path: str, expected: str) -> None:
    response = site.page(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src" not in response.headers["content-security-policy"]
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert expected in response.text
    for link in ('href="/"', 'href="/map"', 'action="/search"', 'href="/static/style.css"'):
        assert link in response.text
    assert "http://" not in response.text.split("<main>")[0]  # no external asset in the head or nav


def test_timeline_lists_the_crocus_attack_and_its_page_shows_the_source(site: Site) -> None:
    article, incident_id = _crocus(site)
    timeline = site.page("/").text
    assert incident_id in _cards(timeline)
    assert f'href="/incidents/{incident_id}"' in timeline
    assert '<svg class="timeline"' in timeline
    page = site.page(f"/incidents/{incident_id}")
    assert page.status_code == 200
    text = unescape(page.text)
    assert str(article["title"]) in text
    assert f'data-article="{article["id"]}"' in page.text
    assert "Krasnogorsk" in text
    assert "Independent sources" in text
    marked = re.findall(r"<mark>(.*?)</mark>", page.text, flags=re.S)
    assert marked, "the evidence sentences are highlighted"
    assert any("Crocus" in m or "attack" in m for m in marked)


def test_timeline_filters_match_the_api(site: Site) -> None:
    everything = _cards(site.page("/").text)
    total = site.api("/incidents", limit=500)["total"]
    assert len(everything) == total
    assaults = _cards(site.page("/?type=ASSAULT").text)
    expected = site.api("/incidents", type="ASSAULT", limit=500)["items"]
    assert isinstance(expected, list)
    assert assaults == [i["id"] for i in expected]
    assert 0 < len(assaults) < len(everything)
    dated = _cards(site.page("/?since=2024-01-01&until=2024-12-31").text)
    in_2024 = site.api("/incidents", since="2024-01-01", until="2024-12-31", limit=500)["items"]
    assert isinstance(in_2024, list)
    assert dated == [i["id"] for i in in_2024]
    assert 0 < len(dated) < len(everything)


@pytest.mark.parametrize(
    ("query", "message"),
    [("since=yesterday", "is not a date"), ("min_sources=many", "is not a whole number")],
)
def test_bad_filters_are_reported_and_ignored(site: Site, query: str, message: str) -> None:
    page = site.page(f"/?{query}")
    assert page.status_code == 200
    assert message in page.text
    assert len(_cards(page.text)) == site.api("/incidents", limit=1)["total"]


def test_actor_page_lists_threats_of_the_actor_and_its_children(site: Site) -> None:
    kb = default_kb()
    page = site.page("/actors/islamic-state")
    assert page.status_code == 200
    threats_section = page.text.split("Threats issued")[1].split("<h2>")[0]
    shown = set(_cards(threats_section))
    items = site.api("/incidents", type="THREATEN", limit=500)["items"]
    assert isinstance(items, list)
    expected = {
        i["id"]
        for i in items
        if i["actor"] and i["actor"]["entity_id"] and kb.is_part_of(i["actor"]["entity_id"], "islamic-state")
    }
    assert expected, "the seeds hold threats by the Islamic State or its provinces"
    assert shown == expected
    assert "Islamic State Khorasan Province" in unescape(page.text)


def test_map_has_one_marker_per_located_place(site: Site) -> None:
    page = site.page("/map").text
    markers = re.findall(r'<circle class="marker" cx="([\d.]+)" cy="([\d.]+)"', page)
    items = site.api("/incidents", limit=500)["items"]
    assert isinstance(items, list)
    places = {
        (round(i["location"]["lat"], 2), round(i["location"]["lon"], 2))
        for i in items
        if i["location"] and i["location"]["lat"] is not None and i["location"]["lon"] is not None
    }
    assert len(markers) == len(places) > 0
    for x, y in markers:
        assert 0 <= float(x) <= 720
        assert 0 <= float(y) <= 360


def test_search_finds_articles_and_marks_the_hit(site: Site) -> None:
    page = site.page("/search?q=crocus city hall")
    article, _ = _crocus(site)
    assert f'href="/articles/{article["id"]}"' in page.text
    assert re.search(r"<mark>Crocus City Hall</mark>", page.text)
    incidents = _cards(site.page("/search?q=Krasnogorsk").text)
    assert _crocus(site)[1] in incidents


@pytest.mark.parametrize(
    "path", ["/incidents/inc-000000000000", "/actors/nobody-at-all", "/articles/ffffffff"]
)
def test_unknown_records_are_html_404(site: Site, path: str) -> None:
    response = site.page(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Not found" in response.text


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("style.css", 200),
        ("nothing.css", 404),
        ("pages.py", 404),
        ("%2E%2E%2Fpages.py", 404),
        (".x.css", 404),
    ],
)
def test_static_files_come_from_the_package(site: Site, name: str, status: int) -> None:
    response = site.page(f"/static/{name}")
    assert response.status_code == status
    if status == 200:
        assert response.headers["content-type"].startswith("text/css")


def test_hostile_article_text_is_escaped(site: Site) -> None:
    body = {"texts": [{"text": f"Officials reported a quiet day. {HOSTILE} Nothing else.", "title": HOSTILE}]}
    response = site.client.post(
        f"{site.base}/api/v1/ingest",
        params={"analyse": "false"},
        json=body,
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 200, response.text
    items = site.api("/articles", q="__pwned")["items"]
    assert isinstance(items, list)
    assert len(items) == 1
    for path in (f"/articles/{items[0]['id']}", "/search?q=__pwned"):
        page = site.page(path).text
        assert "<script>window" not in page
        assert "<img src=x" not in page
        assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page


def test_private_server_needs_the_token_for_pages(site: Site) -> None:
    with serve(site.db_url, private=True) as base:
        assert httpx.get(f"{base}/", timeout=30).status_code == 401
        authorised = httpx.get(f"{base}/", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30)
        assert authorised.status_code == 200


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("plain", [], "plain"),
        ("a <b> c", [(2, 5)], "a <mark>&lt;b&gt;</mark> c"),
        ("abcdef", [(1, 3), (2, 5)], "a<mark>bcde</mark>f"),
        ("abcdef", [(0, 2), (2, 4)], "<mark>abcd</mark>ef"),
        ("abc", [(-5, 1), (2, 99)], "<mark>a</mark>b<mark>c</mark>"),
        ("abc", [(2, 2), (3, 1)], "abc"),
        ("\"&'", [(0, 3)], "<mark>&#34;&amp;&#39;</mark>"),
        ("<script>x</script>", [(8, 9)], "&lt;script&gt;<mark>x</mark>&lt;/script&gt;"),
    ],
)
def test_highlight_escapes_every_segment(text: str, spans: list[tuple[int, int]], expected: str) -> None:
    html = str(highlight(text, spans))
    assert html == expected
    assert unescape(re.sub(r"</?mark>", "", html)) == text


def test_highlight_output_is_markup_not_reescaped() -> None:
    from jinja2 import Environment  # noqa: PLC0415

    rendered = Environment(autoescape=True).from_string("{{ v }}").render(v=highlight("<i>", [(0, 3)]))
    assert rendered == "<mark>&lt;i&gt;</mark>"
