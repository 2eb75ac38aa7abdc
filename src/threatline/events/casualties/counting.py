"""Counting the people a phrase names: "three men", "Smith, Doe and Roe", "his wife and two children"."""

from __future__ import annotations

from spacy.tokens import Token

from threatline.analysis.timex.words import load_time_words
from threatline.events.ontology import Casualties, EventPatterns

__all__ = [
    "age_marked",
    "aged_person",
    "body_part",
    "listed_count",
    "named_list_count",
    "number_value",
    "period_tally",
    "person_word",
    "victim_count",
]

_AGE_UNITS = frozenset({"year", "month", "week", "day"})


def number_value(token: Token, numbers: dict[str, int]) -> int | None:
    """The whole number a token spells ("12", "1,200", "twelve" by ``numbers``), else None."""
    text = token.lower_.replace(",", "")
    if text.isdigit():
        return int(text)
    return numbers.get(text)


def aged_person(token: Token) -> bool:
    """Whether ``token`` is the head of an age used as a noun ("a 16-year-old", "the
    2-month-old"): the parser reads it as the adjective "old", often tagged a date."""
    return token.lower_ == "old" and any(k.lemma_.lower() in _AGE_UNITS for k in token.children)


def age_marked(token: Token, c: Casualties) -> bool:
    """Whether the number ``token`` is an age by the abbreviation after it ("a 25 y/o man",
    "a 30 yr old woman"), not a count."""
    written = ""
    for t in token.doc[token.i + 1 : min(token.i + 4, token.sent.end)]:
        written += t.lower_
        if written in c.age_marks:
            return True
        if t.whitespace_:
            break
    return False


def body_part(token: Token) -> bool:
    """Whether ``token`` is "body" as the part a victim was hit in ("shot in the upper
    body"), not a dead body."""
    return token.lemma_.lower() == "body" and token.dep_ == "pobj" and token.head.lower_ in ("in", "to")


def person_word(token: Token) -> bool:
    """Whether ``token`` can name people: a noun, name or pronoun, or an age used as a noun."""
    return token.pos_ in ("NOUN", "PROPN", "PRON") or aged_person(token)


def listed_count(victim: Token, patterns: EventPatterns) -> int | None:
    """How many people a list of victims names ("A, B and C"; "his wife and two children").

    The parser reads "A, B and C" as A with the apposition B and its conjunct C,
    so an apposed name with conjuncts counts as part of the list. A name counts
    one whatever number follows it ("Smith, 34,"); a noun counts the number
    before it. None when one member is a plural without a number ("his wife and
    children").
    """
    named = named_list_count(victim)
    if named is not None:
        return named
    members = [victim, *victim.conjuncts]
    for child in victim.children:
        if child.dep_ != "appos" or child.pos_ != "PROPN" or not (child.conjuncts or victim.conjuncts):
            continue
        # in a list, a name apposed to a name is one more member ("Benton, Daniel
        # and McDonald"); apposed to a noun it names that noun ("his son, Storm
        # Malone, and a friend")
        members += [child, *child.conjuncts] if victim.pos_ == "PROPN" else child.conjuncts
    total = 0
    for member in members:
        if member.pos_ == "PROPN":
            total += 1  # a name, whatever number follows it ("Smith, 34,")
            continue
        count_word = next(
            (
                k
                for k in member.children
                if k.dep_ == "nummod" and k.i < member.i and not age_marked(k, patterns.casualties)
            ),
            None,
        )
        if count_word is not None:
            value = number_value(count_word, patterns.numbers)
            if value is None:
                return None
            total += value
        elif member.tag_ in ("NNS", "NNPS"):
            return None
        else:
            total += 1
    return total


_LIST_GLUE = frozenset({",", "and", ";", "&"})


def named_list_count(victim: Token) -> int | None:
    """How many people a list of names with their ages names, read from its words:
    "Ann Lee, 27, Bo Ray, 31, and Cy Poe, 45," names 3; None unless ``victim`` is a
    person's name that opens such a list of two names or more.

    The parser chains such lists as appositions and reads the ages as members, so
    the list is read as it is written: the run of names, ages, commas and "and"
    around the victim, which the verb must follow.
    """
    if victim.ent_type_ != "PERSON" or victim.pos_ != "PROPN":
        return None
    doc = victim.doc
    sent = victim.sent
    start = victim.left_edge.i
    # the victim may be a later member, which the parser hangs on the first
    while start > sent.start and _in_named_list(doc[start - 1]):
        start -= 1
    names = 0
    i = start
    while i < sent.end and _in_named_list(doc[i]):
        t = doc[i]
        # a name is a run of proper nouns; the tagger may call a later one a place
        if t.pos_ == "PROPN" and (i == start or doc[i - 1].pos_ != "PROPN"):
            names += 1
        i += 1
    # the list must be the whole subject: its next word is the verb ("were shot")
    if i >= sent.end or doc[i].pos_ not in ("AUX", "VERB"):
        return None
    return names if names >= 2 else None


def _in_named_list(t: Token) -> bool:
    """Whether ``t`` may be a word of a list of names with ages: a name, an age, a comma or "and"."""
    name = t.pos_ == "PROPN" and t.ent_type_ not in ("DATE", "TIME")  # "On Friday, Ann Lee, 27, ..."
    return name or t.lower_ in _LIST_GLUE or t.like_num or t.lower_ in _NAME_SUFFIXES


_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii"})


def victim_count(victim: Token, patterns: EventPatterns) -> int | None:
    """How many people a victim phrase names: its number, else one per listed name or noun
    ("a six-year-old and three people" are 4); None for a plural without a number."""
    if victim.lemma_.lower() in patterns.casualties.tallies:
        # "a total of 12 people": the number counts the noun after "of"
        counted = next((g for k in victim.children if k.lower_ == "of" for g in k.children), None)
        return victim_count(counted, patterns) if counted is not None else None
    if victim.lower_ in ("they", "them", "we", "us"):
        return None
    count_word = next(
        (k for k in victim.children if k.dep_ == "nummod" and not age_marked(k, patterns.casualties)), None
    )
    if count_word is not None:
        # the head's own number wins: "four people were shot and one person
        # killed" parses the second count as a conjunct of the first
        return number_value(count_word, patterns.numbers)
    return listed_count(victim, patterns)


def period_tally(token: Token, c: Casualties) -> bool:
    """Whether the count at ``token`` is a tally over a period, a place or several attacks,
    not one attack's figure: its clause holds a cue of ``c.period_cues`` ("last year",
    "so far", "citywide", "in separate shootings") or "since" a date that is no
    weekday ("344 people were killed last year", "133 children shot since January").
    """
    clause = next((t for t in token.ancestors if t.pos_ in ("VERB", "AUX")), token.sent.root)
    if token.pos_ in ("VERB", "AUX"):
        clause = token
    words = list(clause.subtree)
    lowered = [t.lower_ for t in words]
    weekdays = load_time_words().weekdays
    for i, word in enumerate(words):
        if word.lower_ == "since" and i + 1 < len(words) and words[i + 1].ent_type_ == "DATE":
            # "since Friday night" counts the days of one outbreak, "since January" a period
            return words[i + 1].lower_ not in weekdays
    return any(
        tuple(lowered[i : i + len(cue)]) == cue and not _dated_by_month(words[i])
        for cue in c.period_cues
        for i in range(len(lowered))
    )


def _dated_by_month(word: Token) -> bool:
    """Whether a period cue is a month's year ("in January this year"): one time, no period."""
    before = word.doc[word.i - 1] if word.i > 0 else None
    return before is not None and before.pos_ == "PROPN" and before.ent_type_ == "DATE"


def as_written(token: Token) -> str:
    """The lower-case word ``token`` opens, a hyphenated compound whole: the tokenizer
    splits "non-life-threatening" into five tokens, and "non" alone tells nothing
    ("a non-profit center")."""
    doc = token.doc
    parts = [token.lower_]
    i = token.i
    while i + 2 < len(doc) and doc[i + 1].text == "-" and not (doc[i].whitespace_ or doc[i + 1].whitespace_):
        parts += ["-", doc[i + 2].lower_]
        i += 2
    if token.lower_ == "non":
        # "non-life threatening", "non life-threatening": the compound written with spaces
        words = [t.lower_ for t in doc[token.i : min(token.i + 5, len(doc))] if t.text != "-"]
        if words[:3] == ["non", "life", "threatening"]:
            return "non-life-threatening"
    return "".join(parts)
