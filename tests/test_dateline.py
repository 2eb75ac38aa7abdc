"""Tests of threatline.ingest.dateline: dates from date lines and datelines near the top."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from threatline.ingest.clean import clean_text
from threatline.ingest.dateline import find_dateline, find_dateline_place

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.mark.parametrize(
    ("line", "date", "precision", "words"),
    [
        ("August 03, 2016", dt.date(2016, 8, 3), "day", "August 03, 2016"),
        ("2:11 PM EDT, March 26, 2024", dt.date(2024, 3, 26), "day", "March 26, 2024"),
        ("Posted: Tuesday, January 28, 2014 8:18 PM EST", dt.date(2014, 1, 28), "day", "January 28, 2014"),
        ("26 March 2024", dt.date(2024, 3, 26), "day", "26 March 2024"),
        ("2016-08-03", dt.date(2016, 8, 3), "day", "2016-08-03"),
        ("Published 2024-03-26T10:00:00Z", dt.date(2024, 3, 26), "day", "2024-03-26T10:00:00Z"),
        ("Updated 10:32 GMT (18:32 HKT) August 5, 2016", dt.date(2016, 8, 5), "day", "August 5, 2016"),
        ("Sept. 9, 2001 | 9:15 a.m.", dt.date(2001, 9, 9), "day", "Sept. 9, 2001"),
        ("Last updated on 3rd of May, 2022", dt.date(2022, 5, 3), "day", "3rd of May, 2022"),
        ("March 2024", dt.date(2024, 3, 1), "month", "March 2024"),
        (
            "MOSCOW, March 26, 2024 (Reuters) - Russia said on Tuesday",
            dt.date(2024, 3, 26),
            "day",
            "March 26, 2024",
        ),
        ("Kabul, Afghanistan, Jan. 5, 2017 — The group said", dt.date(2017, 1, 5), "day", "Jan. 5, 2017"),
        (
            "Man charged in shooting Posted: Tuesday, January 28, 2014 8:18 PM EST Updated: March 1, 2014",
            dt.date(2014, 1, 28),
            "day",
            "January 28, 2014",
        ),
        (
            "The mayor spoke to reporters. (Published Wednesday, Jan. 4, 2017)",
            dt.date(2017, 1, 4),
            "day",
            "Jan. 4, 2017",
        ),
        (
            "By A. Reporter. CREATED Sep 5, 2015 - UPDATED: Sep 7, 2015",
            dt.date(2015, 9, 5),
            "day",
            "Sep 5, 2015",
        ),
    ],
)
def test_date_lines(line: str, date: dt.date, precision: str, words: str) -> None:
    found = find_dateline(f"A headline\n\n{line}\n\nThe body starts here.")
    assert found is not None
    assert (found.date, found.precision, found.text, found.line) == (date, precision, words, 2)


@pytest.mark.parametrize(
    "text",
    [
        "Headline\n\nMOSCOW, March 26 (Reuters) - Russia said on Tuesday.\n\nAugust 3, 2016",
        "Headline\n\nThe bombing on February 15, 2016 killed two police officers.",
        "Headline\n\nThe group pledged allegiance in June 2015.",
        "Headline\n\nThe video, published on March 3, 2024, shows the gunmen.",
        "Headline\n\nThe report was published on the website in June 2015.",
        "Headline\n\nThe video was posted online on March 3, and removed a day later.",
        "Headline\n\nFebruary 30, 2024",
        "",
    ],
)
def test_no_date_is_guessed(text: str) -> None:
    assert find_dateline(text) is None


def test_only_lines_near_the_top() -> None:
    body = "\n\n".join(f"Sentence number {n}." for n in range(8))
    assert find_dateline(f"{body}\n\nMarch 26, 2024") is None
    assert find_dateline(f"{body}\n\nMarch 26, 2024", max_lines=9) is not None


@pytest.mark.parametrize(
    ("seed", "date"),
    [
        ("000", None),
        ("001", dt.date(2016, 8, 3)),
        ("002", None),
        ("003", dt.date(2024, 3, 26)),
        ("004", None),
    ],
)
def test_seed_dates(seed: str, date: dt.date | None) -> None:
    (path,) = SEEDS.glob(f"{seed}_*.txt")
    found = find_dateline(clean_text(path.read_text(encoding="utf-8")).text)
    assert (found.date if found else None) == date


@pytest.mark.parametrize(
    ("text", "town", "region"),
    [
        ("Four shot at party\n\nKOKOMO, Ind. — Four people were shot.", "KOKOMO", "Ind."),
        ("Headline\n\nST. LOUIS (AP) — Police said two men were shot.", "ST. LOUIS", None),
        ("GREENWOOD, SC (FOX Carolina) –\n\nGreenwood police said.", "GREENWOOD", "SC"),
        ("Title\n\nSTOCKTON, Calif.—Stockton police are investigating.", "STOCKTON", "Calif."),
        ("WINSTON-SALEM, N.C. -- A man was shot.", "WINSTON-SALEM", "N.C."),
        ("NAVARRO COUNTY, TX (CBSDFW.COM) – The sheriff said.", "NAVARRO COUNTY", "TX"),
        ("OAKLAND -- Four people were shot on the street.", "OAKLAND", None),
    ],
)
def test_dateline_places(text: str, town: str, region: str | None) -> None:
    found = find_dateline_place(text)
    assert found is not None
    assert (found.town, found.region) == (town, region)
    assert text[found.start : found.end] == town
    if region is not None:
        assert found.region_start is not None
        assert text[found.region_start : found.region_end] == region


@pytest.mark.parametrize(
    "text",
    [
        "FILE - Police tape at the scene of a shooting.",
        "Kokomo police said four people were shot - two died.",
        "A man was shot in Kokomo, Ind. — police said.",
        "Headline\n\nUS — a story that opens with two capitals.",
        "\n".join(["Line"] * 9) + "\nKOKOMO, Ind. — Police said.",
    ],
)
def test_no_dateline_place(text: str) -> None:
    assert find_dateline_place(text) is None
