"""Tests of threatline.analysis.timex: days counted from the day under discussion,
weekday-checked years, expressions of three pieces, hyphenated words after a date."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.tokens import Doc

from threatline.analysis.nlp import load_pipeline
from threatline.analysis.timex import find_times, resolve_time
from threatline.models import TimeInterval

D = dt.date
MAR_2024 = D(2024, 3, 26)  # a Tuesday


def _parse(text: str) -> Doc:
    return load_pipeline()(text)


def _days(found: list[TimeInterval]) -> set[dt.date | None]:
    return {t.start for t in found if t.precision == "day"}


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("A woman was shot Sunday and died the next day.", {D(2024, 3, 24), D(2024, 3, 25)}),
        (
            "He died Sunday morning after he was stabbed the night before, police said.",
            {D(2024, 3, 24), D(2024, 3, 23)},
        ),
        (
            "A clerk was robbed Friday. Two days later, officers arrested a teenager.",
            {D(2024, 3, 22), D(2024, 3, 24)},
        ),
        (
            "The fire started on March 3. The following morning, crews found a body.",
            {D(2024, 3, 3), D(2024, 3, 4)},
        ),
        (
            "Deputies came Monday. A day earlier a neighbour had heard shots.",
            {D(2024, 3, 25), D(2024, 3, 24)},
        ),
        # a clock-like count of minutes stays on the day under discussion, not the publication day
        ("Deputies came Monday. About 15 minutes earlier a neighbour had heard shots.", {D(2024, 3, 25)}),
        # the day named last is the one counted from
        (
            "On March 1 a car was stolen. On Saturday it was burned, and the next day it was found.",
            {D(2024, 3, 1), D(2024, 3, 23), D(2024, 3, 24)},
        ),
    ],
)
def test_phrases_count_from_the_day_under_discussion(text: str, days: set[dt.date]) -> None:
    assert _days(find_times(_parse(text), MAR_2024)) == days


@pytest.mark.parametrize(
    "text",
    [
        # relative to the trial, not to a day of the text
        "The trial opened on Friday. He had fled the day before the verdict was read.",
        # no day to count from
        "The next day, officers found the car in a field.",
        # how many days is not said
        "Officers found the car on Friday. Days later, a man was charged.",
    ],
)
def test_phrases_without_a_day_to_count_from_add_no_day(text: str) -> None:
    found = find_times(_parse(text), MAR_2024)
    named = {D(2024, 3, 22)} if "Friday" in text else set()
    assert _days(found) == named


def test_counted_phrase_without_anchor_stays_unresolved() -> None:
    found = find_times(_parse("He was shot on March 3, 2024 and died the next day."), None)
    later = [t for t in found if t.text == "the next day"]
    assert later
    assert (later[0].start, later[0].precision, later[0].relative) == (None, "open", True)


@pytest.mark.parametrize(
    "text", ["the next day", "the night before", "the following morning", "two days later"]
)
def test_counted_phrase_alone_names_no_day(text: str) -> None:
    got = resolve_time(text, MAR_2024)
    assert got is not None
    assert (got.start, got.end, got.precision, got.relative, got.anchor) == (
        None,
        None,
        "open",
        True,
        MAR_2024,
    )


@pytest.mark.parametrize(
    ("text", "anchor", "start"),
    [
        # the weekday fits the date just after a Thursday anchor: that Friday, not one years back
        ("7 p.m. Friday, Feb. 24", D(2017, 2, 23), D(2017, 2, 24)),
        ("Wednesday, April 20", D(2016, 4, 17), D(2016, 4, 20)),
        # far from the anchor, the weekday picks the year
        ("Saturday, Sept. 12", D(2017, 1, 28), D(2015, 9, 12)),
        # a fitting year far after the anchor does not count: back ten years instead
        ("Wednesday, Dec. 24", MAR_2024, D(2014, 12, 24)),
        # the weekday already fits
        ("Monday, March 18", MAR_2024, D(2024, 3, 18)),
    ],
)
def test_weekday_picks_the_year_nearest_the_anchor(text: str, anchor: dt.date, start: dt.date) -> None:
    got = resolve_time(text, anchor)
    assert got is not None
    assert (got.start, got.precision) == (start, "day")


def test_clock_weekday_and_date_join_into_one_expression() -> None:
    found = find_times(_parse("It happened at 2:30 a.m. Saturday, Sept. 12, near the river."), D(2017, 1, 28))
    assert [(t.text, t.start) for t in found if t.precision == "day"] == [
        ("2:30 a.m. Saturday, Sept. 12", D(2015, 9, 12))
    ]


@pytest.mark.parametrize(
    ("text", "expression", "start"),
    [
        (
            "Nobody was charged in the Sunday, March 17 drive-by that hurt two men.",
            "Sunday, March 17",
            D(2024, 3, 17),
        ),
        ("Police studied the March 9 drive-through robbery.", "March 9", D(2024, 3, 9)),
    ],
)
def test_a_hyphenated_word_after_a_date_is_no_street(text: str, expression: str, start: dt.date) -> None:
    found = find_times(_parse(text), MAR_2024)
    assert [(t.text, t.start) for t in found if t.precision == "day"] == [(expression, start)]
