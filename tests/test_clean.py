"""Tests of threatline.ingest.clean: boilerplate, captions, repeats, recurring lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threatline.errors import DataFileError
from threatline.ingest.clean import (
    Cleaned,
    RecurringLineTracker,
    clean_text,
    load_patterns,
    normalise_line,
    split_glued_prefix,
    tidy_title,
)

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _seed_prefixes() -> list[str]:
    return sorted(path.name[:3] for path in SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


def _clean_lines(cleaned: Cleaned) -> list[str]:
    return [line for line in cleaned.text.split("\n") if line]


# --- the seeds -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seed", "reason", "start"),
    [
        ("000", "boilerplate:comments", "Leave a Reply"),
        ("000", "boilerplate:email-not-published", "Your email address"),
        ("001", "boilerplate:join-channel", "Join our"),
        ("002", "boilerplate:comments", "No comments"),
        ("002", "boilerplate:powered-by", "Powered by"),
        ("003", "boilerplate:image-credit", "Images source:"),
        ("003", "boilerplate:live-coverage", "Follow our LIVE COVERAGE"),
        ("003", "boilerplate:read-more", "Read more:"),
    ],
)
def test_seed_boilerplate_is_removed_and_listed(seed: str, reason: str, start: str) -> None:
    cleaned = clean_text(_seed(seed))
    assert any(r.reason == reason and r.text.startswith(start) for r in cleaned.removed)
    assert not any(line.startswith(start) for line in _clean_lines(cleaned))


@pytest.mark.parametrize(
    ("seed", "title"),
    [
        ("000", "ISIS trains guns on Russia, issues personal threat to Putin"),
        ("001", "ISIS Declares War On Russia: “We Will Come To Russia And Kill You In Your Homes”"),
        ("002", "JUST IN: ISIS issues threat at its next target"),
        ("003", "Islamic State warns Russia and Putin in chilling new threat after Moscow attack"),
        ("004", "Islamic State Threatens ‘Putin the Apostate’ with Attacks on Russian Soil"),
    ],
)
def test_seed_title_is_the_headline(seed: str, title: str) -> None:
    cleaned = clean_text(_seed(seed))
    assert cleaned.title == title
    assert cleaned.text.split("\n\n")[0] == title


@pytest.mark.parametrize(
    ("seed", "removal"),
    [
        ("000", ("ISIS threats Putin", "caption")),
        ("000", ("Russia-Syria-sukhoi", "caption")),
        ("003", ("News", "section-label")),
        ("003", ("Vladimir Putin", "caption")),
        (
            "003",
            (
                "Islamic State warns Russia and Putin in chilling new threat after Moscow attack",
                "repeated-line",
            ),
        ),
    ],
)
def test_seed_captions_labels_and_repeats(seed: str, removal: tuple[str, str]) -> None:
    cleaned = clean_text(_seed(seed))
    assert removal in [(r.text, r.reason) for r in cleaned.removed]
    # What the caption was glued to survives as the start of a clean line.
    if removal[1] == "caption" and seed == "000":
        raw_line = next(line for line in _seed(seed).splitlines() if line.startswith(removal[0]))
        assert raw_line[len(removal[0]) :].strip() in _clean_lines(cleaned)


def test_seed_repeated_caption_lines_all_go() -> None:
    cleaned = clean_text(_seed("003"))
    assert "Vladimir Putin" not in _clean_lines(cleaned)
    assert [r.text for r in cleaned.removed].count("Vladimir Putin") == 2


@pytest.mark.parametrize("seed", _seed_prefixes())
def test_no_sentence_of_a_seed_is_lost(seed: str) -> None:
    """Every raw line is kept, removed whole, or split into a removed prefix plus a kept rest."""
    raw = _seed(seed)
    cleaned = clean_text(raw)
    kept = {" ".join(line.split()) for line in _clean_lines(cleaned)}
    removed = [" ".join(r.text.split()) for r in cleaned.removed]
    prefixes = [" ".join(r.text.split()) for r in cleaned.removed if r.reason in {"caption", "section-label"}]
    for raw_line in raw.splitlines():
        line = " ".join(raw_line.split())
        if not line or line in kept or line in removed:
            continue
        rests = [line[len(prefix) :].strip() for prefix in prefixes if line.startswith(prefix)]
        assert any(rest in kept or rest in removed for rest in rests), line
    # and nothing appears in the output that was not in the input
    raw_lines = {" ".join(line.split()) for line in raw.splitlines()}
    for line in kept:
        assert line in raw_lines or any(raw_line.endswith(line) for raw_line in raw_lines)


@pytest.mark.parametrize("seed", _seed_prefixes())
def test_seed_paragraphs_stay_paragraphs(seed: str) -> None:
    cleaned = clean_text(_seed(seed))
    assert "\n\n\n" not in cleaned.text
    assert cleaned.text == cleaned.text.strip()
    assert all(block.strip() == block and block for block in cleaned.text.split("\n\n"))


# --- boilerplate patterns --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Leave a Reply", "comments"),
        ("Add a comment", "comments"),
        ("12 Comments", "comments"),
        ("No comments yet", "comments"),
        ("Your email address will not be published. Required fields are marked *", "email-not-published"),
        ("Powered by WordPress", "powered-by"),
        ("Join our WhatsApp channel for breaking news alerts!", "join-channel"),
        ("Follow us on Telegram", "join-channel"),
        ("Follow our live updates on the war", "live-coverage"),
        ("Photo: AP", "image-credit"),
        ("Image credit: Ministry of Defence", "image-credit"),
        ("(Getty Images)", "image-credit"),
        ("(Photo by Jane Roe/AFP via Getty Images)", "image-credit"),
        ("© Reuters", "copyright-symbol"),
        ("Copyright 2016 Example Media. All rights reserved.", "copyright"),
        ("Read More", "read-more"),
        ("Read more: Kremlin vows to respond", "read-more"),
        ("Related: Attack on concert hall", "read-more"),
        ("Also read", "read-more"),
        ("Share this:", "share"),
        ("Share on Facebook", "share"),
        ("Tweet", "share"),
        ("Subscribe to our newsletter", "subscribe"),
        ("Sign up for our daily security briefing", "subscribe"),
        ("We use cookies to improve your experience on our site.", "cookies"),
        ("Accept all cookies", "cookies"),
        ("Advertisement", "advertisement"),
        ("Story continues below advertisement", "advertisement"),
        ("Click here to read the full report", "click-here"),
        ("Tags: Russia, ISIS, terrorism", "tags"),
    ],
)
def test_boilerplate_line_is_removed(line: str, reason: str) -> None:
    cleaned = clean_text(f"A headline\n\nA real sentence about the attack.\n\n{line}")
    assert cleaned.text == "A headline\n\nA real sentence about the attack."
    assert [(r.text, r.reason) for r in cleaned.removed] == [(line, f"boilerplate:{reason}")]


@pytest.mark.parametrize(
    "sentence",
    [
        "The group urged followers to subscribe to its Telegram channel, officials said.",
        "A newsletter published by the group called for attacks in Moscow.",
        "Photo evidence showed the attackers entering the hall.",
        "Related attacks were reported in Dagestan in December.",
        "Share prices of Russian airlines fell after the attack.",
        "Sign up for military service was voluntary until 2019, he said.",
        "Subscribe to the channel, the recruiter told teenagers, according to prosecutors.",
        "Comments by the minister were broadcast on state television.",
        "Advertisement boards in the city showed the suspects' faces.",
        "Copyright law was not the issue, the court said.",
        "Read more about the plot in the indictment, prosecutors told reporters.",
    ],
)
def test_real_sentences_are_not_boilerplate(sentence: str) -> None:
    cleaned = clean_text(f"A headline\n\n{sentence}")
    assert cleaned.removed == []
    assert cleaned.text.endswith(sentence)


# --- glued captions and section labels -------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Moscow concert hall attackThe gunmen opened fire on the crowd.",
            ("Moscow concert hall attack", "caption", "The gunmen opened fire on the crowd."),
        ),
        (
            "Smoke over Krasnogorsk-mallA fire broke out after the shooting.",
            ("Smoke over Krasnogorsk-mall", "caption", "A fire broke out after the shooting."),
        ),
        (
            "WorldRussia says the strikes will continue",
            ("World", "section-label", "Russia says the strikes will continue"),
        ),
        (
            "PoliticsKremlin denies any warning was received",
            ("Politics", "section-label", "Kremlin denies any warning was received"),
        ),
        # the inner capital of McDonald is a name; the boundary after it is a caption split
        (
            "Ronald McDonaldIn a statement the chain said it was closing.",
            ("Ronald McDonald", "caption", "In a statement the chain said it was closing."),
        ),
        ("Russia says the strikes will continue", None),
        ("MoscowThe city was quiet on Sunday.", None),  # one word: a name, not a caption
        ("Moscow attack. AftermathThe city was quiet on Sunday.", None),  # sentence end on the left
        ("Breaking newsThe gunmen", None),  # too short to be a sentence
        ("She shared the hashtag #StopTheAttacksIt spread quickly online.", None),
        ("She shared the tag StopTheAttacksIt spread quickly online.", None),
    ],
)
def test_split_glued_prefix(line: str, expected: tuple[str, str, str] | None) -> None:
    assert split_glued_prefix(line, load_patterns()) == expected


@pytest.mark.parametrize(
    "line",
    [
        "McDonald's closed its restaurants in Moscow after the attack.",
        "iPhone owners in Russia were told to update their phones.",
        "YouTube removed the video on Monday.",
        "YouTubeThe platform removed the video on Monday.",
        "PlayStation Network users were warned about the scam.",
        "MacBook thefts rose in the city last year.",
        "LinkedIn In a statement said the accounts were fake.",
        "JPMorgan The bank said it was monitoring the threat.",
        "Gov. Ron DeSantis said the threat was credible.",
        "Shaun O'Neill was arrested in Belfast on Friday.",
        "Police at McDonald's The Moscow branch was evacuated.",
        "An iPhone and an iPad belonged to one of the suspects.",
        "ISIS leader al-Baghdadi A statement was read.",
    ],
)
def test_names_stay_intact(line: str) -> None:
    cleaned = clean_text(f"A headline\n\n{line}")
    assert cleaned.removed == []
    assert cleaned.text == f"A headline\n\n{line}"


def test_credit_caption_lines_go_with_the_credit() -> None:
    text = "Headline here\n\nJane Doe\nJane Doe\nPhoto: Reuters\n\nThe minister spoke on Monday."
    cleaned = clean_text(text)
    assert cleaned.text == "Headline here\n\nThe minister spoke on Monday."
    assert [(r.text, r.reason) for r in cleaned.removed] == [
        ("Jane Doe", "caption"),
        ("Jane Doe", "caption"),
        ("Photo: Reuters", "boilerplate:image-credit"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "The suspects were detained near the border on Saturday.",
        "She went on to share the hashtag online",
    ],
)
def test_sentence_above_a_credit_is_kept(sentence: str) -> None:
    cleaned = clean_text(f"Headline\n\n{sentence}\nPhoto: Reuters")
    assert cleaned.text == f"Headline\n\n{sentence}"
    assert [r.reason for r in cleaned.removed] == ["boilerplate:image-credit"]


# --- repeats, whitespace, titles -------------------------------------------------------------


def test_repeated_headline_keeps_first() -> None:
    text = (
        "Putin  vows revenge\n\nPutin vows\u00a0revenge\n\nThe Kremlin said the attackers would be punished."
    )
    cleaned = clean_text(text)
    assert cleaned.text == "Putin vows revenge\n\nThe Kremlin said the attackers would be punished."
    assert [(r.text, r.reason) for r in cleaned.removed] == [("Putin vows revenge", "repeated-line")]


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        # a body without its headline opens with it
        (
            "Two men were hurt.",
            "2 hurt in Elm Street shooting",
            "2 hurt in Elm Street shooting\n\nTwo men were hurt.",
        ),
        # a body that opens with it (any case, any spacing) does not read it twice
        ("2 HURT in Elm  Street Shooting\n\nTwo men were hurt.", "2 hurt in Elm Street shooting", None),
        # nor one that repeats it just below a photo line
        (
            "Photo: police tape\n\n2 hurt in Elm Street shooting\n\nTwo men.",
            "2 hurt in Elm Street shooting",
            None,
        ),
    ],
)
def test_metadata_headline_opens_the_clean_text(text: str, title: str, expected: str | None) -> None:
    cleaned = clean_text(text, title=title)
    assert cleaned.title == title
    assert cleaned.text == (expected if expected is not None else clean_text(text).text)


def test_site_name_of_a_headline_stays_out_of_the_text() -> None:
    cleaned = clean_text(
        "Two men were hurt.", title="2 hurt downtown - Example News", source="examplenews.com"
    )
    assert cleaned.text.startswith("2 hurt downtown\n\n")


def test_metadata_title_is_kept_and_repeats_dropped() -> None:
    cleaned = clean_text("Body sentence one.\n\nThe Title\n\nThe Title", title=" The  Title ")
    assert cleaned.title == "The Title"
    assert cleaned.text == "Body sentence one.\n\nThe Title"


def test_whitespace_normalised_and_lines_kept() -> None:
    text = "  Title\t here \r\n\r\n first   line\n\tsecond line \n\n\n\n“Quote,” he said."
    cleaned = clean_text(text)
    assert cleaned.text == "Title here\n\nfirst line\nsecond line\n\n“Quote,” he said."
    assert cleaned.removed == []


@pytest.mark.parametrize("text", ["", "   \n\n  \t", "Tweet\n\nAdvertisement"])
def test_nothing_left(text: str) -> None:
    cleaned = clean_text(text)
    assert cleaned.text == ""
    assert cleaned.title is None


@pytest.mark.parametrize(
    ("title", "source", "expected"),
    [
        ("Man charged over threats - WKRN News 2", "WKRN", "Man charged over threats"),
        ("Kremlin warns of reprisals | Reuters", "Reuters", "Kremlin warns of reprisals"),
        ("Kremlin warns of reprisals | Reuters", None, "Kremlin warns of reprisals | Reuters"),
        ("Attack in Moscow - what we know", "Reuters", "Attack in Moscow - what we know"),
        ("Two hurt in crash - WMC Action News 5", "www.wmcactionnews5.com", "Two hurt in crash"),
        (
            "Two hurt in crash - Memphis, Tennessee",
            "wmcactionnews5.com",
            "Two hurt in crash - Memphis, Tennessee",
        ),
    ],
)
def test_tidy_title(title: str, source: str | None, expected: str) -> None:
    assert tidy_title(title, source) == expected


# --- recurring lines -------------------------------------------------------------------------


def _article(n: int, footer: str = "Support independent journalism today") -> str:
    return f"Headline number {n}\n\nBody sentence {n} about the threat.\n\n{footer}"


def test_recurring_tracker_needs_enough_articles() -> None:
    tracker = RecurringLineTracker()
    for n in range(2):
        tracker.observe("example.com", _article(n))
    assert tracker.recurring_for("example.com") == set()
    tracker.observe("example.com", _article(2))
    assert tracker.recurring_for("example.com") == {"support independent journalism today"}
    assert tracker.recurring_for("other.org") == set()
    assert tracker.articles("example.com") == 3


def test_recurring_tracker_needs_a_fraction_of_articles() -> None:
    tracker = RecurringLineTracker(min_articles=3, min_fraction=0.5)
    for n in range(10):
        tracker.observe("example.com", _article(n, footer="Rare line" if n < 3 else f"Unique {n}"))
    assert "rare line" not in tracker.recurring_for("example.com")


def test_recurring_lines_are_removed_with_source() -> None:
    tracker = RecurringLineTracker()
    for n in range(4):
        tracker.observe("example.com", _article(n))
    cleaned = clean_text(_article(9), recurring=tracker.recurring_for("example.com"), source="example.com")
    assert cleaned.text == "Headline number 9\n\nBody sentence 9 about the threat."
    assert [(r.text, r.reason) for r in cleaned.removed] == [
        ("Support independent journalism today", "recurring:example.com")
    ]


def test_normalise_line() -> None:
    assert normalise_line("  It’s  “HERE”\u00a0now ") == 'it\'s "here" now'


# --- the data file ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        "version: 1\nmax_line_chars: 100\npatterns: [{name: bad, regex: '(unclosed'}]\n",
        "version: 1\nmax_line_chars: 100\npatterns: [{name: a, regex: x}, {name: a, regex: y}]\n",
        "version: 1\nmax_line_chars: 100\npatterns: []\n",
        "version: 1\nmax_line_chars: 100\npatterns: [{name: a, regex: x}]\nextra: 1\n",
        "patterns: [: :\n",
    ],
)
def test_invalid_pattern_file_raises(tmp_path: Path, content: str) -> None:
    path = tmp_path / "patterns.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError):
        load_patterns(path)


def test_custom_pattern_file(tmp_path: Path) -> None:
    path = tmp_path / "patterns.yaml"
    path.write_text("version: 1\nmax_line_chars: 50\npatterns: [{name: promo, regex: 'buy now!?'}]\n")
    cleaned = clean_text("Title\n\nBuy NOW!\n\nLeave a Reply", patterns=load_patterns(path))
    assert cleaned.text == "Title\n\nLeave a Reply"
    assert [r.reason for r in cleaned.removed] == ["boilerplate:promo"]


def test_default_patterns_are_cached() -> None:
    assert load_patterns() is load_patterns()


# --- properties ------------------------------------------------------------------------------

_FRAGMENTS = st.sampled_from(
    [
        "Leave a Reply",
        "Tweet",
        "Photo: AP",
        "Vladimir Putin",
        "NewsIslamic State warns Russia again today",
        "ISIS threats PutinA video was released on Monday.",
        "The attack killed at least 137 people.",
        "iPhone",
        "McDonaldThe",
        "\u00a0",
        "\t",
        "\r\n",
        "©",
        "A",
        "Read more:",
    ]
)
_TEXTS = st.lists(st.one_of(_FRAGMENTS, st.text(max_size=40)), max_size=25).map(
    lambda parts: "".join(f"{part}\n" if i % 3 else f"{part}\n\n" for i, part in enumerate(parts))
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), _TEXTS))
def test_cleaning_is_idempotent(text: str) -> None:
    once = clean_text(text)
    twice = clean_text(once.text)
    assert twice.removed == []
    assert twice.text == once.text
    assert twice.title == once.title
