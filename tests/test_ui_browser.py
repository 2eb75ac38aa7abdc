"""The analyst pages in a real browser: Debian's Chromium driven by Playwright.

Playwright is only the driver; the browser is ``/usr/bin/chromium`` (installed by
``.ci/install-browser``). Without it the module is skipped locally and fails on CI.
Screenshots go to ``artifacts/ui/``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.api_server import TOKEN, seeded_db, serve

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "ui"
ON_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOSTILE_SCRIPT = "<script>window.__pwned=1</script>"
HOSTILE_IMG = '<img src=x onerror="window.__pwned=2">'

if not CHROMIUM.exists() and not ON_CI:
    pytest.skip(
        f"{CHROMIUM} is missing: run .ci/install-browser to run the browser tests (on CI they fail instead)",
        allow_module_level=True,
    )

from playwright.sync_api import BrowserContext, Page, sync_playwright  # noqa: E402

pytestmark = pytest.mark.network


@dataclass(frozen=True)
class Site:
    base: str
    crocus: str  # id of the Crocus City Hall attack incident (seed 003)
    hostile_article: str
    hostile_incidents: list[str]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    url = seeded_db(tmp_path_factory.mktemp("ui"))
    with serve(url) as base, httpx.Client(base_url=f"{base}/api/v1", timeout=120) as api:
        text = (
            "Gunmen attacked a police station in Kabul on Monday, killing five officers, the ministry said. "
            f"{HOSTILE_SCRIPT} {HOSTILE_IMG} The Taliban threatened further attacks."
        )
        body = {"texts": [{"text": text, "title": f"Kabul attack {HOSTILE_SCRIPT}", "source": HOSTILE_IMG}]}
        response = api.post("/ingest", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 200, response.text
        hostile = api.get("/articles", params={"q": "__pwned"}).json()["items"]
        assert len(hostile) == 1
        incidents = api.get("/incidents", params={"limit": 500}).json()["items"]
        crocus_article = api.get("/articles", params={"q": "Crocus City Hall"}).json()["items"][0]["id"]
        crocus = [
            i["id"]
            for i in incidents
            if crocus_article in i["article_ids"]
            and i["type"] == "ASSAULT"
            and i["date"]
            and i["date"]["start"] == "2024-03-22"
        ]
        assert len(crocus) == 1
        hostile_ids = [i["id"] for i in incidents if hostile[0]["id"] in i["article_ids"]]
        yield Site(base, crocus[0], hostile[0]["id"], hostile_ids)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing on CI: .ci/install-browser must run first", pytrace=False)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser: BrowserContext) -> Iterator[Page]:
    tab = browser.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    tab.close()
    assert errors == [], f"script errors on the page: {errors}"


def _cards(page: Page) -> list[str]:
    return [c.get_attribute("data-id") or "" for c in page.locator("article.card.incident").all()]


def _shoot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize(
    ("name", "path", "heading"),
    [
        ("timeline", "/", "Timeline of incidents"),
        ("actor", "/actors/islamic-state", "Islamic State"),
        ("place", "/places/Moscow", "Moscow"),
        ("map", "/map", "Map of incidents"),
        ("search", "/search?q=Putin", "Search"),
    ],
)
def test_page_loads_with_nav(site: Site, page: Page, name: str, path: str, heading: str) -> None:
    response = page.goto(site.base + path)
    assert response is not None
    assert response.status == 200
    assert heading in page.locator("h1").inner_text()
    assert page.locator("nav.top a", has_text="Timeline").is_visible()
    assert page.locator("nav.top a", has_text="Map").is_visible()
    # the stylesheet is the app's own and was applied (the nav is dark)
    background = page.locator("nav.top").evaluate("n => getComputedStyle(n).backgroundColor")
    assert background == "rgb(20, 33, 46)"
    _shoot(page, name)


def test_map_markers_are_drawn_and_link(site: Site, page: Page) -> None:
    page.goto(f"{site.base}/map")
    markers = page.locator("svg.world circle.marker")
    assert markers.count() > 0
    box = markers.first.bounding_box()
    assert box is not None
    assert box["width"] > 0
    markers.first.click()
    page.wait_for_load_state()
    assert re.search(r"/(incidents|places)/", page.url)


def test_timeline_filter_form_narrows_and_resets(site: Site, page: Page) -> None:
    page.goto(site.base + "/")
    everything = _cards(page)
    assert site.crocus in everything
    page.select_option("select[name=type]", "ASSAULT")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"type=ASSAULT"))
    assaults = _cards(page)
    assert 0 < len(assaults) < len(everything)
    assert {page.locator(f'article[data-id="{i}"]').get_attribute("data-type") for i in assaults} == {
        "ASSAULT"
    }
    assert page.locator("select[name=type]").input_value() == "ASSAULT"  # the form keeps its values
    page.fill("input[name=since]", "2024-03-01")
    page.fill("input[name=until]", "2024-03-31")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"since=2024-03-01"))
    march = _cards(page)
    assert site.crocus in march
    assert len(march) < len(assaults)
    assert page.locator("svg.timeline circle.mark").count() == len(march)
    _shoot(page, "timeline-filtered")
    page.click("form.filters a:has-text('reset')")
    page.wait_for_url(site.base + "/")
    assert _cards(page) == everything


def test_clicking_a_card_opens_the_incident_with_its_sources(site: Site, page: Page) -> None:
    page.goto(site.base + "/")
    page.locator(f'article[data-id="{site.crocus}"] a.open').click()
    page.wait_for_url(f"**/incidents/{site.crocus}")
    columns = page.locator("section.columns article.source")
    assert columns.count() >= 1
    first = columns.first
    assert "Islamic State warns Russia" in first.locator("h2").inner_text()
    assert first.locator(".text mark").count() >= 1
    assert first.locator("table.values").count() >= 1
    assert "Independent sources" in page.locator("p.independent").inner_text()
    _shoot(page, "incident")


def test_hostile_article_is_shown_as_text_and_never_runs(site: Site, page: Page) -> None:
    paths = [f"/articles/{site.hostile_article}", "/search?q=__pwned", "/"]
    paths += [f"/incidents/{i}" for i in site.hostile_incidents]
    for path in paths:
        page.goto(site.base + path)
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.__pwned") == "undefined", path
        assert page.locator("main script").count() == 0, path
        assert page.locator("main img").count() == 0, path
    page.goto(f"{site.base}/articles/{site.hostile_article}")
    shown = page.locator("div.text").inner_text()
    assert HOSTILE_SCRIPT in shown
    assert HOSTILE_IMG in shown
    assert HOSTILE_SCRIPT in page.locator("h1").inner_text()
    _shoot(page, "hostile-article")
