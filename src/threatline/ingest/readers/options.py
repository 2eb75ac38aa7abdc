"""Options shared by every reader (one object passed down, no globals)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import httpx

__all__ = ["DEFAULT_USER_AGENT", "ReadOptions", "Resolver"]

DEFAULT_USER_AGENT = "Threatline/0.1 (+https://github.com/threatline; research use)"

# host, port -> the IP addresses the host resolves to
Resolver = Callable[[str, int], list[str]]


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How inputs are read.

    ``max_bytes`` bounds every input (a file on disk, a decompressed file, a
    download, a WARC record). ``transport`` replaces httpx's network transport
    (tests pass an ``httpx.MockTransport``) and ``resolver`` replaces DNS
    resolution for the private-address check; both default to the real thing.
    """

    timeout: float = 20.0
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5
    user_agent: str = DEFAULT_USER_AGENT
    allow_private_addresses: bool = False
    transport: httpx.BaseTransport | None = None
    resolver: Resolver | None = None
