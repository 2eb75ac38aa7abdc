"""The time-words lexicon: ``data/time_words.yaml`` as validated records.

Month, weekday and number words, tense cues, street words and the holiday
rules are data, not code: :class:`TimeWords` checks the file once per process
(:func:`load_time_words`) so that a bad edit fails loudly at load time rather
than as a wrong date later. A :class:`Holiday` is one of three rule shapes (a
fixed date, the nth weekday of a month, an offset from Easter) and knows its
date in any year.
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import cache

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from threatline.analysis.timex.calendar import easter_sunday, safe_date
from threatline.datafiles import load_bundled

__all__ = ["Holiday", "TimeWords", "load_time_words"]


class Holiday(BaseModel):
    """One holiday of the lexicon: a fixed date, an nth weekday of a month, or an Easter offset."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)
    weekday: int | None = Field(default=None, ge=0, le=6)
    nth: int | None = Field(default=None, ge=-1, le=5)
    easter: int | None = None
    offset: int = 0
    cue: bool = False

    @model_validator(mode="after")
    def _one_rule(self) -> Holiday:
        given = {k for k in ("month", "day", "weekday", "nth", "easter") if getattr(self, k) is not None}
        shapes = ({"month", "day"}, {"month", "weekday", "nth"}, {"easter"})
        if given not in shapes or self.nth == 0:
            raise ValueError("a holiday needs exactly one of month+day, month+weekday+nth, easter")
        return self

    def in_year(self, year: int) -> dt.date | None:
        """The holiday's date in ``year`` (None for a fixed date the year lacks)."""
        if self.easter is not None:
            return easter_sunday(year) + dt.timedelta(days=self.easter + self.offset)
        assert self.month is not None
        if self.day is not None:
            found = safe_date(year, self.month, self.day)
            return None if found is None else found + dt.timedelta(days=self.offset)
        assert self.weekday is not None
        assert self.nth is not None
        if self.nth > 0:
            first = dt.date(year, self.month, 1)
            found = first + dt.timedelta(days=(self.weekday - first.weekday()) % 7 + 7 * (self.nth - 1))
        else:
            last = dt.date(year, self.month, calendar.monthrange(year, self.month)[1])
            found = last - dt.timedelta(days=(last.weekday() - self.weekday) % 7)
        return found + dt.timedelta(days=self.offset)


class TimeWords(BaseModel):
    """The lexicon of ``data/time_words.yaml``, validated."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    months: dict[str, int]
    ambiguous_months: list[str]
    weekdays: dict[str, int]
    weekday_abbreviations: dict[str, int]
    numbers: dict[str, int]
    vague_numbers: list[str]
    day_words: dict[str, int]
    discourse_days: dict[str, int] = {}
    parts_of_day: list[str]
    seasons: dict[str, tuple[int, int]]
    future_cues: list[str]
    onward_cues: list[str] = []
    date_cues: list[str]
    figure_nouns: list[str]
    street_words: list[str]
    common_street_words: list[str] = []
    """street words that name a street only capitalised ("Court", not "a court hearing")"""
    holidays: dict[str, Holiday]
    holiday_periods: list[str]
    holiday_event_nouns: list[str]
    span_units: dict[str, int] = {}
    """nouns that count a time from another act ("days before the attack"), with their days"""
    span_orders: dict[str, int] = {}
    """words that put such a time before (-1) or after (1) the act named"""
    span_singles: list[str] = []
    """determiners that make a counting noun one ("the day after", "a week before")"""
    dayless_words: list[str] = []
    """day words a report uses of its scene's night or day whatever day it is posted"""

    @field_validator("months")
    @classmethod
    def _months_in_range(cls, value: dict[str, int]) -> dict[str, int]:
        if any(not 1 <= m <= 12 for m in value.values()):
            raise ValueError("month numbers must be 1-12")
        return value

    @field_validator("weekdays")
    @classmethod
    def _weekdays_in_range(cls, value: dict[str, int]) -> dict[str, int]:
        if sorted(value.values()) != list(range(7)):
            raise ValueError("weekdays must number Monday=0 .. Sunday=6, once each")
        return value

    @field_validator("weekday_abbreviations")
    @classmethod
    def _abbreviations_in_range(cls, value: dict[str, int]) -> dict[str, int]:
        if any(not 0 <= d <= 6 for d in value.values()):
            raise ValueError("weekday abbreviations must number Monday=0 .. Sunday=6")
        return value

    def weekday_number(self, name: str) -> int:
        """Monday=0 .. Sunday=6 for a weekday name or abbreviation ("Friday", "Thurs.")."""
        key = name.lower().rstrip(".")
        return self.weekdays[key] if key in self.weekdays else self.weekday_abbreviations[key]


@cache
def load_time_words() -> TimeWords:
    """The bundled lexicon, read and validated once per process.

    Raises :class:`DataFileError` when the file is missing or invalid.
    """
    return load_bundled("time_words.yaml", TimeWords, "time words")
