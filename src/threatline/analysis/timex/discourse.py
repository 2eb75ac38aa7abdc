"""The day under discussion: dating clock times and day-counting phrases from the text before them.

:func:`~threatline.analysis.timex.resolve.resolve_time` sees one expression
alone, so it cannot know which day "about 9:30 p.m." or "the next day" means.
:func:`date_from_discourse` walks the expressions :func:`~threatline.analysis.timex.find_times`
found, in text order, and supplies that day:

* A clock time alone names no day: it gets the day of the latest
  day-precision expression before it in the text, else keeps the anchor day
  (its ``anchor`` is the publication date either way).
* "The next day", "the night before", "two days later" count from that same
  day and become the day under discussion; with none before them (or "the
  day before the trial") they stay unresolved.
"""

from __future__ import annotations

import datetime as dt
import re

from threatline.analysis.timex.grammar import LEAD, Grammar, normalise
from threatline.models import TimeInterval

__all__ = ["date_from_discourse", "discourse_offset"]


def _is_bare_clock(text: str, g: Grammar) -> bool:
    rest, had_clock = normalise(text, g)
    return had_clock and not rest


def discourse_offset(text: str, g: Grammar) -> tuple[int, str] | None:
    """Days from the day under discussion, and the kind of phrase, for a phrase
    that counts from it ("the next day": 1, "next"; "a day earlier": -1,
    "earlier"; "minutes later": 0, "later"); None for any other expression.

    Lead words and a clock time may come with it ("about 8 p.m. the night before").
    """
    s = g.clock.sub(" ", text.replace("’", "'").replace("\u00a0", " "))
    s = LEAD.sub("", re.sub(r"\s+", " ", s).strip(" ,;:-–—()").lower()).strip()
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


def date_from_discourse(found: list[TimeInterval], g: Grammar, text: str) -> list[TimeInterval]:
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
        discourse = discourse_offset(interval.text, g)
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
