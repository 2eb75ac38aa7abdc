"""HTML report: self-contained, escaped, timeline sorted by date."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from threatline.export.report import html_report
from threatline.models import (
    Analysis,
    Article,
    Conflict,
    ConflictValue,
    EntityRef,
    Estimate,
    Event,
    Evidence,
    Incident,
    Location,
    Published,
    TimeInterval,
)

EVIL = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def _article(aid: str, title: str, url: str | None) -> Article:
    return Article(
        id=aid,
        url=url,
        title=title,
        text="x",
        text_hash=aid,
        published=Published(date=dt.date(2024, 3, 23), how="dateline"),
    )


def _incident(iid: str, day: int | None, conflicts: bool = False) -> Incident:
    return Incident(
        id=iid,
        type="ASSAULT",
        mode=["firearms"],
        actor=EntityRef(text="IS-K", name="IS-K"),
        recipient=EntityRef(text=EVIL),
        location=Location(name="Moscow"),
        date=TimeInterval(text="x", start=dt.date(2024, 3, day), end=dt.date(2024, 3, day)) if day else None,
        dead=Estimate(min=133, best=137, max=145),
        event_ids=[f"ev-{iid}"],
        article_ids=["a1"],
        independent_sources=2,
        conflicts=[
            Conflict(
                field="dead",
                values=[
                    ConflictValue(value=137, article_id="a1", source="Outlet A"),
                    ConflictValue(value=145, article_id="a2", source="Outlet B"),
                ],
            )
        ]
        if conflicts
        else [],
    )


def _analysis(url: str | None = "https://news.example/a1") -> Analysis:
    event = Event(
        id="ev-i1",
        article_id="a1",
        type="ASSAULT",
        evidence=[Evidence(sentence=f"Gunmen attacked. {EVIL}", start=0, end=10)],
    )
    return Analysis(article=_article("a1", f"Title {EVIL}", url), events=[event])


def test_untrusted_text_is_escaped() -> None:
    html = html_report([_incident("i1", 22)], [_analysis()], title=f"Report {EVIL}")
    assert "<script>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "onerror=&#34;alert(2)&#34;" in html
    assert re.search(r"<[^>]*\sonerror=", html) is None


def test_self_contained_only_article_links() -> None:
    html = html_report([_incident("i1", 22)], [_analysis()])
    urls = re.findall(r'(?:src|href)\s*=\s*"([^"]*)"', html)
    external = [u for u in urls if not u.startswith("#")]
    assert external == ["https://news.example/a1"]
    assert "<link" not in html
    assert "<script" not in html


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", None])
def test_unsafe_article_urls_are_not_links(url: str | None) -> None:
    html = html_report([_incident("i1", 22)], [_analysis(url)])
    assert re.findall(r'href="(?!#)[^"]*"', html) == []


def test_timeline_order_conflicts_and_evidence() -> None:
    html = html_report(
        [_incident("late", 25), _incident("undated", None), _incident("i1", 22, conflicts=True)],
        [_analysis()],
    )
    order = [html.index(f'id="inc-{i}"') for i in ("i1", "late", "undated")]
    assert order == sorted(order)
    assert html.count("<circle") == 2  # undated incidents are not on the chart
    assert 'class="card conflict"' in html
    assert "Outlet B" in html
    assert "Gunmen attacked." in html
    assert "2024-03-22" in html
    assert "137" in html


def test_bare_articles_and_no_incidents() -> None:
    html = html_report([], [_article("a1", "t", None)], title="Empty")
    assert "<title>Empty</title>" in html
    assert "<svg" not in html
