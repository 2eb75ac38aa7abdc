"""Time expressions: found in a parsed article and resolved to intervals.

The finder is :mod:`~threatline.analysis.timex.find`; the stages it uses have
their own modules:

* :mod:`~threatline.analysis.timex.words`: the lexicon (``data/time_words.yaml``)
  and holiday rules;
* :mod:`~threatline.analysis.timex.grammar`: the regular expressions built from
  the lexicon, and how an expression is normalised before matching;
* :mod:`~threatline.analysis.timex.resolve`: :func:`resolve_time` and its rules;
* :mod:`~threatline.analysis.timex.calendar`: the date arithmetic those rules use;
* :mod:`~threatline.analysis.timex.discourse`: the day the text is speaking of.
"""

from threatline.analysis.timex.find import (
    Holiday,
    TimeWords,
    find_times,
    load_time_words,
    resolve_time,
)

__all__ = [
    "Holiday",
    "TimeWords",
    "find_times",
    "load_time_words",
    "resolve_time",
]
