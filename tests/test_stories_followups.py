"""Tests of story-linking rules for later reports, same-town briefs and sister-site page forms."""

from __future__ import annotations

import datetime as dt

import pytest

from threatline.linking import StoryInput, StoryLinker, default_config
from threatline.linking.features import Evidence, page_line_keys
from threatline.linking.index import StoryIndex, StoryState
from threatline.linking.stories import evidence_adjustment
from threatline.models import Article, Published

DAY = dt.date(2016, 6, 22)
TOWN = (41.88, -87.70)


def _story(**evidence: object) -> StoryState:
    story = StoryState("s", "t", DAY, DAY, [], {}, 1.0)
    story.absorb({}, Evidence(**evidence), keep=10, members=0)  # type: ignore[arg-type]
    return story


def _days(*offsets: int) -> frozenset[dt.date]:
    return frozenset(DAY + dt.timedelta(days=n) for n in offsets)


@pytest.mark.parametrize(
    ("published", "article_dates", "named", "applies"),
    [
        # Weeks later, another day after the story's, nobody of the story named: the next incident.
        (45, (45,), frozenset(), True),
        # ... naming the story's victim: a follow-up, no extra penalty.
        (45, (45,), frozenset({"okafor"}), False),
        # A day before the story's last one (an undated recap of the week): not "after".
        (45, (-3,), frozenset(), False),
        # Published within date_conflict_days: the plain conflict only.
        (2, (2,), frozenset(), False),
    ],
)
def test_a_later_day_naming_none_of_the_storys_people_weighs_more(
    published: int, article_dates: tuple[int, ...], named: frozenset[str], applies: bool
) -> None:
    config = default_config()
    story = _story(dates=_days(0), persons=frozenset({"okafor", "brandt"}))
    when = DAY + dt.timedelta(days=published)
    with_dates = Evidence(dates=_days(*article_dates), persons=named)
    without = Evidence(persons=named)
    difference = evidence_adjustment(with_dates, story, config, None, when) - evidence_adjustment(
        without, story, config, None, when
    )
    weights = config.evidence
    recent = published <= weights.date_conflict_days
    plain = weights.date_conflict if recent else weights.date_conflict_later
    assert difference == pytest.approx(plain + (weights.date_conflict_unnamed if applies else 0.0))
    assert weights.date_conflict_unnamed < 0


@pytest.mark.parametrize(("named", "counts"), [(3, False), (2, True)])
def test_a_later_report_naming_several_of_the_storys_people_keeps_its_own_day(
    named: int, counts: bool
) -> None:
    """A sentencing report naming victim, accused and lawyer leads with the day of the sentence."""
    config = default_config()
    people = ["okafor", "brandt", "ng", "vlasic"]
    story = _story(dates=_days(0), persons=frozenset(people))
    later = DAY + dt.timedelta(days=200)
    persons = frozenset(people[:named])
    dated = Evidence(dates=_days(200), persons=persons)
    undated = Evidence(persons=persons)
    difference = evidence_adjustment(dated, story, config, None, later) - evidence_adjustment(
        undated, story, config, None, later
    )
    assert config.evidence.follow_up_persons == 3
    assert difference == pytest.approx(config.evidence.date_conflict_later if counts else 0.0)


@pytest.mark.parametrize(
    ("days_later", "article_dates", "bonus"),
    [
        (0, (), True),
        (1, (), True),
        # Days apart: a town alone says little.
        (5, (), False),
        # Incident dates compare: the date rules decide, not this bonus.
        (0, (0,), False),
    ],
)
def test_one_town_in_reports_a_day_apart_without_comparable_dates(
    days_later: int, article_dates: tuple[int, ...], bonus: bool
) -> None:
    config = default_config()
    story = _story(places=frozenset({"town"}), coords=(TOWN,), dates=_days(0))
    when = DAY + dt.timedelta(days=days_later)
    dates = _days(*article_dates)
    there = Evidence(places=frozenset({"town"}), coords=(TOWN,), dates=dates)
    nowhere = Evidence(dates=dates)
    difference = evidence_adjustment(there, story, config, None, when) - evidence_adjustment(
        nowhere, story, config, None, when
    )
    extra = config.evidence.place_match_recent if bonus else 0.0
    expected = config.evidence.place_match + extra
    if dates:
        expected += config.evidence.date_and_place
    assert difference == pytest.approx(expected)
    assert config.evidence.place_match_recent > 0


FORM = [
    "By submitting your registration you agree to our terms of service and privacy policy.",
    "Already have an account with us?",
    "We have sent a confirmation email to your address. Please click the link in it.",
    "Thank you for registering! Sign in to receive the latest news and mobile alerts.",
]


def _page(n: int, headline: str, site: str, lines: list[str] | None = None) -> Article:
    body = "\n\n".join([f"Sign in using your {site} profile", *(lines or FORM)])
    return Article(
        id=f"a{n}",
        title=headline,
        text=f"{headline}\n\n{body}",
        text_hash=f"h{n}",
        source=f"{site}.example",
        published=Published(date=DAY + dt.timedelta(days=n), how="metadata"),
    )


def test_a_sister_sites_sign_up_form_is_a_template() -> None:
    """The third copy of one form (each site's name in one line) is linked on its headline alone."""
    linker = StoryLinker()
    pages = [
        _page(0, "Four hurt in drive-by shooting near park", "siteone"),
        _page(1, "Teen arrested after shooting at mall", "sitetwo"),
        _page(2, "Juvenile wounded in arm on river road", "sitethree"),
    ]
    decisions = [linker.link(StoryInput(page)) for page in pages]
    assert decisions[2].created
    assert decisions[2].story_id != decisions[0].story_id


def test_lines_two_pages_share_do_not_make_a_template() -> None:
    """A short report copied under another headline shares its lines with one page only."""
    config = default_config()
    index = StoryIndex(config)
    report = ["A woman died after a hit and run on Main Street.", "Police charged the driver."]
    first = page_line_keys(_page(0, "Woman killed", "siteone", report), config.template_max_chars)
    second = page_line_keys(_page(1, "Driver charged", "siteone", report), config.template_max_chars)
    assert not index.template("b1", "h1", first, config.template_line_share)
    assert not index.template("b2", "h2", second, config.template_line_share)
    third = page_line_keys(_page(2, "Hit and run", "siteone", report), config.template_max_chars)
    assert index.template("b3", "h3", third, config.template_line_share)


def test_long_bodies_have_no_line_keys() -> None:
    long = _page(0, "Shooting", "siteone", ["word " * 400])
    assert page_line_keys(long, default_config().template_max_chars) == []
    assert page_line_keys(_page(0, "Shooting", "siteone"), default_config().template_max_chars)
