"""JSON Lines and CSV writers.

JSON Lines carries whole records (the shapes of ``models.py``). CSV flattens
them to one row each and is safe to open in a spreadsheet: a cell that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with an
apostrophe so that it is never evaluated as a formula (OWASP's advice on CSV
injection).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

from pydantic import BaseModel

from threatline.models import Article

FORMATS = ("jsonl", "csv")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will show as text, never run as a formula."""
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        text = json.dumps(value, ensure_ascii=False, default=str)
    else:
        text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def write_jsonl(records: Iterable[BaseModel], out: IO[str]) -> int:
    """Write one JSON object a line; returns the number written."""
    count = 0
    for record in records:
        out.write(record.model_dump_json())
        out.write("\n")
        count += 1
    return count


def write_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], out: IO[str]) -> int:
    """Write rows under a header of ``columns``; returns the number of rows."""
    writer = csv.writer(out)
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([safe_cell(row.get(c)) for c in columns])
        count += 1
    return count


ARTICLE_COLUMNS = (
    "id",
    "url",
    "source",
    "title",
    "published",
    "published_precision",
    "published_how",
    "language",
    "duplicate_of",
    "duplicate_kind",
    "words",
    "removed",
)


def article_rows(articles: Iterable[Article]) -> Iterable[dict[str, Any]]:
    """Articles flattened for CSV (the text itself is left to JSON Lines)."""
    for a in articles:
        yield {
            "id": a.id,
            "url": a.url,
            "source": a.source,
            "title": a.title,
            "published": a.published.date.isoformat() if a.published.date else None,
            "published_precision": a.published.precision if a.published.date else None,
            "published_how": a.published.how,
            "language": a.language,
            "duplicate_of": a.duplicate_of,
            "duplicate_kind": a.duplicate_kind,
            "words": len(a.text.split()),
            "removed": len(a.removed),
        }
