"""A self-contained HTML report of incidents: a timeline chart and one card each.

The file has inline CSS and an inline SVG chart, loads nothing from the network (its
Content-Security-Policy forbids it), and links out only to the articles' own http(s)
URLs. Article text is untrusted: the template autoescapes every value, and URLs other
than http(s) (``javascript:``, ``data:``) are never made into links.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache
from typing import Any

import jinja2

from threatline.models import Analysis, Article, EntityRef, Estimate, Incident

_CHART_WIDTH, _CHART_HEIGHT, _MARGIN = 800, 90, 20
_TYPE_COLOURS = {"ASSAULT": "#c0392b", "THREATEN": "#e67e22", "COERCE": "#8e44ad"}


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("threatline.export", "templates"),
        autoescape=True,  # every value comes from untrusted article text
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("report.html.j2")


def _name(ref: EntityRef | None) -> str:
    if ref is None:
        return "unknown"
    return ref.name or ref.text or "unknown"


def _safe_url(url: str | None) -> str | None:
    if url and url.lower().startswith(("https://", "http://")):
        return url
    return None


def _figures(inc: Incident) -> list[dict[str, Any]]:
    rows = []
    est: Estimate | None
    for label, est in (("dead", inc.dead), ("injured", inc.injured)):
        if est is not None and (est.min, est.best, est.max) != (None, None, None):
            show = ["–" if v is None else v for v in (est.min, est.best, est.max)]
            rows.append({"name": label, "min": show[0], "best": show[1], "max": show[2]})
    return rows


def _start(inc: Incident) -> dt.date | None:
    return inc.date.start if inc.date else None


def _chart(incidents: Sequence[Incident]) -> dict[str, Any] | None:
    dated = [(d, inc) for inc in incidents if (d := _start(inc)) is not None]
    if not dated:
        return None
    first, last = min(d for d, _ in dated), max(d for d, _ in dated)
    span = max((last - first).days, 1)
    left, right = _MARGIN, _CHART_WIDTH - _MARGIN
    axis = _CHART_HEIGHT - 25
    dots = []
    stacked: dict[int, int] = {}
    for d, inc in dated:
        x = left + round((d - first).days / span * (right - left)) if last != first else _CHART_WIDTH // 2
        level = stacked.get(x, 0)
        stacked[x] = level + 1
        dots.append(
            {
                "x": x,
                "y": axis - 8 - 10 * min(level, 4),
                "r": 4 + min(inc.independent_sources, 4),
                "color": _TYPE_COLOURS.get(inc.type, "#2c3e50"),
                "anchor": f"inc-{inc.id}",
                "label": f"{d.isoformat()} {inc.type}: {_name(inc.actor)} → {_name(inc.recipient)}",
            }
        )
    return {
        "width": _CHART_WIDTH,
        "height": _CHART_HEIGHT,
        "left": left,
        "right": right,
        "axis": axis,
        "first": first.isoformat(),
        "last": last.isoformat(),
        "dots": dots,
    }


def html_report(
    incidents: Sequence[Incident],
    analyses: Sequence[Analysis | Article] = (),
    title: str = "Threatline report",
) -> str:
    """One self-contained HTML page: a timeline of ``incidents`` and a card for each.

    ``analyses`` (or bare articles) supply source titles, links and, from analyses, the
    evidence sentences of each incident's events. Incidents are sorted by start date,
    undated ones last. Every text value is HTML-escaped.
    """
    articles: dict[str, Article] = {}
    evidence: dict[str, list[str]] = {}
    for item in analyses:
        article = item.article if isinstance(item, Analysis) else item
        articles[article.id] = article
        if isinstance(item, Analysis):
            for event in item.events:
                evidence[event.id] = [e.sentence.strip() for e in event.evidence]
    ordered = sorted(incidents, key=lambda i: (_start(i) is None, _start(i) or dt.date.min, i.id))
    cards = []
    for inc in ordered:
        start = _start(inc)
        end = inc.date.end if inc.date else None
        when = start.isoformat() if start else "date unknown"
        if start and end and end != start:
            when += f" – {end.isoformat()}"
        sentences: list[str] = []
        for event_id in inc.event_ids:
            sentences += [s for s in evidence.get(event_id, []) if s not in sentences]
        sources = []
        for article_id in inc.article_ids:
            art = articles.get(article_id)
            if art is None:
                sources.append({"title": article_id, "url": None, "date": None})
                continue
            sources.append(
                {
                    "title": art.title or art.source or art.url or art.id,
                    "url": _safe_url(art.url),
                    "date": art.published.date.isoformat() if art.published.date else None,
                }
            )
        conflicts = [
            {
                "field": c.field,
                "readings": [{"value": str(v.value), "source": v.source or v.article_id} for v in c.values],
            }
            for c in inc.conflicts
        ]
        loc = inc.location
        cards.append(
            {
                "anchor": f"inc-{inc.id}",
                "type": inc.type,
                "mode": ", ".join(inc.mode),
                "actor": _name(inc.actor),
                "recipient": _name(inc.recipient),
                "place": (loc.name or loc.text or "place unknown") if loc else "place unknown",
                "date": when,
                "independent_sources": inc.independent_sources,
                "figures": _figures(inc),
                "conflicts": conflicts,
                "sources": sources,
                "evidence": sentences,
            }
        )
    return _template().render(
        title=title,
        incidents=ordered,
        articles=articles,
        undated=sum(1 for i in ordered if _start(i) is None),
        chart=_chart(ordered),
        cards=cards,
    )
