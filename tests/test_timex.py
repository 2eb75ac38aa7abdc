"""Tests of threatline.analysis.timex: resolving and finding time expressions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError
from spacy.tokens import Doc

from threatline.analysis.nlp import load_pipeline
from threatline.analysis.timex import Holiday, find_times, load_time_words, resolve_time
from threatline.models import TimeInterval

D = dt.date
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
AUG_2016 = D(2016, 8, 3)  # a Wednesday
MAR_2024 = D(2024, 3, 26)  # a Tuesday
FEB_2017 = D(2017, 2, 28)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "anchor", "start", "end", "precision"),
    [
        ("on Friday", MAR_2024, D(2024, 3, 22), D(2024, 3, 22), "day"),
        ("Friday’s", MAR_2024, D(2024, 3, 22), D(2024, 3, 22), "day"),
        ("Tuesday", MAR_2024, MAR_2024, MAR_2024, "day"),
        ("last Tuesday", MAR_2024, D(2024, 3, 19), D(2024, 3, 19), "day"),
        ("Monday evening", FEB_2017, D(2017, 2, 27), D(2017, 2, 27), "day"),
        ("Last year", AUG_2016, D(2015, 1, 1), D(2015, 12, 31), "year"),
        ("In March this year", AUG_2016, D(2016, 3, 1), D(2016, 3, 31), "month"),
        ("in December", FEB_2017, D(2016, 12, 1), D(2016, 12, 31), "month"),
        ("in April", D(2017, 5, 1), D(2017, 4, 1), D(2017, 4, 30), "month"),
        ("last December", FEB_2017, D(2016, 12, 1), D(2016, 12, 31), "month"),
        ("February 15", FEB_2017, D(2017, 2, 15), D(2017, 2, 15), "day"),
        ("February 15", D(2017, 2, 10), D(2016, 2, 15), D(2016, 2, 15), "day"),
        ("a few hours ago", AUG_2016, AUG_2016, AUG_2016, "day"),
        ("earlier today", AUG_2016, AUG_2016, AUG_2016, "day"),
        ("today", AUG_2016, AUG_2016, AUG_2016, "day"),
        ("tonight", AUG_2016, AUG_2016, AUG_2016, "day"),
        ("yesterday", AUG_2016, D(2016, 8, 2), D(2016, 8, 2), "day"),
        ("two days ago", AUG_2016, D(2016, 8, 1), D(2016, 8, 1), "day"),
        ("last month", AUG_2016, D(2016, 7, 1), D(2016, 7, 31), "month"),
        ("next month", AUG_2016, D(2016, 9, 1), D(2016, 9, 30), "month"),
        ("last month", D(2017, 1, 10), D(2016, 12, 1), D(2016, 12, 31), "month"),
        ("last week", AUG_2016, D(2016, 7, 25), D(2016, 7, 31), "week"),
        ("this week", AUG_2016, D(2016, 8, 1), D(2016, 8, 7), "week"),
        ("the weekend", AUG_2016, D(2016, 7, 30), D(2016, 7, 31), "week"),
        ("last summer", AUG_2016, D(2015, 6, 1), D(2015, 8, 31), "season"),
        ("2:11 PM EDT", MAR_2024, MAR_2024, MAR_2024, "day"),
        ("in recent months", AUG_2016, None, AUG_2016, "open"),
        ("years ago", AUG_2016, None, AUG_2016, "open"),
    ],
)
def test_relative_expressions_resolve_against_the_anchor(
    text: str, anchor: dt.date, start: dt.date | None, end: dt.date, precision: str
) -> None:
    got = resolve_time(text, anchor)
    assert got is not None
    assert (got.start, got.end, got.precision) == (start, end, precision)
    assert got.relative
    assert got.anchor == anchor
    assert got.text == text


@pytest.mark.parametrize(
    ("text", "sentence", "start"),
    [
        ("in December", "The group said it will strike again in December.", D(2017, 12, 1)),
        ("Friday", "The court will hear the case on Friday.", D(2017, 3, 3)),
        ("Friday", "The court heard the case on Friday.", D(2017, 2, 24)),
    ],
)
def test_future_tense_resolves_forwards(text: str, sentence: str, start: dt.date) -> None:
    got = resolve_time(text, FEB_2017, sentence=sentence)
    assert got is not None
    assert got.start == start


@pytest.mark.parametrize(
    ("sentence", "start"),
    [
        # a date that is looked ahead to stays in the publication year
        ("The judge ordered him held until March 20", D(2017, 3, 20)),
        ("The vote due on March 20", D(2017, 3, 20)),
        ("He stayed in hospital until February 20", D(2017, 2, 20)),
        # otherwise a date after publication is last year's
        ("The bomb went off on March 20", D(2016, 3, 20)),
    ],
)
def test_a_month_and_day_looked_ahead_to_stays_in_the_year(sentence: str, start: dt.date) -> None:
    got = resolve_time(" ".join(sentence.split()[-2:]), FEB_2017, sentence=sentence)
    assert got is not None
    assert got.start == start


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("in June 2015", D(2015, 6, 1), D(2015, 6, 30), "month"),
        ("2013", D(2013, 1, 1), D(2013, 12, 31), "year"),
        ("the 1990s", D(1990, 1, 1), D(1999, 12, 31), "decade"),
        ("March 22, 2024", D(2024, 3, 22), D(2024, 3, 22), "day"),
        ("Tuesday, January 28, 2014 8:18 PM EST", D(2014, 1, 28), D(2014, 1, 28), "day"),
        ("Feb. 4, 2014", D(2014, 2, 4), D(2014, 2, 4), "day"),
        ("4 February 2014", D(2014, 2, 4), D(2014, 2, 4), "day"),
        ("2014-02-04", D(2014, 2, 4), D(2014, 2, 4), "day"),
        ("2/4/2014", D(2014, 2, 4), D(2014, 2, 4), "day"),
        ("summer 2015", D(2015, 6, 1), D(2015, 8, 31), "season"),
    ],
)
@pytest.mark.parametrize("anchor", [None, AUG_2016])
def test_absolute_expressions_resolve_with_or_without_anchor(
    text: str, start: dt.date, end: dt.date, precision: str, anchor: dt.date | None
) -> None:
    got = resolve_time(text, anchor)
    assert got is not None
    assert (got.start, got.end, got.precision, got.relative, got.anchor) == (
        start,
        end,
        precision,
        False,
        None,
    )


@pytest.mark.parametrize(
    "text", ["on Friday", "last year", "in December", "February 15", "a few hours ago", "2:11 PM EDT"]
)
def test_relative_expressions_without_anchor_stay_open(text: str) -> None:
    got = resolve_time(text, None)
    assert got == TimeInterval(text=text, precision="open", relative=True)


@pytest.mark.parametrize(
    "text",
    ["18", "nine-minute", "for years", "over the years", "24 hours", "two years", "15-year-old", "hello"],
)
def test_durations_ages_and_numbers_are_not_times(text: str) -> None:
    assert resolve_time(text, AUG_2016) is None


def test_lexicon_validates() -> None:
    words = load_time_words()
    assert words.months["sept"] == 9
    assert words.weekdays["sunday"] == 6


# --- find_times on parsed text ----------------------------------------------------------------


def _parse(text: str) -> Doc:
    return load_pipeline()(text)


def _by_text(found: list[TimeInterval], text: str) -> TimeInterval:
    matches = [t for t in found if t.text == text]
    assert matches, f"{text!r} not among {[t.text for t in found]}"
    return matches[0]


@pytest.fixture(scope="module")
def seed_docs() -> dict[str, Doc]:
    nlp = load_pipeline()
    return {p.name[:3]: nlp(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))}


SEED_ANCHORS = {"000": AUG_2016, "001": AUG_2016, "002": D(2017, 5, 1), "003": MAR_2024, "004": FEB_2017}


@pytest.mark.parametrize(
    ("seed", "text", "start", "precision"),
    [
        ("003", "Friday", D(2024, 3, 22), "day"),
        ("003", "2:11 PM EDT, March 26, 2024", D(2024, 3, 26), "day"),
        ("000", "Last year", D(2015, 1, 1), "year"),
        ("000", "March this year", D(2016, 3, 1), "month"),
        ("000", "last month", D(2016, 7, 1), "month"),
        ("000", "a few hours ago", AUG_2016, "day"),
        ("001", "August 03, 2016", AUG_2016, "day"),
        ("002", "2013", D(2013, 1, 1), "year"),
        ("002", "April", D(2017, 4, 1), "month"),
        ("004", "December", D(2016, 12, 1), "month"),
        ("004", "February 15", D(2017, 2, 15), "day"),
        ("004", "June 2015", D(2015, 6, 1), "month"),
        ("004", "Monday evening", D(2017, 2, 27), "day"),
    ],
)
def test_seed_expressions(
    seed_docs: dict[str, Doc], seed: str, text: str, start: dt.date, precision: str
) -> None:
    doc = seed_docs[seed]
    found = find_times(doc, SEED_ANCHORS[seed])
    got = _by_text(found, text)
    assert (got.start, got.precision) == (start, precision)
    assert got.evidence is not None
    assert doc.text[got.evidence.start : got.evidence.end] == text
    assert text in got.evidence.sentence


def test_every_friday_of_seed_003_is_the_attack_day(seed_docs: dict[str, Doc]) -> None:
    fridays = [t for t in find_times(seed_docs["003"], MAR_2024) if "Friday" in t.text]
    assert len(fridays) == 2  # "on Friday" and "Friday’s attack"
    assert {t.start for t in fridays} == {D(2024, 3, 22)}


@pytest.mark.parametrize(
    ("seed", "word"), [("002", "18"), ("000", "nine-minute"), ("000", "2000"), ("003", "years")]
)
def test_seed_non_dates_are_not_found(seed_docs: dict[str, Doc], seed: str, word: str) -> None:
    found = find_times(seed_docs[seed], SEED_ANCHORS[seed])
    assert word not in {t.text for t in found}


def test_clock_time_joins_its_date(seed_docs: dict[str, Doc]) -> None:
    found = find_times(seed_docs["003"], MAR_2024)
    clock = [t for t in found if "PM" in t.text]
    assert [t.text for t in clock] == ["2:11 PM EDT, March 26, 2024"]


def test_seed_without_anchor_never_guesses(seed_docs: dict[str, Doc]) -> None:
    found = find_times(seed_docs["000"], None)
    assert found, "the expressions are still found"
    for interval in found:
        assert interval.relative
        assert (interval.start, interval.end, interval.precision) == (None, None, "open")


@pytest.mark.parametrize(
    ("text", "expression", "start"),
    [
        ("The man was shot on Friday in the lobby.", "Friday", D(2024, 3, 22)),
        ("Police said it happened Tuesday morning near the park.", "Tuesday morning", MAR_2024),
        ("The suspect, who was shot Monday night, will appear in court.", "Monday night", D(2024, 3, 25)),
        ("He will appear in court on Thursday.", "Thursday", D(2024, 3, 28)),
        ("Shots were fired at 9 p.m. on March 20 outside a bar.", "9 p.m. on March 20", D(2024, 3, 20)),
        ("The attack took place two weeks ago in the city.", "two weeks ago", D(2024, 3, 11)),
        ("They lived in the 1700 block of Main Street since 2013.", "2013", D(2013, 1, 1)),
    ],
)
def test_find_times_in_sentences(text: str, expression: str, start: dt.date) -> None:
    found = find_times(_parse(text), MAR_2024)
    got = _by_text(found, expression)
    assert got.start == start
    assert got.evidence is not None
    assert text[got.evidence.start : got.evidence.end] == expression


def test_block_numbers_and_counts_are_not_years() -> None:
    found = find_times(_parse("He lived in the 1700 block of Oak Street and 2000 people came."), MAR_2024)
    assert found == []


# --- day words, holidays, weekday-checked dates ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("last night", D(2016, 8, 2)),
        ("Late last night", D(2016, 8, 2)),
        ("early this morning", AUG_2016),
        ("this afternoon", AUG_2016),
        ("Saturday night", D(2016, 7, 30)),
    ],
)
def test_day_words_keep_their_part_of_day(text: str, start: dt.date) -> None:
    got = resolve_time(text, AUG_2016)
    assert got is not None
    assert (got.start, got.end, got.precision) == (start, start, "day")


JAN_2017 = D(2017, 1, 3)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "anchor", "start"),
    [
        ("New Year's Eve", JAN_2017, D(2016, 12, 31)),
        ("new years eve", JAN_2017, D(2016, 12, 31)),
        ("on Christmas Day", JAN_2017, D(2016, 12, 25)),
        ("Christmas morning", JAN_2017, D(2016, 12, 25)),
        ("the Fourth of July", AUG_2016, D(2016, 7, 4)),
        ("Thanksgiving night", JAN_2017, D(2016, 11, 24)),
        ("Black Friday", JAN_2017, D(2016, 11, 25)),
        ("Memorial Day", AUG_2016, D(2016, 5, 30)),
        ("Mother’s Day", AUG_2016, D(2016, 5, 8)),
        ("MLK Day", JAN_2017, D(2016, 1, 18)),
        ("Easter Sunday", AUG_2016, D(2016, 3, 27)),
        ("Good Friday", D(2015, 4, 10), D(2015, 4, 3)),
        ("Labor Day", D(2016, 9, 5), D(2016, 9, 5)),
        ("last Labor Day", D(2016, 9, 5), D(2015, 9, 7)),
    ],
)
def test_holidays_resolve_to_their_latest_day(text: str, anchor: dt.date, start: dt.date) -> None:
    got = resolve_time(text, anchor)
    assert got is not None
    assert (got.start, got.end, got.precision, got.relative) == (start, start, "day", True)


@pytest.mark.parametrize(
    ("text", "start"),
    [("Christmas Eve 2015", D(2015, 12, 24)), ("Thanksgiving Day 2014", D(2014, 11, 27))],
)
@pytest.mark.parametrize("anchor", [None, AUG_2016])
def test_holidays_with_a_year_need_no_anchor(text: str, start: dt.date, anchor: dt.date | None) -> None:
    got = resolve_time(text, anchor)
    assert got is not None
    assert (got.start, got.precision, got.relative) == (start, "day", False)


def test_holiday_in_a_future_sentence_resolves_forwards() -> None:
    got = resolve_time("Christmas", D(2016, 11, 1), sentence="The family will gather at Christmas")
    assert got is not None
    assert got.start == D(2016, 12, 25)


def test_holiday_without_anchor_stays_open() -> None:
    assert resolve_time("Halloween", None) == TimeInterval(text="Halloween", precision="open", relative=True)


@pytest.mark.parametrize(
    ("text", "anchor", "start"),
    [
        # Sept. 12 was a Saturday in 2015, not in 2016
        ("Saturday, Sept. 12", D(2017, 1, 28), D(2015, 9, 12)),
        ("2:30 a.m. Saturday, Sept. 12", D(2017, 1, 28), D(2015, 9, 12)),
        ("Monday, Sept. 12", D(2017, 1, 28), D(2016, 9, 12)),
        ("Tuesday, 4 March", MAR_2024, D(2014, 3, 4)),
    ],
)
def test_weekday_picks_the_year_of_a_month_and_day(text: str, anchor: dt.date, start: dt.date) -> None:
    got = resolve_time(text, anchor)
    assert got is not None
    assert got.start == start


@pytest.mark.parametrize(
    ("rule", "year", "day"),
    [
        ({"month": 11, "weekday": 3, "nth": 4}, 2015, D(2015, 11, 26)),
        ({"month": 5, "weekday": 0, "nth": -1}, 2015, D(2015, 5, 25)),
        ({"easter": 0}, 2019, D(2019, 4, 21)),
        ({"easter": 0}, 2000, D(2000, 4, 23)),
        ({"month": 2, "day": 29}, 2015, None),
    ],
)
def test_holiday_rules(rule: dict[str, int], year: int, day: dt.date | None) -> None:
    assert Holiday.model_validate(rule).in_year(year) == day


@pytest.mark.parametrize(
    "rule", [{"month": 5}, {"month": 5, "day": 1, "easter": 0}, {"weekday": 0, "nth": 1}]
)
def test_holiday_rules_need_exactly_one_shape(rule: dict[str, int]) -> None:
    with pytest.raises(ValidationError):
        Holiday.model_validate(rule)


@pytest.mark.parametrize(
    ("text", "expression", "start"),
    [
        ("A man was shot late last night outside a bar.", "late last night", D(2024, 3, 25)),
        ("Two men were hurt Monday afternoon in a fight.", "Monday afternoon", D(2024, 3, 25)),
        ("He was killed on Christmas in his home.", "Christmas", D(2023, 12, 25)),
        ("Police made two arrests after the MLK Day shootings.", "MLK Day", D(2024, 1, 15)),
        ("The girl was hurt at a Halloween party downtown.", "Halloween", D(2023, 10, 31)),
    ],
)
def test_find_times_day_words_and_holidays(text: str, expression: str, start: dt.date) -> None:
    got = _by_text(find_times(_parse(text), MAR_2024), expression)
    assert (got.start, got.precision) == (start, "day")


@pytest.mark.parametrize(
    "text",
    [
        "Strands of Christmas lights hung over the porch.",
        "She sent him a Christmas card.",
        "They travelled over the Thanksgiving weekend.",
    ],
)
def test_holidays_that_name_no_day_are_not_dates(text: str) -> None:
    found = find_times(_parse(text), MAR_2024)
    assert all(t.precision != "day" for t in found), [t.text for t in found]
