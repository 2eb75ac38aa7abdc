"""STIX 2.1 export: validator-clean bundles, deterministic ids, the documented mapping."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from stix2validator import ValidationOptions, validate_string

from threatline.export.stix import stix_bundle, stix_id
from threatline.models import (
    Analysis,
    Article,
    Conflict,
    ConflictValue,
    Entity,
    EntityRef,
    Estimate,
    Event,
    Evidence,
    Incident,
    Location,
    Published,
    TimeInterval,
)

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
STAMP = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
KB = {
    "islamic-state": Entity(id="islamic-state", name="Islamic State", type="group", aliases=["IS"]),
    "is-khorasan": Entity(id="is-khorasan", name="IS-K", type="group", parent="islamic-state"),
    "vladimir-putin": Entity(id="vladimir-putin", name="Vladimir Putin", type="person", wikidata="Q7747"),
    "tass": Entity(id="tass", name="TASS", type="media"),
}


def _article(aid: str, dated: bool) -> Article:
    return Article(
        id=aid,
        url=f"https://news.example/{aid}",
        source="Example News",
        title=f"Attack report {aid}",
        text="IS-K attacked the hall. TASS said 137 died.",
        text_hash=aid,
        published=Published(date=dt.date(2024, 3, 23), how="dateline") if dated else Published(),
    )


def _analysis(aid: str, dated: bool = True) -> Analysis:
    ev = Event(
        id=f"ev-{aid}",
        article_id=aid,
        type="ASSAULT",
        mode=["firearms"],
        actor=EntityRef(text="IS-K", entity_id="is-khorasan", name="IS-K"),
        recipient=EntityRef(text="Putin", entity_id="vladimir-putin", name="Vladimir Putin"),
        location=Location(text="Moscow", name="Moscow", country="RU", lat=55.75, lon=37.62),
        date=TimeInterval(text="Friday", start=dt.date(2024, 3, 22), end=dt.date(2024, 3, 22)),
        evidence=[Evidence(sentence="IS-K attacked the hall.", start=0, end=23)],
        confidence=0.8,
    )
    unresolved = ev.model_copy(
        update={"id": f"ev2-{aid}", "actor": EntityRef(text="gunmen"), "type": "THREATEN"}
    )
    return Analysis(
        article=_article(aid, dated),
        entities=[KB["is-khorasan"], KB["vladimir-putin"], KB["tass"]],
        events=[ev, unresolved],
    )


def _incident() -> Incident:
    return Incident(
        id="inc-1",
        type="ASSAULT",
        mode=["firearms"],
        actor=EntityRef(text="IS-K", entity_id="is-khorasan", name="IS-K"),
        recipient=EntityRef(text="Putin", entity_id="vladimir-putin"),
        location=Location(name="Moscow", country="RU", lat=55.75, lon=37.62),
        date=TimeInterval(text="Friday", start=dt.date(2024, 3, 22), end=dt.date(2024, 3, 22)),
        dead=Estimate(min=133, best=137, max=145),
        event_ids=["ev-a1", "ev-a2"],
        article_ids=["a1", "a2"],
        sources=["Example News", "TASS"],
        independent_sources=2,
        conflicts=[
            Conflict(
                field="dead",
                values=[
                    ConflictValue(value=137, article_id="a1", source="Example News"),
                    ConflictValue(value=145, article_id="a2", source="TASS"),
                ],
            )
        ],
    )


def _errors(serialised: str) -> list[str]:
    result = validate_string(serialised, ValidationOptions(version="2.1"))
    return [str(e) for e in result.errors] + ([] if result.is_valid else ["invalid"])


@pytest.fixture(scope="module")
def seed_analyses() -> list[Analysis]:
    from threatline.extract import extract_file  # noqa: PLC0415 - loads spaCy only when run

    paths = sorted(SEEDS.glob("*.txt"))
    assert len(paths) == 5
    return [extract_file(p) for p in paths]


def test_seed_export_passes_the_validator(seed_analyses: list[Analysis]) -> None:
    bundle = stix_bundle(seed_analyses, timestamp=STAMP)
    data = json.loads(bundle.serialize())
    assert _errors(bundle.serialize()) == []
    types = {o["type"] for o in data["objects"]}
    assert {"report", "intrusion-set", "identity", "location"} <= types
    assert any(a.events for a in seed_analyses)
    assert "relationship" in types
    reports = [o for o in data["objects"] if o["type"] == "report"]
    assert len(reports) == len(seed_analyses)
    ids = {o["id"] for o in data["objects"]}
    for report in reports:
        assert set(report["object_refs"]) <= ids
        assert report["external_references"][0]["url"].startswith("file://")


def test_seed_export_marks_undated_reports(seed_analyses: list[Analysis]) -> None:
    data = json.loads(stix_bundle(seed_analyses, timestamp=STAMP).serialize())
    by_id = {o["id"]: o for o in data["objects"]}
    for analysis in seed_analyses:
        report = by_id[stix_id("report", analysis.article.id)]
        if analysis.article.published.date is None:
            assert "published-date-unknown" in report["labels"]
            assert report["published"].startswith("2024-05-01T12:00")
        else:
            assert "published-date-unknown" not in report["labels"]
            assert report["published"].startswith(analysis.article.published.date.isoformat())


def test_incidents_with_conflicts_pass_the_validator() -> None:
    analyses = [_analysis("a1"), _analysis("a2", dated=False)]
    bundle = stix_bundle(analyses, [_incident()], KB, timestamp=STAMP)
    assert _errors(bundle.serialize()) == []
    objs = json.loads(bundle.serialize())["objects"]
    incident = next(o for o in objs if o["type"] == "incident")
    assert incident["id"] == stix_id("incident", "inc-1")
    assert incident["x_threatline_dead"] == {"min": 133, "best": 137, "max": 145}
    notes = [o for o in objs if o["type"] == "note" and "conflict" in o.get("labels", [])]
    assert len(notes) == 1
    assert "145" in notes[0]["content"]
    assert "TASS" in notes[0]["content"]
    rels = {
        (o["relationship_type"], o["source_ref"].split("--")[0], o["target_ref"].split("--")[0])
        for o in objs
        if o["type"] == "relationship"
    }
    assert ("attributed-to", "incident", "intrusion-set") in rels
    assert ("located-at", "incident", "location") in rels
    assert ("targets", "intrusion-set", "identity") in rels
    # IS-K's parent is resolved through the knowledge base
    assert ("related-to", "intrusion-set", "intrusion-set") in rels


@pytest.mark.parametrize(
    ("entity_id", "stix_type", "identity_class"),
    [
        ("islamic-state", "intrusion-set", None),
        ("is-khorasan", "intrusion-set", None),
        ("vladimir-putin", "identity", "individual"),
        ("tass", "identity", "organization"),
    ],
)
def test_entity_mapping(entity_id: str, stix_type: str, identity_class: str | None) -> None:
    objs = json.loads(stix_bundle([_analysis("a1")], [_incident()], KB, timestamp=STAMP).serialize())[
        "objects"
    ]
    obj = next(o for o in objs if o["id"] == stix_id(stix_type, entity_id))
    assert obj.get("identity_class") == identity_class


def test_unresolved_event_becomes_a_note_not_an_identity() -> None:
    objs = json.loads(stix_bundle([_analysis("a1")], timestamp=STAMP).serialize())["objects"]
    assert not any(o.get("name") == "gunmen" for o in objs)
    note = next(o for o in objs if o["id"] == stix_id("note", "ev2-a1"))
    assert "gunmen" in note["abstract"]


def test_reexport_is_identical() -> None:
    first = stix_bundle([_analysis("a1"), _analysis("a2")], [_incident()], KB, timestamp=STAMP).serialize()
    again = stix_bundle([_analysis("a2"), _analysis("a1")], [_incident()], KB, timestamp=STAMP).serialize()
    assert first == again
    later = stix_bundle([_analysis("a1"), _analysis("a2")], [_incident()], KB).serialize()
    assert {o["id"] for o in json.loads(later)["objects"]} == {o["id"] for o in json.loads(first)["objects"]}
