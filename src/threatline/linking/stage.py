"""The linking stage: stored analyses → stories and incidents, incrementally.

Articles are linked one at a time in publication order (undated ones last),
each against the linkers' indexes only, never against the whole store. An
undated article that joins a story gets a publication date inferred from the
story (``how: inferred``) and is re-analysed with it, so that its relative
dates resolve. Each batch is saved in one transaction together with the
linkers' changed state entries (rows: a batch rewrites what it changed, not
the whole state); a run killed in between links the rest next time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from threatline.analysis.kb import default_kb
from threatline.linking.incidents import IncidentLinker
from threatline.linking.published import infer_published
from threatline.linking.stories import StoryInput, StoryLinker
from threatline.models import Analysis, Article, Story

if TYPE_CHECKING:
    from threatline.analysis.pipeline import Analyser
    from threatline.ingest.pipeline import Progress
    from threatline.store.store import Store

STORY_STATE, INCIDENT_STATE = "stories", "incidents"
BATCH = 200


def _linkers(store: Store) -> tuple[StoryLinker, IncidentLinker, bool]:
    """The linkers as the store left them, and whether their state is an old
    whole document (before migration 0005) to be written out as entries."""
    kb = default_kb()

    def related(a: str, b: str) -> bool:
        return kb.is_part_of(a, b) or kb.is_part_of(b, a)

    story_entries = store.linker_entries(STORY_STATE)
    incident_entries = store.linker_entries(INCIDENT_STATE)
    if story_entries or incident_entries:
        return (
            StoryLinker.from_entries(story_entries, related=related),
            IncidentLinker.from_entries(incident_entries, kb=kb),
            False,
        )
    story_state = store.linker_state(STORY_STATE)
    incident_state = store.linker_state(INCIDENT_STATE)
    stories = (
        StoryLinker.from_state(story_state, related=related) if story_state else StoryLinker(related=related)
    )
    incidents = IncidentLinker.from_state(incident_state, kb=kb) if incident_state else IncidentLinker(kb=kb)
    return stories, incidents, story_state is not None or incident_state is not None


def _with_inferred_date(
    article: Article,
    analysis: Analysis | None,
    story_articles: Sequence[str],
    store: Store,
    reanalyse: Callable[[Article], Analysis],
) -> tuple[Article, Analysis | None]:
    """The article (and its analysis) re-dated from its story, when it had no date."""
    if article.published.date is not None or len(story_articles) < 2:
        return article, analysis
    published = infer_published(article, store.articles_by_id(story_articles))
    if published is None:
        return article, analysis
    article = article.model_copy(update={"published": published})
    return article, reanalyse(article)


def link_pending(
    store: Store, analyser: Callable[[], Analyser], progress: Progress | None = None
) -> tuple[int, int]:
    """Link every analysed article that has no story yet; returns (articles linked, relinks)."""
    pending = store.unlinked()
    if not pending:
        return 0, 0
    story_linker, incident_linker, whole = _linkers(store)

    def reanalyse(article: Article) -> Analysis:
        analysis, stage = next(analyser().analyse([article]))
        from threatline.analysis.pipeline import VERSION  # noqa: PLC0415 - avoids an import cycle

        store.save_analysis(analysis, VERSION, stage)
        return analysis

    done = relinked = 0
    for start in range(0, len(pending), BATCH):
        links: list[tuple[str, str]] = []
        touched_stories: set[str] = set()
        touched_incidents: set[str] = set()
        relink_rows: list[dict[str, object]] = []
        for stored, stored_analysis in pending[start : start + BATCH]:
            decision = story_linker.link(StoryInput(stored, stored_analysis))
            members = story_linker.index.stories[decision.story_id].article_ids
            article, analysis = _with_inferred_date(stored, stored_analysis, members, store, reanalyse)
            links.append((article.id, decision.story_id))
            touched_stories.add(decision.story_id)
            if analysis is not None and analysis.status == "ok":
                result = incident_linker.link(
                    article, analysis.events, decision.story_id, analysis.attributions
                )
                touched_incidents.update(a.incident_id for a in result.assignments if a.incident_id)
                for r in result.relinks:
                    touched_incidents.update([r.to_id, *r.from_ids])
                    relink_rows.append(
                        {
                            "kind": r.kind,
                            "from_ids": list(r.from_ids),
                            "to_id": r.to_id,
                            "article_id": r.article_id,
                            "reason": r.reason,
                        }
                    )
            done += 1
            if progress:
                progress("link", done, len(pending))
        live = {i: incident_linker.incident(i) for i in touched_incidents if i in incident_linker.states}
        stories = [_story(story_linker, incident_linker, sid) for sid in sorted(touched_stories)]
        store.save_links(
            links,
            stories=stories,
            incidents=list(live.values()),
            removed_incidents=sorted(touched_incidents - set(live)),
            changes={
                STORY_STATE: story_linker.entries() if whole else story_linker.changes(),
                INCIDENT_STATE: incident_linker.entries() if whole else incident_linker.changes(),
            },
            relinks=relink_rows,
        )
        relinked += len(relink_rows)
        whole = False
    return done, relinked


def _story(stories: StoryLinker, incidents: IncidentLinker, story_id: str) -> Story:
    """One story as a record, with the incidents its articles reported."""
    state = stories.index.stories[story_id]
    incident_ids = [i for i in incidents.story_incidents.get(story_id, []) if i in incidents.states]
    return Story(
        id=state.id,
        title=state.title,
        article_ids=list(state.article_ids),
        incident_ids=list(dict.fromkeys(incident_ids)),
        first_seen=state.first_seen,
        last_seen=state.last_seen,
    )
