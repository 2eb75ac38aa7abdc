"""Regular expressions of time expressions, compiled once from the lexicon.

:func:`grammar` builds two kinds of pattern from :mod:`threatline.analysis.timex.words`:
*detection* patterns that find candidate expressions in running text (used by
:func:`threatline.analysis.timex.find_times`), and *full* patterns, one per
expression shape, that must match a whole normalised expression (used by
:func:`threatline.analysis.timex.resolve.resolve_time`). :func:`normalise`
reduces an expression to what the full patterns expect: lower case, without
lead prepositions, clock times and parts of day.

Detection rules kept here:

* Abbreviated weekdays ("Sat.", "Thurs.") count in running text only when
  capitalised and followed by their period: "sat" is a verb.
* A holiday followed by a period around it ("Thanksgiving weekend") is not
  detected as a date.
* Durations ("for years", "24 hours", "a nine-minute video") and ages
  ("15-year-old") normalise to nothing, so they resolve to no time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from threatline.analysis.timex.words import Holiday, TimeWords, load_time_words

__all__ = ["LEAD", "Grammar", "grammar", "holiday_key", "match_whole", "normalise"]

_UNITS = ("minute", "hour", "day", "week", "month", "year", "decade")


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first so that prefixes lose."""
    items = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)


@dataclass(frozen=True)
class Grammar:
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


def holiday_key(text: str) -> str:
    """Holiday words without apostrophes and with single spaces, for lexicon look-ups."""
    return " ".join(text.lower().replace("'", "").replace("’", "").split())


@cache
def grammar() -> Grammar:
    """The grammar of the bundled lexicon, compiled once per process."""
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
    # Each full pattern must match a whole normalised expression (see normalise).
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
    return Grammar(
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
        {holiday_key(name): rule for name, rule in w.holidays.items()},
        re.compile(
            rf"(?P<phrase>{discourse_phrase})|(?:(?P<n>{num})\s+)?(?P<unit>day|hour|minute)s?\s+"
            r"(?P<dir>earlier|later)",
            re.IGNORECASE,
        ),
    )


LEAD = re.compile(
    r"^(?:(?:on|in|at|since|during|until|till|by|from|before|after|through|around|about|approximately|"
    r"roughly|just|shortly|sometime|some\s+time|as\s+of|"
    r"as\s+early\s+as|the\s+(?:early|late|latter|first|second|middle|end|beginning|start)\s+"
    r"(?:part\s+|half\s+)?of|(?:the\s+)?(?:early|earlier|late|mid)(?:-|\s+)(?=\S))\s*)+",
    re.IGNORECASE,
)


def normalise(text: str, g: Grammar) -> tuple[str, bool]:
    """Lower-cased expression without prepositions, clock times and parts of day.

    Returns the rest and whether a clock time was removed.
    """
    s = text.replace("’", "'").replace("\u00a0", " ").strip()
    s, clocks = g.clock.subn(" ", s)
    s = re.sub(r"\s+", " ", s).strip(" ,;:-–—()").lower()
    s = re.sub(r"'s$", "", s)
    if g.duration.search(s) and not re.search(r"\b(?:ago|earlier|before)$", s):
        return "", False
    s = LEAD.sub("", s).strip()
    # "Monday evening", "Saturday night": the day is what dates the event; but
    # "last night" and "this morning" are day words whole, not "last" + a part of day
    if not match_whole(g, "dayword", s):
        s = g.part_of_day.sub("", s).strip(" ,")
    s = re.sub(r"^(?:early|late)\s+", "", s)
    return s, clocks > 0


def match_whole(g: Grammar, name: str, s: str) -> re.Match[str] | None:
    """The match of full pattern ``name`` over all of the normalised expression ``s``, or None."""
    return g.full[name].fullmatch(s)
