"""Exports of stored records: JSON Lines and CSV (more formats join here)."""

from threatline.export.tabular import (
    ARTICLE_COLUMNS,
    FORMATS,
    article_rows,
    safe_cell,
    write_csv,
    write_jsonl,
)

__all__ = ["ARTICLE_COLUMNS", "FORMATS", "article_rows", "safe_cell", "write_csv", "write_jsonl"]
