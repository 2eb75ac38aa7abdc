"""Resolving one time expression to an interval, against the publication date.

:func:`resolve_time` turns one expression ("on Friday", "last year", "June
2015") into a :class:`~threatline.models.TimeInterval`, or ``None`` when the
words are not a point or period in time. It sees the expression and its clause
only; the day under discussion in the text around is added later by
:mod:`threatline.analysis.timex.discourse`.

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
  9:30 p.m.") gets the anchor day here, and "the next day", "the night
  before", "two days later" stay unresolved: which day they mean is said by
  the text before them (:mod:`threatline.analysis.timex.discourse`).
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
  :func:`~threatline.analysis.timex.find_times` from the next word).
* Anaphoric periods ("the early part of the month") cannot be resolved without
  discourse context: they are kept as ``open`` and relative.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from threatline.analysis.timex.calendar import (
    minus_units,
    month_span,
    safe_date,
    shift_month,
    week_span,
    year_of_weekday,
)
from threatline.analysis.timex.discourse import discourse_offset
from threatline.analysis.timex.grammar import Grammar, grammar, holiday_key, match_whole, normalise
from threatline.models import Precision, TimeInterval

__all__ = ["resolve_time"]


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


def _year2(text: str, anchor: dt.date | None) -> int:
    year = int(text)
    if year >= 100:
        return year
    pivot = (anchor.year % 100) if anchor else 30
    return 2000 + year if year <= pivot + 1 else 1900 + year


def _day_date(ctx: _Ctx, g: Grammar, m: re.Match[str]) -> TimeInterval | None:
    month = g.words.months[m["month"].lower()] if "month" in m.groupdict() else int(m["m"])
    day = int(re.sub(r"\D", "", m["d"]))
    if m["y"]:
        found = safe_date(_year2(m["y"], ctx.anchor), month, day)
        return None if found is None else _interval(ctx, found, found, "day", relative=False)
    if ctx.anchor is None:
        return _unresolved(ctx)
    found = safe_date(ctx.anchor.year, month, day)
    if found is None:
        return None
    if ctx.future and found < ctx.anchor:
        found = safe_date(found.year + 1, month, day)
    elif not ctx.future and not ctx.onward and found > ctx.anchor:
        found = safe_date(found.year - 1, month, day)
    if found is not None and m["wd"]:
        found = year_of_weekday(found, g.words.weekday_number(m["wd"]), ctx.anchor)
    return None if found is None else _interval(ctx, found, found, "day", relative=True)


def _holiday(ctx: _Ctx, g: Grammar, m: re.Match[str]) -> TimeInterval | None:
    rule = g.holidays[holiday_key(m["hol"])]
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


def _month_alone(ctx: _Ctx, g: Grammar, m: re.Match[str]) -> TimeInterval | None:
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
    return _interval(ctx, *month_span(year, month), "month", relative=True)


def _weekday(ctx: _Ctx, g: Grammar, m: re.Match[str]) -> TimeInterval:
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


def _ago(ctx: _Ctx, g: Grammar, m: re.Match[str]) -> TimeInterval:
    unit = m["unit"].lower()
    n_text = re.sub(r"\s+", " ", (m["n"] or "").lower())
    if ctx.anchor is None:
        return _unresolved(ctx)
    if unit in ("minute", "hour"):
        return _interval(ctx, ctx.anchor, ctx.anchor, "day", relative=True)
    if n_text.isdigit() or n_text in g.words.numbers:
        n = int(n_text) if n_text.isdigit() else g.words.numbers[n_text]
        day = minus_units(ctx.anchor, n, unit)
        if unit == "day":
            return _interval(ctx, day, day, "day", relative=True)
        if unit == "week":
            return _interval(ctx, *week_span(day), "week", relative=True)
        if unit == "month":
            return _interval(ctx, *month_span(day.year, day.month), "month", relative=True)
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
        return _interval(ctx, *week_span(a + dt.timedelta(days=7 * step)), "week", relative=True)
    if unit == "month":
        return _interval(ctx, *month_span(*shift_month(a, step)), "month", relative=True)
    if unit == "decade":
        first = (a.year // 10 + step) * 10
        return _interval(ctx, dt.date(first, 1, 1), dt.date(first + 9, 12, 31), "decade", relative=True)
    year = a.year + step
    return _interval(ctx, dt.date(year, 1, 1), dt.date(year, 12, 31), "year", relative=True)


def _season(ctx: _Ctx, g: Grammar, m: re.Match[str]) -> TimeInterval:
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


def _recent(ctx: _Ctx, g: Grammar, m: re.Match[str]) -> TimeInterval:
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
    start = minus_units(a, n, m["unit"].lower()) if n else None
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
    g = grammar()
    s, had_clock = normalise(text, g)
    before = sentence[: len(sentence) - len(text)] if sentence.endswith(text) else ""
    ctx = _Ctx(
        text=text,
        anchor=anchor,
        future=bool(sentence and g.future.search(sentence)),
        onward=bool(before and g.onward.search(before)),
    )
    discourse = discourse_offset(text, g)
    if discourse is not None and discourse[1] != "earlier":
        # "the next day", "the night before": only the text around says which
        # day; find_times counts from the day under discussion
        return _unresolved(ctx)
    if not s:
        if not had_clock:
            return None
        # a clock time alone happens on the publication day; without it, unknown
        return _unresolved(ctx) if anchor is None else _interval(ctx, anchor, anchor, "day", relative=True)
    m = (
        match_whole(g, "iso", s)
        or match_whole(g, "numeric", s)
        or match_whole(g, "mdy", s)
        or match_whole(g, "dmy", s)
    )
    if m:
        return _day_date(ctx, g, m)
    if m := match_whole(g, "my", s):
        year = _year2(m["y"], anchor)
        return _interval(ctx, *month_span(year, g.words.months[m["month"].lower()]), "month", relative=False)
    if m := match_whole(g, "year", s):
        year = int(m["y"])
        return _interval(ctx, dt.date(year, 1, 1), dt.date(year, 12, 31), "year", relative=False)
    if m := match_whole(g, "decade", s):
        return _decade(ctx, m)
    if m := match_whole(g, "month", s):
        return _month_alone(ctx, g, m)
    if m := match_whole(g, "weekday", s):
        return _weekday(ctx, g, m)
    if m := match_whole(g, "dayword", s):
        if anchor is None:
            return _unresolved(ctx)
        day = anchor + dt.timedelta(days=g.words.day_words[re.sub(r"\s+", " ", m["dw"].lower())])
        return _interval(ctx, day, day, "day", relative=True)
    if m := match_whole(g, "ago", s):
        return _ago(ctx, g, m)
    if m := match_whole(g, "unit_rel", s):
        rel = m["rel"].lower().split()[-1]
        return _unit_rel(ctx, m["unit"].lower(), rel)
    if match_whole(g, "weekend", s):
        return _unit_rel(ctx, "weekend", "this")
    if m := match_whole(g, "season", s):
        return _season(ctx, g, m)
    if m := match_whole(g, "recent", s):
        return _recent(ctx, g, m)
    if m := match_whole(g, "holiday", s):
        return _holiday(ctx, g, m)
    if match_whole(g, "anaphor", s):
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
