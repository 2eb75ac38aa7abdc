"""Acceptance: the events of the five reference articles, read by the real pipeline.

Each seed goes through ``extract_file`` (cleaning, entity linking, times,
places, figures, quotes, attributions, events) anchored at its publication
date, so these tests check events on real inputs, with KB entity ids.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from threatline.extract import extract_file
from threatline.models import Event

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
ANCHORS = {
    "000": dt.date(2016, 8, 3),
    "001": dt.date(2016, 8, 3),
    "002": dt.date(2017, 5, 1),
    "003": dt.date(2024, 3, 26),
    "004": dt.date(2017, 2, 28),
}
# wording of a threat: an ASSAULT read from such a sentence would be the threat's content
_THREAT_CUE = re.compile(r"\b(will (?:come|kill|attack|strike)|threaten\w*|warn\w*|aveng\w*|revenge)\b", re.I)
# a completed act reported before the threat in the same sentence ("executed the men, warning ...")
_DEED = re.compile(r"\b(executed|killed|attacked|shot|bombed|stormed|arrested)\b", re.I)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seeds() -> dict[str, list[Event]]:
    """The events of every seed, read once for the module."""
    out: dict[str, list[Event]] = {}
    for number, anchor in ANCHORS.items():
        (path,) = SEEDS.glob(f"{number}_*.txt")
        analysis = extract_file(path, published=anchor)
        assert analysis.status == "ok", analysis.status_reason
        out[number] = analysis.events
    return out


def _eid(ref: object) -> str | None:
    return getattr(ref, "entity_id", None)


def _find(events: list[Event], pred: Callable[[Event], bool]) -> list[Event]:
    return [e for e in events if pred(e)]


@pytest.mark.parametrize("number", ["000", "001"])
def test_islamic_state_threatens_putin_and_russia(seeds: dict[str, list[Event]], number: str) -> None:
    threats = _find(
        seeds[number],
        lambda e: (
            e.type == "THREATEN"
            and _eid(e.actor) == "islamic-state"
            and _eid(e.recipient) in ("vladimir-putin", "russia")
        ),
    )
    assert threats


def test_russian_forces_arrest_is_members(seeds: dict[str, list[Event]]) -> None:
    (arrest,) = _find(
        seeds["000"],
        lambda e: e.type == "COERCE" and "arrest" in e.mode and _eid(e.recipient) == "islamic-state",
    )
    assert _eid(arrest.actor) in ("russian-military", "russian-government", "russia")
    assert arrest.date is not None
    assert (arrest.date.start, arrest.date.precision) == (dt.date(2016, 3, 1), "month")


def test_russian_air_strikes_in_syria_are_historical(seeds: dict[str, list[Event]]) -> None:
    strikes = _find(
        seeds["000"],
        lambda e: (
            e.type == "ASSAULT"
            and "aerial" in e.mode
            and _eid(e.actor) == "russia"
            and _eid(e.recipient) == "islamic-state"
        ),
    )
    assert strikes
    strike = strikes[0]
    assert strike.status == "historical"
    assert strike.location is not None
    assert strike.location.name == "Syria"
    assert strike.date is not None
    assert (strike.date.start, strike.date.end) == (dt.date(2015, 1, 1), dt.date(2015, 12, 31))


def test_is_khorasan_threatens_revenge_and_executes_spies(seeds: dict[str, list[Event]]) -> None:
    events = seeds["002"]
    assert _find(
        events,
        lambda e: e.type == "THREATEN" and _eid(e.actor) == "is-khorasan" and _eid(e.recipient) == "russia",
    )
    assert _find(events, lambda e: e.type == "ASSAULT" and "targeted" in e.mode and e.status == "asserted")


def test_khabarovsk_shooting(seeds: dict[str, list[Event]]) -> None:
    shootings = _find(
        seeds["002"],
        lambda e: (
            e.type == "ASSAULT"
            and e.location is not None
            and e.location.name == "Khabarovsk"
            and e.dead is not None
            and e.dead.min == 2
        ),
    )
    assert shootings
    assert shootings[0].date is not None
    assert (shootings[0].date.start, shootings[0].date.precision) == (dt.date(2017, 4, 1), "month")


def test_crocus_city_hall_attack(seeds: dict[str, list[Event]]) -> None:
    (attack,) = _find(seeds["003"], lambda e: e.type == "ASSAULT" and e.dead is not None)
    assert attack.location is not None
    assert attack.location.name == "Krasnogorsk"
    assert attack.date is not None
    assert (attack.date.start, attack.date.precision) == (dt.date(2024, 3, 22), "day")
    assert attack.dead is not None
    assert attack.dead.min == 137
    assert attack.injured is not None
    assert attack.injured.min == 181
    assert [_eid(c) for c in attack.claimed_by] == ["is-khorasan"]
    assert _eid(attack.actor) == "is-khorasan"


def test_arrest_of_four_tajik_citizens(seeds: dict[str, list[Event]]) -> None:
    (arrest,) = _find(
        seeds["003"],
        lambda e: (
            e.type == "COERCE"
            and "arrest" in e.mode
            and e.recipient is not None
            and "four" in e.recipient.text
        ),
    )
    assert _eid(arrest.actor) == "russian-government"
    assert arrest.actor is not None
    assert arrest.actor.text == "Russian authorities"


def test_khorasan_province_threatens_not_plain_islamic_state(seeds: dict[str, list[Event]]) -> None:
    threats = _find(seeds["003"], lambda e: e.type == "THREATEN" and e.actor is not None)
    assert any(_eid(e.actor) == "is-khorasan" for e in threats)
    assert not any(_eid(e.actor) == "islamic-state" for e in threats)


def test_caucasus_province_threatens_putin(seeds: dict[str, list[Event]]) -> None:
    assert _find(
        seeds["004"],
        lambda e: (
            e.type == "THREATEN"
            and _eid(e.actor) == "is-caucasus"
            and _eid(e.recipient) in ("vladimir-putin", "russia")
        ),
    )


def test_dzhemikent_car_bombing(seeds: dict[str, list[Event]]) -> None:
    (bombing,) = _find(seeds["004"], lambda e: e.type == "ASSAULT" and "explosives" in e.mode)
    assert bombing.location is not None
    assert bombing.location.name == "Dzhemikent"
    assert bombing.date is not None
    assert (bombing.date.start, bombing.date.precision) == (dt.date(2017, 2, 15), "day")
    assert bombing.dead is not None
    assert (bombing.dead.min, bombing.dead.max) == (2, 2)


def test_executions_of_agent_and_russian_nationals(seeds: dict[str, list[Event]]) -> None:
    executions = _find(seeds["004"], lambda e: e.type == "ASSAULT" and "targeted" in e.mode)
    assert any(e.recipient is not None and "agent" in e.recipient.text for e in executions)
    december = [e for e in executions if e.date is not None and e.date.start == dt.date(2016, 12, 1)]
    assert december
    (five,) = december
    assert five.status == "historical"
    assert five.dead is not None
    assert five.dead.min == 5


@pytest.mark.parametrize("number", sorted(ANCHORS))
def test_no_assault_from_a_threats_wording(seeds: dict[str, list[Event]], number: str) -> None:
    for event in seeds[number]:
        if event.type != "ASSAULT":
            continue
        # the sentence the event was read from; later evidence is mentions merged into it
        sentence = event.evidence[0].sentence
        cue = _THREAT_CUE.search(sentence)
        deed = _DEED.search(sentence)
        assert cue is None or (deed is not None and deed.start() < cue.start()), sentence


@pytest.mark.parametrize("number", sorted(ANCHORS))
def test_undated_events_fall_back_to_publication(seeds: dict[str, list[Event]], number: str) -> None:
    for event in seeds[number]:
        assert event.date is not None
        if event.date.text == "":
            assert (event.date.end, event.date.anchor, event.date.precision) == (
                ANCHORS[number],
                ANCHORS[number],
                "open",
            )
            assert event.date.start is None
