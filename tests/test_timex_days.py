"""Tests of threatline.analysis.timex: clock times, weekday abbreviations, captioned dates."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError
from spacy.tokens import Doc

from threatline.analysis.nlp import load_pipeline
from threatline.analysis.timex import TimeWords, find_times, load_time_words, resolve_time
from threatline.models import TimeInterval

D = dt.date
MAR_2024 = D(2024, 3, 26)  # a Tuesday
SEP_2015 = D(2015, 9, 14)  # a Monday


def _parse(text: str) -> Doc:
    return load_pipeline()(text)


def _days(found: list[TimeInterval]) -> dict[str, dt.date | None]:
    return {t.text: t.start for t in found if t.precision == "day"}


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("about 9:30 p.m.", MAR_2024),
        ("approximately 2:17 a.m.", MAR_2024),
        ("shortly after midnight", MAR_2024),
        ("just after 4:20 p.m. Saturday", D(2024, 3, 23)),
        ("about 3 a.m. Sunday", D(2024, 3, 24)),
        # an upper-case zone only: " last" and " Sept" are words, not zones
        ("8:00 p.m. last night", D(2024, 3, 25)),
        ("2:15 p.m. Sept. 1", D(2023, 9, 1)),
        ("9 p.m. EDT", MAR_2024),
    ],
)
def test_clock_times_with_lead_words_resolve(text: str, start: dt.date) -> None:
    got = resolve_time(text, MAR_2024)
    assert got is not None
    assert (got.start, got.precision, got.relative, got.anchor) == (start, "day", True, MAR_2024)


def test_lead_word_does_not_turn_a_duration_into_a_date() -> None:
    assert resolve_time("about two hours", MAR_2024) is None


@pytest.mark.parametrize(
    ("text", "clock", "start"),
    [
        ("A man was shot Sunday. Police arrived about 9:30 p.m.", "about 9:30 p.m", D(2024, 3, 24)),
        ("The attack on March 3 began at 2 p.m. and ended at 5 p.m.", "5 p.m", D(2024, 3, 3)),
        ("Police were called about 9:30 p.m. to the park.", "about 9:30 p.m", MAR_2024),
    ],
)
def test_bare_clock_takes_the_day_under_discussion(text: str, clock: str, start: dt.date) -> None:
    found = find_times(_parse(text), MAR_2024)
    got = [t for t in found if t.text == clock]
    assert got, [t.text for t in found]
    assert (got[0].start, got[0].end, got[0].precision) == (start, start, "day")
    assert got[0].relative
    assert got[0].anchor == MAR_2024  # still resolved against the publication date


def test_bare_clock_adds_no_day_of_its_own_after_a_day() -> None:
    found = find_times(_parse("A man was shot Sunday. It happened about 11 p.m. near a bar."), MAR_2024)
    assert set(_days(found).values()) == {D(2024, 3, 24)}


def test_bare_clock_without_anchor_stays_unresolved() -> None:
    found = find_times(_parse("A man was shot on March 3, 2024. It happened about 11 p.m."), None)
    clocks = [t for t in found if "11" in t.text]
    assert clocks
    assert all((t.start, t.precision, t.relative) == (None, "open", True) for t in clocks)


@pytest.mark.parametrize(
    ("text", "expression", "start"),
    [
        ("Four Marines were killed in Chattanooga Thurs. in an attack.", "Thurs", D(2015, 9, 10)),
        ("The man was shot Sat. night near the bar.", "Sat. night", D(2015, 9, 12)),
        ("It happened Sat., Sept. 12 at the park.", "Sat., Sept. 12", D(2015, 9, 12)),
        ("Police said the girl was hurt Tues. afternoon.", "Tues. afternoon", D(2015, 9, 8)),
    ],
)
def test_abbreviated_weekdays(text: str, expression: str, start: dt.date) -> None:
    days = _days(find_times(_parse(text), SEP_2015))
    assert days.get(expression) == start, days


@pytest.mark.parametrize(
    "text",
    [
        "He sat. Then he left the room.",
        "Police told the Baltimore Sun. The case is open.",
        "They wed. Nobody came.",
    ],
)
def test_weekday_abbreviations_need_a_capital_and_a_period(text: str) -> None:
    assert _days(find_times(_parse(text), SEP_2015)) == {}


@pytest.mark.parametrize(
    ("text", "anchor", "start"),
    [("Thurs.", SEP_2015, D(2015, 9, 10)), ("Sat., Sept. 12", D(2017, 1, 28), D(2015, 9, 12))],
)
def test_abbreviated_weekdays_resolve(text: str, anchor: dt.date, start: dt.date) -> None:
    got = resolve_time(text, anchor)
    assert got is not None
    assert got.start == start


def test_captioned_weekday_and_date_is_one_expression() -> None:
    found = find_times(_parse("In this Wednesday, Dec. 5, 2012 photo, a lone cross stands."), D(2013, 3, 21))
    assert _days(found) == {"this Wednesday, Dec. 5, 2012": D(2012, 12, 5)}


def test_weekday_abbreviations_are_validated() -> None:
    data = load_time_words().model_dump()
    data["weekday_abbreviations"] = {"thurs": 9}
    with pytest.raises(ValidationError):
        TimeWords.model_validate(data)
    assert load_time_words().weekday_number("Thurs.") == 3


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Four people were shot at Brook and Winter streets on Friday night.", ["Friday night"]),
        ("He was shot on Independence Day Drive last winter.", ["last winter"]),
        ("The store on Summer Street was robbed in March 2015.", ["March 2015"]),
        # a house number is no year, however many words name its street
        ("The first call came from 1722 Thurgood Street on Friday.", ["Friday"]),
        ("Shots were fired at 2073 Pleasant Oak Road in March 2015.", ["March 2015"]),
        ("In 2015, Harbor Road was closed.", ["2015"]),
        # abbreviated words with their periods ("S." for South, "Ave.")
        ("The club, located at 1912 S. Orange Ave., was closed on Sunday.", ["Sunday"]),
        ("Officers went to 2210 N. Elm St. on Friday.", ["Friday"]),
        ("In 2016 S. Korea raised its alert.", ["2016"]),
    ],
)
def test_a_street_named_for_a_time_is_no_time(text: str, kept: list[str]) -> None:
    assert [t.text for t in find_times(_parse(text), MAR_2024)] == kept


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # a lower-case expression is no street's name: "St." before a name is Saint
        ("Two men died in overnight St. Paul shootings.", ["overnight"]),
        ("He was shot last night St. Cloud police said.", ["last night"]),
        # "court" and "drive" lower case are the things, not streets
        ("He is held until a Thursday court hearing.", ["Thursday"]),
        ("They were out on a Sunday drive when shots rang out.", ["Sunday"]),
        ("He was hurt in a Sunday road rage shooting.", ["Sunday"]),
        ("A Saturday highway chase ended in a crash.", ["Saturday"]),
        # lower-case plural street words still name streets
        ("Police closed Brook and Winter streets in March 2015.", ["March 2015"]),
        # capitalised, they still name streets
        ("Police closed Christmas Court in March 2015.", ["March 2015"]),
    ],
)
def test_a_common_noun_or_saint_after_a_time_is_no_street(text: str, kept: list[str]) -> None:
    assert [t.text for t in find_times(_parse(text), MAR_2024)] == kept
