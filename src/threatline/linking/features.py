"""What the story linker reads from one article: terms, names and structured evidence.

Text alone is enough: words, capitalised names (a victim's or a street's name is
the most distinctive thing in a local news report) and numbers become weighted
terms. When the analysis of the article is at hand, its day dates, geocoded
places, PERSON mentions, KB actors and casualty figures are kept as evidence the
decision weighs beside text similarity.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from threatline.datafiles import load_bundled
from threatline.ingest.duplicates import normalise, text_hash
from threatline.models import Analysis, Article
from threatline.models import Evidence as EvidenceSpan

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|[A-Za-z]|\d+")
_SENTENCE_END = re.compile(r"[.!?:;\"”]\s*$|\n\s*$")
_DEAD_QUANTITIES = ("dead", "killed", "death", "died", "fatal")
_INJURED_QUANTITIES = ("injur", "wound", "hurt")
_MAX_KEYS = 16
_MAIN_PERSONS = 3
# A demonym ("Russian") stands for its country: as wide as the country itself.
_WIDE_FEATURES = frozenset({"country", "admin1", "continent", "region", "demonym"})
PLACE_NAME = "~"
"""Prefix of a located place's name (its words as written, lower case) among ``Evidence.places``.

Such entries are not places of their own: they tell which towns a report names, so that
distant coordinates of a town the other report also names read as two readings of one
name, not as two places (see ``places_agree`` in :mod:`threatline.linking.stories`).
"""


class EvidenceWeights(BaseModel):
    """Additive adjustments of the score from structured evidence."""

    model_config = ConfigDict(extra="forbid")

    date_match: float
    date_conflict: float
    date_tolerance_days: int = Field(ge=0)
    date_conflict_days: int = Field(ge=0)
    date_conflict_later: float
    date_conflict_unnamed: float
    follow_up_persons: int = Field(ge=1)
    date_lookback_days: int = Field(gt=0)
    lead_chars: int = Field(gt=0)
    place_match: float
    place_conflict: float
    place_near_km: float = Field(gt=0)
    place_match_recent: float
    place_recent_days: int = Field(ge=0)
    place_name_max_share: float = Field(ge=0, le=1)
    date_and_place: float
    date_and_place_min_cosine: float = Field(ge=0)
    time_kept_on_date_match: float = Field(ge=0, le=1)
    time_kept_on_person_match: float = Field(ge=0, le=1)
    key_vote: float = Field(ge=0)
    person_match: float
    person_conflict: float
    person_conflict_same_day: float
    persons_shared_min: int = Field(ge=1)
    persons_shared: float
    actor_match: float
    figure_conflict: float
    undated_text_score: float = Field(ge=0)
    years_lead_chars: int = Field(ge=0)
    year_conflict: float
    year_conflict_gap: int = Field(gt=0)
    follow_up_words: frozenset[str]
    date_conflict_follow_up: float


class StoryConfig(BaseModel):
    """The ``stories`` section of ``data/story_linking.yaml``, validated."""

    model_config = ConfigDict(extra="forbid")

    threshold: float = Field(ge=0)
    analysed_threshold: float = Field(ge=0)
    query_terms: int = Field(gt=0)
    postings_per_term: int = Field(gt=0)
    candidates: int = Field(gt=0)
    centroid_terms: int = Field(gt=0)
    member_vectors: int = Field(ge=0)
    window_days: int = Field(gt=0)
    title_weight: float = Field(ge=0)
    name_weight: float = Field(ge=0)
    number_weight: float = Field(ge=0)
    max_df: float = Field(gt=0, le=1)
    min_documents: int = Field(ge=0)
    min_source_documents: int = Field(ge=2)
    time_penalty: float = Field(ge=0)
    time_scale_days: float = Field(gt=0)
    template_max_chars: int = Field(ge=0)
    template_line_share: float = Field(gt=0, le=1)
    evidence: EvidenceWeights
    stopwords: frozenset[str]


class _LinkingFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    stories: StoryConfig


@cache
def default_config() -> StoryConfig:
    """The bundled story-linking settings (read and validated once)."""
    return load_bundled("story_linking.yaml", _LinkingFile, "story linking settings").stories


@dataclass(frozen=True)
class Evidence:
    """Structured facts of one article, empty when no analysis was given."""

    dates: frozenset[dt.date] = frozenset()
    coords: tuple[tuple[float, float], ...] = ()
    places: frozenset[str] = frozenset()
    persons: frozenset[str] = frozenset()
    main_persons: frozenset[str] = frozenset()
    actors: frozenset[str] = frozenset()
    dead: int | None = None
    injured: int | None = None
    years: frozenset[int] = frozenset()
    # The headline tells a later step of an incident (an arrest, a charge, a trial).
    follow_up: bool = False


@dataclass(frozen=True)
class ArticleFeatures:
    """Weighted terms (before idf) and evidence of one article."""

    terms: dict[str, float]
    evidence: Evidence = field(default_factory=Evidence)


def _term_counts(text: str, weight: float, config: StoryConfig, counts: defaultdict[str, float]) -> None:
    """Add words, names (``n:``) and numbers (``#``) of ``text`` to ``counts``."""
    stop = config.stopwords
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token[0].isdigit():
            # Bare years and long codes are boilerplate-like; ages, counts and house numbers are not.
            if len(token) <= 4 and config.number_weight > 0:
                counts["#" + token] += weight * config.number_weight
            continue
        lower = token.lower().replace("’", "'")
        if lower.endswith("'s"):
            lower = lower[:-2]
        if len(lower) < 3 or lower in stop:
            continue
        counts[lower] += weight
        # A capital after a sentence end is not evidence of a name.
        before = text[max(0, match.start() - 3) : match.start()]
        if token[0].isupper() and match.start() > 0 and not _SENTENCE_END.search(before):
            counts["n:" + lower] += weight * config.name_weight


def _sublinear(counts: defaultdict[str, float]) -> dict[str, float]:
    return {term: 1.0 + math.log(count) if count >= 1 else count for term, count in counts.items()}


def article_terms(title: str | None, text: str, config: StoryConfig) -> dict[str, float]:
    """Term weights of an article: sublinear counts, title words weighted up.

    >>> sorted(t for t in article_terms("Man shot", "Police found John Smith.", default_config()) if ":" in t)
    ['n:john', 'n:smith']
    """
    counts: defaultdict[str, float] = defaultdict(float)
    if title:
        _term_counts(title, config.title_weight, config, counts)
    _term_counts(text, 1.0, config, counts)
    return _sublinear(counts)


def _figure(analysis: Analysis, words: tuple[str, ...]) -> int | None:
    best: int | None = None
    for claim in analysis.claims:
        quantity = claim.quantity.lower()
        if any(word in quantity for word in words) and claim.value.min is not None:
            best = max(best or 0, claim.value.min)
    return best


def _in_lead(evidence: EvidenceSpan | None, lead_chars: int) -> bool:
    return evidence is None or evidence.start < lead_chars


def incident_dates(analysis: Analysis, weights: EvidenceWeights) -> frozenset[dt.date]:
    """Day dates the lead of the article gives, not after its publication.

    The lead (first ``lead_chars`` characters) names when the incident happened
    ("Tuesday evening", "the Jan. 7 shooting"); later paragraphs mix in
    background history. Dates more than ``date_lookback_days`` before publication
    are history too; an undated article keeps every day date of its lead.
    """
    published = analysis.article.published.date
    dates: set[dt.date] = set()
    for time in analysis.times:
        if time.precision != "day" or time.start is None or not _in_lead(time.evidence, weights.lead_chars):
            continue
        if published is not None and not (
            dt.timedelta(days=-1) <= published - time.start <= dt.timedelta(days=weights.date_lookback_days)
        ):
            continue
        dates.add(time.start)
    return frozenset(dates)


def article_years(analysis: Analysis, weights: EvidenceWeights) -> frozenset[int]:
    """The years an article is dated to: its publication year and the years its opening states.

    Only dates written out with their year ("9 September 2013", "in 2009") in the
    first ``years_lead_chars`` characters count: a report's dateline and first
    sentence say when it was written; later paragraphs bring back history.
    """
    years: set[int] = set()
    published = analysis.article.published.date
    if published is not None:
        years.add(published.year)
    for time in analysis.times:
        if (
            time.relative
            or time.start is None
            or time.precision not in ("day", "month", "year")
            or time.evidence is None
            or time.evidence.start >= weights.years_lead_chars
        ):
            continue
        years.add(time.start.year)
    return frozenset(years)


def is_follow_up(analysis: Analysis, weights: EvidenceWeights) -> bool:
    """Whether the headline tells a later step of an earlier incident (an arrest, a charge, a trial).

    A word of the headline (lower case) is one of ``follow_up_words``, each form
    listed ("arrested", "arrests"): a stem would take "Pleasant Hill" for a plea or
    "Bondi" for a bond. Such a report leads with its own day (the arrest's, the
    hearing's), not with the day of the incident it follows.

    >>> article = Article(id="a", title="Man charged in fatal shooting", text="", text_hash="x")
    >>> is_follow_up(Analysis(article=article), default_config().evidence)
    True
    """
    headline = analysis.article.title or ""
    words = [w.lower() for w in _TOKEN.findall(headline)]
    return any(w in weights.follow_up_words for w in words)


def analysis_evidence(analysis: Analysis, weights: EvidenceWeights | None = None) -> Evidence:
    """Incident dates, local places, persons, actors and figures of one analysis."""
    weights = weights or default_config().evidence
    dates = incident_dates(analysis, weights)
    # Countries and states say little about which incident; towns and streets do.
    local = [
        p
        for p in analysis.places
        if p.feature not in _WIDE_FEATURES
        and (p.gazetteer_id or p.lat is not None)
        and _in_lead(p.evidence, weights.lead_chars)
    ]
    coords = tuple((p.lat, p.lon) for p in local if p.lat is not None and p.lon is not None)
    # A place the geocoder could not resolve ("St. Louis" alone, "Humboldt Park") is
    # still a place two reports can share by name; it has no coordinates, so it can
    # only agree (see places_agree), never conflict.
    unresolved = [
        p
        for p in analysis.places
        if not p.gazetteer_id
        and p.lat is None
        and p.feature is None
        and _in_lead(p.evidence, weights.lead_chars)
    ]
    places = frozenset(p.gazetteer_id or (p.name or p.text).lower() for p in [*local, *unresolved])
    # The words of each located town as the report writes them: the geocoder may read one
    # town name as a namesake elsewhere, or take an outlet's home town for the scene.
    names = frozenset(
        PLACE_NAME + " ".join(spelled)
        for p in local
        if p.lat is not None and (spelled := place_words(p.text))
    )
    surnames: Counter[str] = Counter()
    singles: Counter[str] = Counter()
    actors: set[str] = set()
    types = {e.id: e.type for e in analysis.entities}
    for mention in analysis.mentions:
        if mention.label == "PERSON":
            # The surname is what follow-up reports repeat ("Barbee", not "Kevin Barbee");
            # a lone word tagged PERSON counts only as a later mention of a full name.
            words = [w.lower().replace("’", "'").removesuffix("'s") for w in _TOKEN.findall(mention.text)]
            if len(words) >= 2 and len(words[-1]) > 2:
                surnames[words[-1]] += 1
            elif len(words) == 1:
                singles[words[0]] += 1
        elif types.get(mention.entity_id) in {"group", "organization", "government", "agency"}:
            actors.add(mention.entity_id)
    for name in surnames:
        surnames[name] += singles[name]
    # The people a report is about are named more than once; passers-by and officials rarely are.
    main = frozenset(name for name, count in surnames.most_common(_MAIN_PERSONS) if count >= 2)
    for event in analysis.events:
        for ref in (event.actor, event.recipient):
            if ref is not None and ref.entity_id:
                actors.add(ref.entity_id)
    return Evidence(
        dates=dates,
        coords=coords,
        places=places | names,
        persons=frozenset(surnames),
        main_persons=main,
        actors=frozenset(actors),
        dead=_figure(analysis, _DEAD_QUANTITIES),
        injured=_figure(analysis, _INJURED_QUANTITIES),
        years=article_years(analysis, weights),
        follow_up=is_follow_up(analysis, weights),
    )


def place_words(text: str) -> tuple[str, ...]:
    """The words of a place name as terms are written (lower case, at least three letters).

    >>> place_words("St. Deer Lodge")
    ('deer', 'lodge')
    """
    words = (w.lower().replace("’", "'").removesuffix("'s") for w in _TOKEN.findall(text))
    return tuple(w for w in words if len(w) >= 3 and not w[0].isdigit())


def names_place(terms: dict[str, float], name: str, rare: Callable[[str], bool] | None = None) -> bool:
    """Whether weighted ``terms`` hold every word of a place ``name`` (a ``PLACE_NAME`` entry).

    With ``rare``, only a name whose words are all rare counts: a big city's name
    ("Chicago") or a word read as a place ("East", "News") is in many reports.

    >>> terms = {"deer": 1.0, "n:lodge": 0.5}
    >>> names_place(terms, "~deer lodge"), names_place(terms, "~deer park")
    (True, False)
    >>> names_place(terms, "~deer", rare=lambda word: word != "deer")
    False
    """
    words = name.removeprefix(PLACE_NAME).split()
    return bool(words) and all(
        (terms.get(w, 0.0) > 0 or terms.get("n:" + w, 0.0) > 0) and (rare is None or rare(w)) for w in words
    )


def evidence_keys(evidence: Evidence) -> list[str]:
    """Index keys pairing each incident date with each local place (``@date|place``).

    An earlier story that shares one is a candidate however few words the two
    reports share (a trial report months later, a short brief). Place names
    (``PLACE_NAME`` entries) make no keys: the place itself does.
    """
    places = [p for p in evidence.places if not p.startswith(PLACE_NAME)]
    return sorted(f"@{day.isoformat()}|{place}" for day in evidence.dates for place in places)[:_MAX_KEYS]


def _page_body(article: Article) -> tuple[list[str], str]:
    """The lines of an article after its opening lines that the headline holds, and the headline.

    Clean text opens with the headline; both are compared normalised (lower case,
    without punctuation or spacing).
    """
    headline = normalise(article.title or "")
    lines = article.text.splitlines()
    start = 0
    while start < len(lines) and (
        not lines[start].strip() or (headline and normalise(lines[start]) in headline)
    ):
        start += 1
    return lines[start:], headline


def page_keys(article: Article, max_chars: int) -> tuple[str, str] | None:
    r"""Keys of a short page's body and headline, or None when the body is empty or long.

    The body is the text after its opening lines that the headline holds (clean text
    opens with the headline), compared in lower case without punctuation or spacing;
    only bodies of at most ``max_chars`` such characters get a key: page templates
    (sign-up forms, cookie walls, social-media shells) are short.

    >>> a = Article(id="a", title="Two shot", text="Two shot\n\nPlease sign in.", text_hash="x")
    >>> b = a.model_copy(update={"title": "Man held", "text": "Man held\nPlease  sign in!"})
    >>> page_keys(a, 100)[0] == page_keys(b, 100)[0], page_keys(a, 100)[1] == page_keys(b, 100)[1]
    (True, False)
    """
    lines, headline = _page_body(article)
    body = normalise("\n".join(lines))
    if not body or len(body) > max_chars:
        return None
    return text_hash(body), text_hash(headline)


def page_line_keys(article: Article, max_chars: int) -> list[tuple[str, int]]:
    """Keys and normalised lengths of each line of a short page's body (empty when long).

    One outlet group's sign-up form or cookie wall differs from site to site by a
    line or two (the site's name, a login widget); most of its lines are the same.
    """
    lines, _ = _page_body(article)
    normalised = [n for n in (normalise(line) for line in lines) if n]
    if not normalised or sum(len(n) for n in normalised) > max_chars:
        return []
    return [(text_hash(n), len(n)) for n in normalised]


def article_features(article: Article, analysis: Analysis | None, config: StoryConfig) -> ArticleFeatures:
    """Features of one article; evidence only when its analysis succeeded."""
    terms = article_terms(article.title, article.text, config)
    if analysis is None or analysis.status != "ok":
        return ArticleFeatures(terms)
    return ArticleFeatures(terms, analysis_evidence(analysis, config.evidence))
