"""Time expressions: find them in a parsed article and resolve them to intervals.

Two public functions:

* :func:`resolve_time` turns one expression ("on Friday", "last year",
  "June 2015") into a :class:`~threatline.models.TimeInterval`, or ``None`` when
  the words are not a point or period in time.
* :func:`find_times` finds every date or time expression of a spaCy ``Doc``
  (the model's DATE/TIME entities plus regular expressions for what the small
  model misses) and resolves each with its evidence offsets.

This module finds expressions in a ``Doc``; the other stages have their own
modules, and the public names stay importable from here:

* :mod:`~threatline.analysis.timex.words`: the lexicon (``data/time_words.yaml``)
  and holiday rules, :func:`load_time_words`.
* :mod:`~threatline.analysis.timex.grammar`: the regular expressions built from
  the lexicon, and how an expression is normalised before matching.
* :mod:`~threatline.analysis.timex.resolve`: :func:`resolve_time` and its rules
  (weekdays, months without a year, holidays, vague and relative periods).
* :mod:`~threatline.analysis.timex.calendar`: the date arithmetic those rules use.
* :mod:`~threatline.analysis.timex.discourse`: the day the text is speaking of,
  for clock times and "the next day".

Finding rules kept here: adjacent pieces join into one expression ("Monday" +
"evening", "2:30 a.m." + "Saturday" + "Sept. 12"); overlapping candidates are
settled longest first; a bare number before a plural noun is a figure ("2000
Russians"), a holiday naming a thing ("Christmas lights") is no date, and a
number or word that names a street ("Winter Street", "1722 Thurgood Street") is
no time. Tense cues come from the clause the expression ends, not the whole
sentence.
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc

from threatline.analysis.doccache import ents_of, text_of
from threatline.analysis.timex.discourse import date_from_discourse
from threatline.analysis.timex.grammar import Grammar, grammar, holiday_key
from threatline.analysis.timex.resolve import resolve_time
from threatline.analysis.timex.words import Holiday, TimeWords, load_time_words
from threatline.models import Evidence, TimeInterval

__all__ = ["Holiday", "TimeWords", "find_times", "load_time_words", "resolve_time"]


def _has_cue(text: str, start: int, cues: list[str]) -> bool:
    before = text[max(0, start - 24) : start].rstrip().lower()
    for cue in cues:
        if before.endswith(cue) and (
            not cue[0].isalpha() or len(before) == len(cue) or not before[-len(cue) - 1].isalnum()
        ):
            return True
    return False


_JOINER = re.compile(r"[ \t]+(?:on|of|at)[ \t]+|[ \t]*,?[ \t]+|,")


def _candidates(doc: Doc, g: Grammar) -> list[tuple[int, int]]:
    text = text_of(doc)
    spans = [(e.start_char, e.end_char) for e in ents_of(doc) if e.label_ in ("DATE", "TIME")]
    spans.extend(m.span() for m in g.detect.finditer(text))
    for m in g.bare_month.finditer(text):
        word = m.group(0).lower()
        if word not in g.words.ambiguous_months or _has_cue(text, m.start(), g.words.date_cues):
            spans.append(m.span())
    spans.extend(m.span("year") for m in g.bare_year.finditer(text))
    for m in g.holiday.finditer(text):
        # "Christmas lights" is no date; "on Christmas" is
        rule = g.holidays.get(holiday_key(re.sub(r",?\s+\d{4}$", "", m.group(0))))
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
    return following.tag_ in ("NNS", "NNPS") or following.lower_ in grammar().words.figure_nouns


# a hyphen after the word makes it part of a compound ("drive-by", "court-ordered"), not a
# street word; an abbreviation keeps its period ("1912 S. Orange Ave.")
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z]+)\.?(?![-\w])")


def _is_street_word(word: str, g: Grammar) -> bool:
    """A street word ("Street", "streets", "Ave"); one that is a common noun too
    ("court", "drive") only capitalised: "a Thursday court hearing" names no street."""
    lower = word.lower()
    if lower not in g.words.street_words:
        return False
    return word[0].isupper() or lower not in g.words.common_street_words


def _names_a_street(text: str, start: int, end: int, g: Grammar) -> bool:
    """Whether the expression is the name of a street ("Winter Street", "Brook and
    Winter streets", "Independence Day Drive") or a house number ("1722 Thurgood
    Street", "at 2073 Pleasant Oak Road"), not a time.

    A street's name is capitalised: an expression ending in a lower-case word
    ("overnight St. Louis shootings", "shot last night St. Paul police said") names none.
    """
    following = _NEXT_WORD.match(text, end)
    last_word = re.search(r"([A-Za-z])[A-Za-z'’]*\W*$", text[start:end])
    proper = last_word is None or last_word.group(1).isupper()
    if following is not None and proper and _is_street_word(following.group(1), g):
        return True
    if not text[start:end].isdigit():
        return False
    # a house number: up to three capitalised words, then a street word
    for _ in range(3):
        if following is None or not following.group(1)[0].isupper():
            return False
        following = _NEXT_WORD.match(text, following.end())
        if following is not None and _is_street_word(following.group(1), g):
            return True
    return False


def _is_attributive_holiday(doc: Doc, start: int, end: int, g: Grammar) -> bool:
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
    g = grammar()
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
    return date_from_discourse(found, g, text)


def _evidence_start(interval: TimeInterval) -> int:
    return interval.evidence.start if interval.evidence else 0
