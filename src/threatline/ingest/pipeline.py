"""Ingest: inputs → raw documents → clean articles → the store.

``ingest`` is the one entry point: it reads every input with the readers,
cleans each document, dates it, identifies its language, links duplicates and
stores it, then (unless told not to) analyses the articles still lacking an
analysis. Nothing here raises for a bad input: each problem is recorded with
its origin and stage and counted in the returned :class:`IngestReport`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

from threatline.errors import StoreError
from threatline.ingest.clean import RecurringLineTracker, clean_text, load_patterns
from threatline.ingest.dateline import find_dateline
from threatline.ingest.duplicates import signature, text_hash
from threatline.ingest.language import identify_language
from threatline.ingest.raw import Problem, RawDocument
from threatline.ingest.readers import ReadOptions, read_inputs
from threatline.models import Article, Published, Removal
from threatline.store.store import Store

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int | None], None]
"""Called as ``progress(stage, done, total)``; ``total`` is None when unknown."""

CHUNK = 256
"""Raw documents cleaned together, so that lines recurring across one source's
articles are seen before the articles are cleaned."""


@dataclass
class IngestReport:
    """What a run did: counts, and every input skipped with its reason."""

    run_id: str
    read: int = 0
    ingested: int = 0
    already_stored: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    non_english: int = 0
    analysed: int = 0
    analysis_failed: int = 0
    linked: int = 0
    relinked: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def duplicates(self) -> int:
        return self.exact_duplicates + self.near_duplicates

    def summary(self) -> dict[str, object]:
        return {
            "read": self.read,
            "ingested": self.ingested,
            "already_stored": self.already_stored,
            "duplicates": {"exact": self.exact_duplicates, "near": self.near_duplicates},
            "non_english": self.non_english,
            "analysed": self.analysed,
            "analysis_failed": self.analysis_failed,
            "linked": self.linked,
            "relinked": self.relinked,
            "skipped": [{"input": p.origin, "stage": p.stage, "reason": p.reason} for p in self.problems],
        }


_ARCHIVED = re.compile(r"^https?://web\.archive\.org/web/[^/]+/(?P<url>.+)$", re.IGNORECASE)
"""A Wayback Machine copy: the archived page's own address follows the timestamp."""


def source_of(raw: RawDocument) -> str | None:
    """The outlet: the reader's site name, else the web host (without ``www.``).

    For a page read from the Wayback Machine the host is the archived page's,
    not the archive's: the outlet is who wrote it, not who kept a copy.
    """
    if raw.source:
        return raw.source
    url = raw.url or ""
    if (archived := _ARCHIVED.match(url)) is not None:
        url = archived.group("url")
        if "://" not in url:
            url = "http://" + url
    if url.startswith(("http://", "https://")):
        host = urlsplit(url).hostname or ""
        return host.removeprefix("www.") or None
    return None


def article_id(url: str | None, normalised_hash: str, record_id: str | None = None) -> str:
    """Content-hash id: the same text from the same place is the same article.

    ``record_id`` is an id the input gave the record (a JSONL ``id``): two
    records the input calls different stay two articles (duplicates of each
    other if their text is the same), while re-reading a record adds nothing.
    """
    key = f"{url or ''}\n{record_id or ''}\n{normalised_hash}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def decide_published(
    metadata: dt.date | None, how: Literal["metadata", "dateline", "text"], text: str
) -> Published:
    """The article's publication date: the source's own date when it gave one, else the date line.

    A date the source gave (``metadata``) wins over a date line or "Posted:" /
    "Updated:" stamp in the text even when the two disagree: on the GVA dev
    set the two disagree on 47 articles, and the source's date is within a
    week of the incident for 43 of them, the text's for 38; with the source's
    date as anchor the incident date is found in 44 of them, with the text's in
    40 ("Updated" stamps and archive pages carry later dates). ``text`` is the
    clean article text.
    """
    if metadata is not None:
        return Published(date=metadata, precision="day", how=how)
    found = find_dateline(text)
    if found is None:
        return Published()
    return Published(date=found.date, precision=found.precision, how="dateline", text=found.text)


def prepare_article(raw: RawDocument, recurring: Iterable[str] = ()) -> Article | Problem:
    """Clean, title, date and language-tag one raw document."""
    source = source_of(raw)
    cleaned = clean_text(
        raw.text, title=raw.title, patterns=load_patterns(), recurring=recurring, source=source
    )
    if not cleaned.text.strip():
        return Problem(raw.origin, "no article text left after removing boilerplate", "clean")
    published = decide_published(raw.published, raw.published_how, cleaned.text)
    digest = text_hash(cleaned.text)
    return Article(
        id=article_id(raw.url, digest, str(raw.metadata["id"]) if "id" in raw.metadata else None),
        url=raw.url,
        source=source,
        title=cleaned.title,
        author=raw.author,
        published=published,
        language=identify_language(cleaned.text).code,
        text=cleaned.text,
        removed=[Removal(text=t, reason=r) for t, r in raw.removed] + list(cleaned.removed),
        text_hash=digest,
        metadata={"origin": raw.origin, **raw.metadata},
    )


def _chunks(items: Iterable[RawDocument | Problem], size: int) -> Iterator[list[RawDocument | Problem]]:
    chunk: list[RawDocument | Problem] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def store_documents(
    store: Store,
    documents: Iterable[RawDocument | Problem],
    report: IngestReport,
    progress: Progress | None = None,
) -> None:
    """Prepare and store documents, counting outcomes into ``report``."""
    tracker = RecurringLineTracker()
    for chunk in _chunks(documents, CHUNK):
        raws = [d for d in chunk if isinstance(d, RawDocument)]
        report.problems.extend(d for d in chunk if isinstance(d, Problem))
        for raw in raws:
            tracker.observe(source_of(raw) or raw.origin, raw.text)
        for raw in raws:
            report.read += 1
            try:
                prepared = prepare_article(raw, tracker.recurring_for(source_of(raw) or raw.origin))
                if isinstance(prepared, Problem):
                    report.problems.append(prepared)
                    continue
                stored, new = store.add_article(prepared, signature(prepared.text))
            except StoreError:
                raise
            except Exception as exc:  # noqa: BLE001 - one broken article never stops the batch
                log.warning("%s: cannot ingest (%s)", raw.origin, exc)
                report.problems.append(Problem(raw.origin, f"{type(exc).__name__}: {exc}", "prepare"))
                continue
            if not new:
                report.already_stored += 1
                continue
            report.ingested += 1
            if stored.duplicate_kind == "exact":
                report.exact_duplicates += 1
            elif stored.duplicate_kind == "near":
                report.near_duplicates += 1
            if stored.language != "en":
                report.non_english += 1
            if progress:
                progress("ingest", report.read, None)


def ingest_documents(
    store: Store,
    documents: Iterable[RawDocument | Problem],
    inputs: Sequence[str],
    *,
    analyse: bool = True,
    link: bool = True,
    progress: Progress | None = None,
) -> IngestReport:
    """Store already-read documents as one run, then analyse and link what is pending.

    ``inputs`` names what the documents came from, for the run record. This is
    the whole of ingest once inputs are read; the API calls it with documents
    built from a request.
    """
    report = IngestReport(run_id=uuid.uuid4().hex)
    store.start_run(report.run_id, inputs)
    store_documents(store, documents, report, progress)
    if analyse:
        # spaCy loads only when something is analysed
        from threatline.analysis.pipeline import analyse_pending, default_analyser  # noqa: PLC0415
        from threatline.linking.stage import link_pending  # noqa: PLC0415

        done, failed = analyse_pending(store, progress=progress)
        report.analysed, report.analysis_failed = done, len(failed)
        report.problems.extend(failed)
        if link:
            report.linked, report.relinked = link_pending(store, default_analyser, progress)
    store.record_problems(report.run_id, [(p.origin, p.stage, p.reason) for p in report.problems])
    store.finish_run(report.run_id, report.summary())
    return report


def ingest(
    store: Store,
    inputs: Iterable[str],
    *,
    options: ReadOptions | None = None,
    analyse: bool = True,
    link: bool = True,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest paths, directories and URLs into ``store``; see the module docstring."""
    inputs = list(inputs)
    documents = read_inputs(inputs, options or ReadOptions())
    return ingest_documents(store, documents, inputs, analyse=analyse, link=link, progress=progress)
