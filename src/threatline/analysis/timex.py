"""Time expressions: find them in a parsed article and resolve them to intervals.

Two public functions:

* :func:`resolve_time` turns one expression ("on Friday", "last year",
  "June 2015") into a :class:`~threatline.models.TimeInterval`, or ``None`` when
  the words are not a point or period in time.
* :func:`find_times` finds every date or time expression of a spaCy ``Doc``
  (the model's DATE/TIME entities plus regular expressions for what the small
  model misses) and resolves each with its evidence offsets.

Resolution rules (the anchor is the publication date):

* Relative expressions are resolved against ``anchor`` and carry ``anchor`` and
  ``relative=True``. Without an anchor they stay unresolved: precision
  ``open``, no start or end, ``relative=True``. Nothing is guessed.
* A weekday is the most recent such day not after the anchor (the anchor's own
  weekday means the anchor day), strictly before it with "last", and the next
  one when the sentence speaks of the future ("will", "next").
* A month without a year is the most recent such month not after the anchor's
  month; in a future-tense sentence the next one. A month and day without a
  year ("February 15") is that date in the anchor's year, or in the year before
  when it would fall after the anchor, unless a word before it looks ahead
  ("held until May 22", "the election due on 8 June": the anchor's year).
  A weekday given with such a date ("Saturday, Sept. 12") picks the year,
  nearest the anchor, in which the date falls on that weekday: up to ten
  back, or the next year when that puts it at most a month after the anchor.
* "today", "tonight", "this morning", "a few hours ago": the anchor day.
  "yesterday", "last night": the day before. A clock time alone ("about
  9:30 p.m.") names no day: :func:`find_times` gives it the day of the
  latest day-precision expression before it in the text, else the anchor
  day (its ``anchor`` is the publication date either way). "The next day",
  "the night before", "two days later" count from that same day; with none
  before them (or "the day before the trial") they stay unresolved.
* Abbreviated weekdays ("Sat.", "Thurs.") count in running text only when
  capitalised and followed by their period.
* A holiday ("New Year's Eve", "Thanksgiving", "Memorial Day", "Easter")
  is its most recent occurrence not after the anchor (strictly before with
  "last"; the next one in a future-tense clause), or its day in the year
  given. Its rule (fixed date, nth weekday, Easter offset) is in the lexicon.
  A holiday naming a thing ("Christmas lights") or a period around the day
  ("Thanksgiving weekend") is not a date.
* "last week" is the previous Monday-to-Sunday week (precision ``week``);
  "the weekend" the most recent Saturday and Sunday (precision ``week``).
* Vague expressions ("years ago", "in recent months", "a few days ago", "the
  past two weeks") get precision ``open``: an open interval whose known bounds
  are kept, for the past ``end`` = the anchor (and ``start`` where a count is
  given), for the future ``start`` = the anchor. ``open`` therefore means
  "no calendar unit", not always "nothing known".
* Durations are not times: "for years", "over the years", "24 hours", "a
  nine-minute video", "two years" (without "ago") resolve to ``None``, as do
  ages ("18", "15-year-old") and figures ("2000 Russians", checked by
  :func:`find_times` from the next word).
* Anaphoric periods ("the early part of the month") cannot be resolved without
  discourse context: they are kept as ``open`` and relative.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from spacy.tokens import Doc

from threatline.analysis.nlp import text_of
from threatline.errors import DataFileError
from threatline.models import Evidence, Precision, TimeInterval

__all__ = ["Holiday", "TimeWords", "find_times", "load_time_words", "resolve_time"]

_UNITS = ("minute", "hour", "day", "week", "month", "year", "decade")


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
            return _easter_sunday(year) + dt.timedelta(days=self.easter + self.offset)
        assert self.month is not None
        if self.day is not None:
            found = _safe_date(year, self.month, self.day)
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


def _easter_sunday(year: int) -> dt.date:
    """Western (Gregorian) Easter Sunday, by the anonymous Gregorian computus."""
    golden = year % 19
    century, year_in_century = divmod(year, 100)
    leap_skips, leap_rest = divmod(century, 4)
    moon_fix = (century + 8) // 25
    moon_corr = (century - moon_fix + 1) // 3
    epact = (19 * golden + century - leap_skips - moon_corr + 15) % 30
    quad, rest = divmod(year_in_century, 4)
    weekday_fix = (32 + 2 * leap_rest + 2 * quad - epact - rest) % 7
    shift = (golden + 11 * epact + 22 * weekday_fix) // 451
    month, day = divmod(epact + weekday_fix - 7 * shift + 114, 31)
    return dt.date(year, month, day + 1)


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
    holidays: dict[str, Holiday]
    holiday_periods: list[str]
    holiday_event_nouns: list[str]

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
    try:
        raw = resources.files("threatline.data").joinpath("time_words.yaml").read_text("utf-8")
        return TimeWords.model_validate(yaml.safe_load(raw))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise DataFileError(f"time_words.yaml: {exc}") from exc


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first so that prefixes lose."""
    items = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)


@dataclass(frozen=True)
class _Grammar:
    """Compiled regular expressions built from the lexicon (once per process)."""

    words: TimeWords
    clock: re.Pattern[str]
    full: dict[str, re.Pattern[str]]
    detect: re.Pattern[str]
    bare_month: re.Pattern[str]
    bare_year: re.Pattern[str]
    future: re.Pattern[str]
    onward: re.Pattern[str]
    duration: re.Pattern[str]
    part_of_day: re.Pattern[str]
    holiday: re.Pattern[str]
    holidays: dict[str, Holiday]
    discourse: re.Pattern[str]


def _holiday_key(text: str) -> str:
    """Holiday words without apostrophes and with single spaces, for lexicon look-ups."""
    return " ".join(text.lower().replace("'", "").replace("’", "").split())


@cache
def _grammar() -> _Grammar:
    w = load_time_words()
    month = _alt(w.months)
    # in a normalised (lower-case) expression an abbreviation may keep its period
    wday = "|".join([_alt(w.weekdays), *(re.escape(a) + r"\.?" for a in w.weekday_abbreviations)])
    # in running text only a capitalised abbreviation with its period counts ("Thurs."): "sat" is a verb
    wday_abbr = "|".join(re.escape(a.capitalize()) + r"\." for a in w.weekday_abbreviations)
    num = _alt([*w.numbers, *w.vague_numbers]) + r"|\d{1,3}"
    part = _alt(w.parts_of_day)
    unit = "|".join(_UNITS)
    season = _alt(w.seasons)
    dayword = _alt(w.day_words)
    discourse_phrase = _alt(w.discourse_days) or "(?!)"
    # apostrophes optional: "New Years Eve", "Mothers Day"
    holiday = _alt(w.holidays).replace("'", "['’]?")
    clock = (
        r"(?:\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b|a\.m|p\.m)|\bnoon\b|\bmidnight\b)"
        # the zone is upper case even though the rest matches either case: " Sept", " last" are no zones
        r"(?-i:\s+[A-Z]{2,4}T\b)?"
    )
    yr = r"(?:1[6-9]\d\d|20\d\d)"
    day = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
    # Each full pattern must match a whole normalised expression (see _normalise).
    full = {
        "iso": rf"(?P<y>{yr})-(?P<m>\d\d)-(?P<d>\d\d)",
        "numeric": rf"(?P<m>1[0-2]|0?[1-9])/(?P<d>[12]\d|3[01]|0?[1-9])/(?P<y>{yr}|\d\d)",
        # "(In) this Wednesday, Dec. 5, 2012 (photo)": the date names the day, "this" adds nothing
        "mdy": rf"(?:(?:this\s+|last\s+)?(?P<wd>{wday}),?\s+)?(?P<month>{month})\.?\s+(?P<d>{day})"
        rf"(?:,?\s+(?P<y>{yr}))?",
        "dmy": rf"(?:(?:this\s+|last\s+)?(?P<wd>{wday}),?\s+)?(?:the\s+)?(?P<d>{day})\s+"
        rf"(?:of\s+)?(?P<month>{month})\.?"
        rf"(?:,?\s+(?P<y>{yr}))?",
        "my": rf"(?P<month>{month})\.?,?\s+(?:of\s+)?(?P<y>{yr})",
        "month": rf"(?:(?P<rel>last|this|next|past|previous|coming)\s+)?(?P<month>{month})\.?"
        rf"(?:\s+(?:of\s+)?(?P<yrel>this|last|next|the\s+previous|the\s+following)\s+year)?",
        "decade": r"(?:the\s+)?(?P<c>1[6-9]|20)?(?P<dd>\d)0'?s|(?:the\s+)?['’](?P<d2>\d)0s",
        "year": rf"(?P<y>{yr})",
        "weekday": rf"(?:(?P<rel>last|this|past|next|this\s+past|this\s+coming|coming)\s+)?(?P<wday>{wday})",
        "dayword": rf"(?P<dw>{dayword})",
        "ago": rf"(?:(?P<n>{num})\s+)?(?:(?:more|less|fewer)\s+than\s+)?(?P<unit>{unit})s?\s+"
        r"(?:ago|earlier|before)",
        "unit_rel": r"(?P<rel>last|this|next|past|previous|coming|current|earlier\s+this|later\s+this)\s+"
        r"(?P<unit>week|month|year|weekend|decade)",
        "weekend": r"(?:the\s+)?weekend",
        "season": rf"(?:(?P<rel>last|this|next|past)\s+)?(?P<season>{season})(?:\s+(?:of\s+)?(?P<y>{yr}))?",
        "recent": rf"(?:recent|the\s+(?:past|last)(?:\s+(?P<n>{num}))?|the\s+coming(?:\s+(?P<n2>{num}))?)"
        rf"\s+(?P<unit>{unit})s?",
        "holiday": rf"(?:(?P<rel>last|this|next|past)\s+)?(?:the\s+)?(?P<hol>{holiday})"
        rf"(?:,?\s+(?P<y>{yr}))?",
        "anaphor": rf"(?:that|the)\s+(?:same\s+)?(?:{unit}|{wday})",
    }
    compiled = {k: re.compile(v, re.IGNORECASE) for k, v in full.items()}
    cue = r"\b(?:in|on|since|during|until|till|by|of|from|before|after|through|last|this|next|early|late|mid)"
    detect = re.compile(
        "|".join(
            [
                rf"\b(?:{month})\.?\s+{day}(?:,?\s+{yr})?\b",
                rf"\b{day}\s+(?:of\s+)?(?:{month})\b\.?(?:,?\s+{yr})?",
                rf"\b(?:{month})\.?,?\s+{yr}\b",
                rf"\b(?:(?:last|this|next|past|coming)\s+)?(?:{_alt(w.weekdays)})(?:\s+{part})?\b",
                rf"\b(?-i:{wday_abbr})(?:\s+(?:{part})\b)?",
                rf"\b(?:{dayword})\b",
                rf"\b(?:{discourse_phrase})\b",
                rf"\b(?:(?:{num})\s+)?(?:day|hour|minute)s?\s+later\b",
                rf"\b(?:(?:{num})\s+)?(?:{unit})s?\s+ago\b",
                r"\b(?:last|this|next|past|previous|coming|earlier\s+this|later\s+this)\s+"
                r"(?:week|month|year|weekend)\b",
                rf"\b(?:recent|the\s+(?:past|last)(?:\s+(?:{num}))?)\s+(?:{unit})s?\b",
                rf"\b(?:the\s+)?(?:early|late|latter|first|last)\s+(?:part|half)\s+of\s+the\s+(?:{unit})\b",
                rf"\b(?:{season})\s+(?:of\s+)?{yr}\b",
                rf"\b(?:last|this|next)\s+(?:{season})\b",
                rf"\b{yr}-\d\d-\d\d\b",
                rf"\b(?:1[0-2]|0?[1-9])/(?:[12]\d|3[01]|0?[1-9])/(?:{yr}|\d\d)\b",
                r"\b(?:the\s+)?(?:1[6-9]|20)\d0'?s\b",
                # a clock time the model did not tag ("about 9:30 p.m."); see find_times for its day
                rf"(?<![\w:]){clock}",
            ]
        ),
        re.IGNORECASE,
    )
    # Capitalised bare month and cue + year: checked by the caller for a cue word.
    bare_month = re.compile(rf"(?<![\w.])(?:{_alt(m.capitalize() for m in w.months)})\b")
    bare_year = re.compile(
        rf"{cue}\s+(?:early\s+|late\s+|mid-?)?(?P<year>{yr})\b(?![-/:]\d|\s*%)", re.IGNORECASE
    )
    future = re.compile(rf"(?<!\w)(?:{_alt(w.future_cues)})(?!\w)", re.IGNORECASE)
    onward = re.compile(rf"(?<!\w)(?:{_alt(w.onward_cues) or '(?!)'})\s+$", re.IGNORECASE)
    duration = re.compile(
        rf"^(?:for|over|within|in\s+(?:just|only|under|less\s+than)|after|about|nearly|almost|some)?\s*"
        rf"(?:the\s+)?(?:(?:{num}|more\s+than|several)\s+)*(?:{unit}|second)s?$"
        rf"|\d+[-\s](?:{unit}|second)s?[-\s]old|(?:{num}|\d+)-(?:{unit}|second)\b|\bold\b",
        re.IGNORECASE,
    )
    part_of_day = re.compile(rf"\s+(?:{part})$", re.IGNORECASE)
    periods = _alt(w.holiday_periods)
    holiday_detect = re.compile(
        rf"(?<![\w'’])(?:{holiday})(?![\w'’])(?!\s+(?:{periods})\b)(?:,?\s+{yr}\b)?", re.IGNORECASE
    )
    return _Grammar(
        w,
        re.compile(clock, re.IGNORECASE),
        compiled,
        detect,
        bare_month,
        bare_year,
        future,
        onward,
        duration,
        part_of_day,
        holiday_detect,
        {_holiday_key(name): rule for name, rule in w.holidays.items()},
        re.compile(
            rf"(?P<phrase>{discourse_phrase})|(?:(?P<n>{num})\s+)?(?P<unit>day|hour|minute)s?\s+"
            r"(?P<dir>earlier|later)",
            re.IGNORECASE,
        ),
    )


# --- calendar helpers -------------------------------------------------------------------------


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _week_span(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _minus_units(anchor: dt.date, n: int, unit: str) -> dt.date:
    if unit in ("minute", "hour"):
        return anchor
    if unit in ("day", "week"):
        return anchor - dt.timedelta(days=n * (7 if unit == "week" else 1))
    months = n * {"month": 1, "year": 12, "decade": 120}[unit]
    year, month = _shift_month(anchor, -months)
    return dt.date(year, month, min(anchor.day, calendar.monthrange(year, month)[1]))


# --- resolution -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ctx:
    text: str
    anchor: dt.date | None
    future: bool
    onward: bool = False
    """the expression follows a word that looks ahead ("until", "due on")"""


def _interval(
    ctx: _Ctx, start: dt.date | None, end: dt.date | None, precision: Precision, relative: bool
) -> TimeInterval:
    return TimeInterval(
        text=ctx.text,
        start=start,
        end=end,
        precision=precision,
        anchor=ctx.anchor if relative else None,
        relative=relative,
    )


def _unresolved(ctx: _Ctx) -> TimeInterval:
    return _interval(ctx, None, None, "open", relative=True)


_LEAD = re.compile(
    r"^(?:(?:on|in|at|since|during|until|till|by|from|before|after|through|around|about|approximately|"
    r"roughly|just|shortly|sometime|some\s+time|as\s+of|"
    r"as\s+early\s+as|the\s+(?:early|late|latter|first|second|middle|end|beginning|start)\s+"
    r"(?:part\s+|half\s+)?of|(?:the\s+)?(?:early|earlier|late|mid)(?:-|\s+)(?=\S))\s*)+",
    re.IGNORECASE,
)


def _normalise(text: str, g: _Grammar) -> tuple[str, bool]:
    """Lower-cased expression without prepositions, clock times and parts of day.

    Returns the rest and whether a clock time was removed.
    """
    s = text.replace("’", "'").replace("\u00a0", " ").strip()
    s, clocks = g.clock.subn(" ", s)
    s = re.sub(r"\s+", " ", s).strip(" ,;:-–—()").lower()
    s = re.sub(r"'s$", "", s)
    if g.duration.search(s) and not re.search(r"\b(?:ago|earlier|before)$", s):
        return "", False
    s = _LEAD.sub("", s).strip()
    # "Monday evening", "Saturday night": the day is what dates the event; but
    # "last night" and "this morning" are day words whole, not "last" + a part of day
    if not _match(g, "dayword", s):
        s = g.part_of_day.sub("", s).strip(" ,")
    s = re.sub(r"^(?:early|late)\s+", "", s)
    return s, clocks > 0


def _match(g: _Grammar, name: str, s: str) -> re.Match[str] | None:
    return g.full[name].fullmatch(s)


def _year2(text: str, anchor: dt.date | None) -> int:
    year = int(text)
    if year >= 100:
        return year
    pivot = (anchor.year % 100) if anchor else 30
    return 2000 + year if year <= pivot + 1 else 1900 + year


def _day_date(ctx: _Ctx, g: _Grammar, m: re.Match[str]) -> TimeInterval | None:
    month = g.words.months[m["month"].lower()] if "month" in m.groupdict() else int(m["m"])
    day = int(re.sub(r"\D", "", m["d"]))
    if m["y"]:
        found = _safe_date(_year2(m["y"], ctx.anchor), month, day)
        return None if found is None else _interval(ctx, found, found, "day", relative=False)
    if ctx.anchor is None:
        return _unresolved(ctx)
    found = _safe_date(ctx.anchor.year, month, day)
    if found is None:
        return None
    if ctx.future and found < ctx.anchor:
        found = _safe_date(found.year + 1, month, day)
    elif not ctx.future and not ctx.onward and found > ctx.anchor:
        found = _safe_date(found.year - 1, month, day)
    if found is not None and m["wd"]:
        found = _year_of_weekday(found, g.words.weekday_number(m["wd"]), ctx.anchor)
    return None if found is None else _interval(ctx, found, found, "day", relative=True)


# How far after the publication date a month and day may fall when only its weekday
# puts it there ("Friday, Feb. 24" in a Thursday's article: the next day).
_WEEKDAY_AHEAD_DAYS = 31


def _year_of_weekday(found: dt.date, weekday: int, anchor: dt.date, years_back: int = 10) -> dt.date:
    """The year, nearest the publication date ``anchor``, in which ``found``'s month
    and day fall on ``weekday``.

    "Saturday, Sept. 12" in a later year's article is the Sept. 12 that was a
    Saturday; "Friday, Feb. 24" in a Thursday's article is the next day, even
    in a clause without a future word. A year after ``anchor``'s counts only
    up to ``_WEEKDAY_AHEAD_DAYS`` after it. ``found`` (the year chosen without
    the weekday) is kept when it already fits or when no year back to
    ``years_back`` before ``anchor``'s fits.
    """
    if found.weekday() == weekday:
        return found
    fitting = [
        day
        for year in range(anchor.year + 1, anchor.year - years_back - 1, -1)
        if (day := _safe_date(year, found.month, found.day)) is not None
        and day.weekday() == weekday
        and (day - anchor).days <= _WEEKDAY_AHEAD_DAYS
    ]
    return min(fitting, key=lambda day: abs((day - anchor).days), default=found)


def _holiday(ctx: _Ctx, g: _Grammar, m: re.Match[str]) -> TimeInterval | None:
    rule = g.holidays[_holiday_key(m["hol"])]
    if m["y"]:
        found = rule.in_year(int(m["y"]))
        return None if found is None else _interval(ctx, found, found, "day", relative=False)
    if ctx.anchor is None:
        return _unresolved(ctx)
    a = ctx.anchor
    rel = (m["rel"] or "").lower()
    forwards = rel == "next" or (ctx.future and rel not in ("last", "past"))
    strict = rel in ("last", "past", "next")
    # the latest occurrence not after the anchor (strictly before with "last"),
    # or the first not before it when the words or the clause look ahead
    for year in (a.year, a.year + 1) if forwards else (a.year, a.year - 1, a.year - 2):
        found = rule.in_year(year)
        if found is None:
            continue
        if forwards and (found > a or (found == a and not strict)):
            return _interval(ctx, found, found, "day", relative=True)
        if not forwards and (found < a or (found == a and not strict)):
            return _interval(ctx, found, found, "day", relative=True)
    return None


def _month_alone(ctx: _Ctx, g: _Grammar, m: re.Match[str]) -> TimeInterval | None:
    month = g.words.months[m["month"].lower()]
    if ctx.anchor is None:
        return _unresolved(ctx)
    a = ctx.anchor
    rel, yrel = (m["rel"] or "").lower(), (m["yrel"] or "").lower()
    if yrel:
        year = a.year + {"this": 0, "last": -1, "next": 1, "the previous": -1, "the following": 1}[yrel]
    elif rel in ("last", "past", "previous"):
        year = a.year if month < a.month else a.year - 1
    elif rel in ("next", "coming"):
        year = a.year if month > a.month else a.year + 1
    elif rel == "this":
        year = a.year
    elif ctx.future:
        year = a.year if month >= a.month else a.year + 1
    else:
        year = a.year if month <= a.month else a.year - 1
    return _interval(ctx, *_month_span(year, month), "month", relative=True)


def _weekday(ctx: _Ctx, g: _Grammar, m: re.Match[str]) -> TimeInterval:
    if ctx.anchor is None:
        return _unresolved(ctx)
    target = g.words.weekday_number(m["wday"])
    rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())
    back = (ctx.anchor.weekday() - target) % 7
    if rel in ("next", "coming", "this coming") or (ctx.future and rel not in ("last", "past", "this past")):
        ahead = (target - ctx.anchor.weekday()) % 7
        if rel in ("next", "coming", "this coming") and ahead == 0:
            ahead = 7
        day = ctx.anchor + dt.timedelta(days=ahead)
    else:
        if rel in ("last", "past", "this past") and back == 0:
            back = 7
        day = ctx.anchor - dt.timedelta(days=back)
    return _interval(ctx, day, day, "day", relative=True)


def _ago(ctx: _Ctx, g: _Grammar, m: re.Match[str]) -> TimeInterval:
    unit = m["unit"].lower()
    n_text = re.sub(r"\s+", " ", (m["n"] or "").lower())
    if ctx.anchor is None:
        return _unresolved(ctx)
    if unit in ("minute", "hour"):
        return _interval(ctx, ctx.anchor, ctx.anchor, "day", relative=True)
    if n_text.isdigit() or n_text in g.words.numbers:
        n = int(n_text) if n_text.isdigit() else g.words.numbers[n_text]
        day = _minus_units(ctx.anchor, n, unit)
        if unit == "day":
            return _interval(ctx, day, day, "day", relative=True)
        if unit == "week":
            return _interval(ctx, *_week_span(day), "week", relative=True)
        if unit == "month":
            return _interval(ctx, *_month_span(day.year, day.month), "month", relative=True)
        if unit == "year":
            return _interval(ctx, dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), "year", relative=True)
    # "years ago", "a few days ago", "decades ago": before the anchor, no more known
    return _interval(ctx, None, ctx.anchor, "open", relative=True)


def _unit_rel(ctx: _Ctx, unit: str, rel: str) -> TimeInterval:
    a = ctx.anchor
    if a is None:
        return _unresolved(ctx)
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(rel, 0)
    if unit == "weekend":
        saturday = a - dt.timedelta(days=(a.weekday() - 5) % 7)
        if step:
            saturday += dt.timedelta(days=7 * step) if a.weekday() >= 5 or step > 0 else dt.timedelta()
        return _interval(ctx, saturday, saturday + dt.timedelta(days=1), "week", relative=True)
    if unit == "week":
        return _interval(ctx, *_week_span(a + dt.timedelta(days=7 * step)), "week", relative=True)
    if unit == "month":
        return _interval(ctx, *_month_span(*_shift_month(a, step)), "month", relative=True)
    if unit == "decade":
        first = (a.year // 10 + step) * 10
        return _interval(ctx, dt.date(first, 1, 1), dt.date(first + 9, 12, 31), "decade", relative=True)
    year = a.year + step
    return _interval(ctx, dt.date(year, 1, 1), dt.date(year, 12, 31), "year", relative=True)


def _season(ctx: _Ctx, g: _Grammar, m: re.Match[str]) -> TimeInterval:
    first, last = g.words.seasons[m["season"].lower()]
    if m["y"]:
        year, relative = int(m["y"]), False
    elif ctx.anchor is None:
        return _unresolved(ctx)
    else:
        relative = True
        a = ctx.anchor
        started = a.month >= first if first <= last else True
        year = a.year if started else a.year - 1
        rel = (m["rel"] or "").lower()
        year += {"last": -1, "past": -1, "next": 1}.get(rel, 0)
    end_year = year + 1 if last < first else year
    start = dt.date(year, first, 1)
    end = dt.date(end_year, last, calendar.monthrange(end_year, last)[1])
    return _interval(ctx, start, end, "season", relative=relative)


def _recent(ctx: _Ctx, g: _Grammar, m: re.Match[str]) -> TimeInterval:
    a = ctx.anchor
    if a is None:
        return _unresolved(ctx)
    lead = m.group(0).lower()
    if lead.startswith("the coming"):
        return _interval(ctx, a, None, "open", relative=True)
    if lead.startswith("recent"):
        # "in recent months": before the anchor, how long before is not said
        return _interval(ctx, None, a, "open", relative=True)
    n_text = re.sub(r"\s+", " ", (m["n"] or "").lower())
    n = int(n_text) if n_text.isdigit() else g.words.numbers.get(n_text, 1 if not n_text else 0)
    start = _minus_units(a, n, m["unit"].lower()) if n else None
    return _interval(ctx, start, a, "open", relative=True)


def resolve_time(text: str, anchor: dt.date | None, *, sentence: str = "") -> TimeInterval | None:
    """Resolve one time expression against the publication date ``anchor``.

    Returns ``None`` when ``text`` names no point or period in time (a duration,
    an age, a bare number). ``sentence`` supplies tense cues: in a sentence about
    the future a bare month or weekday resolves forwards. See the module
    docstring for the rules.

    >>> resolve_time("on Friday", dt.date(2024, 3, 26)).start
    datetime.date(2024, 3, 22)
    """
    g = _grammar()
    s, had_clock = _normalise(text, g)
    before = sentence[: len(sentence) - len(text)] if sentence.endswith(text) else ""
    ctx = _Ctx(
        text=text,
        anchor=anchor,
        future=bool(sentence and g.future.search(sentence)),
        onward=bool(before and g.onward.search(before)),
    )
    discourse = _discourse(text, g)
    if discourse is not None and discourse[1] != "earlier":
        # "the next day", "the night before": only the text around says which
        # day; find_times counts from the day under discussion
        return _unresolved(ctx)
    if not s:
        if not had_clock:
            return None
        # a clock time alone happens on the publication day; without it, unknown
        return _unresolved(ctx) if anchor is None else _interval(ctx, anchor, anchor, "day", relative=True)
    m = _match(g, "iso", s) or _match(g, "numeric", s) or _match(g, "mdy", s) or _match(g, "dmy", s)
    if m:
        return _day_date(ctx, g, m)
    if m := _match(g, "my", s):
        year = _year2(m["y"], anchor)
        return _interval(ctx, *_month_span(year, g.words.months[m["month"].lower()]), "month", relative=False)
    if m := _match(g, "year", s):
        year = int(m["y"])
        return _interval(ctx, dt.date(year, 1, 1), dt.date(year, 12, 31), "year", relative=False)
    if m := _match(g, "decade", s):
        return _decade(ctx, m)
    if m := _match(g, "month", s):
        return _month_alone(ctx, g, m)
    if m := _match(g, "weekday", s):
        return _weekday(ctx, g, m)
    if m := _match(g, "dayword", s):
        if anchor is None:
            return _unresolved(ctx)
        day = anchor + dt.timedelta(days=g.words.day_words[re.sub(r"\s+", " ", m["dw"].lower())])
        return _interval(ctx, day, day, "day", relative=True)
    if m := _match(g, "ago", s):
        return _ago(ctx, g, m)
    if m := _match(g, "unit_rel", s):
        rel = m["rel"].lower().split()[-1]
        return _unit_rel(ctx, m["unit"].lower(), rel)
    if _match(g, "weekend", s):
        return _unit_rel(ctx, "weekend", "this")
    if m := _match(g, "season", s):
        return _season(ctx, g, m)
    if m := _match(g, "recent", s):
        return _recent(ctx, g, m)
    if m := _match(g, "holiday", s):
        return _holiday(ctx, g, m)
    if _match(g, "anaphor", s):
        return _unresolved(ctx)
    return None


def _decade(ctx: _Ctx, m: re.Match[str]) -> TimeInterval | None:
    if m["d2"] is not None:
        # "the '90s": the latest such decade not after the anchor (or the 1900s)
        tens = int(m["d2"]) * 10
        ref = ctx.anchor.year if ctx.anchor else 2000
        first = (ref // 100) * 100 + tens
        if first > ref:
            first -= 100
    elif m["c"] is None:
        return None
    else:
        first = int(m["c"] + m["dd"] + "0")
    return _interval(ctx, dt.date(first, 1, 1), dt.date(first + 9, 12, 31), "decade", relative=False)


# --- detection --------------------------------------------------------------------------------


def _has_cue(text: str, start: int, cues: list[str]) -> bool:
    before = text[max(0, start - 24) : start].rstrip().lower()
    for cue in cues:
        if before.endswith(cue) and (
            not cue[0].isalpha() or len(before) == len(cue) or not before[-len(cue) - 1].isalnum()
        ):
            return True
    return False


_JOINER = re.compile(r"[ \t]+(?:on|of|at)[ \t]+|[ \t]*,?[ \t]+|,")


def _candidates(doc: Doc, g: _Grammar) -> list[tuple[int, int]]:
    text = text_of(doc)
    spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("DATE", "TIME")]
    spans.extend(m.span() for m in g.detect.finditer(text))
    for m in g.bare_month.finditer(text):
        word = m.group(0).lower()
        if word not in g.words.ambiguous_months or _has_cue(text, m.start(), g.words.date_cues):
            spans.append(m.span())
    spans.extend(m.span("year") for m in g.bare_year.finditer(text))
    for m in g.holiday.finditer(text):
        # "Christmas lights" is no date; "on Christmas" is
        rule = g.holidays.get(_holiday_key(re.sub(r",?\s+\d{4}$", "", m.group(0))))
        if rule is not None and (not rule.cue or _has_cue(text, m.start(), g.words.date_cues)):
            spans.append(m.span())
    # Adjacent pieces are one expression: "Monday" + "evening", "2:11 PM EDT, March 26, 2024".
    # The right-hand piece is the longest candidate starting there, so that
    # "9 p.m. on" joins "March 26" rather than a bare "March".
    # Joining repeats so that three pieces make one ("2:30 a.m." + "Saturday" +
    # "Sept. 12"): a pair alone would leave the weekday without its date.
    found = set(spans)
    fresh = set(spans)
    for _ in range(3):
        longest: dict[int, int] = {}
        for start, end in found:
            longest[start] = max(end, longest.get(start, end))
        merged = set()
        for start, end in fresh:
            gap = _JOINER.match(text, end, min(len(text), end + 6))
            if gap and gap.end() in longest:
                merged.add((start, longest[gap.end()]))
        fresh = merged - found
        if not fresh:
            break
        found |= fresh
    return list(found)


def _is_figure(doc: Doc, start: int, end: int) -> bool:
    """A bare number followed by a plural noun is a count ("2000 Russians")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not span.text.strip().isdigit() or span.end >= len(doc):
        return False
    following = doc[span.end]
    return following.tag_ in ("NNS", "NNPS") or following.lower_ in _grammar().words.figure_nouns


# a hyphen after the word makes it part of a compound ("drive-by", "court-ordered"), not a street word
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z]+)(?![-\w])")


def _names_a_street(text: str, start: int, end: int, g: _Grammar) -> bool:
    """Whether the expression is the name of a street ("Winter Street", "Brook and
    Winter streets", "Independence Day Drive") or a house number ("1722 Thurgood
    Street", "at 2073 Pleasant Oak Road"), not a time."""
    following = _NEXT_WORD.match(text, end)
    if following is not None and following.group(1).lower() in g.words.street_words:
        return True
    if not text[start:end].isdigit():
        return False
    # a house number: up to three capitalised words, then a street word
    for _ in range(3):
        if following is None or not following.group(1)[0].isupper():
            return False
        following = _NEXT_WORD.match(text, following.end())
        if following is not None and following.group(1).lower() in g.words.street_words:
            return True
    return False


def _is_attributive_holiday(doc: Doc, start: int, end: int, g: _Grammar) -> bool:
    """A holiday name that modifies the next noun ("Christmas lights", "a Halloween party").

    Such a name describes a thing, not the day it happened; a part of day
    after it ("Christmas morning") or an event on the day ("the MLK Day
    shootings") still dates.
    """
    found = g.holiday.search(text_of(doc), start, end)
    if found is None or found.end() != end:
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or span.end >= len(doc):
        return False
    following = doc[span.end]
    dating = (*g.words.parts_of_day, *g.words.holiday_event_nouns)
    return following.pos_ in ("NOUN", "PROPN") and following.lower_ not in dating


def _sentence_of(doc: Doc, start: int, end: int) -> str:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not doc.has_annotation("SENT_START"):
        return text_of(doc)[max(0, start - 100) : end + 100]  # only without sentences (hand-built docs)
    return span.sent.text


_CLAUSE_BREAK = re.compile(r"[,;:()\n—–]|\.\s|\b(?:who|which|that|after|before|when|because)\b")


def _clause_before(text: str, start: int, end: int) -> str:
    """The clause an expression ends, as tense context.

    A sentence-wide "will" would send "shot Monday" in "X, who was shot Monday,
    will appear in court" to next Monday; the clause is "who was shot Monday".
    """
    window = text[max(0, start - 120) : end]
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(window, 0, max(0, len(window) - (end - start)))]
    return window[breaks[-1] if breaks else 0 :]


def find_times(doc: Doc, anchor: dt.date | None) -> list[TimeInterval]:
    """Every date or time expression of ``doc``, resolved against ``anchor``.

    Candidates are spaCy's DATE/TIME entities and the module's own patterns;
    overlapping candidates are settled longest first, and a candidate that does
    not resolve (a duration, an age) leaves room for shorter ones inside it.
    Each interval's evidence holds the expression's character span in
    ``doc.text`` and its sentence. Results are in text order.
    """
    g = _grammar()
    text = text_of(doc)
    taken: list[tuple[int, int]] = []
    found: list[TimeInterval] = []
    for span in sorted(set(_candidates(doc, g)), key=lambda se: (se[0] - se[1], se[0])):
        start, end = span
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1] in " \n\t,.;:":
            end -= 1
        if end <= start or any(s < end and start < e for s, e in taken):
            continue
        if (
            _is_figure(doc, start, end)
            or _is_attributive_holiday(doc, start, end, g)
            or _names_a_street(text, start, end, g)
        ):
            continue
        sentence = _sentence_of(doc, start, end)
        interval = resolve_time(text[start:end], anchor, sentence=_clause_before(text, start, end))
        if interval is None:
            continue
        interval.evidence = Evidence(sentence=sentence, start=start, end=end)
        taken.append((start, end))
        found.append(interval)
    found.sort(key=_evidence_start)
    return _date_from_discourse(found, g, text)


def _is_bare_clock(text: str, g: _Grammar) -> bool:
    rest, had_clock = _normalise(text, g)
    return had_clock and not rest


def _discourse(text: str, g: _Grammar) -> tuple[int, str] | None:
    """Days from the day under discussion, and the kind of phrase, for a phrase
    that counts from it ("the next day": 1, "next"; "a day earlier": -1,
    "earlier"; "minutes later": 0, "later"); None for any other expression.

    Lead words and a clock time may come with it ("about 8 p.m. the night before").
    """
    s = g.clock.sub(" ", text.replace("’", "'").replace("\u00a0", " "))
    s = _LEAD.sub("", re.sub(r"\s+", " ", s).strip(" ,;:-–—()").lower()).strip()
    m = g.discourse.fullmatch(s)
    if m is None:
        return None
    if m["phrase"]:
        return g.words.discourse_days[re.sub(r"\s+", " ", m["phrase"].lower())], "next"
    if m["unit"].lower() != "day":
        return 0, m["dir"].lower()
    n_text = re.sub(r"\s+", " ", (m["n"] or "").lower())
    n = int(n_text) if n_text.isdigit() else g.words.numbers.get(n_text)
    if n is None:  # "days later", "a few days later": how many is not said
        return None
    return (n if m["dir"].lower() == "later" else -n), m["dir"].lower()


# what may follow "the day before" for it to count from the day under discussion:
# the end of the clause, not a noun ("the day before the trial")
_ENDS_IN_PREPOSITION = re.compile(r"\b(?:before|prior)$", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[ \t]*(?:$|[\n.,;:!?)\"”'—–-])")


def _date_from_discourse(found: list[TimeInterval], g: _Grammar, text: str) -> list[TimeInterval]:
    """Give bare clock times and day-counting phrases the day the text is speaking of.

    A clock time names no day: it belongs to the day under discussion, the
    latest day-precision expression before it ("shot Sunday ... about 9:30
    p.m."); a limit on how far back was tried on the GVA dev set and lost
    incident dates. Without one it keeps the publication day that
    :func:`resolve_time` gave it. "The next day", "the night before", "two
    days later" count from that day and become the day under discussion;
    without one they keep what :func:`resolve_time` gave them (unresolved,
    or for "a day earlier" the day before publication). A phrase ending in
    "before" or "prior" must end its clause. ``found`` is in text order; the
    anchor is still the publication date, and nothing is dated without one.
    """
    current: dt.date | None = None
    dated: list[TimeInterval] = []
    for interval in found:
        kept = interval
        discourse = _discourse(interval.text, g)
        if discourse is not None and interval.anchor is not None:
            end = interval.evidence.end if interval.evidence else len(text)
            ends_clause = _CLAUSE_END.match(text, end) is not None
            if current is not None and (ends_clause or not _ENDS_IN_PREPOSITION.search(interval.text)):
                day = current + dt.timedelta(days=discourse[0])
                kept = interval.model_copy(update={"start": day, "end": day, "precision": "day"})
        elif interval.precision == "day" and interval.anchor is not None and _is_bare_clock(interval.text, g):
            # a clock takes the day under discussion and never becomes it
            dated.append(
                interval
                if current is None
                else interval.model_copy(update={"start": current, "end": current})
            )
            continue
        if kept.precision == "day" and kept.start is not None:
            current = kept.start
        dated.append(kept)
    return dated


def _evidence_start(interval: TimeInterval) -> int:
    return interval.evidence.start if interval.evidence else 0
