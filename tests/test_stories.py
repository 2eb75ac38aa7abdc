"""Tests of incremental story linking (threatline.linking)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest

from threatline.linking import STATE_VERSION, StoryInput, StoryLinker, default_config
from threatline.linking.features import (
    Evidence,
    analysis_evidence,
    article_terms,
    article_years,
    evidence_keys,
    incident_dates,
    page_keys,
)
from threatline.linking.index import StoryState
from threatline.linking.stories import evidence_adjustment, persons_agree
from threatline.models import Analysis, Article, Mention, Place, Published, TimeInterval
from threatline.models import Evidence as EvidenceSpan

DAY = dt.date(2016, 3, 1)

HARTWELL_1 = (
    "Hartwell shooting",
    "Police said Darnell Okafor, 24, was shot on Quarry Lane in Hartwell late Friday. "
    "Okafor died at Mercy General. Detectives are looking for a grey sedan.",
)
HARTWELL_2 = (
    "Victim named in Quarry Lane killing",
    "The man shot dead on Quarry Lane was Darnell Okafor, 24, police in Hartwell said. "
    "Investigators want to find the grey sedan seen leaving.",
)
HARTWELL_OTHER = (
    "Woman wounded in Hartwell shooting",
    "Police said Teresa Vlasic, 51, was wounded outside a bakery on Ridge Avenue in Hartwell. "
    "She is in stable condition; officers arrested a neighbour.",
)
_TOWNS = [
    "Alder",
    "Brook",
    "Cedar",
    "Dune",
    "Elm",
    "Fern",
    "Glen",
    "Hartwell",
    "Iris",
    "Juniper",
    "Kestrel",
    "Larch",
]
_SUBJECTS = [
    "budget",
    "school",
    "bridge",
    "harvest",
    "festival",
    "election",
    "flood",
    "library",
    "museum",
    "stadium",
]
# Common words of crime reports ("police", "shooting") and of the town ("Hartwell")
# must be frequent in the background, as they are in a real store.
FILLER = [
    (
        f"{town} {_SUBJECTS[i % 10]} news",
        f"Police in {town} said a shooting was not linked to the {_SUBJECTS[i % 10]} "
        f"or the {_SUBJECTS[(i + 3) % 10]} debate held by councillor {town}son {i}.",
    )
    for i, town in enumerate(_TOWNS)
]


def make(
    title: str, text: str, day: dt.date = DAY, dup: str | None = None, source: str | None = None
) -> Article:
    digest = hashlib.sha256(f"{title}\n{text}\n{day}".encode()).hexdigest()
    return Article(
        id=digest[:16],
        title=title,
        text=text,
        published=Published(date=day, how="metadata"),
        text_hash=digest,
        duplicate_of=dup,
    )


def linked(
    pairs: list[tuple[str, str]], days: list[dt.date] | None = None
) -> tuple[StoryLinker, list[Article]]:
    linker = StoryLinker()
    articles = [make(t, x, (days or [DAY] * len(pairs))[i]) for i, (t, x) in enumerate(pairs)]
    for article in articles:
        linker.link(StoryInput(article))
    return linker, articles


def test_follow_up_joins_the_first_report() -> None:
    linker, articles = linked(
        [*FILLER, HARTWELL_1, HARTWELL_2], [DAY] * (len(FILLER) + 1) + [DAY + dt.timedelta(days=2)]
    )
    first, second = articles[-2], articles[-1]
    assert linker.story_of(first.id) == linker.story_of(second.id)
    story = next(s for s in linker.stories() if s.id == linker.story_of(first.id))
    assert story.title == HARTWELL_1[0]
    assert (story.first_seen, story.last_seen) == (DAY, DAY + dt.timedelta(days=2))


def test_same_city_different_victim_is_another_story() -> None:
    linker, articles = linked([*FILLER, HARTWELL_1, HARTWELL_OTHER])
    assert linker.story_of(articles[-2].id) != linker.story_of(articles[-1].id)


def test_story_idle_past_the_window_is_not_joined() -> None:
    late = DAY + dt.timedelta(days=default_config().window_days + 30)
    linker, articles = linked([*FILLER, HARTWELL_1, HARTWELL_2], [DAY] * (len(FILLER) + 1) + [late])
    assert linker.story_of(articles[-2].id) != linker.story_of(articles[-1].id)


def test_trial_report_three_years_later_joins_the_story() -> None:
    # A trial or a sentence often comes two or three years after the incident.
    late = DAY + dt.timedelta(days=1000)
    trial = ("Trial opens in Quarry Lane killing", HARTWELL_1[1] + " A jury was seated on Monday.")
    linker, articles = linked([*FILLER, HARTWELL_1, trial], [DAY] * (len(FILLER) + 1) + [late])
    assert linker.story_of(articles[-2].id) == linker.story_of(articles[-1].id)


def test_duplicate_joins_its_originals_story_without_scoring() -> None:
    linker, articles = linked([*FILLER, HARTWELL_1])
    copy = make("Unrelated headline", "Completely different words about gardening.", dup=articles[-1].id)
    decision = linker.link(StoryInput(copy))
    assert decision.reason == "duplicate"
    assert decision.story_id == linker.story_of(articles[-1].id)


def test_relinking_an_article_returns_its_story() -> None:
    linker, articles = linked([*FILLER, HARTWELL_1])
    decision = linker.link(StoryInput(articles[-1]))
    assert (decision.reason, decision.created) == ("duplicate", False)
    assert sum(articles[-1].id in s.article_ids for s in linker.stories()) == 1


def test_state_round_trip_continues_identically() -> None:
    linker, _ = linked([*FILLER, HARTWELL_1])
    restored = StoryLinker.from_state(json.loads(json.dumps(linker.state())))
    follow = make(*HARTWELL_2)
    assert linker.link(StoryInput(follow)) == restored.link(StoryInput(follow))


def test_state_of_another_version_is_refused() -> None:
    state = StoryLinker().state()
    state["version"] = -1
    with pytest.raises(ValueError, match="version"):
        StoryLinker.from_state(state)


def test_candidate_list_is_bounded() -> None:
    config = default_config().model_copy(update={"candidates": 3, "postings_per_term": 2})
    linker = StoryLinker(config)
    for i in range(20):
        linker.link(
            StoryInput(make(f"Hartwell shooting {i}", f"Hartwell police report shooting number x{i}."))
        )
    decision = linker.link(StoryInput(make("Hartwell shooting", "Hartwell police report another shooting.")))
    assert decision.candidates <= 3
    assert all(len(p) <= 2 for p in linker.index.postings.values())


@pytest.mark.parametrize(
    ("title", "text", "present", "absent"),
    [
        (
            "Man shot",
            "Police found John Smith on Elm Street.",
            ["n:john", "n:smith", "n:elm", "man"],
            ["the", "n:police"],
        ),
        (None, "A 17 year old. Officers said it.", ["#17", "officers"], ["n:officers", "said"]),
        (None, "Okafor's car was found.", ["okafor", "car"], ["okafor's"]),
    ],
)
def test_article_terms(title: str | None, text: str, present: list[str], absent: list[str]) -> None:
    terms = article_terms(title, text, default_config())
    assert all(t in terms for t in present), terms
    assert not any(t in terms for t in absent), terms


def _story(**evidence: object) -> StoryState:
    story = StoryState("s", "t", DAY, DAY, [], {}, 1.0)
    story.absorb({}, Evidence(**evidence), keep=10, members=0)  # type: ignore[arg-type]
    return story


@pytest.mark.parametrize(
    ("article", "story", "sign"),
    [
        (Evidence(dates=frozenset({DAY})), _story(dates=frozenset({DAY + dt.timedelta(days=1)})), 1),
        (Evidence(dates=frozenset({DAY})), _story(dates=frozenset({DAY + dt.timedelta(days=9)})), -1),
        (Evidence(coords=((40.0, -75.0),)), _story(coords=((40.1, -75.1),)), 1),
        (Evidence(coords=((40.0, -75.0),)), _story(coords=((34.0, -118.0),)), -1),
        (
            Evidence(persons=frozenset({"okafor"}), main_persons=frozenset({"okafor"})),
            _story(persons=frozenset({"okafor", "lee"})),
            1,
        ),
        (
            Evidence(persons=frozenset({"vlasic", "ng"}), main_persons=frozenset({"vlasic"})),
            _story(persons=frozenset({"okafor", "lee"}), main_persons=frozenset({"okafor"})),
            -1,
        ),
        # Two bouts of one champion: each report is about a challenger the other never names.
        (
            Evidence(persons=frozenset({"vlasic", "ng"}), main_persons=frozenset({"vlasic", "ng"})),
            _story(persons=frozenset({"vlasic", "okafor"}), main_persons=frozenset({"okafor"})),
            -1,
        ),
        # A follow-up names the story's victim once and its own suspect twice.
        (
            Evidence(persons=frozenset({"okafor", "ng"}), main_persons=frozenset({"ng"})),
            _story(persons=frozenset({"okafor", "lee"}), main_persons=frozenset({"okafor"})),
            1,
        ),
        # A passer-by named on both sides is no reason to join, nor to split.
        (Evidence(persons=frozenset({"lee"})), _story(persons=frozenset({"okafor", "lee"})), 0),
        (Evidence(dead=1), _story(dead=3), -1),
        # Another event of the same kind years apart; a report in the next year is no conflict.
        (Evidence(years=frozenset({2013})), _story(years=frozenset({2008})), -1),
        (Evidence(years=frozenset({2009})), _story(years=frozenset({2008})), 0),
        (Evidence(years=frozenset({2013, 2008})), _story(years=frozenset({2008})), 0),
        (Evidence(years=frozenset({2013})), _story(), 0),
        (Evidence(), _story(dates=frozenset({DAY})), 0),
    ],
)
def test_evidence_adjustment_sign(article: Evidence, story: StoryState, sign: int) -> None:
    value = evidence_adjustment(article, story, default_config(), None)
    assert (value > 0) - (value < 0) == sign


def test_related_actors_count_through_the_hierarchy() -> None:
    story = _story(actors=frozenset({"isis"}))
    article = Evidence(actors=frozenset({"iskp"}))
    assert evidence_adjustment(article, story, default_config(), None) == 0
    assert evidence_adjustment(article, story, default_config(), lambda a, b: (a, b) == ("iskp", "isis")) > 0


def test_conflicting_evidence_lowers_the_score() -> None:
    text = "A man was shot on Quarry Lane in Hartwell, police said. The victim was Darnell Okafor."

    def analysed(incident: dt.date, lat: float, town: str, note: str = "") -> StoryInput:
        article = make("Hartwell shooting", text + note, day=DAY)
        return StoryInput(
            article,
            Analysis(
                article=article,
                times=[TimeInterval(text="Friday", start=incident, end=incident, precision="day")],
                places=[Place(text=town, lat=lat, lon=-75.0, feature="city")],
            ),
        )

    def second_score(second: StoryInput) -> float:
        linker = StoryLinker()
        for pair in FILLER:
            linker.link(StoryInput(make(*pair)))
        linker.link(analysed(DAY, 40.0, "Hartwell"))
        return linker.link(second).score

    weights = default_config().evidence
    agreeing = second_score(analysed(DAY, 40.0, "Hartwell", " Updated."))
    conflicting = second_score(analysed(DAY - dt.timedelta(days=20), 34.0, "Larch", " Updated."))
    expected = (
        weights.date_match
        + weights.place_match
        + weights.date_and_place
        - weights.date_conflict
        - weights.place_conflict
    )
    assert agreeing - conflicting == pytest.approx(expected)


def _timed(text: str, start: int, day: dt.date) -> TimeInterval:
    return TimeInterval(
        text=text,
        start=day,
        end=day,
        precision="day",
        evidence=EvidenceSpan(sentence=text, start=start, end=start + len(text)),
    )


@pytest.mark.parametrize(
    ("time", "kept"),
    [
        (_timed("Friday", 10, DAY - dt.timedelta(days=3)), True),
        (_timed("Saturday", 10, DAY + dt.timedelta(days=1)), True),  # late-night report, early publication
        (_timed("next Friday", 10, DAY + dt.timedelta(days=4)), False),  # a hearing to come
        (_timed("in 1998", 10, dt.date(1998, 5, 1)), False),  # background history
        (_timed("Friday", 5000, DAY - dt.timedelta(days=3)), False),  # past the lead
    ],
)
def test_incident_dates_keep_recent_lead_dates(time: TimeInterval, kept: bool) -> None:
    article = make("Hartwell shooting", "x" * 6000)
    dates = incident_dates(Analysis(article=article, times=[time]), default_config().evidence)
    assert (time.start in dates) == kept


def _dated(text: str, start: int, day: dt.date, precision: str, *, relative: bool = False) -> TimeInterval:
    return TimeInterval(
        text=text,
        start=day,
        end=day,
        precision=precision,  # type: ignore[arg-type]
        relative=relative,
        evidence=EvidenceSpan(sentence=text, start=start, end=start + len(text)),
    )


@pytest.mark.parametrize(
    ("time", "year", "kept"),
    [
        (_dated("9 September 2013", 40, dt.date(2013, 9, 9), "day"), 2013, True),
        (_dated("in 2007", 200, dt.date(2007, 1, 1), "year"), 2007, True),
        (_dated("in 1999", 4000, dt.date(1999, 1, 1), "year"), 1999, False),  # history, past the opening
        (_dated("last year", 40, dt.date(2015, 1, 1), "year", relative=True), 2015, False),  # no year written
    ],
)
def test_article_years_are_written_out_in_the_opening(time: TimeInterval, year: int, kept: bool) -> None:
    article = make("Quake", "x" * 6000).model_copy(update={"published": Published()})
    years = article_years(Analysis(article=article, times=[time]), default_config().evidence)
    assert (year in years) == kept


def test_article_years_hold_the_publication_year() -> None:
    article = make("Quake", "text", day=DAY)
    assert article_years(Analysis(article=article), default_config().evidence) == {DAY.year}


def test_main_persons_are_the_people_named_more_than_once() -> None:
    article = make("Hartwell shooting", "text")
    mentions = [
        Mention(id=f"m{i}", entity_id=f"e{i}", text=text, label="PERSON", start=i, end=i + 1)
        for i, text in enumerate(["Darnell Okafor", "Okafor", "Chief Ann Lee", "Smith"])
    ]
    evidence = analysis_evidence(Analysis(article=article, mentions=mentions))
    assert evidence.persons == {"okafor", "lee"}
    assert evidence.main_persons == {"okafor"}


def test_evidence_keys_pair_dates_with_places() -> None:
    evidence = Evidence(dates=frozenset({DAY}), places=frozenset({"geonames:1", "geonames:2"}))
    assert evidence_keys(evidence) == ["@2016-03-01|geonames:1", "@2016-03-01|geonames:2"]
    assert evidence_keys(Evidence(places=frozenset({"geonames:1"}))) == []


def _with_incident(title: str, text: str, day: dt.date, incident: dt.date) -> StoryInput:
    article = make(title, text, day=day)
    return StoryInput(
        article,
        Analysis(
            article=article,
            times=[_timed("Friday", 0, incident)],
            places=[Place(text="Hartwell", lat=40.0, lon=-75.0, feature="city", gazetteer_id="geonames:9")],
        ),
    )


def test_late_follow_up_naming_the_incident_date_joins() -> None:
    later = DAY + dt.timedelta(days=200)
    trial = ("Trial opens", "A jury heard how a man was killed in Hartwell; the trial goes on.")

    def late_story(incident: dt.date) -> tuple[str, str]:
        linker = StoryLinker()
        for pair in FILLER:
            linker.link(StoryInput(make(*pair)))
        first = linker.link(_with_incident(*HARTWELL_1, day=DAY, incident=DAY))
        return first.story_id, linker.link(_with_incident(*trial, day=later, incident=incident)).story_id

    same, joined = late_story(DAY)
    assert same == joined
    other, apart = late_story(later)
    assert other != apart


def test_state_round_trip_keeps_evidence() -> None:
    linker = StoryLinker()
    linker.link(_with_incident(*HARTWELL_1, day=DAY, incident=DAY))
    restored = StoryLinker.from_state(json.loads(json.dumps(linker.state())))
    assert restored.index.stories == linker.index.stories


def test_different_dates_count_less_for_reports_later_in_time() -> None:
    story = _story(dates=frozenset({DAY}))
    article = Evidence(dates=frozenset({DAY - dt.timedelta(days=10)}))
    config = default_config()
    close = evidence_adjustment(article, story, config, None, DAY + dt.timedelta(days=1))
    later = evidence_adjustment(article, story, config, None, DAY + dt.timedelta(days=60))
    assert close == config.evidence.date_conflict
    assert later == config.evidence.date_conflict_later


def _saved(store: dict[str, object], changes: dict[str, object]) -> None:
    """Apply a linker's changes to a dict standing for its stored rows (None deletes)."""
    for key, value in changes.items():
        if value is None:
            store.pop(key, None)
        else:
            store[key] = value


def test_entries_kept_by_changes_continue_identically() -> None:
    linker, rows = StoryLinker(), {}
    for pair in [*FILLER, HARTWELL_1]:
        linker.link(StoryInput(make(*pair)))
        _saved(rows, linker.changes())
    restored = StoryLinker.from_entries(json.loads(json.dumps(rows)))
    assert restored.index.stories == linker.index.stories
    assert restored.index.story_of == linker.index.story_of
    follow = make(*HARTWELL_2)
    assert linker.link(StoryInput(follow)) == restored.link(StoryInput(follow))


def test_changes_hold_what_one_article_touched_not_the_whole_state() -> None:
    linker, _ = linked([*FILLER, HARTWELL_1])
    linker.changes()
    decision = linker.link(StoryInput(make(*HARTWELL_2)))
    changed = linker.changes()
    assert f"story:{decision.story_id}" in changed
    assert len(changed) < len(linker.entries()) / 2
    assert linker.changes() == {"version": STATE_VERSION}  # nothing linked since


def test_entries_of_another_version_are_refused() -> None:
    entries = StoryLinker().entries()
    entries["version"] = -1
    with pytest.raises(ValueError, match="version"):
        StoryLinker.from_entries(entries)


def test_same_day_same_town_needs_some_shared_words() -> None:
    story = _story(dates=frozenset({DAY}), coords=((40.0, -75.0),))
    article = Evidence(dates=frozenset({DAY}), coords=((40.01, -75.01),))
    config = default_config()
    floor = config.evidence.date_and_place_min_cosine
    alike = evidence_adjustment(article, story, config, None, cosine=floor)
    unlike = evidence_adjustment(article, story, config, None, cosine=floor / 2)
    assert alike - unlike == pytest.approx(config.evidence.date_and_place)


@pytest.mark.parametrize(
    ("article", "story", "agree"),
    [
        # a sentencing report names the story's victim as its main person
        (
            Evidence(persons=frozenset({"okafor"}), main_persons=frozenset({"okafor"})),
            _story(persons=frozenset({"okafor"})),
            True,
        ),
        # the story's main person named in passing by the report
        (
            Evidence(persons=frozenset({"okafor", "ng"})),
            _story(persons=frozenset({"okafor"}), main_persons=frozenset({"okafor"})),
            True,
        ),
        # a name both merely mention is no tie
        (Evidence(persons=frozenset({"lee"})), _story(persons=frozenset({"lee"})), False),
    ],
)
def test_persons_agree_through_a_main_person(article: Evidence, story: StoryState, agree: bool) -> None:
    assert persons_agree(article, story) is agree
    assert 0.0 <= default_config().evidence.time_kept_on_person_match < 1.0


SIGN_UP = "Thank you for registering!\n\nCheck your inbox and confirm your address to keep reading."


@pytest.mark.parametrize(
    ("title", "text", "body_of"),
    [
        # the opening headline line is not the body; case, spacing and punctuation do not count
        ("Okafor named", "Okafor named\n\nThank you for registering!", "thank you for registering"),
        ("Okafor named", "THANK YOU for registering", "thank you for registering"),
        # a headline shortened by the cleaner (site name dropped) is still the headline
        (
            "Okafor named - Hartwell Daily",
            "Okafor named\nThank you for registering!",
            "thank you for registering",
        ),
        # nothing but the headline, or a long body: no key
        ("Okafor named", "Okafor named", None),
        ("Okafor named", "Okafor named\n" + "word " * 300, None),
    ],
)
def test_page_keys_key_a_short_body_without_its_headline(title: str, text: str, body_of: str | None) -> None:
    keys = page_keys(make(title, text), default_config().template_max_chars)
    if body_of is None:
        assert keys is None
    else:
        assert keys is not None
        assert keys[0] == page_keys(make("Other", body_of), default_config().template_max_chars)[0]  # type: ignore[index]


def _template_run(linker: StoryLinker) -> list[Article]:
    pages = [
        make(*HARTWELL_1),
        make("Bakery owner wounded on Ridge Avenue", SIGN_UP),
        make("Darnell Okafor shot dead on Quarry Lane in Hartwell", SIGN_UP),
    ]
    for pair in FILLER:
        linker.link(StoryInput(make(*pair)))
    for page in pages:
        linker.link(StoryInput(page))
    return pages


def test_page_template_links_on_its_headline_not_its_body() -> None:
    linker = StoryLinker()
    report, first_page, second_page = _template_run(linker)
    # the second sign-up page shares its whole body with the first, but its headline
    # is about the Quarry Lane shooting
    assert linker.story_of(second_page.id) == linker.story_of(report.id)
    assert linker.story_of(first_page.id) != linker.story_of(report.id)
    # a third one about something else altogether shares nothing but the template
    third = linker.link(StoryInput(make("Kestrel stadium roof repaired", SIGN_UP)))
    assert third.created


def test_page_template_does_not_follow_its_duplicate_link() -> None:
    linker = StoryLinker()
    _, first_page, _ = _template_run(linker)
    copy = make("Kestrel stadium roof repaired", SIGN_UP, dup=first_page.id)
    decision = linker.link(StoryInput(copy))
    assert decision.reason != "duplicate"
    assert decision.story_id != linker.story_of(first_page.id)


def test_same_body_under_the_same_headline_is_no_template() -> None:
    linker = StoryLinker()
    _, first_page, _ = _template_run(linker)
    again = make(first_page.title or "", SIGN_UP, day=DAY + dt.timedelta(days=1))
    assert linker.link(StoryInput(again)).story_id == linker.story_of(first_page.id)


def test_restored_entries_remember_page_bodies() -> None:
    linker, rows = StoryLinker(), {}
    for pair in [*FILLER, ("Bakery owner wounded on Ridge Avenue", SIGN_UP)]:
        linker.link(StoryInput(make(*pair)))
        _saved(rows, linker.changes())
    restored = StoryLinker.from_entries(json.loads(json.dumps(rows)))
    assert restored.index.bodies == linker.index.bodies
    from_state = StoryLinker.from_state(json.loads(json.dumps(linker.state())))
    assert from_state.index.bodies == linker.index.bodies
    page = make("Darnell Okafor shot dead on Quarry Lane in Hartwell", SIGN_UP)
    assert linker.link(StoryInput(page)) == restored.link(StoryInput(page))


def _in_town(day: dt.date) -> Evidence:
    return Evidence(dates=frozenset({day}), places=frozenset({"geonames:1"}), coords=((40.0, -75.0),))


def test_a_day_one_later_report_named_earns_no_date_and_town_bonus() -> None:
    """Two incidents of one town meet on the day of one's arrest: only the story's own days tie."""
    later = DAY + dt.timedelta(days=6)
    story = StoryState("s", "t", DAY, DAY, [], {}, 1.0)
    story.absorb({}, _in_town(DAY), keep=10, members=0)
    # A follow-up (the arrest) adds its own day to the story.
    story.absorb({}, _in_town(later), keep=10, members=0)
    config = default_config()
    on_incident_day = evidence_adjustment(_in_town(DAY), story, config, None, DAY)
    on_arrest_day = evidence_adjustment(_in_town(later), story, config, None, later)
    assert on_incident_day - on_arrest_day == pytest.approx(config.evidence.date_and_place)
    # A day a second report names again is the story's own.
    story.absorb({}, _in_town(later), keep=10, members=0)
    assert later in story.core_dates
    again = evidence_adjustment(_in_town(later), story, config, None, later)
    assert again == pytest.approx(on_incident_day)


def test_core_dates_survive_the_state_round_trip() -> None:
    story = _story(dates=frozenset({DAY}))
    story.absorb({}, Evidence(dates=frozenset({DAY + dt.timedelta(days=6)})), keep=10, members=0)
    back = StoryState.from_dict(json.loads(json.dumps(story.to_dict())))
    assert back.core_dates == {DAY}
    assert back.dates == story.dates
