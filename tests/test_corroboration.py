"""Independent sources: copies, relays through attribution, unknown outlets."""

from __future__ import annotations

import pytest

from threatline.analysis.kb import default_kb
from threatline.linking.corroboration import Cite, SourceReport, cites_of, corroborate, source_key
from threatline.models import EntityRef

OWN: tuple[tuple[Cite, ...], ...] = ((),)


def relay(key: str, media: bool = True) -> tuple[tuple[Cite, ...], ...]:
    return ((Cite(key, media),),)


@pytest.mark.parametrize(
    ("reports", "expected"),
    [
        # two outlets reporting themselves
        ([SourceReport("a", "x", "X", cites=OWN), SourceReport("b", "y", "Y", cites=OWN)], 2),
        # b relays a, already counted
        (
            [
                SourceReport("a", "daily-caller", "DC", cites=OWN),
                SourceReport("b", "y", "Y", cites=relay("daily-caller")),
            ],
            1,
        ),
        # two articles relaying an outlet not in the incident count once, as that outlet
        (
            [
                SourceReport("a", "x", "X", cites=relay("reuters")),
                SourceReport("b", "y", "Y", cites=relay("reuters")),
            ],
            1,
        ),
        # a near-duplicate copy of a counts nothing
        (
            [
                SourceReport("a", "x", "X", cites=OWN),
                SourceReport("b", "y", "Y", duplicate_of="a", cites=OWN),
            ],
            1,
        ),
        # a copy whose original is not in the incident stands for it
        ([SourceReport("b", "y", "Y", duplicate_of="zz", cites=OWN)], 1),
        # a quote by a non-media speaker is the article's own reporting
        (
            [
                SourceReport("a", "x", "X", cites=OWN),
                SourceReport("b", "y", "Y", cites=relay("the driver", False)),
            ],
            2,
        ),
        # unknown outlets count per article
        (
            [
                SourceReport("a", "article:a", "article:a", cites=OWN),
                SourceReport("b", "article:b", "article:b", cites=OWN),
            ],
            2,
        ),
        # one outlet, two articles
        ([SourceReport("a", "x", "X", cites=OWN), SourceReport("b", "x", "X", cites=OWN)], 1),
        # a background mention does not count while a report exists
        (
            [SourceReport("a", "x", "X", cites=OWN), SourceReport("b", "y", "Y", cites=OWN, background=True)],
            1,
        ),
    ],
)
def test_independent_sources(reports: list[SourceReport], expected: int) -> None:
    assert corroborate(reports).independent_sources == expected


def test_breakdown_says_who_quoted_whom() -> None:
    result = corroborate(
        [
            SourceReport("a", "daily-caller", "The Daily Caller", cites=OWN),
            SourceReport("b", "y", "Y", cites=relay("daily-caller")),
        ]
    )
    by_key = {s.key: s for s in result.sources}
    assert by_key["y"].quotes == ["daily-caller"]
    assert by_key["daily-caller"].quoted_by == ["y"]
    assert not by_key["y"].independent
    assert result.origins == ["daily-caller"]


@pytest.mark.parametrize(
    ("source", "expected"),
    [("The Daily Caller", "daily-caller"), (None, "article:id1"), ("Some Local Paper", "some local paper")],
)
def test_source_key(source: str | None, expected: str) -> None:
    assert source_key(source, "id1", default_kb()) == expected


def test_cites_of_resolves_media_by_name() -> None:
    cites = cites_of([EntityRef(text="the BBC", name="BBC"), EntityRef(text="He")], default_kb())
    assert cites == (Cite("bbc", True), Cite("he", False))
