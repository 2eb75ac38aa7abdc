"""Counts stated in an article, as intervals tied to what they count and who said them.

The rule for qualifiers and vague words is written in ``docs/figures.md``; the
words and their values live in ``data/attribution.yaml`` (``figures``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from threatline.analysis.attribution import FigureLexicon, entity_ref, load_lexicon, make_id, source_span
from threatline.analysis.doccache import lowers_of, tokens_of
from threatline.models import Attribution, Claim, EntityRef, Evidence, Quantity

_SMALL_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    " fifteen sixteen seventeen eighteen nineteen"
)
_SMALL = {w: i for i, w in enumerate(_SMALL_WORDS.split())}
_TENS_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety"
_TENS = {w: 10 * (i + 2) for i, w in enumerate(_TENS_WORDS.split())}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+(?:\.\d+)?$")
_RANGE_WORDS = ("to", "-", "–", "or", "and")
_SKIP_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"})


def _is_number_word(word: str) -> bool:
    w = word.lower()
    if "-" in w and all(p in _TENS or p in _SMALL for p in w.split("-")):
        return True
    return bool(_DIGITS.match(w)) or w in _SMALL or w in _TENS or w in _SCALES or w == "dozen"


def _number_value(words: Sequence[str]) -> int | None:
    """The value of a run of number words/digits ("five thousand", "4,000", "1.5 million", "a dozen")."""
    total = 0
    current = 0
    seen = False
    for idx, raw in enumerate(words):
        w = raw.lower()
        if w in ("a", "an") and not seen:
            current, seen = 1, True
            continue
        if w == "and":
            continue
        if _DIGITS.match(w):
            num = float(w.replace(",", ""))
            if not num.is_integer():
                return _scale_fraction(num, words[idx + 1 :])
            current += int(num)
            seen = True
        elif "-" in w:
            for part in w.split("-"):
                current += _TENS.get(part, _SMALL.get(part, 0))
            seen = True
        elif w in _SMALL:
            current += _SMALL[w]
            seen = True
        elif w in _TENS:
            current += _TENS[w]
            seen = True
        elif w == "dozen":
            current = max(current, 1) * 12
            seen = True
        elif w in _SCALES:
            scale = _SCALES[w]
            current = max(current, 1) * scale
            if scale > 100:
                total += current
                current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def _scale_fraction(value: float, rest: Sequence[str]) -> int | None:
    if not rest:
        return None  # a bare decimal counts nothing
    scale = _SCALES.get(rest[0].lower())
    return round(value * scale) if scale else None


def _bound(kind: str, n: int) -> tuple[int | None, int | None]:
    if kind == "min":
        return n, None
    if kind == "above":
        return n + 1, None
    if kind == "max":
        return None, n
    if kind == "below":
        return None, n - 1
    return n, n


def _split_qualifier(words: list[str], lex: FigureLexicon) -> tuple[str | None, list[str]]:
    lowered = [w.lower() for w in words]
    for phrase in sorted(lex.qualifiers, key=lambda p: len(p.split()), reverse=True):
        parts = phrase.split()
        if lowered[: len(parts)] == parts and len(words) > len(parts):
            return phrase, words[len(parts) :]
    return None, words


def _core(words: list[str], lex: FigureLexicon) -> tuple[int | None, int | None, int] | None:
    """(min, max, words used) of the count that opens ``words``; None when there is none."""
    lowered = [w.lower() for w in words]
    for phrase in sorted(lex.vague, key=lambda p: len(p.split()), reverse=True):
        parts = phrase.split()
        if lowered[: len(parts)] == parts:
            v = lex.vague[phrase]
            return v.min, v.max, len(parts)
    if lowered[:1] == ["between"]:
        inner = _core(words[1:], lex)
        return None if inner is None else (inner[0], inner[1], inner[2] + 1)
    n = 0
    while n < len(words) and (
        _is_number_word(words[n])
        or (n == 0 and lowered[0] in ("a", "an"))
        # "one hundred and fifty": "and" inside a number, not a range
        or (
            lowered[n] == "and"
            and n > 0
            and lowered[n - 1] == "hundred"
            and n + 1 < len(words)
            and _is_number_word(words[n + 1])
        )
    ):
        n += 1
    if n == 0 or (n == 1 and lowered[0] in ("a", "an")):
        return None
    first = _number_value(words[:n])
    if first is None:
        return None
    if n < len(words) and lowered[n] in _RANGE_WORDS:
        m = n + 1
        while m < len(words) and _is_number_word(words[m]):
            m += 1
        if m > n + 1:
            second = _number_value(words[n + 1 : m])
            if second is not None:
                # "five to seven thousand": the scale of the upper end applies to both
                scale = next((_SCALES[w] for w in lowered[n + 1 : m] if w in _SCALES), 1)
                if first < second and first * scale <= second and not any(w in _SCALES for w in lowered[:n]):
                    first *= scale
                if first <= second:
                    return first, second, m
    return first, first, n


def parse_quantity(text: str) -> Quantity | None:
    """The count a figure phrase states, as an interval; None when it states no count.

    Qualifiers bound the interval ("at least 137" → min 137, "over 180" → min 181,
    "up to four thousand" → max 4000, "nearly 200" → max 199), ranges give both
    ends ("five to seven thousand" → 5000-7000), vague words take their values
    from the lexicon ("dozens" → 12-99). Words after the count are ignored
    ("17 IS commanders" → 17) unless they make it a duration, sum, share or
    time ("24 hours", "$5", "20 percent", "2:11"), or the phrase is a bare year.

    >>> parse_quantity("as many as 4,000 Chechens")
    Quantity(min=None, max=4000, text='as many as 4,000 Chechens')
    """
    lex = load_lexicon().figures
    clean = " ".join(text.replace("\xa0", " ").split())
    if not clean or any(clean.startswith(mark) for mark in lex.currency_marks):
        return None
    if re.search(r"\d:\d\d|%", clean):
        return None
    words = [w for w in re.split(r"\s+|(?<=[a-z])-(?=[a-z])|(?<=\d)-(?=[a-z])", clean) if w]
    words = [w.strip(",;.") if i else w for i, w in enumerate(words)]
    words = [w for w in words if w]
    qualifier, rest = _split_qualifier(words, lex)
    core = _core(rest, lex)
    if core is None:
        return None
    low, high, used = core
    tail = [w.lower().strip(",.;") for w in rest[used:]]
    if tail and _is_unit(tail[0], lex):
        return None
    if not tail and used == 1 and re.fullmatch(r"1[5-9]\d\d|20\d\d", rest[0]) and qualifier is None:
        return None  # a bare four-digit number is read as a year
    if qualifier is not None:
        kind = lex.qualifiers[qualifier]
        if kind in ("min", "above"):
            low, high = _bound(kind, low if low is not None else 0)[0], None
        elif kind in ("max", "below"):
            low, high = None, _bound(kind, high if high is not None else 0)[1]
    return Quantity(min=low, max=high, text=clean)


def _is_unit(word: str, lex: FigureLexicon) -> bool:
    stem = word[:-1] if word.endswith("s") and word[:-1] in lex.units else word
    return stem in lex.units or word in lex.units


# --- figures in a parsed document ---------------------------------------------------------------


class _Tables:
    """A figure lexicon's words in the shapes the span scan looks them up in."""

    def __init__(self, lex: FigureLexicon) -> None:
        self.lex = lex
        self.vague_openers = frozenset(v.split()[0] for v in lex.vague)
        # longest first, so that "dozens of" wins over "dozens"
        self.vague = tuple((v, len(v.split())) for v in sorted(lex.vague, key=len, reverse=True))
        self.qualifiers = tuple(
            (p, len(p.split())) for p in sorted(lex.qualifiers, key=lambda p: len(p.split()), reverse=True)
        )


_tables: list[_Tables] = []


def _tables_for(lex: FigureLexicon) -> _Tables:
    """The lookup tables of ``lex``, built once per lexicon object (the loaded one is cached)."""
    for tables in _tables:
        if tables.lex is lex:
            return tables
    tables = _Tables(lex)
    _tables[:] = [tables]  # one lexicon is in use at a time; keep only the latest
    return tables


def _starts_count(text: str, low: str, like_num: bool, tables: _Tables) -> bool:
    if like_num or _is_number_word(text):
        return True
    return low in tables.vague_openers and low not in ("a", "tens")


def _figure_spans(doc: Doc, lex: FigureLexicon) -> list[tuple[int, int]]:
    """Token ranges [i, j) of candidate figure phrases (qualifier + number or vague word)."""
    tables = _tables_for(lex)
    # one pass over the tokens: the scan below reads each word several times
    lows = lowers_of(doc)
    tokens = tokens_of(doc)
    texts = [t.text for t in tokens]
    numeric = [t.like_num for t in tokens]
    size = len(lows)
    spans: list[tuple[int, int]] = []
    i = 0
    while i < size:
        start = i
        if lows[i] in ("a", "an", "tens", "hundreds") and i + 1 < size:
            nxt = " ".join(lows[i : i + 3])
            if any(nxt.startswith(v) for v in lex.vague) or lows[i + 1] in _SCALES or lows[i + 1] == "dozen":
                pass
            elif not _starts_count(texts[i], lows[i], numeric[i], tables):
                i += 1
                continue
        elif not _starts_count(texts[i], lows[i], numeric[i], tables):
            i += 1
            continue
        j = i + 1
        vague = next((v for v, n in tables.vague if " ".join(lows[i : i + n]) == v), None)
        if vague is not None:
            j = i + len(vague.split())
        else:
            while j < size and (
                _is_number_word(texts[j])
                or (lows[j] in _RANGE_WORDS and j + 1 < size and _is_number_word(texts[j + 1]))
            ):
                j += 1
        # a qualifier just before the number ("at least", "as many as", "up to")
        for phrase, n in tables.qualifiers:
            if start - n >= 0 and " ".join(lows[start - n : start]) == phrase:
                start -= n
                break
        spans.append((start, j))
        i = j
    return spans


def _excluded(doc: Doc, start: int, end: int, lex: FigureLexicon) -> bool:
    """True when the number is a date, age, duration, sum, share, time, ordinal or idiom."""
    core = doc[start:end]
    if any(t.ent_type_ in _SKIP_LABELS for t in core):
        return True
    nxt = doc[end] if end < len(doc) else None
    if nxt is not None:
        word = nxt.lower_
        if word in ("-", "–") and end + 1 < len(doc):
            word = doc[end + 1].lower_
        if _is_unit(word, lex):
            return True
    prev = doc[start - 1] if start > 0 else None
    if prev is not None and prev.text in lex.currency_marks:
        return True
    # an age in apposition: "A.V. Konev, 18,"
    if (
        prev is not None
        and prev.text == ","
        and nxt is not None
        and nxt.text == ","
        and core.root.dep_ == "appos"
    ):
        return True
    window = " ".join(t.lower_ for t in doc[max(start - 2, 0) : end + 2])
    if any(idiom in window for idiom in lex.idioms) and core.text.lower() in ("one", "a"):
        return True
    return bool(
        len(core) == 1 and re.fullmatch(r"1[5-9]\d\d|20\d\d", core.text) and core[0].ent_type_ != "CARDINAL"
    )


def _counted(doc: Doc, start: int, end: int) -> Token | None:
    """The noun a figure counts: the head it modifies, the object of "of", or the next word."""
    last = doc[end - 1]
    if last.lower_ in ("dozens", "hundreds", "thousands", "millions", "scores", "several", "few"):
        of = next((c for c in last.children if c.lower_ == "of"), None)
        if of is not None:
            obj = next((c for c in of.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return obj
        if end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].pos_ in ("NOUN", "PROPN", "ADJ"):
            # the parser attached "of X" elsewhere: take the noun after "of"
            after = doc[end + 1]
            while after.i + 1 < len(doc) and after.dep_ == "compound" and after.head.i > after.i:
                after = after.head
            return after
    tok: Token = last
    for _ in range(4):
        if tok.head.i == tok.i:
            break
        if tok.dep_ in ("nummod", "quantmod", "compound", "advmod") and tok.head.i >= end - 1:
            tok = tok.head
            if tok.pos_ in ("NOUN", "PROPN"):
                return tok
            continue
        break
    if end < len(doc) and doc[end].pos_ in ("NOUN", "PROPN", "ADJ") and doc[end].i > start:
        nxt = doc[end]
        while nxt.dep_ in ("compound", "amod") and nxt.head.i > nxt.i and nxt.head.pos_ in ("NOUN", "PROPN"):
            nxt = nxt.head
        return nxt
    return None


def _phrase(doc: Doc, first: int, last: int) -> str:
    return " ".join(t.text for t in doc[first : last + 1] if not t.is_space and t.dep_ != "det").strip()


def _what(doc: Doc, start: int, end: int, noun: Token) -> str:
    """The counted noun with its modifiers and its first complement."""
    left = end if noun.i >= end else noun.left_edge.i
    if noun.i >= end and doc[left].lower_ == "of":
        left += 1
    parts = [_phrase(doc, left, noun.i)]
    for child in noun.rights:
        if child.dep_ == "prep":
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                parts.append(f"{child.text} {_phrase(doc, obj.left_edge.i, obj.i)}")
            break
        if child.dep_ == "acl" and child.pos_ == "VERB":
            parts.append(_verb_complement(child))
            break
    head = noun.head
    if noun.dep_ in ("nsubj", "nsubjpass") and head.tag_ in ("VBG", "VBN") and len(parts) == 1:
        parts.append(_verb_complement(head))
    elif noun.dep_ == "nsubj" and head.lemma_ == "be":
        # "N Russians were among those killed in ...": the participle describes them
        among = next((c for c in head.children if c.lower_ == "among"), None)
        obj = next((c for c in among.children if c.dep_ == "pobj"), None) if among is not None else None
        acl = next((c for c in obj.children if c.dep_ == "acl"), None) if obj is not None else None
        if acl is not None:
            parts.append(_verb_complement(acl))
    return " ".join(p for p in parts if p)


def _verb_complement(verb: Token) -> str:
    """A verb with its object or first prepositional phrase ("fighting for ISIS")."""
    doc = verb.doc
    for child in verb.rights:
        if child.dep_ in ("dobj", "attr"):
            return f"{verb.text} {_phrase(doc, child.left_edge.i, child.i)}"
        if child.dep_ in ("prep", "agent"):
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return f"{verb.text} {child.text} {_phrase(doc, obj.left_edge.i, obj.i)}"
    return verb.text


def _speaker_in_sentence(token: Token) -> EntityRef | None:
    verbs = set(load_lexicon().cue_verbs)
    tok = token
    while tok.head.i != tok.i:
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in verbs:
            subject = next(
                (c for c in tok.children if c.dep_ == "nsubj" and c.lower_ not in ("it", "there")), None
            )
            if subject is not None:
                return entity_ref(source_span(subject))
    return None


def find_figures(doc: Doc, article_id: str, attributions: Sequence[Attribution] = ()) -> list[Claim]:
    """Every count stated in ``doc`` as a Claim, in text order.

    ``Claim.text`` is the figure phrase as written, ``quantity`` what it counts,
    ``attributed_to`` the chain of the innermost attribution whose evidence
    contains the figure, else the subject of a cue verb the figure depends on.
    """
    lex = load_lexicon().figures
    claims: list[Claim] = []
    for start, end in _figure_spans(doc, lex):
        if _excluded(doc, start, end, lex):
            continue
        span: Span = doc[start:end]
        noun = _counted(doc, start, end)
        if noun is None:
            continue
        # parse with the counted noun so that "2000 Russians" is not read as a bare year
        value = parse_quantity(doc[start : noun.i + 1].text if noun.i >= end else span.text)
        if value is None:
            continue
        value.text = span.text
        what = _what(doc, start, end, noun)
        c0, c1 = span.start_char, span.end_char
        containing = [a for a in attributions if a.evidence.start <= c0 and c1 <= a.evidence.end]
        if containing:
            inner = min(containing, key=lambda a: (a.evidence.end - a.evidence.start, -len(a.chain)))
            attributed = list(inner.chain)
        else:
            found = _speaker_in_sentence(noun)
            attributed = [found] if found is not None else []
        sent = span.sent
        claims.append(
            Claim(
                id=make_id(article_id, "c", c0, c1),
                article_id=article_id,
                quantity=what,
                value=value,
                text=span.text,
                attributed_to=attributed,
                evidence=Evidence(sentence=sent.text.strip(), start=c0, end=c1),
            )
        )
    return claims
