"""Incremental story linking: which earlier story is a new article about?

Articles arrive in publication order. Each is scored against a bounded list of
candidate stories (see :mod:`threatline.linking.index`) by the cosine of its
tf-idf vector with the story's centroid, adjusted by structured evidence when the
article's analysis is given: the same incident date (a day date of the lead),
nearby towns, the surnames of the people a report is about and related actors
raise the score, and an incident date together with a town weighs most; a
different incident date (between reports published days apart), distant towns,
different main persons, years apart or different death tolls lower it. Same topic is not
same incident: two shootings in one city share many words but not their
victims' names, streets or dates, which is why names weigh double and evidence
can veto a textual match. Several people named on both sides (a trial report naming
the victim and the accused) weigh more than one; different main persons do not count
against a story whose incident date a dated report shares (early reports of one
incident name a victim in one, a witness or an officer in another).

A report that names a story's incident date is a follow-up however late it
comes (an arrest, a trial, a sentence): the penalty for the time since the story
was last seen is lifted for it (and lightened for one about the story's people),
and each (incident date, town) pair is an index key, so that such a story is a
candidate even when the two texts share few words.

A short page whose body an earlier article had under another headline (a
sign-up form, a cookie wall) is a page template: it is linked on its headline
alone (``template_max_chars``).

The article joins the best story when the score reaches ``threshold``
(``analysed_threshold`` for an article given with its analysis), otherwise
it opens a new one. A duplicate (``duplicate_of`` set) joins its original's story
without scoring.

Example::

    linker = StoryLinker()
    for article in articles:  # in publication order
        decision = linker.link(StoryInput(article))
    stories = linker.stories()
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from threatline.analysis.places.geodesy import distance_km
from threatline.linking.features import (
    PLACE_NAME,
    ArticleFeatures,
    Evidence,
    StoryConfig,
    article_features,
    article_terms,
    default_config,
    evidence_keys,
    names_place,
    page_keys,
    page_line_keys,
)
from threatline.linking.index import StoryIndex, StoryState
from threatline.models import Analysis, Article, Story

STATE_VERSION = 1
"""Stored with serialised state; a different version means re-linking from scratch."""
_VERSION_KEY = "version"

Related = Callable[[str, str], bool]
"""Whether two actor ids are the same or one is part of the other (KB hierarchy)."""


@dataclass(frozen=True)
class StoryInput:
    """One article to link, with its analysis when there is one."""

    article: Article
    analysis: Analysis | None = None


@dataclass(frozen=True)
class StoryDecision:
    """Where an article went and why.

    ``reason`` is ``duplicate`` (joined its original's story), ``matched`` (joined
    the best candidate, ``score`` ≥ threshold) or ``new`` (no candidate reached it;
    ``score`` is the best candidate's, 0.0 if there was none).
    """

    article_id: str
    story_id: str
    created: bool
    score: float
    candidates: int
    reason: str


def evidence_adjustment(
    evidence: Evidence,
    story: StoryState,
    config: StoryConfig,
    related: Related | None,
    published: dt.date | None = None,
    *,
    cosine: float = 1.0,
    terms: dict[str, float] | None = None,
    rare: Callable[[str], bool] | None = None,
) -> float:
    """The sum of evidence bonuses and penalties; 0.0 where either side lacks a kind.

    Different incident dates count against the story in full only when the
    article was published within ``date_conflict_days`` of the story's latest
    article (or either is undated): a later report leads with its own news (an
    arrest, a trial), not with the day of the incident. A later one counts
    ``date_conflict_later``, nothing when it names ``follow_up_persons`` of the
    story's people, and ``date_conflict_unnamed`` more when it names none of them
    and its days all come after the story's (the next incident in one
    neighbourhood). A report whose headline tells a later step (an arrest, a
    charge, a trial: ``evidence.follow_up``) counts ``date_conflict_follow_up``
    instead of all these. A town that agrees between reports published within
    ``place_recent_days`` of each other, when no incident dates can be compared,
    adds ``place_match_recent``. The bonus for an incident date and a town that
    both agree is given only when the two texts' ``cosine`` reaches
    ``date_and_place_min_cosine`` and the day is one of the story's own
    (``StoryState.core_dates``: its first dated report's, or one named by two of its
    reports), not a day a single later report added (an arrest's, a funeral's): two
    incidents of one town meet on such days. Such a day does not excuse different
    main persons either. ``terms`` (the article's weighted terms) and
    ``rare`` (whether a word is in few articles) let a town named on both sides
    but located apart count as no place conflict (see :func:`places_agree`).
    """
    weights = config.evidence
    total = 0.0
    same_day = dates_agree(evidence, story, config)
    if same_day:
        total += weights.date_match
    elif same_day is not None:
        recent = (
            published is None
            or story.last_seen is None
            or abs((published - story.last_seen).days) <= weights.date_conflict_days
        )
        named = len(evidence.persons & story.persons)
        if evidence.follow_up:
            # A headline about an arrest, a charge or a trial tells a later step of an
            # earlier incident: it leads with its own day, not with the incident's.
            total += weights.date_conflict_follow_up
        elif recent:
            total += weights.date_conflict
        elif named < weights.follow_up_persons:
            # A later report naming several of the story's people (the victim, the
            # accused, their lawyer) is a follow-up that leads with its own day.
            total += weights.date_conflict_later
        if not recent and not named and not evidence.follow_up and min(evidence.dates) > max(story.dates):
            # A later report of a day after all of the story's that names none of its
            # people is another incident on the same block, not a follow-up (an arrest
            # or a trial names the victim or the accused).
            total += weights.date_conflict_unnamed
    same_place = places_agree(evidence, story, config, terms, rare)
    if same_place is not None:
        total += weights.place_match if same_place else weights.place_conflict
    if (
        same_place
        and same_day is None
        and published is not None
        and story.last_seen is not None
        and abs((published - story.last_seen).days) <= weights.place_recent_days
    ):
        # Reports a day apart from one town where one side gives no incident date:
        # a first brief and a fuller report of the same incident.
        total += weights.place_match_recent
    if (
        same_day
        and same_place
        and cosine >= weights.date_and_place_min_cosine
        and dates_agree(evidence, story, config, core=True)
    ):
        # The same day in the same town is rarely two different incidents, unless
        # the reports share next to no words: two shootings one night in one city.
        total += weights.date_and_place
    if persons_conflict(evidence, story):
        # A dated report's day dates are anchored; an undated one's weekdays are guesses.
        anchored = same_day and published is not None and dates_agree(evidence, story, config, core=True)
        total += weights.person_conflict_same_day if anchored else weights.person_conflict
    elif persons_agree(evidence, story):
        total += weights.person_match
    if persons_shared(evidence, story, config):
        total += weights.persons_shared
    if evidence.actors and story.actors:
        shared = evidence.actors & story.actors
        if shared or (
            related is not None
            and any(related(a, b) or related(b, a) for a in evidence.actors for b in story.actors)
        ):
            total += weights.actor_match
    if years_apart(evidence, story) >= weights.year_conflict_gap:
        total += weights.year_conflict
    if evidence.dead is not None and story.dead is not None and evidence.dead != story.dead:
        total += weights.figure_conflict
    return total


def years_apart(evidence: Evidence, story: StoryState) -> int:
    """How many years separate the article's years from the story's closest one (0 if unknown)."""
    if not evidence.years or not story.years:
        return 0
    return min(abs(a - b) for a in evidence.years for b in story.years)


def persons_agree(evidence: Evidence, story: StoryState) -> bool:
    """Whether a main person of one side is named by the other."""
    return bool(evidence.main_persons & story.persons or evidence.persons & story.main_persons)


def persons_shared(evidence: Evidence, story: StoryState, config: StoryConfig) -> bool:
    """Whether both sides name at least ``persons_shared_min`` of the same people (surnames)."""
    return len(evidence.persons & story.persons) >= config.evidence.persons_shared_min


def persons_conflict(evidence: Evidence, story: StoryState) -> bool:
    """Whether each side is about people the other never names.

    Both have main persons (named at least twice) and share none, the article has
    one the story never names, and it names none of the story's. A name both merely mention (a champion,
    a police chief, a president) does not tie two reports together; a follow-up
    that names the story's victim once and its own suspect twice is no conflict.
    """
    if not evidence.main_persons or not story.main_persons or evidence.main_persons & story.main_persons:
        return False
    return bool(evidence.main_persons - story.persons) and not story.main_persons & evidence.persons


def places_agree(
    evidence: Evidence,
    story: StoryState,
    config: StoryConfig,
    terms: dict[str, float] | None = None,
    rare: Callable[[str], bool] | None = None,
) -> bool | None:
    """Whether a local place of the article is one of the story's or near one.

    ``None`` when nothing can be compared: either side has no located local
    place and they share no place by name. When both sides are located, only
    gazetteer keys (``source:id``) and distances count, not bare names, for
    agreement; distant places are no conflict (``None``) when one side names a
    located town of the other: the article's weighted ``terms`` hold the words of
    one of the story's, or the story's centroid those of one of the article's.
    An article with no located place agrees when its ``terms`` hold every word of
    a town the story located and those words are ``rare``: a headline over a
    sign-up form, or a brief whose town the geocoder missed, still names the town.
    """
    if evidence.coords and story.coords:
        near = config.evidence.place_near_km
        # Names without a gazetteer key ("West Side") recur in many towns: with
        # coordinates on both sides only keyed places and distances count.
        shared = {p for p in evidence.places & story.places if ":" in p}
        if shared or any(distance_km(a, b) <= near for a in evidence.coords for b in story.coords):
            return True
        # A town both reports name but locate apart is one name read two ways (a small
        # town and its namesake, an outlet's home town taken for the scene).
        mine = [p for p in evidence.places if p.startswith(PLACE_NAME)]
        theirs = [p for p in story.places if p.startswith(PLACE_NAME)]
        if any(names_place(story.centroid, p, rare) for p in mine) or (
            terms is not None and any(names_place(terms, p, rare) for p in theirs)
        ):
            return None
        return False
    if evidence.places & story.places:
        return True
    if not evidence.coords and story.coords and terms is not None and rare is not None:
        towns = (p for p in story.places if p.startswith(PLACE_NAME))
        if any(names_place(terms, p, rare) for p in towns):
            return True
    return None


def dates_agree(
    evidence: Evidence, story: StoryState, config: StoryConfig, *, core: bool = False
) -> bool | None:
    """Whether an incident date of the article is within tolerance of one of the story's.

    ``None`` when either side has no incident date. With ``core``, only the story's
    own incident dates count (``StoryState.core_dates``).
    """
    days = story.core_dates if core else story.dates
    if not evidence.dates or not days:
        return None
    tolerance = dt.timedelta(days=config.evidence.date_tolerance_days)
    return any(abs(a - b) <= tolerance for a in evidence.dates for b in days)


class StoryLinker:
    """Links articles into stories one at a time, against a bounded candidate index.

    ``related`` tells whether two actor ids are related (pass
    ``lambda a, b: kb.is_part_of(a, b)`` to use the KB hierarchy); without it only
    identical actor ids count.
    """

    def __init__(
        self,
        config: StoryConfig | None = None,
        related: Related | None = None,
        index: StoryIndex | None = None,
    ) -> None:
        self.config = config or default_config()
        self.related = related
        self.index = index or StoryIndex(self.config)

    def link(self, item: StoryInput) -> StoryDecision:
        """Put one article into a story (existing or new) and return the decision."""
        article = item.article
        index = self.index
        known = index.story_of.get(article.id)
        if known is not None:
            return StoryDecision(
                article.id, known, created=False, score=1.0, candidates=0, reason="duplicate"
            )
        features = article_features(article, item.analysis, self.config)
        page = page_keys(article, self.config.template_max_chars)
        template = page is not None and index.template(
            *page,
            page_line_keys(article, self.config.template_max_chars),
            self.config.template_line_share,
        )
        if template:
            # A short body an earlier article had under another headline is a page
            # template (a sign-up form, a cookie wall): only the headline tells what
            # the page is about, and its analysis read the template.
            features = ArticleFeatures(article_terms(article.title, "", self.config))
        vector = index.weigh(features.terms, article.source)
        terms = index.distinctive(vector)
        keys = evidence_keys(features.evidence)
        if not template and article.duplicate_of is not None and article.duplicate_of in index.story_of:
            story = index.stories[index.story_of[article.duplicate_of]]
            self._join(story, article, vector, features, [*terms, *keys])
            return StoryDecision(
                article.id, story.id, created=False, score=1.0, candidates=0, reason="duplicate"
            )
        best, score, count = self._best(vector, terms, keys, features, article.published.date)
        # Evidence bonuses lift the scores of analysed articles: their bar is set apart.
        analysed = item.analysis is not None and not template
        threshold = self.config.analysed_threshold if analysed else self.config.threshold
        if best is not None and score >= threshold:
            self._join(best, article, vector, features, [*terms, *keys])
            return StoryDecision(
                article.id, best.id, created=False, score=score, candidates=count, reason="matched"
            )
        story = StoryState(
            id=f"story-{article.id}",
            title=_title(article),
            first_seen=article.published.date,
            last_seen=article.published.date,
            article_ids=[],
            centroid={},
            norm=1.0,
            created=len(index.stories),
        )
        self._join(story, article, vector, features, [*terms, *keys])
        return StoryDecision(article.id, story.id, created=True, score=score, candidates=count, reason="new")

    def _best(
        self,
        vector: dict[str, float],
        terms: list[str],
        keys: list[str],
        features: ArticleFeatures,
        published: dt.date | None,
    ) -> tuple[StoryState | None, float, int]:
        window = dt.timedelta(days=self.config.window_days)
        best: StoryState | None = None
        best_score = 0.0
        candidates = self.index.candidates(vector, terms, keys)
        index = self.index
        share = self.config.evidence.place_name_max_share

        def rare(word: str) -> bool:
            return index.df.get(word, 0) <= share * index.documents

        for story in candidates:
            dated = published is not None and story.last_seen is not None and story.first_seen is not None
            if dated and (published - story.last_seen > window or story.first_seen - published > window):  # type: ignore[operator]
                continue
            cosine = sum(w * story.centroid.get(t, 0.0) for t, w in vector.items()) / story.norm
            for member in story.members:
                cosine = max(cosine, sum(w * member.get(t, 0.0) for t, w in vector.items()))
            if (
                published is None
                and story.first_seen is not None
                and not self._undated_may_join(features, story, cosine)
            ):
                continue
            score = cosine + evidence_adjustment(
                features.evidence,
                story,
                self.config,
                self.related,
                published,
                cosine=cosine,
                terms=vector,
                rare=rare,
            )
            if published is not None and story.first_seen is not None and story.last_seen is not None:
                gap = max((story.first_seen - published).days, (published - story.last_seen).days, 0)
                penalty = self.config.time_penalty * math.log1p(gap / self.config.time_scale_days)
                # A report that names the story's incident date is a follow-up, however late;
                # one about the story's people (a trial, a sentence) is likely one.
                if dates_agree(features.evidence, story, self.config):
                    penalty *= self.config.evidence.time_kept_on_date_match
                elif persons_agree(features.evidence, story):
                    penalty *= self.config.evidence.time_kept_on_person_match
                score -= penalty
            if score > best_score:
                best, best_score = story, score
        return best, best_score, len(candidates)

    def _undated_may_join(self, features: ArticleFeatures, story: StoryState, cosine: float) -> bool:
        """Whether an undated article may join a dated story at all.

        Without a date, the time since the story's reports cannot rule it out, and
        middling word overlap does not tell two statements or videos of one group
        apart. So an undated article that was analysed joins a dated story on
        words alone only when they agree strongly (``undated_text_score``),
        otherwise only when its own facts agree with the story's: an incident
        date or a local place. Text-only linking (no analysis) keeps the plain rule.
        """
        if cosine >= self.config.evidence.undated_text_score or features.evidence == Evidence():
            return True
        return bool(
            dates_agree(features.evidence, story, self.config)
            or places_agree(features.evidence, story, self.config)
        )

    def _join(
        self,
        story: StoryState,
        article: Article,
        vector: dict[str, float],
        features: ArticleFeatures,
        terms: list[str],
    ) -> None:
        story.article_ids.append(article.id)
        story.absorb(vector, features.evidence, self.config.centroid_terms, self.config.member_vectors)
        published = article.published.date
        if published is not None:
            story.first_seen = min(story.first_seen or published, published)
            story.last_seen = max(story.last_seen or published, published)
        self.index.story_of[article.id] = story.id
        self.index.add(story, terms)

    def story_of(self, article_id: str) -> str | None:
        """The id of the story an article was linked to, if it was."""
        return self.index.story_of.get(article_id)

    def stories(self) -> list[Story]:
        """Every story as a :class:`~threatline.models.Story` record, in creation order."""
        return [
            Story(
                id=s.id,
                title=s.title,
                article_ids=list(s.article_ids),
                first_seen=s.first_seen,
                last_seen=s.last_seen,
            )
            for s in self.index.stories.values()
        ]

    def state(self) -> dict[str, Any]:
        """The linker's whole state as JSON-ready data, with :data:`STATE_VERSION`."""
        return {"version": STATE_VERSION, **self.index.to_dict()}

    def changes(self) -> dict[str, Any]:
        """The state entries changed since the last call, with the version entry.

        Key → JSON-ready value, None for an entry to delete (see
        :meth:`~threatline.linking.index.StoryIndex.entries`).
        """
        return {_VERSION_KEY: STATE_VERSION, **self.index.take_changes()}

    def entries(self) -> dict[str, Any]:
        """The whole state as entries (what :meth:`changes` keeps up to date)."""
        self.index.changed.clear()
        return {_VERSION_KEY: STATE_VERSION, **self.index.entries()}

    @classmethod
    def from_entries(
        cls, entries: dict[str, Any], config: StoryConfig | None = None, related: Related | None = None
    ) -> StoryLinker:
        """A linker that continues from stored entries; ``ValueError`` on another version."""
        if entries.get(_VERSION_KEY) != STATE_VERSION:
            raise ValueError(f"story state version {entries.get(_VERSION_KEY)!r}, expected {STATE_VERSION}")
        config = config or default_config()
        rest = {k: v for k, v in entries.items() if k != _VERSION_KEY}
        return cls(config, related, StoryIndex.from_entries(rest, config))

    @classmethod
    def from_state(
        cls, state: dict[str, Any], config: StoryConfig | None = None, related: Related | None = None
    ) -> StoryLinker:
        """A linker that continues from :meth:`state`; raises ``ValueError`` on another version."""
        if state.get("version") != STATE_VERSION:
            raise ValueError(f"story state version {state.get('version')!r}, expected {STATE_VERSION}")
        config = config or default_config()
        return cls(config, related, StoryIndex.from_dict(state, config))


def _title(article: Article) -> str:
    """The article's title, else its first non-empty line (cut at 120 characters)."""
    if article.title and article.title.strip():
        return article.title.strip()
    for line in article.text.splitlines():
        if line.strip():
            return line.strip()[:120]
    return article.id


def link_articles(items: list[StoryInput], linker: StoryLinker | None = None) -> list[StoryDecision]:
    """Link ``items`` in the order given (publication order is the caller's job)."""
    linker = linker or StoryLinker()
    return [linker.link(item) for item in items]
