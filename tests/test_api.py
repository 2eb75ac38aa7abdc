"""The REST API, through a real uvicorn process over the seeded store."""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api_server import TOKEN, seeded_db, serve
from threatline.api import create_app

pytestmark = pytest.mark.network

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def db_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("api")
    seeded_db(directory)
    return directory


@pytest.fixture(scope="module")
def api(db_dir: Path) -> Iterator[httpx.Client]:
    with serve(f"sqlite:///{db_dir / 'api.db'}") as base, httpx.Client(base_url=base, timeout=60) as client:
        yield client


@pytest.fixture(scope="module")
def writable_api(db_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """A server over a copy of the seeded store, for tests that ingest."""
    copy = tmp_path_factory.mktemp("api-write")
    for path in db_dir.glob("api.db*"):
        shutil.copy(path, copy / path.name)
    with serve(f"sqlite:///{copy / 'api.db'}") as base, httpx.Client(base_url=base, timeout=120) as client:
        yield client


def assert_error(response: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    """The response has the one error shape with this status; returns the error object."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    error: dict[str, Any] = body["error"]
    assert set(error) == {"status", "code", "message", "detail"}
    assert error["status"] == status
    assert isinstance(error["code"], str)
    assert error["code"]
    assert isinstance(error["message"], str)
    assert error["message"]
    if code is not None:
        assert error["code"] == code
    return error


def all_items(api: httpx.Client, path: str, **params: Any) -> list[dict[str, Any]]:
    body = api.get(path, params={"limit": 500, **params}).json()
    assert body["total"] == len(body["items"])
    items: list[dict[str, Any]] = body["items"]
    return items


def test_health_is_ok(api: httpx.Client) -> None:
    assert api.get("/api/v1/health").json()["status"] == "ok"


def test_articles_list_every_seed(api: httpx.Client) -> None:
    body = api.get("/api/v1/articles").json()
    assert body["total"] == 5
    assert (body["limit"], body["offset"]) == (50, 0)
    assert len({a["id"] for a in body["items"]}) == 5


@pytest.mark.parametrize("limit", [1, 2, 3])
def test_article_pages_tile_the_listing(api: httpx.Client, limit: int) -> None:
    everything = [a["id"] for a in all_items(api, "/api/v1/articles")]
    paged: list[str] = []
    for offset in range(0, len(everything), limit):
        page = api.get("/api/v1/articles", params={"limit": limit, "offset": offset}).json()
        assert (page["limit"], page["offset"], page["total"]) == (limit, offset, len(everything))
        assert len(page["items"]) <= limit
        paged += [a["id"] for a in page["items"]]
    assert paged == everything
    past_end = api.get("/api/v1/articles", params={"offset": len(everything)}).json()
    assert past_end["items"] == []


def test_article_search_is_case_insensitive_over_title_and_text(api: httpx.Client) -> None:
    articles = all_items(api, "/api/v1/articles")
    target = articles[0]
    needle = target["text"][40:70].upper()
    found = all_items(api, "/api/v1/articles", q=needle)
    assert target["id"] in [a["id"] for a in found]
    assert all(needle.casefold() in f"{a['title'] or ''}\n{a['text']}".casefold() for a in found)
    title_word = target["title"].split()[-1].lower()
    assert target["id"] in [a["id"] for a in all_items(api, "/api/v1/articles", q=title_word)]
    assert all_items(api, "/api/v1/articles", q="zzqx-not-in-any-seed") == []


def test_article_date_and_source_filters(api: httpx.Client) -> None:
    articles = all_items(api, "/api/v1/articles")
    dated = sorted(dt.date.fromisoformat(a["published"]["date"]) for a in articles if a["published"]["date"])
    assert dated, "the seeds have publication dates"
    middle = dated[len(dated) // 2]
    later = all_items(api, "/api/v1/articles", since=middle.isoformat())
    earlier = all_items(api, "/api/v1/articles", until=middle.isoformat())
    assert len(later) == sum(d >= middle for d in dated)
    assert len(earlier) == sum(d <= middle for d in dated)
    assert all_items(api, "/api/v1/articles", source="No Such Outlet") == []


def test_article_detail_has_its_analysis(api: httpx.Client) -> None:
    article = all_items(api, "/api/v1/articles")[0]
    detail = api.get(f"/api/v1/articles/{article['id']}").json()
    assert detail["article"]["id"] == article["id"]
    assert detail["analysis"]["status"] == "ok"
    assert all(e["article_id"] == article["id"] for e in detail["analysis"]["events"])
    by_prefix = api.get(f"/api/v1/articles/{article['id'][:12]}").json()
    assert by_prefix["article"]["id"] == article["id"]


def test_event_filters(api: httpx.Client) -> None:
    events = all_items(api, "/api/v1/events")
    assert events
    kind = events[0]["type"]
    typed = all_items(api, "/api/v1/events", type=kind.lower())
    assert typed
    assert {e["type"] for e in typed} == {kind}
    with_actor = next(e for e in events if e["actor"] and e["actor"]["text"])
    name = with_actor["actor"]["text"]
    by_actor = all_items(api, "/api/v1/events", actor=name)
    assert with_actor["id"] in [e["id"] for e in by_actor]
    dated = [e for e in events if e["date"] and e["date"]["start"]]
    since = max(e["date"]["start"] for e in dated)
    assert all(
        (e["date"]["end"] or e["date"]["start"]) >= since
        for e in all_items(api, "/api/v1/events", since=since)
    )


def test_incidents_min_sources_and_detail(api: httpx.Client) -> None:
    incidents = all_items(api, "/api/v1/incidents")
    assert incidents
    most = max(i["independent_sources"] for i in incidents)
    corroborated = all_items(api, "/api/v1/incidents", min_sources=most)
    assert corroborated
    assert all(i["independent_sources"] >= most for i in corroborated)
    incident = corroborated[0]
    detail = api.get(f"/api/v1/incidents/{incident['id']}").json()
    assert detail["incident"] == incident
    assert {e["id"] for e in detail["events"]} <= set(incident["event_ids"])
    assert detail["events"]
    assert {a["id"] for a in detail["articles"]} == set(incident["article_ids"])
    assert all("title" in a and "source" in a for a in detail["articles"])


def test_stories_and_story_detail(api: httpx.Client) -> None:
    stories = all_items(api, "/api/v1/stories")
    assert stories
    story = stories[0]
    detail = api.get(f"/api/v1/stories/{story['id']}").json()
    assert detail["story"] == story
    assert {a["id"] for a in detail["articles"]} == set(story["article_ids"])
    assert {i["id"] for i in detail["incidents"]} <= set(story["incident_ids"])


def test_entities_are_distinct_and_filterable(api: httpx.Client) -> None:
    entities = all_items(api, "/api/v1/entities")
    ids = [e["id"] for e in entities]
    assert len(ids) == len(set(ids))
    group = next(e for e in entities if e["type"] == "group")
    groups = all_items(api, "/api/v1/entities", type="GROUP")
    assert {e["type"] for e in groups} == {"group"}
    alias = (group["aliases"] or [group["name"]])[0]
    assert group["id"] in [e["id"] for e in all_items(api, "/api/v1/entities", q=alias.lower())]


@pytest.mark.parametrize("path", ["/api/v1/claims", "/api/v1/quotes"])
def test_claims_and_quotes_filter_by_article(api: httpx.Client, path: str) -> None:
    records = all_items(api, path)
    assert records
    article_id = records[0]["article_id"]
    mine = all_items(api, path, article_id=article_id)
    assert mine
    assert {r["article_id"] for r in mine} == {article_id}
    assert len(mine) == sum(r["article_id"] == article_id for r in records)


@pytest.mark.parametrize(
    ("method", "path", "params", "status", "code"),
    [
        ("GET", "/api/v1/articles/no-such-article", {}, 404, "not_found"),
        ("GET", "/api/v1/incidents/no-such-incident", {}, 404, "not_found"),
        ("GET", "/api/v1/stories/no-such-story", {}, 404, "not_found"),
        ("GET", "/api/v1/no-such-route", {}, 404, "not_found"),
        ("DELETE", "/api/v1/articles", {}, 405, "method_not_allowed"),
        ("GET", "/api/v1/articles", {"limit": 0}, 422, "validation_error"),
        ("GET", "/api/v1/events", {"since": "last tuesday"}, 422, "validation_error"),
        ("GET", "/api/v1/incidents", {"min_sources": -1}, 422, "validation_error"),
    ],
)
def test_errors_have_one_shape(
    api: httpx.Client, method: str, path: str, params: dict[str, Any], status: int, code: str
) -> None:
    error = assert_error(api.request(method, path, params=params), status, code)
    if status == 422:
        assert error["detail"][0]["loc"][0] == "query"


def test_unhandled_errors_have_the_shape_too() -> None:
    app = create_app("sqlite://", token=TOKEN)

    @app.get("/api/v1/boom")
    def boom() -> None:
        raise RuntimeError("secret internals")

    async def call() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.get("/api/v1/boom")

    error = assert_error(asyncio.run(call()), 500, "internal_error")
    assert "secret" not in error["message"]


@pytest.mark.parametrize(
    ("headers", "code"),
    [({}, "missing_token"), ({"Authorization": "Bearer wrong"}, "invalid_token")],
)
def test_ingest_needs_the_token(api: httpx.Client, headers: dict[str, str], code: str) -> None:
    response = api.post(
        "/api/v1/ingest", json={"texts": [{"text": "Someone threatened someone."}]}, headers=headers
    )
    assert_error(response, 401, code)
    assert response.headers["www-authenticate"] == "Bearer"


def test_ingest_is_refused_when_no_token_is_configured(db_dir: Path) -> None:
    with serve(f"sqlite:///{db_dir / 'api.db'}", token=None) as base:
        response = httpx.post(f"{base}/api/v1/ingest", json={"urls": ["https://example.org/"]}, headers=AUTH)
    error = assert_error(response, 403, "token_not_configured")
    assert "THREATLINE_API_TOKEN" in error["message"]


def test_private_reads_need_the_token(db_dir: Path) -> None:
    with serve(f"sqlite:///{db_dir / 'api.db'}", private=True) as base, httpx.Client(base_url=base) as client:
        assert_error(client.get("/api/v1/articles"), 401, "missing_token")
        assert_error(client.get("/api/v1/events", headers={"Authorization": "Bearer nope"}), 401)
        assert client.get("/api/v1/articles", headers=AUTH).json()["total"] == 5
        assert client.get("/api/v1/health").status_code == 200


def test_ingest_texts_with_token_adds_an_analysed_article(writable_api: httpx.Client) -> None:
    before = writable_api.get("/api/v1/articles").json()["total"]
    text = (
        "Police in Lyon arrested two men on Tuesday after they threatened to attack a synagogue, "
        "prosecutors said.\n\nThe men were charged with making terrorist threats."
    )
    item = {"text": text, "title": "Lyon arrests over synagogue threat", "source": "Test Wire"}
    response = writable_api.post("/api/v1/ingest", json={"texts": [item]}, headers=AUTH)
    assert response.status_code == 200, response.text
    summary = response.json()["summary"]
    assert (summary["ingested"], summary["analysed"], summary["skipped"]) == (1, 1, [])
    assert writable_api.get("/api/v1/articles").json()["total"] == before + 1
    found = all_items(writable_api, "/api/v1/articles", source="test wire")
    assert [a["title"] for a in found] == [item["title"]]
    detail = writable_api.get(f"/api/v1/articles/{found[0]['id']}").json()
    assert detail["analysis"]["status"] == "ok"


def test_ingest_json_lines_keeps_good_lines(writable_api: httpx.Client) -> None:
    body = (
        '{"text": "Gunmen attacked a checkpoint near Kirkuk on Monday.",'
        ' "title": "Kirkuk checkpoint attack"}\n'
        "{not json}\n"
    )
    response = writable_api.post(
        "/api/v1/ingest",
        content=body.encode(),
        params={"analyse": "false"},
        headers={**AUTH, "Content-Type": "application/x-ndjson"},
    )
    summary = response.json()["summary"]
    assert summary["ingested"] == 1
    assert [s["input"] for s in summary["skipped"]] == ["request:2"]
    assert all_items(writable_api, "/api/v1/articles", q="kirkuk checkpoint")


def test_ingest_urls_refuses_private_addresses(writable_api: httpx.Client) -> None:
    response = writable_api.post(
        "/api/v1/ingest",
        json={"urls": ["http://127.0.0.1:9/page"]},
        headers=AUTH,
        params={"analyse": "false"},
    )
    summary = response.json()["summary"]
    assert summary["ingested"] == 0
    assert "private" in summary["skipped"][0]["reason"]


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"json": {"urls": ["file:///etc/passwd"]}}, 422),
        ({"json": {"texts": [{"text": "x"}], "urls": ["https://example.org/"]}}, 422),
        ({"json": {}}, 422),
        ({"content": b"{", "headers": {"Content-Type": "application/json"}}, 422),
        ({"content": b"hello", "headers": {"Content-Type": "text/plain"}}, 415),
    ],
)
def test_bad_ingest_bodies_are_refused(
    writable_api: httpx.Client, kwargs: dict[str, Any], status: int
) -> None:
    headers = {**AUTH, **kwargs.pop("headers", {})}
    assert_error(writable_api.post("/api/v1/ingest", headers=headers, **kwargs), status)
