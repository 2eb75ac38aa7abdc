"""Incident linking: merging, stability of ids, merges and splits, and the seeds end to end."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from threatline.analysis.kb import default_kb
from threatline.analysis.places.geocode import load_gazetteer
from threatline.events.dating import fallback_date
from threatline.extract import extract_file
from threatline.linking import StoryInput, StoryLinker
from threatline.linking.incidents import IncidentLinker, incident_id, infer_published
from threatline.models import Article, EntityRef, Event, Location, Published, Quantity, TimeInterval

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
KRASNOGORSK = Location(text="Krasnogorsk", name="Krasnogorsk", country="RU", lat=55.82, lon=37.33)
CHICAGO_A = Location(text="Chicago", name="Chicago", country="US", lat=41.88, lon=-87.63)
CHICAGO_B = Location(text="South Side", name="Chicago", country="US", lat=41.78, lon=-87.60)
BOSTON = Location(text="Boston", name="Boston", country="US", lat=42.36, lon=-71.06)


def reported_only(eid: str, aid: str, published: str, **fields: object) -> Event:
    """An event the text does not date: "no later than its report" (the extractor's fallback)."""
    undated = event(eid, aid, date=None, **fields)  # type: ignore[arg-type]
    return undated.model_copy(update={"date": fallback_date(dt.date.fromisoformat(published))})


def day(d: str) -> TimeInterval:
    date = dt.date.fromisoformat(d)
    return TimeInterval(text=d, start=date, end=date, precision="day")


def article(aid: str, source: str | None = None, published: str | None = None) -> Article:
    pub = Published(date=dt.date.fromisoformat(published), how="metadata") if published else Published()
    return Article(id=aid, source=source, text="x", text_hash=aid, published=pub)


def event(
    eid: str,
    aid: str,
    *,
    type_: str = "ASSAULT",
    actor: str | None = None,
    location: Location | None = KRASNOGORSK,
    date: str | None = "2024-03-22",
    dead: Quantity | None = None,
    status: str = "asserted",
    mode: tuple[str, ...] = ("firearms",),
) -> Event:
    return Event.model_validate(
        {
            "id": eid,
            "article_id": aid,
            "type": type_,
            "mode": list(mode),
            "actor": EntityRef(text=actor, entity_id=actor) if actor else None,
            "location": location,
            "date": day(date) if date else None,
            "dead": dead,
            "status": status,
        }
    )


def test_two_outlets_one_attack_conflicting_tolls() -> None:
    linker = IncidentLinker()
    linker.link(
        article("a1", "Outlet One"), [event("e1", "a1", actor="is-khorasan", dead=Quantity(min=60, max=60))]
    )
    linker.link(
        article("a2", "Outlet Two"),
        [event("e2", "a2", actor="islamic-state", dead=Quantity(min=137, max=137))],
    )
    [incident] = linker.incidents()
    assert incident.id == incident_id("e1")
    assert incident.article_ids == ["a1", "a2"]
    assert incident.independent_sources == 2
    assert incident.actor is not None
    assert incident.actor.entity_id == "is-khorasan"
    assert [c.field for c in incident.conflicts] == ["dead"]
    assert incident.dead is not None
    assert (incident.dead.min, incident.dead.best, incident.dead.max) == (60, 60, 137)


def test_a_country_and_its_government_are_one_actor() -> None:
    linker = IncidentLinker()
    linker.link(article("a1", "Outlet One"), [event("e1", "a1", actor="russia", mode=("aerial",))])
    linker.link(
        article("a2", "Outlet Two"), [event("e2", "a2", actor="russian-government", mode=("aerial",))]
    )
    linker.link(
        article("a3", "Outlet Three"), [event("e3", "a3", actor="ukrainian-government", mode=("aerial",))]
    )
    incidents = sorted(linker.incidents(), key=lambda i: len(i.article_ids))
    assert [i.article_ids for i in incidents] == [["a3"], ["a1", "a2"]]
    merged = incidents[1]
    assert merged.actor is not None
    assert merged.actor.entity_id == "russian-government"  # the more specific of the two
    assert not [c for c in merged.conflicts if c.field == "actor"]


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (("2024-05-01", CHICAGO_A), ("2024-05-03", CHICAGO_B), 2),  # one city, different days
        (("2024-05-01", CHICAGO_A), ("2024-05-01", CHICAGO_B), 1),  # same day, 11 km apart
        (("2024-05-01", CHICAGO_A), ("2024-05-01", BOSTON), 2),  # same day, far apart
        # within the day tolerance but on another day: place and mode alone do not join them
        (("2024-05-01", CHICAGO_A), ("2024-05-02", CHICAGO_B), 2),
    ],
)
def test_place_and_date_decide(
    first: tuple[str, Location], second: tuple[str, Location], expected: int
) -> None:
    linker = IncidentLinker()
    linker.link(article("a1", "One"), [event("e1", "a1", date=first[0], location=first[1])])
    linker.link(article("a2", "Two"), [event("e2", "a2", date=second[0], location=second[1])])
    assert len(linker.incidents()) == expected


@pytest.mark.parametrize(
    ("second_day", "actor", "story_b", "expected"),
    [
        ("2024-05-01", None, "s2", 2),  # same day, same city, other story: two shootings
        ("2024-05-01", None, "s1", 1),  # same day, same city, one story: one incident
        ("2024-05-02", None, "s2", 2),  # a day apart, other story: two shootings
        ("2024-05-02", None, "s1", 1),  # a day apart in one story: one event told twice
        ("2024-05-02", "islamic-state", "s2", 1),  # a day apart, same actor: still one
        ("2024-05-04", None, "s1", 2),  # beyond the tolerance: vetoed even in one story
    ],
)
def test_precise_dates_a_day_apart_are_no_date_evidence(
    second_day: str, actor: str | None, story_b: str, expected: int
) -> None:
    linker = IncidentLinker()
    linker.link(
        article("a1", "One"),
        [event("e1", "a1", date="2024-05-01", location=CHICAGO_A, actor=actor)],
        story_id="s1",
    )
    linker.link(
        article("a2", "Two"),
        [event("e2", "a2", date=second_day, location=CHICAGO_B, actor=actor)],
        story_id=story_b,
    )
    assert len(linker.incidents()) == expected


@pytest.mark.parametrize(
    ("story_b", "actor", "expected"),
    [
        ("s2", None, 2),  # other story: one city, one day and a gun are not one shooting
        ("s2", "islamic-state", 1),  # other story, but the same actor as well
        (None, None, 1),  # no story known: nothing says the reports are apart
    ],
)
def test_another_storys_incident_needs_more_than_place_day_and_mode(
    story_b: str | None, actor: str | None, expected: int
) -> None:
    linker = IncidentLinker()
    linker.link(article("a1", "One"), [event("e1", "a1", location=CHICAGO_A, actor=actor)], "s1")
    linker.link(article("a2", "Two"), [event("e2", "a2", location=CHICAGO_B, actor=actor)], story_b)
    assert len(linker.incidents()) == expected


def test_another_storys_incident_joins_at_the_plain_threshold_with_a_related_actor() -> None:
    """Related actors (0.30), one city (0.20) and dates a day apart (0.05) make 0.55: enough
    across stories, since the actor agrees; without it, another story would need 0.6."""
    linker = IncidentLinker()
    one = event("e1", "a1", location=CHICAGO_A, actor="is-khorasan", mode=())
    two = event("e2", "a2", location=CHICAGO_B, actor="islamic-state", mode=(), date="2024-03-23")
    linker.link(article("a1", "One"), [one], "s1")
    linker.link(article("a2", "Two"), [two], "s2")
    assert len(linker.incidents()) == 1


@pytest.mark.parametrize(("status", "incidents"), [("negated", 0), ("hypothetical", 0), ("asserted", 1)])
def test_unreal_events_never_create_incidents(status: str, incidents: int) -> None:
    linker = IncidentLinker()
    linker.link(article("a1", "One"), [event("e1", "a1", status=status)])
    assert len(linker.incidents()) == incidents


def test_historical_mention_joins_as_background() -> None:
    linker = IncidentLinker()
    linker.link(article("a1", "One"), [event("e1", "a1", actor="is-khorasan")])
    linker.link(article("a2", "Two"), [event("e2", "a2", actor="is-khorasan", status="historical")])
    [incident] = linker.incidents()
    assert incident.article_ids == ["a1", "a2"]
    assert linker.background_events(incident.id) == ["e2"]
    assert incident.independent_sources == 1


def test_bridging_article_merges_and_keeps_older_id() -> None:
    linker2 = IncidentLinker()
    # one report has the place but no date, the other the date but no place: too little in common
    linker2.link(article("b1", "One"), [event("f1", "b1", actor="is-khorasan", date=None)], "story-1")
    linker2.link(article("b2", "Two"), [event("f2", "b2", actor="islamic-state", location=None)])
    assert len(linker2.incidents()) == 2
    # a follow-up in b1's story has both
    result = linker2.link(article("b3", "Three"), [event("f3", "b3", actor="is-khorasan")], "story-1")
    [incident] = linker2.incidents()
    assert incident.id == incident_id("f1")
    assert [(r.kind, r.from_ids, r.to_id, r.article_id) for r in result.relinks] == [
        ("merge", [incident_id("f2")], incident_id("f1"), "b3")
    ]
    assert linker2.relinks == result.relinks


@pytest.mark.parametrize(("story_a", "story_b", "incidents"), [("s1", "s2", 2), ("s1", "s1", 1)])
def test_an_undated_event_joins_across_stories_never(story_a: str, story_b: str, incidents: int) -> None:
    linker = IncidentLinker()
    linker.link(article("u1", "One"), [event("g1", "u1", actor="islamic-state")], story_a)
    linker.link(article("u2", "Two"), [event("g2", "u2", actor="is-khorasan", date=None)], story_b)
    assert len(linker.incidents()) == incidents


@pytest.mark.parametrize(("reported", "incidents"), [("2024-03-26", 2), ("2016-08-20", 1)])
def test_an_event_dated_only_by_its_report_joins_recent_incidents_of_other_stories(
    reported: str, incidents: int
) -> None:
    linker = IncidentLinker()
    linker.link(article("r1", "One"), [event("h1", "r1", actor="islamic-state", date="2016-08-03")], "s1")
    late = reported_only("h2", "r2", reported, actor="is-khorasan")
    linker.link(article("r2", "Two"), [late], "s2")
    assert len(linker.incidents()) == incidents


@pytest.mark.parametrize(("second", "incidents"), [("2016-08-10", 1), ("2017-05-02", 2)])
def test_two_reports_dated_only_by_publication_join_in_a_story_only_when_close(
    second: str, incidents: int
) -> None:
    linker = IncidentLinker()
    for eid, aid, published in (("o1", "p1", "2016-08-03"), ("o2", "p2", second)):
        linker.link(article(aid, aid), [reported_only(eid, aid, published, location=CHICAGO_A)], "same-story")
    assert len(linker.incidents()) == incidents


@pytest.mark.parametrize(("reported", "incidents"), [("2017-02-01", 1), ("2018-09-01", 2)])
def test_an_undated_report_joins_its_storys_dated_incident_within_a_year(
    reported: str, incidents: int
) -> None:
    linker = IncidentLinker()
    linker.link(article("d1", "One"), [event("k1", "d1", location=CHICAGO_A, date="2016-08-03")], "s1")
    linker.link(article("d2", "Two"), [reported_only("k2", "d2", reported, location=CHICAGO_A)], "s1")
    assert len(linker.incidents()) == incidents


def test_drifting_dates_split_the_outlier() -> None:
    linker = IncidentLinker()
    days = ["2024-05-01", "2024-05-02", "2024-05-02", "2024-05-03", "2024-05-03", "2024-05-03"]
    relinks = []
    for i, d in enumerate(days):
        # one story: across stories, reports a day apart do not join on place and mode alone
        relinks += linker.link(
            article(f"a{i}", f"Outlet {i}"), [event(f"e{i}", f"a{i}", date=d)], story_id="s1"
        ).relinks
    assert [r.kind for r in relinks] == ["split"]
    ids = {i.id for i in linker.incidents()}
    assert relinks[0].from_ids[0] in ids
    assert relinks[0].to_id in ids


def test_state_round_trip_continues_linking() -> None:
    linker = IncidentLinker()
    linker.link(article("a1", "One"), [event("e1", "a1", actor="is-khorasan")])
    again = IncidentLinker.from_state(linker.state())
    again.link(article("a2", "Two"), [event("e2", "a2", actor="islamic-state")])
    [incident] = again.incidents()
    assert incident.id == incident_id("e1")
    assert incident.independent_sources == 2


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        (["2016-08-03"], ("2016-08-03", "day")),
        (["2016-08-05", "2016-08-03"], ("2016-08-03", "month")),
        (["2016-08-03", "2016-11-01"], ("2016-08-03", "year")),
        (["2016-08-03", "2017-01-01"], None),
        ([], None),
    ],
)
def test_infer_published(dates: list[str], expected: tuple[str, str] | None) -> None:
    others = [article(f"d{i}", published=d) for i, d in enumerate(dates)]
    inferred = infer_published(article("u"), [article("u"), *others])
    if expected is None:
        assert inferred is None
    else:
        assert inferred is not None
        assert (inferred.date.isoformat() if inferred.date else None, inferred.precision) == expected
        assert inferred.how == "inferred"


def test_seeds_video_threat_is_one_incident() -> None:
    kb = default_kb()
    analyses = [extract_file(next(SEEDS.glob(f"{n}_*.txt"))) for n in ("001", "000")]
    assert analyses[0].article.published.date == dt.date(2016, 8, 3)
    assert analyses[1].article.published.date is None
    stories = StoryLinker(related=kb.is_part_of)
    linker = IncidentLinker()
    for analysis in analyses:
        story = stories.link(StoryInput(analysis.article, analysis)).story_id
        linker.link(analysis.article, analysis.events, story_id=story, attributions=analysis.attributions)
    threats = [
        i
        for i in linker.incidents()
        if i.type == "THREATEN" and i.actor is not None and i.actor.entity_id == "islamic-state"
    ]
    assert len(threats) == 1
    [threat] = threats
    assert threat.recipient is not None
    assert threat.recipient.entity_id in {"vladimir-putin", "russia"}
    assert set(threat.article_ids) == {a.article.id for a in analyses}
    assert threat.independent_sources == 2
    story_articles = [a.article for a in analyses]
    inferred = infer_published(analyses[1].article, story_articles)
    assert inferred is not None
    assert inferred.date is not None
    assert (inferred.date.year, inferred.date.month) == (2016, 8)


def _dated(e: Event, start: str, end: str | None = None, anchor: str | None = None) -> Event:
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end or start)
    interval = TimeInterval(
        text=start,
        start=first,
        end=last,
        precision="day" if first == last else "week",
        anchor=dt.date.fromisoformat(anchor) if anchor else None,
        relative=anchor is not None,
    )
    return e.model_copy(update={"date": interval})


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        # the day most articles name wins over the first seen
        ([("2024-05-01", None, None), ("2024-05-02", None, None), ("2024-05-02", None, None)], "2024-05-02"),
        # a tie goes to the day stated off the publication day ("Monday night" in a Tuesday report)
        ([("2024-05-02", None, "2024-05-02"), ("2024-05-01", None, "2024-05-02")], "2024-05-01"),
        # then to the earliest day
        ([("2024-05-02", None, None), ("2024-05-01", None, None)], "2024-05-01"),
        # a day beats a wider interval that more articles overlap
        (
            [
                ("2024-04-29", "2024-05-05", None),
                ("2024-04-29", "2024-05-05", None),
                ("2024-05-03", None, None),
            ],
            "2024-05-03",
        ),
    ],
)
def test_derived_date_prefers_the_day_most_articles_name(
    dates: list[tuple[str, str | None, str | None]], expected: str
) -> None:
    linker = IncidentLinker()
    for i, (start, end, anchor) in enumerate(dates):
        aid = f"a{i}"
        linker.link(
            article(aid, f"Outlet {i}"),
            [_dated(event(f"e{i}", aid, location=CHICAGO_A), start, end, anchor)],
            story_id="s1",
        )
    [incident] = linker.incidents()
    assert incident.date is not None
    assert incident.date.precision == "day"
    assert incident.date.start == dt.date.fromisoformat(expected)


def test_derived_location_prefers_a_settlement_over_its_state() -> None:
    [state] = [c for c in load_gazetteer().candidates("Illinois") if c.feature == "admin1"]
    illinois = Location(text="Ill.", name=state.name, country="US", lat=state.lat, lon=state.lon)
    # a settlement near the state's point, so that the reports merge on place
    assert state.lat is not None
    town = illinois.model_copy(update={"text": "Smallville", "name": "Smallville", "lat": state.lat + 0.05})
    linker = IncidentLinker()
    places = [illinois, illinois, town]
    for i, place in enumerate(places):
        aid = f"a{i}"
        linker.link(article(aid, f"Outlet {i}"), [event(f"e{i}", aid, location=place)], story_id="s1")
    [incident] = linker.incidents()
    assert incident.location == town


@pytest.mark.parametrize(("town", "incidents"), [(CHICAGO_A, 1), (BOSTON, 2)])
def test_a_state_is_not_a_point_far_from_its_towns(town: Location, incidents: int) -> None:
    [state] = [c for c in load_gazetteer().candidates("Illinois") if c.feature == "admin1"]
    illinois = Location(text="Illinois", name=state.name, country="US", lat=state.lat, lon=state.lon)
    linker = IncidentLinker()
    # Chicago lies some 250 km from the state's point; the state's report joins it,
    # and a town of the same country but outside the state is told apart by its own place
    linker.link(article("a1", "One"), [event("e1", "a1", location=CHICAGO_A)], story_id="s1")
    linker.link(article("a2", "Two"), [event("e2", "a2", location=illinois)], story_id="s1")
    linker.link(article("a3", "Three"), [event("e3", "a3", location=town)], story_id="s1")
    assert len(linker.incidents()) == incidents


def test_entries_kept_by_changes_continue_linking_and_drop_merged_incidents() -> None:
    linker, rows = IncidentLinker(), {}

    def save() -> None:
        for key, value in linker.changes().items():
            if value is None:
                rows.pop(key, None)
            else:
                rows[key] = value

    linker.link(article("b1", "One"), [event("f1", "b1", actor="is-khorasan", date=None)], "story-1")
    save()
    linker.link(article("b2", "Two"), [event("f2", "b2", actor="islamic-state", location=None)])
    save()
    assert sorted(k for k in rows if k.startswith("inc:")) == sorted(
        ["inc:" + incident_id("f1"), "inc:" + incident_id("f2")]
    )
    linker.link(article("b3", "Three"), [event("f3", "b3", actor="is-khorasan")], "story-1")
    save()
    assert [k for k in rows if k.startswith("inc:")] == ["inc:" + incident_id("f1")]  # f2's merged away
    again = IncidentLinker.from_entries(rows)
    assert again.incidents() == linker.incidents()
    assert again.changes() == {"version": 1, "order": 3}


@pytest.mark.parametrize(
    ("from_scene", "incidents", "day"), [(True, 1, "2024-05-01"), (False, 2, "2024-05-01")]
)
def test_a_scene_time_neither_vetoes_nor_dates_over_a_stated_day(
    from_scene: bool, incidents: int, day: str
) -> None:
    linker = IncidentLinker()
    linker.link(
        article("a1", "One"), [event("e1", "a1", date="2024-05-01", location=CHICAGO_A)], story_id="s1"
    )
    guessed = event("e2", "a2", date="2024-05-04", location=CHICAGO_B).model_copy(
        update={"date_from_scene": from_scene}
    )
    linker.link(article("a2", "Two"), [guessed], story_id="s1")
    found = linker.incidents()
    assert len(found) == incidents
    first = next(i for i in found if "e1" in i.event_ids)
    assert first.date is not None
    assert first.date.start == dt.date.fromisoformat(day)
