from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from threatline.errors import FetchError
from threatline.ingest.raw import Problem, RawDocument
from threatline.ingest.readers import DEFAULT_USER_AGENT, ReadOptions, read_inputs
from threatline.ingest.readers.web import check_address

TEXT = (
    "A court sentenced two men to prison on Wednesday for plotting an attack on a synagogue, "
    "prosecutors said. The men had bought weapons and scouted the building for weeks."
)
PAGE = (
    "<!DOCTYPE html><html><head><title>Two men sentenced</title></head><body>"
    "<nav><a href='/'>Home</a></nav><article>" + f"<p>{TEXT}</p>" * 3 + "</article></body></html>"
).encode()
RSS = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
    b"<item><title>Short</title><description>"
    + ("&lt;p&gt;" + TEXT * 4 + "&lt;/p&gt;").encode()
    + b"</description><link>https://news.example/a</link></item></channel></rss>"
)


def public(host: str, port: int) -> list[str]:
    return ["93.184.216.34"]


def mock(handler: Callable[[httpx.Request], httpx.Response], **kwargs: object) -> ReadOptions:
    return ReadOptions(transport=httpx.MockTransport(handler), resolver=public, **kwargs)  # type: ignore[arg-type]


def read(url: str, options: ReadOptions) -> list[RawDocument | Problem]:
    return list(read_inputs([url], options))


@pytest.mark.parametrize(
    ("content_type", "body", "check"),
    [
        ("text/html; charset=utf-8", PAGE, lambda doc: doc.title == "Two men sentenced"),
        ("text/plain", TEXT.encode(), lambda doc: doc.text == TEXT and doc.title is None),
        (
            "application/rss+xml",
            RSS,
            lambda doc: doc.source == "Wire" and doc.url == "https://news.example/a",
        ),
        ("application/octet-stream", PAGE, lambda doc: doc.title == "Two men sentenced"),
        (
            "text/plain; charset=windows-1252",
            TEXT.replace("men", "m\xe9n").encode("cp1252"),
            lambda doc: "mén" in doc.text,
        ),
    ],
)
def test_content_type_routes_to_reader(
    content_type: str, body: bytes, check: Callable[[RawDocument], bool]
) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, headers={"content-type": content_type}, content=body)

    (item,) = read("https://news.example/story", mock(handler))
    assert isinstance(item, RawDocument)
    assert TEXT[:40] in item.text or "mén" in item.text
    assert check(item)
    assert seen[0].headers["user-agent"] == DEFAULT_USER_AGENT


def test_redirects_are_followed_and_final_url_kept() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old":
            return httpx.Response(301, headers={"location": "/new"})
        return httpx.Response(200, headers={"content-type": "text/html"}, content=PAGE)

    (item,) = read("https://news.example/old", mock(handler))
    assert isinstance(item, RawDocument)
    assert item.url == "https://news.example/new"
    assert item.origin == "https://news.example/old"


def test_redirect_loop_is_bounded() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        return httpx.Response(302, headers={"location": f"/hop{len(calls)}"})

    items = read("https://news.example/start", mock(handler, max_redirects=3))
    assert items == [Problem("https://news.example/start", "more than 3 redirects")]
    assert len(calls) == 4


def test_redirect_to_private_address_is_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"location": "http://169.254.169.254/latest/meta-data/"})

    items = read("https://news.example/x", mock(handler))
    assert items == [Problem("https://news.example/x", "refused private address 169.254.169.254")]


@pytest.mark.parametrize(
    ("response", "reason"),
    [
        (httpx.Response(404), "HTTP 404"),
        (httpx.Response(503), "HTTP 503"),
        (
            httpx.Response(200, headers={"content-type": "image/png"}, content=b"\x89PNG"),
            "unsupported content type image/png",
        ),
        (httpx.Response(200, headers={"content-type": "text/html"}, content=b"  "), "empty response"),
        (
            httpx.Response(
                200, headers={"content-type": "text/html"}, content=b"<html><body>hi</body></html>"
            ),
            "no article text found in HTML",
        ),
        (
            httpx.Response(200, headers={"content-length": "999999"}, content=b"x" * 10),
            "too large (999999 bytes, limit 1000)",
        ),
    ],
)
def test_http_failures_are_one_line_problems(response: httpx.Response, reason: str) -> None:
    items = read("https://news.example/p", mock(lambda request: response, max_bytes=1000))
    assert items == [Problem("https://news.example/p", reason)]


def test_streamed_body_over_limit_is_cut_off() -> None:
    def chunks() -> Iterator[bytes]:
        yield from (b"a" * 400 for _ in range(100))

    items = read(
        "https://news.example/big",
        mock(lambda request: httpx.Response(200, content=chunks()), max_bytes=1000),
    )
    assert items == [Problem("https://news.example/big", "too large (over the 1000-byte limit)")]


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (httpx.ConnectError("[Errno 111] Connection refused"), "connection refused"),
        (httpx.ConnectError("Name or service not known"), "connection failed (Name or service not known)"),
        (httpx.ReadTimeout("read timed out"), "timed out"),
    ],
)
def test_transport_errors_are_problems(error: httpx.HTTPError, reason: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise error

    assert read("https://news.example/p", mock(handler)) == [Problem("https://news.example/p", reason)]


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "192.168.0.10",
        "169.254.169.254",
        "0.0.0.0",
        "224.0.0.1",
        "::1",
        "fc00::1",
        "240.0.0.1",
    ],
)
def test_private_addresses_are_refused(address: str) -> None:
    options = ReadOptions(resolver=lambda host, port: ["93.184.216.34", address])
    with pytest.raises(FetchError, match=f"refused private address {address}"):
        check_address("https://innocent.example/", options)


@pytest.mark.parametrize(
    ("url", "message"),
    [("ftp://news.example/x", "unsupported URL scheme 'ftp'"), ("http:///nohost", "URL has no host")],
)
def test_bad_urls_are_refused(url: str, message: str) -> None:
    with pytest.raises(FetchError, match=message):
        check_address(url, ReadOptions(resolver=public))


def test_public_address_passes_and_flag_allows_private() -> None:
    check_address("https://news.example/", ReadOptions(resolver=public))
    check_address("http://127.0.0.1:8000/", ReadOptions(allow_private_addresses=True))


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/story"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.network
def test_real_local_server_with_private_addresses_allowed(local_server: str) -> None:
    (item,) = read(local_server, ReadOptions(allow_private_addresses=True, timeout=5))
    assert isinstance(item, RawDocument)
    assert item.title == "Two men sentenced"
    assert item.url == local_server


@pytest.mark.network
def test_local_server_refused_without_flag(local_server: str) -> None:
    assert read(local_server, ReadOptions(timeout=5)) == [
        Problem(local_server, "refused private address 127.0.0.1")
    ]


@pytest.mark.network
def test_closed_port_is_connection_refused() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    assert read(url, ReadOptions(allow_private_addresses=True, timeout=5)) == [
        Problem(url, "connection refused")
    ]
