"""http(s) fetching: polite, bounded, and refusing private addresses.

:func:`fetch` downloads; :func:`kind_from_content_type` names the reader of
the response (``read_url`` in :mod:`.dispatch` puts the two together).

Every hop of a redirect chain is checked before it is requested: the scheme
must be http or https and, unless ``allow_private_addresses`` is set, every
address the host resolves to must be public (no loopback, private,
link-local, reserved, multicast or unspecified address), so a URL in a feed
cannot make Threatline probe the machine's own network.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlsplit

import httpx

from threatline.errors import FetchError
from threatline.ingest.readers.detect import Kind, sniff_kind
from threatline.ingest.readers.options import ReadOptions

__all__ = ["Fetched", "check_address", "fetch", "kind_from_content_type"]

_REDIRECTS = {301, 302, 303, 307, 308}
_CONTENT_TYPES: dict[str, Kind] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/xml": "feed",
    "text/xml": "feed",
    "text/plain": "text",
    "text/markdown": "text",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/json": "jsonl",
}


@dataclass(frozen=True, slots=True)
class Fetched:
    """A downloaded body: the final URL after redirects, its media type and charset."""

    url: str
    content: bytes
    media_type: str
    charset: str | None


def _system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def check_address(url: str, options: ReadOptions) -> None:
    """Raise :class:`FetchError` unless ``url`` may be fetched under ``options``."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise FetchError(f"unsupported URL scheme {parts.scheme!r}")
    host = parts.hostname
    if not host:
        raise FetchError("URL has no host")
    if options.allow_private_addresses:
        return
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise FetchError(f"bad port ({error})") from error
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        resolve = options.resolver or _system_resolver
        try:
            addresses = resolve(host, port)
        except (OSError, UnicodeError) as error:
            raise FetchError(f"cannot resolve host {host!r}") from error
    if not addresses:
        raise FetchError(f"cannot resolve host {host!r}")
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if not ip.is_global or ip.is_multicast or ip.is_reserved:
            raise FetchError(f"refused private address {ip}")


def _parse_content_type(value: str) -> tuple[str, str | None]:
    message = Message()
    message["content-type"] = value or "application/octet-stream"
    charset = message.get_param("charset")
    return message.get_content_type(), charset if isinstance(charset, str) else None


def _connect_reason(error: httpx.HTTPError) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    if isinstance(error, httpx.TimeoutException):
        return f"timed out after {text}" if text[0].isdigit() else "timed out"
    if "refused" in text.lower():
        return "connection refused"
    return f"connection failed ({text})"


def fetch(url: str, options: ReadOptions) -> Fetched:
    """Download ``url`` within the options' limits; raise :class:`FetchError` with a one-line reason."""
    headers = {"User-Agent": options.user_agent, "Accept": "text/html, application/xhtml+xml, */*;q=0.5"}
    with httpx.Client(
        transport=options.transport, timeout=options.timeout, headers=headers, follow_redirects=False
    ) as client:
        current = url
        for _hop in range(options.max_redirects + 1):
            check_address(current, options)
            try:
                with client.stream("GET", current) as response:
                    if response.status_code in _REDIRECTS and "location" in response.headers:
                        current = str(response.url.join(response.headers["location"]))
                        continue
                    if response.status_code >= 400:
                        raise FetchError(f"HTTP {response.status_code}")
                    declared = response.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > options.max_bytes:
                        raise FetchError(f"too large ({declared} bytes, limit {options.max_bytes})")
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body.extend(chunk)
                        if len(body) > options.max_bytes:
                            raise FetchError(f"too large (over the {options.max_bytes}-byte limit)")
                    media_type, charset = _parse_content_type(response.headers.get("content-type", ""))
                    return Fetched(str(response.url), bytes(body), media_type, charset)
            except httpx.InvalidURL as error:
                raise FetchError(f"invalid URL ({error})") from error
            except httpx.HTTPError as error:
                raise FetchError(_connect_reason(error)) from error
        raise FetchError(f"more than {options.max_redirects} redirects")


def kind_from_content_type(media_type: str, content: bytes) -> Kind | None:
    """The reader for a response: by its content, then its media type."""
    by_type = _CONTENT_TYPES.get(media_type)
    if by_type == "feed":
        # application/xml is also used for sitemaps and other XML: let the content decide
        sniffed = sniff_kind(content[:8192], None)
        return sniffed if sniffed in {"feed", "html"} else None
    return sniff_kind(content[:8192], by_type) if by_type != "text" else "text"
