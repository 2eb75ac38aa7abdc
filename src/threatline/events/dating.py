"""When did an event happen: which time expression near its trigger dates it.

A news sentence often carries several times, and the one nearest the trigger is
not always the event's: "Police arrested a man Monday in the shooting" and "two
men were shot, police said Friday" date the arrest and the statement. A time
*belongs* to a trigger when, in the dependency parse, the word it hangs on is

* the trigger itself or a word inside the trigger's phrase or clause ("the
  July 14 shooting", "Saturday's shooting", "a shooting that wounded eight last
  week", "was shot and killed Friday");
* another trigger of the same type that the trigger hangs on ("killed in a
  shooting Friday"); a time that hangs on another attack the sentence tells
  ("a bombing in Kabul in 2022 ... and twin bombings in Kerman in January")
  is that attack's;
* the verb the trigger is the subject of: what the event did ("an attack
  shattered the peace on Friday", "the blast rocked the city Monday"), or a
  scene verb the trigger is the passive subject of ("the shooting was reported
  about 9 p.m. Tuesday");
* a verb that hosts the trigger without being an act of its own: one that says
  the event happened or who did it ("the shooting happened Monday", "carried
  out an attack on Tuesday", ``occurrence_verbs`` of ``event_patterns.yaml``),
  or a verb of dying or wounding ("died in a shooting Sunday").

A time that hangs on a clause modifying another noun than the trigger dates
that noun's act and never the event ("IS-K, formed in eastern Afghanistan in
2015, claimed a bombing ... in September 2022": the founding, not the bombing;
"the gunman, who was released on Monday, shot two people"), unless the clause
is a scene verb's ("officers, called to the home at 3 a.m., found ...").

A page's posting stamp ("Posted: Tuesday, August 18, 2015 1:37 PM EDT",
``stamp_words``) dates nothing, and a time after publication dates no event told
as having happened (the election "due on 8 June" beside a bombing). Among the
times that belong, the one nearest the trigger wins. With none, a time
of the sentence that hangs on nothing governing the trigger is taken (the parse
may have attached it elsewhere); then a time that hangs on another act governing
the trigger (said, arrested, charged); then the last time of the previous
sentence of the same paragraph; then, for an attack, the article's *scene time*:
the first recent time that hangs on a verb saying the scene happened or was
answered ("police were called to the 1500 block about 3:10 a.m. Jan. 1", "it
happened around 10 p.m.", ``scene_verbs`` of ``event_patterns.yaml``), else the
first day the article names within ``scene_days`` before publication; then the
open interval "no later than publication".

An act named as what another answers ("brought the plane down in response to Russian
air strikes", ``cause_nouns``) came before the time its sentence tells and takes no
time but its own (:func:`provoked_by`).

A time told as a distance from another event ("days before the attack", "the
day after the attack", "hours after the shooting", :func:`relative_phrases`)
competes as the event's own or loose time like any other, and dates the event
from that event's day when the text tells it (:func:`relative_date`), else
leaves it open; it never lets the event borrow another sentence's time. A time
that names no day of its own and sits on the publication day ("about 9:10
p.m.", "overnight", :func:`dayless`) takes the day named right after it in the
same phrase, where the time expressions came apart ("about 1:30 a.m. on Saturday
(Dec. 31)"), else the day the text named before it (:func:`day_named_before`); a
report's scene time takes the day named right after it the same way.

A time coarser than a day that dates an event this way, a week or a month ("the
weekend", "earlier this week", "in July"), gives way to the one day the article
names inside it ("about 8:30 p.m. Sunday" further down): see :func:`named_day`.

Another act's time borrowed this way yields, for an event told as done, to the
*attack day* of the article (:func:`attack_day`): the one recent day that the
article's events of the same type are dated by with a time of their own
("police were searching late Tuesday for two suspects in a shooting ... The
suspects pulled guns around 10:45 p.m. Saturday"). A round-up that gives its
attacks two days has no attack day, and the borrowed time stays.

Another act's time is kept as a last resort, not refused: on the first 600 GVA
dev articles, refusing it cost 0.048 of incident date accuracy (0.655 to 0.607),
because local reports arrest, charge and speak on the day of the shooting more
often than not. The cost of keeping it: a trial report that names no other day
dates "the shooting" it mentions by the hearing. So neither it nor a time that
hangs on no verb governing the trigger is kept for a definite noun that names
again an attack told earlier in the article ("four men accused of carrying out
the shooting appeared in court on Sunday", "arrested the day after the attack
and extradited in 2019"): that mention refers back and folds into the event it
names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Doc, Span, Token

from threatline.analysis.nlp import text_of
from threatline.analysis.timex.discourse import discourse_offset
from threatline.analysis.timex.grammar import grammar, normalise
from threatline.events.ontology import EventPatterns
from threatline.models import Evidence, TimeInterval

__all__ = [
    "DateKind",
    "DatingCues",
    "Relative",
    "attack_day",
    "dated_event",
    "dating_cues",
    "day_named_before",
    "dayless",
    "event_date",
    "fallback_date",
    "has_verb",
    "historical_by_date",
    "is_fallback",
    "named_day",
    "previous_sentence",
    "provoked_by",
    "refers_back",
    "relative_date",
    "relative_phrases",
    "scene_time",
    "yields_to",
]

_VERBS = frozenset({"VERB", "AUX"})
_NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})
_ATTACK_TYPE = "ASSAULT"
"""The PLOVER type of attacks (``threatline.events.casualties.VIOLENT``, which imports this module)."""
_MODIFIER_DEPS = frozenset({"acl", "relcl"})
"""Dependencies of a clause that modifies a noun ("formed in 2015", "who was released Friday")."""


@dataclass(frozen=True)
class DatingCues:
    """Word lists that decide which verbs may lend their time to a trigger (lemmas)."""

    since: frozenset[str]
    """Prepositions after which a time is a lower bound ("since 2013")."""
    hosts: frozenset[str]
    """Verbs that carry a noun event without being an act of their own."""
    history_days: int
    """Days before publication beyond which a dated event is background history."""
    scene: frozenset[str] = frozenset()
    """Verbs whose time is the time of the scene the article reports."""
    stamps: frozenset[str] = frozenset()
    """Words after which a time is a posting stamp ("Posted: Tuesday ...")."""
    news_days: int = 0
    """Days before publication within which a named day may be a report's scene."""
    causes: frozenset[str] = frozenset()
    """Nouns whose object is an earlier act that provoked the one told ("in response to")."""
    attacks: frozenset[str] = frozenset()
    """Lemmas that name an attack: what "days before the attack" counts from."""


def dating_cues(patterns: EventPatterns) -> DatingCues:
    """The word lists :func:`event_date` reads, from the event patterns."""
    c = patterns.casualties
    hosts = patterns.occurrence_verbs | c.dying | c.wounding | c.injured
    return DatingCues(
        since=patterns.status.historical_preps,
        hosts=hosts,
        history_days=patterns.status.history_days,
        scene=patterns.scene_verbs,
        stamps=patterns.stamp_words,
        news_days=patterns.scene_days,
        causes=patterns.cause_nouns,
        attacks=frozenset(lemma for t in patterns.triggers if t.type == _ATTACK_TYPE for lemma in t.lemmas),
    )


def fallback_date(published: dt.date | None) -> TimeInterval:
    """The open interval "no later than publication" (text empty)."""
    return TimeInterval(text="", end=published, precision="open", anchor=published)


def is_fallback(date: TimeInterval | None) -> bool:
    """Whether ``date`` is missing or the open fallback of :func:`fallback_date`."""
    return date is None or date.text == ""


def _sentence_times(sent: Span, times: Sequence[TimeInterval]) -> list[tuple[int, TimeInterval]]:
    return [
        (t.evidence.start, t)
        for t in times
        if t.evidence is not None and sent.start_char <= t.evidence.start < sent.end_char
    ]


def previous_sentence(sent: Span) -> Span | None:
    """The sentence before ``sent`` when it is in the same paragraph, else None."""
    if sent.start == 0:
        return None
    prev = sent.doc[sent.start - 1].sent
    # the same paragraph: no line break between the two sentences
    if "\n" in prev.text_with_ws + sent.doc[prev.end : sent.start].text_with_ws:
        return None
    return prev


def _span(doc: Doc, time: TimeInterval) -> Span | None:
    if time.evidence is None:
        return None
    return doc.char_span(time.evidence.start, time.evidence.end, alignment_mode="expand")


def _after_word(span: Span, words: frozenset[str]) -> bool:
    """Whether the word before ``span`` is one of ``words`` ("since 2013")."""
    return span.start > 0 and span.doc[span.start - 1].lower_ in words


def after_since(doc: Doc, time: TimeInterval, since: frozenset[str]) -> bool:
    """Whether ``time`` sits in a "since ..." phrase: the event comes after it, not at it."""
    span = _span(doc, time)
    if span is None:
        return False
    if _after_word(span, since):
        return False  # "since 2013" itself: kept, it makes the event historical
    return any(a.dep_ == "prep" and a.lower_ in since for a in span.root.ancestors)


def has_verb(span: Span) -> bool:
    """Whether ``span`` has a verb: a stamp or a dateline line ("LONDON, Aug. 20, 2020 —") has none."""
    return any(t.pos_ in _VERBS for t in span)


_STAMP_JOINERS = frozenset({"at", "on"})
"""Prepositions that may stand between a stamp word and its time."""


def _stamp(doc: Doc, time: TimeInterval, stamps: frozenset[str]) -> bool:
    """Whether ``time`` is a page's posting stamp ("Posted: Tuesday, August 18, 2015 1:37 PM")."""
    span = _span(doc, time)
    if span is None or not stamps:
        return False
    before = [t for t in doc[max(0, span.start - 3) : span.start] if not t.is_punct]
    if before and before[-1].lower_ in _STAMP_JOINERS:
        before = before[:-1]  # "Originally posted at 12:26 a.m.", "Updated on Tuesday"
    return bool(before) and before[-1].lower_ in stamps


def _anchor(span: Span) -> Token | None:
    """The word outside ``span`` that the time expression hangs on (None at the root)."""
    current = span.root
    for _ in range(12):
        head = current.head
        if head is current:
            return None
        if not span.start <= head.i < span.end and (head.pos_ in _VERBS or head.pos_ in ("NOUN", "PROPN")):
            return head
        current = head
    return None


def _belongs(
    anchor: Token,
    trigger: Token,
    kin: frozenset[int],
    hosts: frozenset[str],
    scene: frozenset[str] = frozenset(),
) -> bool | None:
    """True: the time dates the trigger; False: it dates another act; None: unrelated."""
    if anchor.i == trigger.i:
        return True
    if anchor.is_ancestor(trigger):
        if anchor.i in kin:
            return True  # "killed in a shooting Friday": one event told by two words
        # what the event itself did ("an attack shattered the peace on Friday")
        # is when it happened; what was done about it is not
        does = trigger.head.i == anchor.i and trigger.dep_ == "nsubj"
        # "the shooting was reported about 9 p.m.": noticed when it happened
        noticed = trigger.dep_ == "nsubjpass" and trigger.head.i == anchor.i
        noticed = noticed and anchor.lemma_.lower() in scene
        return does or noticed or anchor.pos_ not in _VERBS or anchor.lemma_.lower() in hosts
    if anchor.i in kin and anchor.dep_ == "conj" and anchor.head.i == trigger.i:
        return True  # "was shot and killed Friday": one time for both verbs
    if anchor.i in kin or any(a.i in kin and trigger.is_ancestor(a) for a in anchor.ancestors):
        # the time of another attack the sentence tells ("a bombing in Kabul in
        # 2022 ... and twin bombings in Kerman in January")
        return False
    return True if trigger.is_ancestor(anchor) else None


def _modifier_act(anchor: Token, trigger: Token, hosts: frozenset[str]) -> bool:
    """Whether ``anchor`` sits in a clause that modifies a noun other than the trigger.

    "IS-K, formed in eastern Afghanistan in 2015, claimed a bombing" and "the
    gunman, who was released on Monday, shot two people": the time hangs on a
    clause about the group or the gunman and dates that act, never the attack.
    A clause on the trigger itself ("a shooting that wounded eight last week")
    is the event's own, and so is mostly one on its victim or target (see
    :func:`_outside_or_actor`); a clause whose verb is one of ``hosts`` tells the
    event's scene or its toll, not another act ("officers, called to the home
    at 3 a.m., found a man who had been shot", "a girl who was injured Wednesday
    after being shot").
    """
    for node in (anchor, *anchor.ancestors):
        if node.i == trigger.i or node.is_ancestor(trigger):
            return False  # reached the clause that holds the trigger
        if node.dep_ in _MODIFIER_DEPS and node.pos_ in _VERBS and node.head.pos_ in _NOMINAL:
            return (
                node.head.i != trigger.i
                and node.lemma_.lower() not in hosts
                and _outside_or_actor(node.head, trigger)
            )
    return False


def _outside_or_actor(noun: Token, trigger: Token) -> bool:
    """Whether ``noun`` lies outside the trigger's phrase or in its subject.

    A clause on the victim or target often tells the event itself ("destroyed
    the airliner that crashed in Sinai on October 31"); one on the actor tells
    the actor's past.
    """
    if not trigger.is_ancestor(noun):
        return True
    subjects = [c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(s.i == noun.i or s.is_ancestor(noun) for s in subjects)


def provoked_by(trigger: Token, causes: frozenset[str]) -> bool:
    """Whether ``trigger`` names the act another one answers: the object of "in response
    to", "in retaliation for", "as revenge for" (``causes`` holds the nouns)."""
    prep = trigger.head
    return trigger.dep_ == "pobj" and prep.dep_ == "prep" and prep.head.lemma_.lower() in causes


def refers_back(trigger: Token, kin: frozenset[int]) -> bool:
    """ "the attack" after an attack was told: a definite noun that names that event again."""
    definite = any(
        c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("the", "this", "that"))
        for c in trigger.children
    )
    return trigger.pos_ == "NOUN" and definite and any(k < trigger.i for k in kin)


def _too_late(published: dt.date | None, happened: bool) -> Callable[[TimeInterval], bool]:
    """A test for times that cannot date an event that ``happened``: those after ``published``."""
    if published is None or not happened:
        return lambda _time: False
    return lambda time: time.start is not None and time.start > published


DateKind = Literal["own", "loose", "borrowed", "previous", "answered", "open"]
"""Where an event's date came from: its own time, a time of its sentence that hangs
on nothing governing it, another act's time that governs it, the previous
sentence's last time, none because the act is one another answers ("in response
to air strikes", the open fallback), or none (the open fallback)."""


def event_date(
    trigger: Token,
    times: Sequence[TimeInterval],
    published: dt.date | None,
    cues: DatingCues,
    kin: frozenset[int] = frozenset(),
    *,
    happened: bool = False,
) -> TimeInterval:
    """The time that dates the event of ``trigger`` (rules in the module docstring).

    ``kin`` holds the token indices of the other triggers of the same event
    type in the document. ``happened``: the event is told as done, so a time
    after ``published`` (the election "due on 8 June") cannot date it.
    """
    return dated_event(trigger, times, published, cues, kin, happened=happened)[0]


def dated_event(
    trigger: Token,
    times: Sequence[TimeInterval],
    published: dt.date | None,
    cues: DatingCues,
    kin: frozenset[int] = frozenset(),
    *,
    happened: bool = False,
) -> tuple[TimeInterval, DateKind]:
    """:func:`event_date`, with where the date came from (:data:`DateKind`)."""
    doc = trigger.doc
    sent = trigger.sent
    owned: list[tuple[int, TimeInterval]] = []
    loose: list[tuple[int, TimeInterval]] = []
    other: list[tuple[int, TimeInterval]] = []
    late = _too_late(published, happened)
    relatives = relative_phrases(sent)
    counted = [(doc[r.start].idx, doc[r.end - 1].idx + len(doc[r.end - 1])) for r in relatives]
    for pos, time in _sentence_times(sent, times):
        if after_since(doc, time, cues.since) or _stamp(doc, time, cues.stamps) or late(time):
            continue
        if any(start <= pos < end for start, end in counted):
            continue  # "the day before the attack": counted from the attack below
        span = _span(doc, time)
        anchor = _anchor(span) if span is not None else None
        if anchor is not None and _modifier_act(anchor, trigger, cues.hosts | cues.scene):
            continue  # another act's time: what the modifier clause tells of its noun
        verdict = _belongs(anchor, trigger, kin, cues.hosts, cues.scene) if anchor is not None else None
        if verdict:
            owned.append((pos, time))
        elif verdict is None:
            loose.append((pos, time))
        else:
            other.append((pos, time))
    for rel in relatives:
        # a time told from another event dates by that event's day or stays open,
        # never by another time of the text ("Days before the attack, Putin dismissed ...")
        anchor = rel.head.head if rel.head.head.i != rel.head.i else None
        if anchor is not None and _modifier_act(anchor, trigger, cues.hosts | cues.scene):
            continue
        if rel.start <= trigger.i < rel.end:
            continue  # the trigger is the event counted from ("the day after the attack")
        verdict = _belongs(anchor, trigger, kin, cues.hosts, cues.scene) if anchor is not None else None
        pool = owned if verdict else loose if verdict is None else other
        pool.append((doc[rel.start].idx, relative_date(rel, times, published, cues)))
    if not owned and provoked_by(trigger, cues.causes):
        # "brought the plane down in response to Russian air strikes": the strikes came
        # before the act the sentence dates, at a time it does not tell
        return fallback_date(published), "answered"
    if not owned and refers_back(trigger, kin):
        # "the shooting" told again beside an arrest: neither the arrest's time, nor
        # a time the parse hangs elsewhere ("arrested the day after the attack and
        # extradited in 2019"), nor the previous sentence's dates it; it folds into
        # the event it names
        return fallback_date(published), "open"
    pools: tuple[tuple[list[tuple[int, TimeInterval]], DateKind], ...] = (
        (owned, "own"),
        (loose, "loose"),
        (other, "borrowed"),
    )
    for pool, kind in pools:
        if pool:
            chosen = min(pool, key=lambda p: abs(p[0] - trigger.idx))[1]
            chosen = day_named_before(chosen, doc, times, published, cues)
            return named_day(chosen, doc, times, published, cues), kind
    prev = previous_sentence(sent)
    if prev is not None:
        before = [
            (p, t) for p, t in _sentence_times(prev, times) if not _stamp(doc, t, cues.stamps) and not late(t)
        ]
        if before:
            chosen = day_named_before(before[-1][1], doc, times, published, cues)
            return named_day(chosen, doc, times, published, cues), "previous"
    return fallback_date(published), "open"


_NARROWED = frozenset({"week", "month"})
"""Precisions a report often narrows elsewhere to a day ("the weekend" ... "about 8 p.m. Sunday")."""


def named_day(
    date: TimeInterval, doc: Doc, times: Sequence[TimeInterval], published: dt.date | None, cues: DatingCues
) -> TimeInterval:
    """``date``, or the one day inside it that the article names when ``date`` is a week or a month.

    A lead that dates a shooting by "the weekend", "earlier this week" or "in
    July" mostly tells its day further down ("shortly before 8:30 p.m. Sunday",
    "on July 14"), on a sentence the parse does not tie to the trigger. When the
    article names exactly one day inside the interval (posting stamps, "since"
    phrases and days after publication left out), that day dates the event; with
    two or more days inside it (a round-up) or none, ``date`` stays.
    """
    if date.precision not in _NARROWED or date.start is None or date.end is None:
        return date
    start, end = date.start, date.end
    inside: dict[dt.date, TimeInterval] = {}
    for time in times:
        day = time.start
        if time.precision != "day" or day is None or time.end != day or not start <= day <= end:
            continue
        if published is not None and day > published:
            continue
        if _stamp(doc, time, cues.stamps) or after_since(doc, time, cues.since):
            continue
        inside.setdefault(day, time)
    return next(iter(inside.values())) if len(inside) == 1 else date


def attack_day(
    dated: Sequence[tuple[TimeInterval, DateKind]], published: dt.date | None, cues: DatingCues
) -> TimeInterval | None:
    """The one recent day the article's events date by their own time, or None.

    ``dated`` holds the dates of the events of one type in one article, each
    with its kind. A day counts when an event's own time names it and it lies
    within ``cues.history_days`` before ``published``; with two such days (a
    round-up of a weekend's shootings) or none, there is no attack day.
    """
    if published is None:
        return None
    days = {
        time.start: time
        for time, kind in dated
        if kind == "own" and time.precision == "day" and _recent(time, published, cues.history_days)
    }
    return next(iter(days.values())) if len(days) == 1 else None


def yields_to(borrowed: TimeInterval | None, day: TimeInterval) -> bool:
    """Whether an event dated by another act's time ``borrowed`` takes the attack ``day``.

    The acts that govern an attack (said, arrested, charged, searched) follow
    it: a borrowed time before the attack day is no follow-up of that attack
    but the time of something else ("was playing with the gun on December
    29 ... and shot himself" beside "died early Tuesday"), and it stays.
    """
    if borrowed is None or is_fallback(borrowed) or borrowed.start is None or day.start is None:
        return True
    return day.start <= (borrowed.end or borrowed.start)


def scene_time(
    doc: Doc, times: Sequence[TimeInterval], published: dt.date | None, cues: DatingCues
) -> TimeInterval | None:
    """The time of the scene a report tells, or None.

    It dates an attack that has no time of its own nor one in the sentence
    before: a report tells the scene once, often in a sentence that does not
    name the attack. The first time on a scene verb ("police were called ...
    about 3 a.m.") that is the report's news (not after publication, not more
    than ``cues.history_days`` before it) wins; failing one, the first day the
    report names in a sentence with a verb (not a stamp or dateline line) within
    ``cues.news_days`` before publication ("broke in through the front door
    around 8 p.m. Sunday"), and before it the first such day named with a clock
    time (:func:`_clocked`) no later than it: a bare day named first is mostly when
    police spoke, searched or charged ("It was unclear Friday whether ... the gun
    went off shortly after 3 p.m. Thursday"), while a clocked day after it is a
    later act ("a suspect was arrested at 2 a.m. Monday"). Without a publication date only a scene
    verb's time counts.
    """
    first_day: TimeInterval | None = None
    for time in times:
        if time.precision == "open" or after_since(doc, time, cues.since) or _stamp(doc, time, cues.stamps):
            continue
        if published is not None and not _recent(time, published, cues.history_days):
            continue
        span = _span(doc, time)
        anchor = _anchor(span) if span is not None else None
        if anchor is not None and anchor.lemma_.lower() in cues.scene:
            return _joined(time, doc, times, published, cues)
        if (
            (
                first_day is None
                or (not _clocked(first_day) and _clocked(time) and _not_after(time, first_day))
            )
            and published is not None
            and time.precision == "day"
            and _recent(time, published, cues.news_days)
            and span is not None
            and has_verb(span.sent)
        ):
            first_day = time
    return _joined(first_day, doc, times, published, cues) if first_day is not None else None


def _not_after(time: TimeInterval, day: TimeInterval) -> bool:
    """Whether ``time`` starts no later than ``day``."""
    return time.start is not None and day.start is not None and time.start <= day.start


def _clocked(time: TimeInterval) -> bool:
    """Whether ``time`` names a day in words and a clock time within it ("about 3 a.m. Sunday")."""
    rest, clock = normalise(time.text, grammar())
    return bool(rest) and clock


def _joined(
    time: TimeInterval, doc: Doc, times: Sequence[TimeInterval], published: dt.date | None, cues: DatingCues
) -> TimeInterval:
    """``time``, or the day named right after it when it names none (:func:`_day_named_after`)."""
    after = _day_named_after(time, doc, times, published, cues) if published is not None else None
    return after or time


def _recent(time: TimeInterval, published: dt.date, days: int) -> bool:
    """Whether ``time`` lies within ``days`` before ``published`` (inclusive of the day itself)."""
    start, end = time.start or time.end, time.end or time.start
    return start is not None and end is not None and start <= published and (published - end).days <= days


def historical_by_date(date: TimeInterval, token: Token, published: dt.date | None, cues: DatingCues) -> bool:
    """Whether ``date`` puts the event of ``token`` in the past of the report.

    A "since ..." date, or one that ends more than ``cues.history_days`` before
    publication, makes the event background history rather than the news of the
    report.
    """
    if is_fallback(date) or published is None:
        return False
    span = _span(token.doc, date)
    if span is not None and _after_word(span, cues.since):
        return True
    end = date.end or date.start
    return end is not None and (published - end).days > cues.history_days


@dataclass(frozen=True)
class Relative:
    """A time told as a distance from another event: "the day after the attack"."""

    start: int
    """First token of the phrase."""
    end: int
    """Token after the phrase."""
    head: Token
    """The phrase's top word: what hangs on the clause it dates."""
    reference: Token
    """The noun naming the event the time counts from ("attack")."""
    sign: int
    """-1: before the reference; 1: after it."""
    unit_days: int
    """Length of the counting unit in days (0 for hours and minutes)."""
    count: int | None
    """How many units; None when it is not said ("days before")."""


def _count(unit: Token) -> int | None:
    numbers = grammar().words.numbers
    for child in unit.children:
        if child.dep_ == "nummod":
            text = child.lower_
            return int(text) if text.isdigit() else numbers.get(text)
    if unit.tag_ in ("NNS", "NNPS") or unit.lower_.endswith("s"):
        return None  # "days before", "hours after": how many is not said
    singles = grammar().words.span_singles
    return 1 if any(c.lower_ in singles for c in unit.children) or unit.i == unit.sent.start else None


def _reference(order: Token) -> Token | None:
    """The noun the preposition ``order`` names ("after the attack"; "prior to the attack")."""
    for child in order.children:
        if child.dep_ == "pobj" and child.pos_ == "NOUN":
            return child
        if child.dep_ == "prep" and child.lower_ == "to":
            return _reference(child)
    return None


def relative_phrases(sent: Span) -> list[Relative]:
    """The phrases of ``sent`` that tell a time as a distance from another event.

    "days before the attack", "the day after the bombing", "hours after the
    shooting", "two weeks prior to the raid": a counting noun (``span_units`` of the time
    words) and a word of order (``span_orders``) whose object is a noun, in either parse spaCy
    gives them (the noun on the preposition, the preposition on the noun, or both
    on the verb side by side).
    """
    words = grammar().words
    found: list[Relative] = []
    for unit in sent:
        days = words.span_units.get(unit.lemma_.lower())
        if days is None or unit.pos_ not in _NOMINAL:
            continue
        orders = [c for c in unit.children if c.dep_ == "prep" and c.lower_ in words.span_orders]
        top = unit
        if not orders and unit.head.lower_ in words.span_orders and unit.dep_ == "npadvmod":
            orders, top = [unit.head], unit.head
        after = unit.doc[unit.i + 1] if unit.i + 1 < sent.end else None
        side_by_side = after is not None and after.lower_ in words.span_orders and after.head.i == unit.head.i
        if not orders and side_by_side and after is not None:
            orders = [after]  # "the day after the attack": both hang on the verb, side by side
        for order in orders:
            reference = _reference(order)
            if reference is None:
                continue
            tokens = [unit.left_edge.i, order.i, reference.i]
            found.append(
                Relative(
                    start=min(tokens),
                    end=max(*tokens, reference.right_edge.i) + 1,
                    head=top,
                    reference=reference,
                    sign=words.span_orders[order.lower_],
                    unit_days=days,
                    count=_count(unit),
                )
            )
    return found


def _reference_day(
    rel: Relative, times: Sequence[TimeInterval], published: dt.date | None, cues: DatingCues
) -> dt.date | None:
    """The day of the event ``rel`` counts from, when the text tells it, else None.

    A day in the reference's own phrase ("after the March 22 attack") tells it;
    else, for an attack, the one day that dates the article's attack words by a
    time of their own ("Friday's assault on the concert hall").
    """
    doc = rel.reference.doc
    late = _too_late(published, True)
    own: set[dt.date] = set()
    if rel.reference.lemma_.lower() in cues.attacks:
        attacks = frozenset(t.i for t in doc if t.lemma_.lower() in cues.attacks)
    else:
        attacks = frozenset({rel.reference.i})
    for time in times:
        if time.precision != "day" or time.start is None or time.end != time.start or late(time):
            continue
        span = _span(doc, time)
        if span is None or _stamp(doc, time, cues.stamps) or after_since(doc, time, cues.since):
            continue
        anchor = _anchor(span)
        if anchor is None:
            continue
        targets = [i for i in attacks if doc[i].sent.start == span.sent.start]
        if any(_owns(anchor, doc[i], cues.hosts) for i in targets):
            own.add(time.start)
    return next(iter(own)) if len(own) == 1 else None


def _owns(anchor: Token, target: Token, hosts: frozenset[str]) -> bool:
    """Whether a time on ``anchor`` is the target's own: on the target, in its phrase,
    or on a verb that hosts it ("the attack happened Friday")."""
    hosted = target.head.i == anchor.i and anchor.lemma_.lower() in hosts
    return anchor.i == target.i or target.is_ancestor(anchor) or hosted


def relative_date(
    rel: Relative, times: Sequence[TimeInterval], published: dt.date | None, cues: DatingCues
) -> TimeInterval:
    """The interval ``rel`` tells, counted from its reference's day (:func:`relative_phrases`).

    A counted distance in days ("the day after", "two days before") gives a day;
    hours or minutes give the reference's day; an uncounted or coarser distance
    ("days before", "months before") gives an interval open on the far side and
    closed by the day before (after) the reference. With the reference's day
    unknown, the interval is open and ends at publication: the event is dated
    by the other event, not by any other time of the text.
    """
    doc = rel.reference.doc
    span = doc[rel.start : rel.end]
    evidence = Evidence(sentence=span.sent.text, start=span.start_char, end=span.end_char)
    base = TimeInterval(
        text=span.text, end=published, precision="open", anchor=published, relative=True, evidence=evidence
    )
    day = _reference_day(rel, times, published, cues)
    if day is None:
        return base
    if rel.unit_days == 0:
        return base.model_copy(update={"start": day, "end": day, "precision": "day", "anchor": day})
    if rel.count is not None and rel.unit_days == 1:
        counted = day + dt.timedelta(days=rel.sign * rel.count)
        return base.model_copy(update={"start": counted, "end": counted, "precision": "day", "anchor": day})
    step = dt.timedelta(days=1)
    if rel.sign < 0:
        return base.model_copy(update={"start": None, "end": day - step, "anchor": day})
    return base.model_copy(update={"start": day + step, "end": published, "anchor": day})


_DAYLESS_REACH = 3
"""Days before publication within which a day named before a dayless time is its scene's day:
a report of the night's shooting names the night before, not "last Wednesday" of another story."""


def dayless(time: TimeInterval) -> bool:
    """Whether ``time`` names no day of its own and sits on its anchor, the publication day.

    A bare clock time ("about 9:10 p.m.", "midnight") with no day named before
    it, "overnight", "today", "tonight" and "hours later" counted from no day:
    the resolver put them on the day of publication for want of another.
    """
    if time.precision != "day" or time.start is None or time.start != time.anchor or not time.text:
        return False
    g = grammar()
    rest, _clock = normalise(time.text, g)
    if not rest or rest in g.words.dayless_words:
        return True
    offset = discourse_offset(time.text, g)
    return offset is not None and offset[0] == 0


def day_named_before(
    time: TimeInterval, doc: Doc, times: Sequence[TimeInterval], published: dt.date | None, cues: DatingCues
) -> TimeInterval:
    """``time``, or the day the text last named before it when ``time`` is :func:`dayless`.

    "Police say a man was shot Saturday night ... Officers arrived about 9:10
    p.m.": the clock time belongs to the scene's day told before it. Only a day
    named in words of its own (not a clock time, not itself dayless, not a
    posting stamp nor a "since" phrase) within ``_DAYLESS_REACH`` days (and
    ``cues.news_days``) before publication counts; with none, or with the
    publication day itself, ``time`` stays. Replayed on cached analyses of the GVA dev set (3,161
    articles) it raised incident date accuracy from 0.777 to 0.782; on the first
    800 articles, parsed afresh, it left 0.775 as it was.
    """
    if published is None or time.evidence is None or not dayless(time):
        return time
    after = _day_named_after(time, doc, times, published, cues)
    if after is not None:
        return after
    named: TimeInterval | None = None
    for other in times:
        if other.evidence is None or other.evidence.start >= time.evidence.start:
            break
        day = other.start
        if other.precision != "day" or day is None or other.end != day or dayless(other):
            continue
        if day > published or (published - day).days > min(cues.news_days, _DAYLESS_REACH):
            continue
        if _stamp(doc, other, cues.stamps) or after_since(doc, other, cues.since):
            continue
        if not normalise(other.text, grammar())[0]:
            continue  # a clock time has its day from the text before it, not in words of its own
        named = other
    # the publication day named in words leaves the time as it is: it says nothing new
    return named if named is not None and named.start != time.start else time


_JOINERS = frozenset({"on", "of"})
"""What may stand between a dayless time and the day named right after it ("1:30 a.m. on Saturday")."""


def _same_sentence(doc: Doc, a: TimeInterval, b: TimeInterval) -> bool:
    """Whether two times lie in one sentence."""
    first, second = _span(doc, a), _span(doc, b)
    return first is not None and second is not None and first.sent.start == second.sent.start


def _day_named_after(
    time: TimeInterval, doc: Doc, times: Sequence[TimeInterval], published: dt.date, cues: DatingCues
) -> TimeInterval | None:
    """The day named right after a :func:`dayless` ``time`` in the same phrase, or None.

    "about 1:30 a.m. on Saturday (Dec. 31)", "overnight Saturday": the time
    expressions came apart, and the clock time or "overnight" is on the day
    that follows it, not on the publication day. Only a day in words of its own
    (not itself dayless, not a stamp nor a "since" phrase, not after publication,
    within ``cues.news_days`` before it) joined to the time by nothing but
    spaces, commas and one "on" or "of" counts; "today" and "tonight" name their own day.
    """
    if time.evidence is None or not dayless(time):
        return None
    rest, _clock = normalise(time.text, grammar())
    if rest in ("today", "tonight"):
        return None
    end = time.evidence.end
    for other in times:
        if other.evidence is None or other.evidence.start < end:
            continue
        # the abbreviation's dot of "a.m." may fall outside the time's span
        between = text_of(doc)[end : other.evidence.start].lower().removeprefix(".").replace(",", " ").split()
        if len(between) > 1 or not set(between) <= _JOINERS or not _same_sentence(doc, time, other):
            return None
        day = other.start
        if other.precision != "day" or day is None or other.end != day or dayless(other):
            return None
        if day > published or (published - day).days > cues.news_days:
            return None
        if _stamp(doc, other, cues.stamps) or after_since(doc, other, cues.since):
            return None
        if not normalise(other.text, grammar())[0]:
            return None
        start = time.evidence.start
        whole = text_of(doc)[start : other.evidence.end]
        evidence = time.evidence.model_copy(update={"end": other.evidence.end})
        return other.model_copy(update={"text": whole, "evidence": evidence})
    return None
