"""Auditable cleaning of article text: boilerplate, captions, repeats.

The cleaner works on lines and never rewrites a sentence. Every piece of text
it takes out is listed in :attr:`Cleaned.removed` with the rule that took it,
so the raw text can be rebuilt from the clean text plus the removals (modulo
whitespace): no sentence of the article is lost without a trace.

Rules, applied in this order to each line (paragraphs are separated by blank
lines in the input and stay hard boundaries in the output):

1. whitespace inside a line is collapsed (runs of spaces, tabs, no-break
   spaces become one space) and the line is stripped; nothing else changes;
2. glued prefixes are split off the START of a line (see
   :func:`split_glued_prefix`): reasons ``section-label`` and ``caption``;
3. whole lines matching a named pattern of ``data/boilerplate.yaml``:
   ``boilerplate:<name>``;
4. lines the caller knows recur across a source's articles
   (:class:`RecurringLineTracker`): ``recurring:<source>``;
5. short caption lines (at most ``MAX_CAPTION_WORDS`` words, no sentence
   end, at least half of the words capitalised) directly above an
   image-credit line in the same paragraph ("Vladimir Putin / Vladimir Putin
   / Images source: ..."): ``caption``;
6. a line equal (normalised, see :func:`normalise_line`) to an earlier kept
   line, such as a headline printed twice: ``repeated-line``. The first
   occurrence stays.

Cleaning is idempotent: cleaning the clean text again removes nothing.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Final

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from threatline.datafiles import parse_yaml
from threatline.errors import DataFileError
from threatline.models import Removal

DEFAULT_PATTERNS_PATH: Final = Path(__file__).resolve().parents[1] / "data" / "boilerplate.yaml"
MAX_CAPTION_WORDS: Final = 8
"""A glued caption or a caption line above a credit has at most this many words."""
MIN_SENTENCE_WORDS: Final = 4
"""What remains after splitting off a glued caption must have this many words."""

_HSPACE = re.compile(r"[^\S\n]+")
_SENTENCE_END = re.compile(r"[.!?;:]")
_LEADING_WORD = re.compile(r"[^\W\d_]+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "′": "'", "″": '"'})
_IMAGE_CREDIT_RULES: Final = frozenset({"boilerplate:image-credit", "boilerplate:copyright-symbol"})


class _PatternSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    regex: str

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"invalid regex: {exc}") from exc
        return value


class _BoilerplateFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = Field(ge=1)
    max_line_chars: int = Field(gt=0)
    patterns: list[_PatternSpec] = Field(min_length=1)
    section_labels: list[str] = Field(default_factory=list)
    sentence_starters: list[str] = Field(default_factory=list)
    camel_names: list[str] = Field(default_factory=list)

    @field_validator("patterns")
    @classmethod
    def _unique_names(cls, value: list[_PatternSpec]) -> list[_PatternSpec]:
        names = [spec.name for spec in value]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"duplicate pattern names: {', '.join(duplicates)}")
        return value


@dataclass(frozen=True, slots=True)
class BoilerplatePatterns:
    """The validated, compiled content of a boilerplate data file."""

    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    max_line_chars: int
    section_labels: frozenset[str]  # casefolded
    sentence_starters: frozenset[str]  # exact case: "The", not "the"
    camel_names: tuple[str, ...]  # casefolded

    def match(self, line: str) -> str | None:
        """The name of the first pattern matching the whole ``line``, if any."""
        if len(line) > self.max_line_chars:
            return None
        for name, regex in self.patterns:
            if regex.fullmatch(line):
                return name
        return None


@dataclass(frozen=True, slots=True)
class Cleaned:
    """Clean text, its headline, and everything that was taken out."""

    text: str
    title: str | None
    removed: list[Removal] = field(default_factory=list)


def _compile(data: object, origin: str) -> BoilerplatePatterns:
    try:
        spec = _BoilerplateFile.model_validate(data)
    except ValidationError as exc:
        raise DataFileError(f"{origin}: invalid boilerplate patterns: {exc}") from exc
    return BoilerplatePatterns(
        patterns=tuple((p.name, re.compile(p.regex, re.IGNORECASE)) for p in spec.patterns),
        max_line_chars=spec.max_line_chars,
        section_labels=frozenset(label.casefold() for label in spec.section_labels),
        sentence_starters=frozenset(spec.sentence_starters),
        camel_names=tuple(sorted({name.casefold() for name in spec.camel_names}, key=len, reverse=True)),
    )


@cache
def _default_patterns() -> BoilerplatePatterns:
    return load_patterns(DEFAULT_PATTERNS_PATH)


def load_patterns(path: Path | None = None) -> BoilerplatePatterns:
    """Load and validate boilerplate patterns; the bundled file when ``path`` is None.

    The bundled file is read once and cached. Raises :class:`DataFileError`
    when the file cannot be read, is not YAML, or fails validation (unknown
    keys, a regex that does not compile, duplicate pattern names).
    """
    if path is None:
        return _default_patterns()
    try:
        data = parse_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(f"{path}: cannot read boilerplate patterns: {exc}") from exc
    return _compile(data, str(path))


def normalise_line(line: str) -> str:
    """The comparison key of a line: whitespace collapsed, casefolded, straight quotes.

    Used to spot repeated lines and lines that recur across a source's articles.
    """
    return " ".join(line.split()).casefold().translate(_QUOTES)


def _inside_camel_name(line: str, boundary: int, names: tuple[str, ...]) -> bool:
    # The word holding the boundary starts after the last space before it.
    start = line.rfind(" ", 0, boundary) + 1
    folded = line[start : start + 40].casefold()
    return any(folded.startswith(name) and boundary < start + len(name) for name in names)


def _in_identifier(line: str, boundary: int, names: tuple[str, ...]) -> bool:
    # Hashtags, handles and CamelCase identifiers (#MethWeAreOnIt) hold many
    # inner capitals by design; a caption boundary has no other hump before it
    # in its word, except inside a listed name (Ronald McDonaldThe ...).
    start = line.rfind(" ", 0, boundary) + 1
    if line[start : start + 1] in {"#", "@"}:
        return True
    return any(
        line[i - 1].islower() and line[i].isupper() and not _inside_camel_name(line, i, names)
        for i in range(start + 1, boundary)
    )


def split_glued_prefix(line: str, patterns: BoilerplatePatterns) -> tuple[str, str, str] | None:
    """Split a caption or section label glued onto the start of ``line``.

    Returns ``(prefix, reason, rest)`` or None. Page templates often lose the
    break between an image caption (or a section label) and the text after
    it: "Russia-Syria-sukhoiThe Russian President had stated ...". The rule
    looks only at the first ``MAX_CAPTION_WORDS`` words of a line, for a
    lowercase letter directly followed by an uppercase letter, and splits
    there only when

    * the left part is a known section label (``News``, ``World``, ...) and
      the right part has at least three words (reason ``section-label``), or
    * the right part starts with a common sentence starter from the data file
      ("A", "The", "In", ...) followed by a space, has at least
      ``MIN_SENTENCE_WORDS`` words, and the left part is caption-like: two to
      ``MAX_CAPTION_WORDS`` words (counting hyphen-joined parts) and no
      sentence punctuation (reason ``caption``).

    A boundary inside a listed mixed-case name (iPhone, LinkedIn, McDonald,
    DeSantis) is never split, nor one in a hashtag, handle or CamelCase word
    with another inner capital (#MethWeAreOnIt), and a single-word left part (``Mc``, ``You``,
    ``Linked``, ``Play``) is only split when it is a section label: short
    prefixes are names, not captions.

    >>> split_glued_prefix("ISIS threats PutinA nine-minute video was released", load_patterns())
    ('ISIS threats Putin', 'caption', 'A nine-minute video was released')
    """
    for boundary in range(1, len(line)):
        if line.count(" ", 0, boundary) >= MAX_CAPTION_WORDS:
            return None
        if not (line[boundary - 1].islower() and line[boundary].isupper()):
            continue
        if _inside_camel_name(line, boundary, patterns.camel_names) or _in_identifier(
            line, boundary, patterns.camel_names
        ):
            continue
        left, right = line[:boundary].strip(), line[boundary:].strip()
        right_words = len(right.split())
        if left.casefold() in patterns.section_labels and right_words >= 3:
            return left, "section-label", right
        token = _LEADING_WORD.match(right)
        if (
            token is not None
            and token.group() in patterns.sentence_starters
            and right[token.end() : token.end() + 1] == " "
            and right_words >= MIN_SENTENCE_WORDS
            and not _SENTENCE_END.search(left)
            and 2 <= len(left.replace("-", " ").split()) <= MAX_CAPTION_WORDS
        ):
            return left, "caption", right
    return None


def _is_caption_line(line: str) -> bool:
    # Captions above a credit are names or titles ("Vladimir Putin"): short, no
    # sentence end, mostly capitalised words. A lowercase clause is a sentence.
    words = line.split()
    capitalised = sum(1 for word in words if word[0].isupper())
    return (
        0 < len(words) <= MAX_CAPTION_WORDS
        and not _SENTENCE_END.search(line[-1])
        and 2 * capitalised >= len(words)
    )


@dataclass(slots=True)
class _Line:
    text: str
    paragraph: int
    prefixes: list[Removal] = field(default_factory=list)
    reason: str | None = None


def _parse(text: str) -> list[_Line]:
    lines: list[_Line] = []
    paragraph = 0
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = _HSPACE.sub(" ", raw).strip()
        if not line:
            paragraph += 1
            continue
        lines.append(_Line(line, paragraph))
    return lines


def _split_prefixes(line: _Line, patterns: BoilerplatePatterns) -> None:
    # Repeat until nothing splits so that cleaning twice splits nothing more.
    for _ in range(MAX_CAPTION_WORDS):
        found = split_glued_prefix(line.text, patterns)
        if found is None:
            return
        prefix, reason, rest = found
        line.prefixes.append(Removal(text=prefix, reason=reason))
        line.text = rest


def _mark_credit_captions(lines: list[_Line]) -> None:
    for index, line in enumerate(lines):
        if line.reason not in _IMAGE_CREDIT_RULES:
            continue
        above = index - 1
        while above >= 0:
            candidate = lines[above]
            if candidate.paragraph != line.paragraph:
                break
            if candidate.reason is None:
                if not _is_caption_line(candidate.text):
                    break
                candidate.reason = "caption"
            above -= 1


def _mark_repeats(lines: list[_Line]) -> None:
    seen: set[str] = set()
    for line in lines:
        if line.reason is not None:
            continue
        key = normalise_line(line.text)
        if not any(char.isalnum() for char in key):
            continue
        if key in seen:
            line.reason = "repeated-line"
        seen.add(key)


def clean_text(
    text: str,
    *,
    title: str | None = None,
    patterns: BoilerplatePatterns | None = None,
    recurring: Iterable[str] = (),
    source: str | None = None,
) -> Cleaned:
    """Clean ``text`` (paragraphs separated by blank lines) by the module's rules.

    ``title`` is the headline from metadata, if any; when None the headline is
    the first line left after cleaning (it stays in the text as the first
    paragraph). ``recurring`` holds lines known to recur across the source's
    articles (compared with :func:`normalise_line`); ``source`` only names the
    reason of those removals. Output paragraphs are joined by a blank line,
    lines inside a paragraph by a newline. Never raises on any string.

    >>> cleaned = clean_text("Headline\\n\\nA sentence.\\n\\nLeave a Reply")
    >>> cleaned.text, cleaned.title, [r.reason for r in cleaned.removed]
    ('Headline\\n\\nA sentence.', 'Headline', ['boilerplate:comments'])
    """
    rules = patterns if patterns is not None else load_patterns()
    known = {normalise_line(line) for line in recurring}
    recurring_reason = f"recurring:{source}" if source else "recurring"
    lines = _parse(text)
    for line in lines:
        _split_prefixes(line, rules)
        name = rules.match(line.text)
        if name is not None:
            line.reason = f"boilerplate:{name}"
        elif normalise_line(line.text) in known:
            line.reason = recurring_reason
    _mark_credit_captions(lines)
    _mark_repeats(lines)

    removed: list[Removal] = []
    paragraphs: dict[int, list[str]] = {}
    for line in lines:
        removed.extend(line.prefixes)
        if line.reason is None:
            paragraphs.setdefault(line.paragraph, []).append(line.text)
        else:
            removed.append(Removal(text=line.text, reason=line.reason))
    clean = "\n\n".join("\n".join(block) for block in paragraphs.values())
    if title is not None:
        headline: str | None = _HSPACE.sub(" ", title).strip() or None
        if clean.strip():
            clean = with_headline(clean, headline, source)
    else:
        headline = next((line.text for line in lines if line.reason is None), None)
    return Cleaned(text=clean, title=headline, removed=removed)


def with_headline(text: str, headline: str | None, source: str | None = None, *, near: int = 400) -> str:
    """``text`` opening with ``headline`` as its own paragraph, without the site name
    that names ``source`` (:func:`tidy_title`).

    A headline is the densest line of a news report ("2 killed, 3 hurt in
    Sunday shooting"), and a body behind a paywall may hold nothing else, so
    the clean text, which is all that analysis reads, keeps it as its first
    paragraph, as a plain-text article already does. Nothing is added when the
    text already has the headline in its first ``near`` characters (compared
    by :func:`normalise_line`), so that a page that repeats its headline does
    not read it twice.

    >>> with_headline("Two men were shot.", "2 shot downtown")
    '2 shot downtown\\n\\nTwo men were shot.'
    >>> with_headline("2 Shot Downtown\\n\\nTwo men were shot.", "2 shot downtown")
    '2 Shot Downtown\\n\\nTwo men were shot.'
    """
    if not headline or not headline.strip():
        return text
    headline = tidy_title(headline, source)
    if normalise_line(headline) in normalise_line(text[: near + len(headline)]):
        return text
    return f"{headline}\n\n{text}"


def tidy_title(title: str, source: str | None) -> str:
    """Drop a trailing site name such as " - WKRN News 2" or " | Reuters" from a title.

    Only a last " - ", " | ", " – " or " — " segment that names ``source``
    (either contains the other, compared by letters and digits only, so that
    "WMC Action News 5" names wmcactionnews5.com) is dropped; without a source
    the title is returned with its whitespace collapsed and nothing else changed.
    """
    tidy = " ".join(title.split())
    if not source:
        return tidy
    wanted = _site_key(source)
    match = re.search(r"\s+[-|–—]\s+([^-|–—]+)$", tidy)
    if match is None or match.start() == 0 or not wanted:
        return tidy
    suffix = _site_key(match.group(1))
    if suffix and (wanted in suffix or suffix in wanted):
        return tidy[: match.start()]
    return tidy


def _site_key(name: str) -> str:
    """Letters and digits of an outlet's name, or of a host without "www." and its last label."""
    folded = name.strip().casefold()
    if "." in folded and " " not in folded:
        folded = folded.removeprefix("www.").rsplit(".", 1)[0]
    return re.sub(r"[\W_]+", "", folded)


class RecurringLineTracker:
    """Count short lines per source to find template lines that recur across articles.

    ``observe`` each article of a source before cleaning it; ``recurring_for``
    then returns the normalised lines seen in at least ``min_articles``
    distinct articles and in at least ``min_fraction`` of that source's
    articles. Lines longer than ``max_words`` words are never counted: they
    are sentences, not template lines.
    """

    def __init__(self, *, min_articles: int = 3, min_fraction: float = 0.5, max_words: int = 30) -> None:
        if min_articles < 1 or not 0.0 < min_fraction <= 1.0 or max_words < 1:
            raise ValueError("min_articles >= 1, 0 < min_fraction <= 1 and max_words >= 1 are required")
        self.min_articles = min_articles
        self.min_fraction = min_fraction
        self.max_words = max_words
        self._articles: Counter[str] = Counter()
        self._lines: defaultdict[str, Counter[str]] = defaultdict(Counter)

    def observe(self, source: str, text: str) -> None:
        """Count one article of ``source``; each distinct line counts once per article."""
        keys = {normalise_line(line) for line in text.splitlines()}
        self._articles[source] += 1
        self._lines[source].update(key for key in keys if key and len(key.split()) <= self.max_words)

    def articles(self, source: str) -> int:
        """How many articles of ``source`` were observed."""
        return self._articles[source]

    def recurring_for(self, source: str) -> set[str]:
        """Normalised lines that recur across ``source``'s observed articles."""
        total = self._articles[source]
        if total == 0:
            return set()
        return {
            key
            for key, count in self._lines[source].items()
            if count >= self.min_articles and count >= self.min_fraction * total
        }
