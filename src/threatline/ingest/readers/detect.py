"""What an input is: its kind from its name and its first bytes, and its text.

Kinds: ``text``, ``html``, ``jsonl``, ``warc``, ``feed``. Strong content
signatures (a WARC header, an HTML doctype, an RSS or Atom root) win over a
misleading extension; a weak one (lines that open with ``{``) only decides
when the extension says nothing.
"""

from __future__ import annotations

import codecs
import re
from typing import Literal

import charset_normalizer

__all__ = ["Kind", "decode_bytes", "is_binary", "kind_from_name", "sniff_kind"]

Kind = Literal["text", "html", "jsonl", "warc", "feed"]

_EXTENSIONS: dict[str, Kind] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".jsonlines": "jsonl",
    ".warc": "warc",
    ".arc": "warc",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}

GZIP_MAGIC = b"\x1f\x8b"
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL)
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*>", re.IGNORECASE)
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)""", re.IGNORECASE)


def kind_from_name(name: str) -> tuple[Kind | None, bool]:
    """The kind a file name announces, and whether it is gzip-compressed.

    >>> kind_from_name("crawl.warc.gz")
    ('warc', True)
    """
    lowered = name.lower()
    compressed = lowered.endswith(".gz")
    if compressed:
        lowered = lowered[:-3]
    dot = lowered.rfind(".")
    return (_EXTENSIONS.get(lowered[dot:]) if dot >= 0 else None), compressed


def _strip_bom(head: bytes) -> bytes:
    return head[3:] if head.startswith(codecs.BOM_UTF8) else head


def sniff_kind(head: bytes, by_name: Kind | None) -> Kind | None:
    """The kind the first bytes of an (uncompressed) input show, given its name's kind.

    Returns ``None`` when neither the content nor the name decides.
    """
    head = _strip_bom(head)
    if head.startswith((b"WARC/1.", b"WARC/0.")):
        return "warc"
    if _HTML_START.match(head):
        return "html"
    xml = _XML_DECL.match(head)
    if xml or head.lstrip().startswith(b"<"):
        root = _FEED_ROOT.search(head[:4096])
        # a feed is an XML document whose root is <rss>, <feed> or <rdf:RDF>
        if root and not re.search(rb"<(html|body)[\s>]", head[: root.start()], re.IGNORECASE):
            return "feed"
    if by_name is not None:
        return by_name
    if head.lstrip().startswith(b"<") and re.search(rb"<(html|body|p|div)[\s>]", head[:4096], re.IGNORECASE):
        return "html"
    lines = [line.strip() for line in head.splitlines()[:20] if line.strip()]
    # the last line of a head may be cut short, so only its opening brace counts
    if lines and all(line.startswith(b"{") for line in lines) and lines[0].endswith(b"}"):
        return "jsonl"
    return None


def is_binary(head: bytes) -> bool:
    """Whether bytes look like a binary (non-text) file: NUL bytes outside UTF-16."""
    if head.startswith(_UTF16_BOMS):
        return False
    return b"\x00" in head


def _declared_charset(data: bytes) -> str | None:
    match = _XML_ENCODING.match(data) or _CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", errors="ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, declared: str | None = None) -> str | None:
    """Decode text whose encoding may be unknown; ``None`` if it is not text.

    Order: a byte-order mark; UTF-8; the charset the caller or the document
    itself declares (HTTP header, ``<meta charset>``, XML declaration) if it
    decodes cleanly; then charset-normalizer's best guess, preferring cp1252
    (the usual legacy encoding of Western news pages) among equally good
    guesses.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    elif data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for name in (declared, _declared_charset(data)):
        if name and codecs.lookup(name).name not in {"utf-8", "ascii"}:
            try:
                return data.decode(name)
            except (UnicodeDecodeError, LookupError):
                continue
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    for candidate in matches:
        tied = (candidate.chaos, candidate.coherence) == (best.chaos, best.coherence)
        if tied and candidate.encoding == "cp1252":
            return str(candidate)
    return str(best)
