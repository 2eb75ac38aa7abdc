"""Exports of stored records: JSON Lines and CSV (more formats join here)."""

from threatline.export.tabular import (
    ARTICLE_COLUMNS,
    EVENT_COLUMNS,
    FORMATS,
    article_rows,
    event_rows,
    safe_cell,
    write_csv,
    write_jsonl,
)

__all__ = [
    "ARTICLE_COLUMNS",
    "EVENT_COLUMNS",
    "FORMATS",
    "article_rows",
    "event_rows",
    "safe_cell",
    "write_csv",
    "write_jsonl",
]
