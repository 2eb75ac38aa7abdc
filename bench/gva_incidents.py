"""Incident-level exact match on the GVA dev set: killed, injured, date, place within 25 km.

Articles are linked as the product links them (``threatline.linking.stage.link_pending``):
one at a time in publication order (ties in file order), each first through a
``StoryLinker`` and then, when its analysis is ok, through an ``IncidentLinker``
with the story's id, both with the default data-file configuration and the
bundled knowledge base (``related`` = part-of either way). The two calls are
repeated here rather than run through a store: the bench needs no database.
GVA rows all carry a publication date, so the stage's re-dating of undated
articles never applies. The article linked is the analysis's own (cleaned)
article, with the outlet read from the URL (looking through the Wayback
prefix) when the analysis has none, as an ingest with URLs would set it.

**Mapping gold incidents to system incidents.** Only gold incidents with
metadata count. A gold incident *G* maps to the system incident of a violent
type (``ASSAULT``, the PLOVER type of a shooting) that holds events of the
largest number of *G*'s articles; ties go to the incident with more of *G*'s
events, then to the older one. A gold incident none of whose articles has an
event in any ``ASSAULT`` incident is *unmapped*. The mapping looks only at
which incident holds the gold incident's own articles, never at figures, so it
cannot pick the incident whose numbers happen to agree. Several gold incidents
may map to one system incident (over-merging); they are counted as ``shared``.

**Scores** (shares of all gold incidents with metadata; an unmapped one is a
miss on every field; the same shares over mapped incidents are printed too):

* killed / injured: the incident's ``best`` figure equals gold. An incident
  with no figure at all reads as 0: a news report of a shooting that names no
  dead means nobody died (GVA codes such incidents 0). How many hits came from
  that reading is printed (``killed_none_as_0``, ``injured_none_as_0``).
* date: the incident date is day-precise and its first day is the gold date.
* location: the incident place has coordinates within 25 km of gold
  (incidents whose gold has no coordinates are left out of this share).

Analyses are parsed (about 0.2 s an article) or read from ``--cache`` (JSON
Lines of ``{"id", "analysis"}``, written on the first run, see
``story_linking.analyses_of``); a cache made before a change to the analysis
gives the figures of the analysis as it was then.

Usage::

    python bench/gva_incidents.py --cache /tmp/linkcache/bench/gva.jsonl
    python bench/gva_incidents.py --limit 300      # first 300 articles, parsed afresh
    python bench/gva_incidents.py --misses 40 --cache ...   # also list 40 misses
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from threatline.analysis.kb import default_kb
from threatline.analysis.places.geocode import distance_km
from threatline.linking import StoryInput, StoryLinker
from threatline.linking.incidents import IncidentLinker
from threatline.models import Analysis, Incident

VIOLENT_TYPES = frozenset({"ASSAULT"})
PLACE_KM = 25.0


def _story_bench() -> ModuleType:
    """bench/story_linking.py, loaded by path (bench/ is not a package)."""
    path = Path(__file__).resolve().parent / "story_linking.py"
    spec = importlib.util.spec_from_file_location("story_linking", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("story_linking", module)
    spec.loader.exec_module(module)
    return module


@dataclass
class Linked:
    """The outcome of linking: the linker, and which incident each event went to."""

    incidents: IncidentLinker
    events_of: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """article id → [(event id, event type)] of its events that were linked."""


def link_rows(rows: Sequence[dict[str, Any]], analyses: dict[str, Analysis | None]) -> Linked:
    """Link ``rows`` in the order given, as ``link_pending`` does (story, then incidents)."""
    sl = _story_bench()
    kb = default_kb()

    def related(a: str, b: str) -> bool:
        return kb.is_part_of(a, b) or kb.is_part_of(b, a)

    stories = StoryLinker(related=related)
    incidents = IncidentLinker(kb=kb)
    linked = Linked(incidents)
    for row in rows:
        analysis = analyses.get(row["id"])
        if analysis is None:
            stories.link(StoryInput(sl.to_article(row), None))
            continue
        article = analysis.article
        if article.source is None:
            article = article.model_copy(update={"source": sl.outlet(row.get("url"))})
            analysis = analysis.model_copy(update={"article": article})
        decision = stories.link(StoryInput(article, analysis))
        if analysis.status != "ok":
            continue
        incidents.link(article, analysis.events, decision.story_id, analysis.attributions)
        linked.events_of[article.id] = [(e.id, e.type) for e in analysis.events]
    return linked


def map_gold(rows: Sequence[dict[str, Any]], linked: Linked) -> dict[str, str | None]:
    """Gold incident id (with metadata) → system incident id, or None (rule in the module docstring)."""
    articles_of: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if row["gold"].get("has_metadata"):
            articles_of[str(row["gold"]["incident"])].append(row["id"])
    states = linked.incidents.states
    mapping: dict[str, str | None] = {}
    for gold_id, article_ids in articles_of.items():
        articles: dict[str, set[str]] = defaultdict(set)
        events: Counter[str] = Counter()
        for aid in article_ids:
            for event_id, type_ in linked.events_of.get(aid, []):
                iid = linked.incidents.incident_of.get(event_id)
                if iid is None or iid not in states or type_ not in VIOLENT_TYPES:
                    continue
                articles[iid].add(aid)
                events[iid] += 1
        if not articles:
            mapping[gold_id] = None
            continue
        mapping[gold_id] = max(articles, key=lambda i: (len(articles[i]), events[i], -states[i].created))
    return mapping


def _figure_hit(estimate: Any, gold: Any) -> tuple[bool, bool]:
    """(hit, hit only because no figure reads as 0)."""
    if gold is None:
        return False, False
    if estimate is None or estimate.best is None:
        return int(gold) == 0, int(gold) == 0
    return estimate.best == int(gold), False


def _judge(incident: Incident, gold: dict[str, Any]) -> dict[str, bool | None]:
    killed, killed_none = _figure_hit(incident.dead, gold.get("killed"))
    injured, injured_none = _figure_hit(incident.injured, gold.get("injured"))
    date = incident.date
    day = date.start if date is not None and date.precision == "day" else None
    place: bool | None = None
    if gold.get("lat") is not None and gold.get("lon") is not None:
        loc = incident.location
        place = (
            loc is not None
            and loc.lat is not None
            and loc.lon is not None
            and distance_km((loc.lat, loc.lon), (float(gold["lat"]), float(gold["lon"]))) <= PLACE_KM
        )
    return {
        "killed": killed,
        "injured": injured,
        "date": day is not None and day.isoformat() == gold.get("date"),
        "location": place,
        "killed_none_as_0": killed_none,
        "injured_none_as_0": injured_none,
    }


def score_rows(
    rows: Sequence[dict[str, Any]],
    analyses: dict[str, Analysis | None],
    misses: list[dict[str, Any]] | None = None,
) -> dict[str, float]:
    """Exact-match shares of ``rows`` linked in order; ``misses`` (if given) receives each miss.

    Keys: ``gold_incidents``, ``mapped``, ``unmapped``, ``shared``, ``system_incidents``,
    ``killed``, ``injured``, ``date``, ``location`` (shares of all gold incidents),
    the same with ``_mapped`` (shares of mapped ones), the ``*_none_as_0`` counts,
    ``located_gold`` and ``link_s``.
    """
    started = time.perf_counter()
    linked = link_rows(rows, analyses)
    link_s = time.perf_counter() - started
    mapping = map_gold(rows, linked)
    gold_of = {str(r["gold"]["incident"]): r["gold"] for r in rows if r["gold"].get("has_metadata")}
    hits: Counter[str] = Counter()
    located = located_mapped = 0
    cache: dict[str, Incident] = {}
    for gold_id, iid in mapping.items():
        gold = gold_of[gold_id]
        has_place = gold.get("lat") is not None and gold.get("lon") is not None
        located += has_place
        if iid is None:
            if misses is not None:
                misses.append({"gold": gold_id, "incident": None, "fields": ["unmapped"]})
            continue
        located_mapped += has_place
        incident = cache.get(iid) or cache.setdefault(iid, linked.incidents.incident(iid))
        verdict = _judge(incident, gold)
        hits.update(k for k, v in verdict.items() if v)
        wrong = [k for k in ("killed", "injured", "date", "location") if verdict[k] is False]
        if misses is not None and wrong:
            misses.append({"gold": gold_id, "incident": iid, "fields": wrong})
    total = len(mapping)
    mapped = sum(1 for v in mapping.values() if v is not None)
    shared = sum(n for n in Counter(v for v in mapping.values() if v is not None).values() if n > 1)
    result: dict[str, float] = {
        "gold_incidents": total,
        "mapped": mapped,
        "unmapped": total - mapped,
        "shared": shared,
        "system_incidents": len(linked.incidents.states),
    }
    for name in ("killed", "injured", "date"):
        result[name] = hits[name] / total if total else 0.0
        result[f"{name}_mapped"] = hits[name] / mapped if mapped else 0.0
    result["location"] = hits["location"] / located if located else 0.0
    result["location_mapped"] = hits["location"] / located_mapped if located_mapped else 0.0
    result["located_gold"] = located
    result["killed_none_as_0"] = hits["killed_none_as_0"]
    result["injured_none_as_0"] = hits["injured_none_as_0"]
    result["link_s"] = link_s
    if misses is not None:
        for miss in misses:
            miss["gold_record"] = gold_of[miss["gold"]]
            if miss["incident"] is not None:
                miss["system"] = cache[miss["incident"]]
    return result


def score(limit: int | None = None, cache: Path | None = None) -> dict[str, float]:
    """Scores on the first ``limit`` GVA dev articles in publication order (all when None).

    Analyses come from ``cache`` where it holds them, else are parsed afresh.
    """
    sl = _story_bench()
    rows = sl.gva_rows(limit)
    started = time.perf_counter()
    analyses = sl.analyses_of(rows, cache)
    analyse_s = time.perf_counter() - started
    result = score_rows(rows, analyses)
    result["articles"] = len(rows)
    result["analysed"] = sum(1 for a in analyses.values() if a is not None)
    result["analyse_s"] = analyse_s
    return result


def _print_misses(rows: Sequence[dict[str, Any]], cache: Path | None, count: int) -> None:
    sl = _story_bench()
    analyses = sl.analyses_of(rows, cache)
    misses: list[dict[str, Any]] = []
    score_rows(rows, analyses, misses)
    for miss in misses[:count]:
        gold = miss["gold_record"]
        system = miss.get("system")
        got = (
            {
                "dead": system.dead.best if system and system.dead else None,
                "injured": system.injured.best if system and system.injured else None,
                "date": system.date.start.isoformat()
                if system and system.date and system.date.start
                else None,
                "place": system.location.name if system and system.location else None,
                "articles": len(system.article_ids) if system else 0,
            }
            if system
            else None
        )
        want = {k: gold.get(k) for k in ("killed", "injured", "date", "city")}
        print(json.dumps({"gold": miss["gold"], "wrong": miss["fields"], "want": want, "got": got}))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N articles in publication order")
    parser.add_argument("--cache", type=Path, default=None, help="JSON Lines file of cached analyses")
    parser.add_argument("--misses", type=int, default=0, help="also print the first N misses")
    args = parser.parse_args(argv)
    result = score(args.limit, args.cache)
    n = int(result["gold_incidents"])
    print(
        f"articles {int(result['articles'])} (analysed {int(result['analysed'])})  gold incidents {n}  "
        f"mapped {int(result['mapped'])}  unmapped {int(result['unmapped'])}  "
        f"shared {int(result['shared'])}  system incidents {int(result['system_incidents'])}"
    )
    for name in ("killed", "injured", "date", "location"):
        print(f"  {name:<9} all {result[name]:.3f}   mapped {result[f'{name}_mapped']:.3f}")
    print(
        f"  no figure read as 0: killed {int(result['killed_none_as_0'])}, "
        f"injured {int(result['injured_none_as_0'])}   gold with coordinates {int(result['located_gold'])}"
    )
    print(f"  time: analyses {result['analyse_s']:.1f} s, linking {result['link_s']:.1f} s")
    if args.misses:
        _print_misses(_story_bench().gva_rows(args.limit), args.cache, args.misses)


if __name__ == "__main__":
    main()
