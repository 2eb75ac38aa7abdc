"""Wounded told across an article, outside the sentence of its attack.

"A man was killed outside a bar. Two others were wounded." The second sentence
names no attack, so :func:`~threatline.events.casualties.count_casualties`
does not read it. :func:`told_wounded` reads every such statement of an
article, and :func:`give_wounded` gives their count to its main assault.

A statement is a verb of hurt ("were wounded", "was grazed") or a verb of
care whose object names an injury ("suffered gunshot wounds", "were treated
for injuries", "are recovering from wounds"); its subject counts the wounded.
The wounded of one sentence add up ("one man is in critical condition and two
women were treated for minor injuries"); the article's count is the largest
of one sentence. Victims of a verb of care, and victims no more than the
article's dead ("the girl was injured" where a girl died), may be the dead:
unless set apart ("two other victims") or told mildly hurt ("minor
injuries"), the article's dead are taken off them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from threatline.events.casualties.counting import (
    aged_person,
    as_written,
    listed_count,
    number_value,
    period_tally,
    victim_count,
)
from threatline.events.dating import dating_cues, event_date, historical_by_date
from threatline.events.draft import Draft
from threatline.events.ontology import Casualties, EventPatterns
from threatline.events.status import read_status
from threatline.models import Quantity, TimeInterval

__all__ = ["give_wounded", "tells_care", "told_wounded"]

_PRONOUNS = frozenset(
    {"he", "she", "they", "it", "we", "i", "you", "who", "that", "which", "them", "him", "her"}
)
_RELATIVE = frozenset({"who", "that"})
_NOT_PEOPLE = frozenset({"GPE", "LOC", "FAC", "ORG", "DATE", "TIME", "PRODUCT", "MONEY", "PERCENT"})
_COUNTS = frozenset({"", "CARDINAL"})


def told_wounded(
    doc: Doc,
    *,
    dead: int,
    dead_subjects: frozenset[int],
    times: Sequence[TimeInterval],
    published: dt.date | None,
    patterns: EventPatterns,
    sums: frozenset[int] = frozenset(),
) -> int | None:
    """The wounded ``doc`` tells, as the largest count of one sentence, else None.

    ``dead`` is the article's count of dead and ``dead_subjects`` the token
    indices of the subjects of its death statements: a victim told dead is not
    also wounded. Negated, hypothetical and past statements ("no one was hurt",
    "was injured in 2010") count nobody, and neither do counts of several in the
    sentences starting at ``sums``, which add up several attacks.
    """
    c = patterns.casualties
    cues = dating_cues(patterns)
    per_sentence: dict[int, dict[int, tuple[Token, int, bool]]] = {}
    hits: dict[int, int] = {}
    for token in doc:
        victims = _counted_victims(
            token, dead=dead, dead_subjects=dead_subjects, times=times, published=published, patterns=patterns
        )
        if victims is None:
            hit = _multiple_hit(token, dead=dead, times=times, published=published, patterns=patterns)
            if hit is not None:
                hits[token.sent.start] = max(hit, hits.get(token.sent.start, 0))
                continue
        if victims is not None:
            per_sentence.setdefault(token.sent.start, {}).setdefault(token.i, (token, victims, False))
            continue
        mild = _hurt(token, c)
        care = token.lemma_.lower() not in c.hurt_verbs
        if mild is None:
            mild = _in_care(token, c)
            care = True
        if mild is None or read_status(token, patterns.status) != "asserted":
            continue
        if historical_by_date(event_date(token, times, published, cues), token, published, cues):
            continue
        subject = _victims(token, c)
        if subject is None or subject.i in dead_subjects:
            continue
        count = _count(subject, patterns)
        if count is None or (count > 1 and period_tally(subject, c)):
            continue  # "163 have been wounded citywide this year": no attack's wounded
        within = [i for i in dead_subjects if token.left_edge.i <= i <= token.right_edge.i]
        if count == 1 and within:
            continue  # "she was taken to a hospital, where she died"
        apart = _set_apart(subject, c) or (not within and _beside_the_dead(token, dead_subjects))
        if not mild and not apart and (care or count <= dead):
            # "four people suffering from gunshot wounds", "the girl was injured": the
            # dead may be among them
            count -= dead
        if count > 0:
            per_sentence.setdefault(token.sent.start, {})[subject.i] = (token, count, _set_apart(subject, c))
    told = {start: _sentence_wounded(list(each.values())) for start, each in per_sentence.items()}
    for start, hit in hits.items():
        told.setdefault(start, hit)  # a multiple's hit only where the sentence tells no wounded
    return max((n for start, n in told.items() if n <= 1 or start not in sums), default=None)


def _counted_victims(
    noun: Token,
    *,
    dead: int,
    dead_subjects: frozenset[int],
    times: Sequence[TimeInterval],
    published: dt.date | None,
    patterns: EventPatterns,
) -> int | None:
    """The wounded a count of victims tells without a verb of hurt ("found three victims",
    "all four victims", "the five victims of the shooting"): the victims less the
    article's dead, unless set apart ("two other victims"); None if ``noun`` is no
    such count or no victim is left."""
    c = patterns.casualties
    if noun.lemma_.lower() not in c.victims or noun.pos_ != "NOUN" or noun.i in dead_subjects:
        return None
    number = next((k for k in noun.children if k.dep_ == "nummod"), None)
    if number is not None and number.ent_type_ not in _COUNTS:
        number = None  # "the News 2 victim", "a 2013 homicide victim": a name or a year, no count
    count = number_value(number, patterns.numbers) if number is not None else None
    # "a victim" or "the victim" may be the one who died; a number of two or more counts them all
    if count is None or count < 2 or period_tally(noun, c):
        return None
    clause = noun.head if noun.head.pos_ in ("VERB", "AUX") else noun
    if read_status(clause, patterns.status) != "asserted":
        return None
    if historical_by_date(
        event_date(clause, times, published, dating_cues(patterns)), clause, published, dating_cues(patterns)
    ):
        return None
    if not _set_apart(noun, c):
        count -= dead
    return count if count > 0 else None


def _multiple_hit(
    noun: Token,
    *,
    dead: int,
    times: Sequence[TimeInterval],
    published: dt.date | None,
    patterns: EventPatterns,
) -> int | None:
    """The wounded an attack named with a multiple tells ("a double shooting", "the triple
    stabbing"): everyone it hit less the article's dead; None if ``noun`` is no such attack,
    is one of several ("another double shooting", "two triple shootings", "last month's
    double shooting"), its sentence tells a suicide, or no one is left."""
    c = patterns.casualties
    if noun.pos_ != "NOUN" or noun.tag_ == "NNS" or noun.lemma_.lower() not in c.hit_nouns:
        return None
    hit = next((c.multiples[k.lower_] for k in noun.children if k.lower_ in c.multiples), 0)
    ranked = any(
        k.lower_ in patterns.ordinals or k.lower_ in c.ranks or k.dep_ == "poss" for k in noun.children
    )
    if not hit or ranked or period_tally(noun, c):
        return None  # also "last month's double shooting": another, earlier one
    if any(t.lemma_.lower() in c.suicide for t in noun.sent):
        return None  # "the double shooting was a murder-suicide": both are dead
    clause = noun.head if noun.head.pos_ in ("VERB", "AUX") else noun
    if read_status(clause, patterns.status) != "asserted":
        return None
    cues = dating_cues(patterns)
    if historical_by_date(event_date(clause, times, published, cues), clause, published, cues):
        return None
    return hit - dead if hit > dead else None


def _sentence_wounded(told: list[tuple[Token, int, bool]]) -> int:
    """The wounded of one sentence: its statements add up, except one told inside
    another ("all four were taken to a hospital, where two were listed in critical
    condition" counts four), unless it is a conjunct of it ("two were wounded and
    one was hospitalized" counts three). A count of victims holds the others of its
    sentence ("found three victims, and two were taken to a hospital" counts three),
    except those told apart (flagged: "found three victims, and two others were taken
    to a hospital" counts five)."""
    tallies = [count for token, count, _ in told if token.pos_ == "NOUN"]
    statements = [(token, count, apart) for token, count, apart in told if token.pos_ != "NOUN"]
    total = apart_total = 0
    for verb, count, apart in statements:
        inside = any(
            outer is not verb
            and outer.left_edge.i <= verb.i <= outer.right_edge.i
            and verb not in outer.conjuncts
            for outer, _, _ in statements
        )
        if not inside:
            total += count
            apart_total += count if apart else 0
    return max([total - apart_total, *tallies]) + apart_total


def give_wounded(drafts: Sequence[Draft], wounded: int | None, violent: frozenset[str]) -> None:
    """Give ``wounded`` to the article's main asserted assault, unless one counts as many.

    The main assault is the first asserted one with an injured figure, else the
    first asserted one.
    """
    assaults = [d for d in drafts if d.type in violent and d.status == "asserted"]
    if wounded is None or not assaults:
        return
    if any(d.injured is not None and (d.injured.min or 0) >= wounded for d in assaults):
        return
    target = next((d for d in assaults if d.injured is not None), assaults[0])
    target.injured = Quantity(min=wounded, max=wounded, text=target.injured.text if target.injured else None)
    target.implied_injured = False


def tells_care(sent: Span, c: Casualties) -> bool:
    """Whether ``sent`` tells of victims in care who may include the dead
    ("found three men suffering from gunshot wounds"; not "treated for minor injuries")."""
    return any(_hurt(t, c) is False and t.lemma_.lower() not in c.hurt_verbs for t in sent)


def _hurt(token: Token, c: Casualties) -> bool | None:
    """Whether ``token`` tells that its subject was hurt: None if it does not, else
    whether the injury is told survived ("minor injuries", "treated and released")."""
    lemma = token.lemma_.lower()
    if token.pos_ not in ("VERB", "ADJ"):
        return None
    words = [t for k in token.children if k.dep_ in ("dobj", "prep", "advmod", "conj") for t in k.subtree]
    if lemma in c.hurt_verbs or token.lower_ in c.hurt_verbs:
        if token.tag_ not in ("VBN", "VBD", "JJ") or token.dep_ == "amod":
            # "wounding", "injures": no statement that someone was hurt; "the injured
            # man" is a victim, not a statement
            return None
        if any(t.lemma_.lower() in c.other_harms for t in words):
            return None  # "injured in a car crash": no casualty of an attack
    else:
        # a verb of care tells of hurt only with an injury ("treated for wounds")
        names_injury = lemma == "hospitalize" or any(t.lemma_.lower() in c.injury_nouns for t in words)
        if lemma not in c.injury_verbs or not names_injury:
            return None
        if lemma in c.passive_injury_verbs and not any(k.dep_ == "auxpass" for k in token.children):
            return None  # "officers found a man with a gunshot wound": the officers are no victims
    return any(t.lemma_.lower() in c.mild or as_written(t) in c.mild for t in words)


def _in_care(token: Token, c: Casualties) -> bool | None:
    """Whether verb ``token`` puts its subject in a victim's care without a word of hurt:
    None if it does not, else whether the victim is told out of danger.

    "is in critical condition", "was upgraded to serious condition", "remains in a
    coma", "is in intensive care", "was rushed to a hospital" (a passive carrying
    verb only: in "drove him to the hospital" the subject is the driver). A victim
    "in stable condition" lived.
    """
    if token.pos_ not in ("VERB", "AUX"):
        return None
    carried = token.lemma_.lower() in c.carrying_verbs and (
        any(k.dep_ == "auxpass" for k in token.children) or token.dep_ == "acl"
    )
    for prep in token.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "into", "to"):
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            words = {as_written(t) for t in obj.subtree} | {t.lemma_.lower() for t in obj.subtree}
            if obj.lemma_.lower() == "condition" and words & c.conditions:
                return bool(words & c.mild)
            if words & c.care_states or (carried and prep.lower_ == "to" and words & c.care_places):
                # "taken to a hospital with non-life-threatening injuries": told survived
                return _told_mild(token, c)
    return None


def _told_mild(verb: Token, c: Casualties) -> bool:
    """Whether the words of ``verb`` outside its subject tell a survived injury
    ("with minor injuries", "in stable condition")."""
    words = [t for k in verb.children if k.dep_ not in ("nsubj", "nsubjpass") for t in k.subtree]
    return any(t.lemma_.lower() in c.mild or as_written(t) in c.mild for t in words)


def _beside_the_dead(verb: Token, dead_subjects: frozenset[int]) -> bool:
    """Whether the sentence of ``verb`` tells, outside the statement itself, of someone
    else who died ("a woman died and a man was wounded"; not "he was taken to a
    hospital, where he died")."""
    sent = verb.sent
    lo, hi = verb.left_edge.i, verb.right_edge.i
    return any(sent.start <= i < sent.end and not lo <= i <= hi for i in dead_subjects)


def _victims(verb: Token, c: Casualties) -> Token | None:
    """The subject of a statement of hurt, its own or its conjunct head's ("were shot and
    wounded"), the noun a participle describes ("four people suffering from wounds"), or
    the object of "left" ("left two people injured"). Subjects are not borrowed along
    adverbial clauses: in "opened fire, leaving the others wounded" the gunman is not hurt."""
    if verb.head.lemma_.lower() == "leave" and verb.dep_ in ("oprd", "xcomp", "ccomp", "advcl"):
        obj = next((k for k in verb.head.children if k.dep_ == "dobj"), None)
        if obj is not None:
            return obj
    if not any(k.dep_ == "auxpass" for k in verb.children):
        # active voice: "the shooting critically injured a teenager" hurt its object
        obj = next((k for k in verb.children if k.dep_ == "dobj"), None)
        if obj is not None and verb.lemma_.lower() in c.hurt_verbs:
            return obj
    # a conjunct borrows its head's subject ("were shot and wounded"), as does the verb
    # a verb of saying or expecting governs ("are expected to recover from their wounds")
    for holder in (verb, verb.head) if verb.dep_ in ("conj", "xcomp") else (verb,):
        subject = next((k for k in holder.children if k.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.lower_ in _RELATIVE and holder.dep_ == "relcl":
            return holder.head  # "his wife, who suffered minor injuries": the wife was hurt
        if subject is not None:
            return subject
    if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    return None


def _count(subject: Token, patterns: EventPatterns) -> int | None:
    """How many people ``subject`` counts: a number, "both", or one per listed person."""
    if subject.lower_ in _PRONOUNS or subject.lower_ in patterns.casualties.not_people:
        return None
    if aged_person(subject):
        return 1  # "a 16-year-old": an age used as a noun is one person
    if subject.ent_type_ in _NOT_PEOPLE or subject.pos_ not in ("NOUN", "PROPN", "NUM", "PRON"):
        return None
    if any(k.lower_ in ("no", "none") for k in subject.children):
        return None
    if subject.lower_ == "both" or any(k.lower_ == "both" for k in subject.children):
        return 2
    if subject.pos_ == "PRON":
        return 1 if subject.lower_ in ("another", "one") else None
    if subject.pos_ == "NUM":
        return number_value(subject, patterns.numbers)
    if subject.conjuncts and subject.dep_ != "conj":
        # "four men and five women": each member counts; in "one person is dead and
        # four others injured" the others are the last member, counted alone
        return listed_count(subject, patterns)
    return victim_count(subject, patterns)


def _set_apart(subject: Token, c: Casualties) -> bool:
    """Whether the wounded are told apart from the dead ("two other victims")."""
    # "also" and "too" in the subject phrase belong to an apposition ("Doe, also a
    # student, was rushed to a hospital"), not to the victims
    return any(t.lower_ in c.besides and t.lower_ not in _APPOSED for t in subject.subtree)


_APPOSED = frozenset({"also", "too"})
