from __future__ import annotations

import datetime as dt

import pytest

from threatline.ingest.raw import Problem, RawDocument
from threatline.ingest.readers.html import extract_html, html_to_text, read_html_text

PARAGRAPHS = [
    "Officials in the northern province said on Tuesday that a group of armed men had threatened "
    "the staff of a regional newspaper after it published a report on smuggling networks.",
    "The editor told reporters that the threats arrived by telephone and by letter over three days, "
    "and that two journalists had since moved their families to another town for safety.",
    "Police said they had opened an investigation and arrested one suspect, a 34-year-old man, "
    "while the provincial governor promised protection for the newspaper's offices.",
]


def article_page(paragraphs: list[str] = PARAGRAPHS, date: str = "2024-03-26") -> str:
    body = "\n".join(f"<p>{text}</p>" for text in paragraphs)
    return f"""<!DOCTYPE html><html><head><title>Threats against newspaper staff | Example Gazette</title>
<meta property="og:site_name" content="Example Gazette">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="{date}T10:00:00Z"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article><h1>Threats against newspaper staff</h1>{body}</article>
<footer><p>Copyright Example Gazette. All rights reserved.</p></footer></body></html>"""


def test_extract_html_keeps_body_paragraphs_and_metadata() -> None:
    document = extract_html(article_page(), "https://news.example/threats")
    assert document is not None
    for paragraph in PARAGRAPHS:
        assert paragraph in document.text
    assert "\n\n" in document.text
    assert "All rights reserved" not in document.text
    assert document.title is not None
    assert document.title.startswith("Threats against newspaper staff")
    assert document.published == dt.date(2024, 3, 26)
    assert document.published_how == "metadata"
    assert document.source == "Example Gazette"
    assert document.author == "Jane Doe"
    assert document.url == "https://news.example/threats"
    assert document.origin == "https://news.example/threats"


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "<html><body><nav><a href='/'>Home</a></nav></body></html>",
        "<html><body><p>Too short.</p></body></html>",
    ],
)
def test_page_without_article_is_a_problem(html: str) -> None:
    assert extract_html(html, None) is None
    items = list(read_html_text(html, "page.html", None))
    assert items == [Problem("page.html", "no article text found in HTML")]


def test_read_html_text_yields_document_with_origin() -> None:
    items = list(read_html_text(article_page(), "saved/page.html", "file:///saved/page.html"))
    assert len(items) == 1
    assert isinstance(items[0], RawDocument)
    assert items[0].origin == "saved/page.html"


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("<p>One.</p><p>Two &amp; three.</p>", "One.\n\nTwo & three."),
        ("First line<br>second   line", "First line\n\nsecond line"),
        ("plain words", "plain words"),
        ("<ul><li>a</li><li>b</li></ul>", "a\n\nb"),
    ],
)
def test_html_to_text(fragment: str, expected: str) -> None:
    assert html_to_text(fragment) == expected
