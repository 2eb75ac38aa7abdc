"""Calendar arithmetic for time expressions: month and week spans, counting back
by units, Easter, and the year in which a month and day fall on a given weekday.

Pure functions of dates, with no lexicon and no text: the rules that decide
*which* day an expression means live in :mod:`threatline.analysis.timex.resolve`
and call these to do the counting. Weeks run Monday to Sunday.
"""

from __future__ import annotations

import calendar
import datetime as dt

__all__ = [
    "WEEKDAY_AHEAD_DAYS",
    "easter_sunday",
    "minus_units",
    "month_span",
    "safe_date",
    "shift_month",
    "week_span",
    "year_of_weekday",
]


def easter_sunday(year: int) -> dt.date:
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


def month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    """The first and last day of ``month`` in ``year``."""
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def shift_month(day: dt.date, months: int) -> tuple[int, int]:
    """The (year, month) that is ``months`` after ``day``'s month (before it when negative)."""
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def week_span(day: dt.date) -> tuple[dt.date, dt.date]:
    """The Monday and Sunday of ``day``'s week."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None where the month has no such day ("February 30")."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def minus_units(anchor: dt.date, n: int, unit: str) -> dt.date:
    """``anchor`` less ``n`` units; minutes and hours stay on ``anchor``.

    Counting back by months, years or decades keeps the day of the month, or takes
    the month's last day when it is shorter (March 31 less a month: February 28/29).
    """
    if unit in ("minute", "hour"):
        return anchor
    if unit in ("day", "week"):
        return anchor - dt.timedelta(days=n * (7 if unit == "week" else 1))
    months = n * {"month": 1, "year": 12, "decade": 120}[unit]
    year, month = shift_month(anchor, -months)
    return dt.date(year, month, min(anchor.day, calendar.monthrange(year, month)[1]))


# How far after the publication date a month and day may fall when only its weekday
# puts it there ("Friday, Feb. 24" in a Thursday's article: the next day).
WEEKDAY_AHEAD_DAYS = 31


def year_of_weekday(found: dt.date, weekday: int, anchor: dt.date, years_back: int = 10) -> dt.date:
    """The year, nearest the publication date ``anchor``, in which ``found``'s month
    and day fall on ``weekday``.

    "Saturday, Sept. 12" in a later year's article is the Sept. 12 that was a
    Saturday; "Friday, Feb. 24" in a Thursday's article is the next day, even
    in a clause without a future word. A year after ``anchor``'s counts only
    up to ``WEEKDAY_AHEAD_DAYS`` after it. ``found`` (the year chosen without
    the weekday) is kept when it already fits or when no year back to
    ``years_back`` before ``anchor``'s fits.
    """
    if found.weekday() == weekday:
        return found
    fitting = [
        day
        for year in range(anchor.year + 1, anchor.year - years_back - 1, -1)
        if (day := safe_date(year, found.month, found.day)) is not None
        and day.weekday() == weekday
        and (day - anchor).days <= WEEKDAY_AHEAD_DAYS
    ]
    return min(fitting, key=lambda day: abs((day - anchor).days), default=found)
