"""``POST /ingest``: texts, URLs or a JSON Lines body into the store, then analysis and linking.

Bodies, chosen by content type:

- ``application/json``: ``{"texts": [{"text", "title"?, "url"?, "published"?, "source"?}]}``
  or ``{"urls": ["https://..."]}`` (fetched by the web reader, which refuses
  private addresses);
- ``application/x-ndjson``: one JSON object per line, as the JSON Lines reader reads files.

Ingest runs one request at a time, since linking updates shared state.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field, ValidationError, model_validator
from starlette.concurrency import run_in_threadpool

from threatline.api.app import get_store
from threatline.api.errors import ApiError, ErrorResponse
from threatline.ingest.pipeline import IngestReport, ingest_documents
from threatline.ingest.raw import Problem, RawDocument
from threatline.ingest.readers import ReadOptions
from threatline.ingest.readers.dispatch import read_url
from threatline.ingest.readers.jsonl import read_jsonl
from threatline.ingest.readers.text import normalise_text
from threatline.store import Store

__all__ = ["IngestRequest", "IngestResult", "TextInput", "router"]

MAX_ITEMS = 1000
MAX_BODY_BYTES = 20 * 1024 * 1024
NDJSON = "application/x-ndjson"

_lock = threading.Lock()


class TextInput(BaseModel):
    """One article given as text."""

    text: str = Field(min_length=1, max_length=2_000_000)
    title: str | None = Field(default=None, max_length=2000)
    url: str | None = Field(default=None, max_length=4000)
    published: dt.date | None = None
    source: str | None = Field(default=None, max_length=500)


class IngestRequest(BaseModel):
    """Either ``texts`` or ``urls``, not both."""

    texts: list[TextInput] | None = Field(default=None, min_length=1, max_length=MAX_ITEMS)
    urls: list[str] | None = Field(default=None, min_length=1, max_length=MAX_ITEMS)

    @model_validator(mode="after")
    def _one_kind(self) -> IngestRequest:
        if (self.texts is None) == (self.urls is None):
            raise ValueError("give exactly one of 'texts' or 'urls'")
        for url in self.urls or ():
            if not url.lower().startswith(("http://", "https://")):
                raise ValueError(f"not an http(s) URL: {url!r}")
        return self


class IngestResult(BaseModel):
    """What the request did: the run's id and summary (counts and skipped inputs)."""

    run_id: str
    summary: dict[str, Any]


def _text_documents(texts: Iterable[TextInput]) -> Iterator[RawDocument]:
    for number, item in enumerate(texts, start=1):
        yield RawDocument(
            text=normalise_text(item.text),
            origin=item.url or f"request:{number}",
            url=item.url,
            title=item.title,
            published=item.published,
            source=item.source,
        )


def _url_documents(urls: Iterable[str], options: ReadOptions) -> Iterator[RawDocument | Problem]:
    for url in urls:
        yield from read_url(url, options)


async def _documents(request: Request, options: ReadOptions) -> Iterable[RawDocument | Problem]:
    """The request's documents; URLs are fetched lazily, off the event loop, by the consumer."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        raise ApiError(413, f"body over {MAX_BODY_BYTES} bytes")
    if media_type == NDJSON:
        documents = list(read_jsonl(body.splitlines(), "request"))
        if len(documents) > MAX_ITEMS:
            raise ApiError(413, f"more than {MAX_ITEMS} lines")
        return documents
    if media_type != "application/json":
        raise ApiError(
            415,
            f"unsupported content type {media_type or '(none)'}; use application/json or {NDJSON}",
        )
    try:
        payload = IngestRequest.model_validate_json(body)
    except ValidationError as error:
        raise RequestValidationError(
            [
                {**e, "loc": ("body", *e["loc"])}
                for e in error.errors(include_url=False, include_context=False)
            ]
        ) from error
    if payload.texts is not None:
        return list(_text_documents(payload.texts))
    return _url_documents(payload.urls or (), options)


_body_schema = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": IngestRequest.model_json_schema(ref_template="#/components/schemas/{model}")
            },
            NDJSON: {"schema": {"type": "string", "description": "one JSON object per line"}},
        },
    }
}

router = APIRouter()


@router.post(
    "/ingest",
    tags=["ingest"],
    openapi_extra=_body_schema,
    responses={
        code: {"model": ErrorResponse, "description": description}
        for code, description in (
            (401, "Missing or invalid token"),
            (403, "No token configured on the server"),
            (413, "Body too large"),
            (415, "Unsupported content type"),
            (422, "Invalid body"),
        )
    },
)
async def ingest(
    request: Request,
    store: Annotated[Store, Depends(get_store)],
    analyse: Annotated[bool, Query(description="analyse and link after storing")] = True,
) -> IngestResult:
    """Ingest texts, URLs or JSON Lines; needs the bearer token.

    Inputs that cannot be read (a private address, a bad line) are listed in
    ``summary.skipped`` with their reason; the rest are stored.
    """
    documents = await _documents(request, ReadOptions())
    report = await _run_locked(store, documents, analyse)
    return IngestResult(run_id=report.run_id, summary=report.summary())


async def _run_locked(
    store: Store, documents: Iterable[RawDocument | Problem], analyse: bool
) -> IngestReport:
    def work() -> IngestReport:
        with _lock:
            return ingest_documents(store, documents, ["api:ingest"], analyse=analyse)

    return await run_in_threadpool(work)
