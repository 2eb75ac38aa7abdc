"""HTML pages: article body and metadata with trafilatura.

The body comes out as plain text, one block (paragraph, heading, list item,
table row) per paragraph, paragraphs separated by blank lines, which is the
shape :class:`~threatline.ingest.raw.RawDocument` promises.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass

import trafilatura
from lxml import html as lxml_html  # type: ignore[import-untyped]  # no stubs shipped; trafilatura needs lxml

from threatline.ingest.raw import Problem, RawDocument

__all__ = ["DEFAULT_HTML_SETTINGS", "HtmlSettings", "extract_html", "html_to_text", "read_html_text"]

# trafilatura logs a WARNING for every page it discards; the reader reports those
# itself as a Problem, so the library's own message would only be noise.
logging.getLogger("trafilatura").setLevel(logging.ERROR)

_BLOCK_BREAK = re.compile(r"\n+")


@dataclass(frozen=True, slots=True)
class HtmlSettings:
    """The trafilatura options used for article extraction.

    The defaults are the ones measured best on the article-extraction
    benchmark (``bench/article_extraction.py``); change them only with a new
    measurement.
    """

    favor_precision: bool = True
    favor_recall: bool = False
    include_tables: bool = True
    include_comments: bool = False
    no_fallback: bool = False
    deduplicate: bool = False
    # shorter "articles" are navigation or error pages that trafilatura kept for want of better
    min_chars: int = 80


DEFAULT_HTML_SETTINGS = HtmlSettings()


def _paragraphs(text: str) -> str:
    """Turn trafilatura's one-block-per-line text into blank-line paragraphs."""
    lines = [line.strip() for line in _BLOCK_BREAK.split(text)]
    return "\n\n".join(line for line in lines if line)


def _parse_date(value: object) -> dt.date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _clean(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def extract_html(
    html: str,
    url: str | None,
    *,
    origin: str | None = None,
    settings: HtmlSettings = DEFAULT_HTML_SETTINGS,
) -> RawDocument | None:
    """Extract the main article of an HTML page, or ``None`` if it has none.

    A page whose extracted text is shorter than ``settings.min_chars`` has none.

    The result carries trafilatura's metadata: ``title``, ``published`` (the
    page's date, ``published_how="metadata"``), ``source`` (site name) and
    ``author``. ``origin`` defaults to ``url``, then to ``"<html>"``.
    """
    if not html.strip():
        return None
    try:
        document = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            favor_precision=settings.favor_precision,
            favor_recall=settings.favor_recall,
            include_tables=settings.include_tables,
            include_comments=settings.include_comments,
            no_fallback=settings.no_fallback,
            deduplicate=settings.deduplicate,
        )
    # trafilatura parses arbitrary markup; one malformed page must not stop a batch
    except Exception:  # noqa: BLE001
        return None
    if document is None:
        return None
    text = _paragraphs(getattr(document, "text", None) or "")
    if len(text) < settings.min_chars:
        return None
    return RawDocument(
        text=text,
        origin=origin or url or "<html>",
        url=url,
        title=_clean(getattr(document, "title", None)),
        published=_parse_date(getattr(document, "date", None)),
        source=_clean(getattr(document, "sitename", None)),
        author=_clean(getattr(document, "author", None)),
    )


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), paragraphs kept.

    Unlike :func:`extract_html` this keeps the whole fragment: a feed entry
    holds the article only, there is no page furniture to remove.
    """
    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (ValueError, TypeError):
        return html.strip()
    blocks = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "pre"}
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in blocks:
            element.tail = "\n" + (element.tail or "")
            if element.tag.lower() != "br":
                element.text = "\n" + (element.text or "")
    raw = root.text_content()
    lines = [" ".join(line.split()) for line in raw.split("\n")]
    return "\n\n".join(line for line in lines if line)


def read_html_text(html: str, origin: str, url: str | None) -> Iterator[RawDocument | Problem]:
    """Yield the article of one HTML page, or a Problem if it has none."""
    document = extract_html(html, url, origin=origin)
    if document is None:
        yield Problem(origin, "no article text found in HTML")
    else:
        yield document
