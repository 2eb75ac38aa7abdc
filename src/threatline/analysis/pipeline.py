"""Analysis: one clean Article in, one :class:`~threatline.models.Analysis` out.

The components run in a fixed order over one parsed spaCy ``Doc``; each takes
the records of the ones before it and returns its own:

    entities → times → places → attributions → figures (claims) → quotes → events

A failure in one article is caught here, recorded with the stage that failed,
and never stops the batch. Articles not in English are not run through the
English pipeline; their analysis is stored with status ``skipped``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc

from threatline.analysis.attribution import find_attributions
from threatline.analysis.entities import link_entities
from threatline.analysis.figures import find_figures
from threatline.analysis.kb import KnowledgeBase, default_kb
from threatline.analysis.nlp import load_pipeline, parse
from threatline.analysis.places.gazetteer import Gazetteer, load_gazetteer
from threatline.analysis.places.geocode import geocode_places
from threatline.analysis.quotes import find_quotes
from threatline.analysis.timex import find_times
from threatline.events import extract_events
from threatline.ingest.raw import Problem
from threatline.models import Analysis, Article

if TYPE_CHECKING:
    from threatline.ingest.pipeline import Progress
    from threatline.store.store import Store

log = logging.getLogger(__name__)

VERSION = "analysis-1"
"""Stored with each analysis; bumping it makes the next ingest re-analyse."""


class StageError(Exception):
    """A component failed on one article; carries the stage name."""

    def __init__(self, stage: str, cause: Exception) -> None:
        super().__init__(f"{stage}: {type(cause).__name__}: {cause}")
        self.stage = stage


@dataclass
class Analyser:
    """The loaded resources of the analysis (KB, gazetteer, spaCy pipeline)."""

    kb: KnowledgeBase = field(default_factory=default_kb)
    gazetteer: Gazetteer = field(default_factory=load_gazetteer)
    nlp: Language = field(init=False)

    def __post_init__(self) -> None:
        self.nlp = load_pipeline(self.kb.ruler_patterns(), self.kb.fingerprint)

    def read(self, article: Article, doc: Doc) -> Analysis:
        """Run every component over one parsed article."""
        anchor = article.published.date
        stage = "entities"
        try:
            entities, mentions = link_entities(doc, self.kb, anchor)
            stage = "times"
            times = find_times(doc, anchor)
            stage = "places"
            # demonyms are place mentions (GeoWebNews counts them) but never an event's location
            places = geocode_places(doc, self.gazetteer, demonyms=True)
            stage = "attributions"
            attributions = find_attributions(doc, article.id, mentions)
            stage = "figures"
            claims = find_figures(doc, article.id, attributions)
            stage = "quotes"
            quotes = find_quotes(doc, article.id, mentions)
            stage = "events"
            events = extract_events(
                doc,
                article,
                mentions=mentions,
                entities=entities,
                times=times,
                places=[p for p in places if p.feature != "demonym"],
                claims=claims,
                attributions=attributions,
                kb=self.kb,
            )
        except Exception as exc:
            raise StageError(stage, exc) from exc
        return Analysis(
            article=article,
            entities=entities,
            mentions=mentions,
            times=times,
            places=places,
            claims=claims,
            quotes=quotes,
            attributions=attributions,
            events=events,
        )

    def analyse(self, articles: Iterable[Article]) -> Iterator[tuple[Analysis, str | None]]:
        """Analyses of the articles in order, each with the failed stage or None.

        English articles are parsed in batches with ``nlp.pipe``; others are
        returned as ``skipped`` without parsing.
        """
        batch = list(articles)
        english = [a for a in batch if a.language == "en"]
        docs = dict(zip((a.id for a in english), parse(self.nlp, (a.text for a in english)), strict=True))
        for article in batch:
            if article.language != "en":
                yield (
                    Analysis(
                        article=article,
                        status="skipped",
                        status_reason=f"language {article.language!r} is not English",
                    ),
                    None,
                )
                continue
            try:
                yield self.read(article, docs[article.id]), None
            except StageError as exc:
                log.warning("%s: analysis failed at %s", article.url or article.id, exc)
                yield Analysis(article=article, status="failed", status_reason=str(exc)), exc.stage


@cache
def default_analyser() -> Analyser:
    """The process-wide analyser (loads the model once)."""
    return Analyser()


def analyse_article(article: Article) -> Analysis:
    """Analyse one article without any store (``threatline extract``)."""
    analysis, _ = next(default_analyser().analyse([article]))
    return analysis


def analyse_pending(
    store: Store, progress: Progress | None = None, batch: int = 32
) -> tuple[int, list[Problem]]:
    """Analyse every stored article lacking a current analysis.

    Returns the number analysed and the failures as problems.
    """
    analyser: Analyser | None = None
    done = 0
    failed: list[Problem] = []
    for articles in store.pending_analysis(VERSION, batch):
        analyser = analyser or default_analyser()
        for analysis, stage in analyser.analyse(articles):
            store.save_analysis(analysis, VERSION, stage)
            done += 1
            if stage is not None:
                failed.append(
                    Problem(analysis.article.url or analysis.article.id, analysis.status_reason or "", stage)
                )
            if progress:
                progress("analyse", done, None)
    return done, failed
