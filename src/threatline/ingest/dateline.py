"""Publication dates read from a dateline or date line near the top of an article.

Only two shapes count, and only in the first lines of the (clean) text:

* a *date line*: a line that is a date plus nothing but times, weekdays, time
  zones and words such as "Posted", "Updated" ("2:11 PM EDT, March 26, 2024",
  "Posted: Tuesday, January 28, 2014 8:18 PM EST", "2016-08-03");
* a *time stamp* anywhere in such a line: "Posted", "Published", "Created" or "Updated"
  (capitalised) directly followed by a date ("Man charged Posted: Tuesday, January 28,
  2014 8:18 PM EST Updated: ..."); the first stamp of the line wins;
* a *dateline* opening the body: a place, a date, an optional agency, and a
  dash ("MOSCOW, March 26, 2024 (Reuters) -"). A dateline without a year
  gives no date: the year is never guessed.

Dates mentioned inside sentences ("on February 15", "in June 2015") are never
read here; resolving those is the job of the time analysis.

:func:`find_dateline_place` reads the *place* of a dateline instead: the
capitalised town that opens the body, with the state that may follow it
("KOKOMO, Ind. —", "ST. LOUIS (AP) —", "GREENWOOD, SC (FOX Carolina) –").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import Final

from pydantic import BaseModel, ConfigDict, Field

from threatline.datafiles import load_bundled
from threatline.models import Precision

_MONTHS: Final = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DATES: Final = (
    (re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}}){_ORD},?\s+{_YEAR}\b", re.I), "day"),
    (re.compile(rf"\b(?P<day>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<month>{_MONTH}),?\s+{_YEAR}\b", re.I), "day"),
    (
        re.compile(
            rf"\b{_YEAR}-(?P<mnum>\d{{2}})-(?P<day>\d{{2}})"
            r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\w-])",
            re.I,
        ),
        "day",
    ),
    (re.compile(rf"\b(?P<month>{_MONTH}),?\s+{_YEAR}\b", re.I), "month"),
)
_MONTH_DAY = re.compile(rf"(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}}){_ORD}", re.I)
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?\s?m\b\.?)?|\b\d{1,2}\s*[ap]\.?m\b\.?", re.I)
_WEEKDAY = re.compile(r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?", re.I)
_PUNCTUATION = re.compile(r"[\s,;:|/\\()\[\]•·.\-–—]+")
_STAMP = re.compile(
    r"\b(?:posted|published|first published|created|updated|last updated)\b\s*(?:on\b)?\s*:?\s*"
    r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?,?\s*)?",
    re.I,
)
_PLACE = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:,\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})?"


class _DatelineFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = Field(ge=1)
    max_line_chars: int = Field(gt=0)
    filler_words: list[str]
    time_zones: list[str]
    agencies: list[str]
    not_places: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class _Rules:
    max_line_chars: int
    filler: re.Pattern[str]
    dateline: re.Pattern[str]
    not_places: frozenset[str]


@dataclass(frozen=True, slots=True)
class DatelinePlace:
    """The place of a dateline: the town as written (``"KOKOMO"``), the state or
    region words that follow it (``"Ind."``, ``None`` when there are none), and
    their character offsets into the text."""

    town: str
    start: int
    end: int
    region: str | None = None
    region_start: int | None = None
    region_end: int | None = None


@dataclass(frozen=True, slots=True)
class DatelineDate:
    """A publication date read from the top of an article.

    ``text`` is the date words as written, ``line`` the 0-based index of the
    line in ``text.split("\\n")`` they were read from.
    """

    date: dt.date
    precision: Precision
    text: str
    line: int


@cache
def _rules() -> _Rules:
    spec = load_bundled("dateline.yaml", _DatelineFile, "dateline words")
    words = sorted({*spec.filler_words, *spec.time_zones}, key=len, reverse=True)
    agencies = "|".join(re.escape(name) for name in spec.agencies)
    return _Rules(
        not_places=frozenset(w.casefold() for w in spec.not_places),
        max_line_chars=spec.max_line_chars,
        filler=re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I),
        dateline=re.compile(
            rf"(?P<place>{_PLACE})\s*,\s*(?P<rest>[^()]{{3,40}}?)\s*(?:\((?:{agencies})\)\s*)?[-–—]\s",
        ),
    )


def _to_date(match: re.Match[str]) -> dt.date | None:
    groups = match.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS[groups["month"][:3].casefold()]
    day = int(groups["day"]) if groups.get("day") else 1
    try:
        return dt.date(int(groups["year"]), month, day)
    except ValueError:
        return None


def _first_date(text: str) -> tuple[re.Match[str], Precision] | None:
    found: list[tuple[re.Match[str], Precision]] = []
    for regex, precision in _DATES:
        match = regex.search(text)
        if match is not None:
            found.append((match, "day" if precision == "day" else "month"))
    # The earliest match wins; at one position the day-precise form (tried first) does.
    return min(found, key=lambda item: item[0].start(), default=None)


def _read_line(line: str, index: int, rules: _Rules) -> DatelineDate | None:
    found = _first_date(line)
    if found is None:
        return None
    match, precision = found
    date = _to_date(match)
    if date is None:
        return None
    residue = line[: match.start()] + " " + line[match.end() :]
    for regex in (_TIME, _WEEKDAY, rules.filler):
        residue = regex.sub(" ", residue)
    if _PUNCTUATION.sub("", residue):
        return None
    return DatelineDate(date=date, precision=precision, text=match.group(), line=index)


def _read_stamp(line: str, index: int) -> DatelineDate | None:
    for stamp in _STAMP.finditer(line):
        if not stamp.group()[0].isupper():
            continue  # "was published on March 3, 2024" in running text is not a stamp
        found = _first_date(line[stamp.end() :])
        if found is None or found[0].start() != 0:
            continue
        date = _to_date(found[0])
        if date is not None:
            return DatelineDate(date=date, precision=found[1], text=found[0].group(), line=index)
    return None


def find_dateline(text: str, *, max_lines: int = 8) -> DatelineDate | None:
    """The publication date of a date line or dateline in the first ``max_lines`` non-empty lines.

    Returns None when no such line is found, and when the body opens with a
    dateline that has no year ("MOSCOW, March 26 (Reuters) - ..."): the year
    is not guessed and later lines are not searched. Run it on clean text, so
    that boilerplate above the date does not count against ``max_lines``.

    >>> find_dateline("Headline\\n\\nPosted: Tuesday, January 28, 2014 8:18 PM EST\\n\\nBody.")
    DatelineDate(date=datetime.date(2014, 1, 28), precision='day', text='January 28, 2014', line=2)
    """
    rules = _rules()
    seen = 0
    for index, raw in enumerate(text.split("\n")):
        line = " ".join(raw.split())
        if not line:
            continue
        seen += 1
        if seen > max_lines:
            return None
        opening = rules.dateline.match(line)
        if opening is not None:
            found = _first_date(opening.group("rest"))
            if found is None or found[0].start() != 0:
                if _MONTH_DAY.match(opening.group("rest")):
                    return None  # a dateline without a year: the body has begun
            else:
                date = _to_date(found[0])
                if date is not None:
                    return DatelineDate(date=date, precision=found[1], text=found[0].group(), line=index)
        if len(line) <= rules.max_line_chars:
            read = _read_line(line, index, rules)
            if read is not None:
                return read
        stamped = _read_stamp(line, index)
        if stamped is not None:
            return stamped
    return None


# An upper-case town ("ST. LOUIS", "WINSTON-SALEM", "COEUR D'ALENE"), then an
# optional region of at most three words ("Ind.", "N.C.", "SC", "New Mexico",
# "PITT COUNTY"), then an optional parenthesised agency or station, then a dash.
_DATELINE_PLACE = re.compile(
    r"(?P<town>[A-Z][A-Z.'’-]*[A-Z.](?:\s+[A-Z][A-Z.'’-]*[A-Z.]){0,3})"
    r"(?:\s*,\s*(?P<region>[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*){0,2}))?"
    r"\s*(?:\([^()\n]{1,40}\)\s*)?(?:[-–—]{1,2}(?=\s|$)|[–—])"
)


def find_dateline_place(text: str, *, max_lines: int = 8) -> DatelinePlace | None:
    """The town (and state) of a dateline opening one of the first ``max_lines`` non-empty lines.

    The town must be written in capitals, as datelines are ("KOKOMO, Ind. —",
    "CHICAGO (AP) —"): a capitalised word that opens a sentence is not a
    dateline. Words that open such lines without naming a place ("FILE",
    "UPDATE", ``not_places`` of ``dateline.yaml``) are never a town.

    >>> find_dateline_place("Four shot\\n\\nKOKOMO, Ind. — Police said ...").region
    'Ind.'
    """
    rules = _rules()
    seen = 0
    offset = 0
    for raw in text.split("\n"):
        start = offset
        offset += len(raw) + 1
        if not raw.strip():
            continue
        seen += 1
        if seen > max_lines:
            return None
        lead = len(raw) - len(raw.lstrip())
        match = _DATELINE_PLACE.match(raw, lead)
        if match is None:
            continue
        town = match.group("town").rstrip(".")
        letters = sum(ch.isalpha() for ch in town)
        if letters < 3 or town.casefold() in rules.not_places:
            continue
        region = match.group("region")
        if region is None:
            return DatelinePlace(town, start + match.start("town"), start + match.start("town") + len(town))
        return DatelinePlace(
            town,
            start + match.start("town"),
            start + match.start("town") + len(town),
            region,
            start + match.start("region"),
            start + match.start("region") + len(region),
        )
    return None
