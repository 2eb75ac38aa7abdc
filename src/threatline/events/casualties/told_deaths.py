"""Deaths told across an article without a killing verb, and the wounded who are those dead.

"the victim later died", "she was pronounced dead", "the shooting death of a
boy": a report often tells the toll of its attack in a sentence that names no
attack. :func:`death_statements` reads every such death that is asserted and
current (not "no one died", "could have died", "died in 2010", "died of
cancer"); :func:`give_deaths` gives their count to the article's main asserted
assault. The victims of a wounding verb are then no longer counted wounded
when the article's dead are as many and it tells of no survivor, and when they
outnumber the dead and nothing sets them apart ("seven people were shot", not
"two others were shot") the wounded are the victims less the dead
(:func:`spare_the_dead`): the one shot is often the one who died.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from threatline.events.casualties.counting import (
    aged_person,
    as_written,
    number_value,
    period_tally,
    person_word,
    victim_count,
)
from threatline.events.dating import dating_cues, event_date, historical_by_date, is_fallback
from threatline.events.draft import Draft
from threatline.events.ontology import Casualties, EventPatterns
from threatline.events.roles import subject_of
from threatline.events.status import read_status
from threatline.models import Quantity, TimeInterval

__all__ = ["Death", "death_statements", "give_deaths", "spare_the_dead", "tells_of_wounded"]

_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Death:
    """A statement that someone died: where, how many, and the names of the dead."""

    verb: Token
    subject: Token
    count: int
    names: frozenset[str]


def _death_verb(token: Token, c: Casualties) -> Token | None:
    """The word that carries a death statement at ``token`` ("died", "succumbed", "was
    found dead", "the shooting death of")"""
    if token.pos_ == "NOUN" and token.lemma_.lower() in c.death_nouns:
        has_of = any(k.dep_ == "prep" and k.lower_ == "of" for k in token.children)
        return token if has_of else None
    if token.pos_ == "VERB" and _phrasal(token) in c.dying:
        # a told death is past or a headline's present ("dies"); "let me die",
        # "could die" and "dying" are not deaths that happened
        if token.tag_ in ("VBD", "VBN", "VBZ"):
            return token
        # "12 people were shot, with King dying of her injuries": a death told in passing
        absolute = token.dep_ == "pcomp" and token.head.lower_ == "with"
        return token if absolute and any(k.dep_ == "nsubj" for k in token.children) else None
    if token.lower_ in c.dead_states and any(k.dep_ in ("nsubj", "nsubjpass") for k in token.children):
        return token  # "a female who was deceased", "deputies found all four deceased"
    if token.lower_ in c.dead_states and token.head.lemma_.lower() in c.dead_frames:
        # "pronounced him dead at the scene": the parser may hang "dead" on the verb as a clause
        said = ("acomp", "oprd", "xcomp", "attr", *(("advcl",) if _frame_object(token.head) else ()))
        return token.head if token.dep_ in said else None
    if token.lemma_.lower() in ("life", "lives") and token.dep_ == "dobj":
        # "claimed the life of a boy", "lost his life"; "took his own life" is the killer's
        taker = token.head
        own = any(k.lower_ == "own" for k in token.children)
        return taker if taker.lemma_.lower() in c.life_takers and not own else None
    return None


def _phrasal(verb: Token) -> str:
    """The lemma of ``verb`` with its particle, if any ("pass away")."""
    particle = next((k.lower_ for k in verb.children if k.dep_ == "prt"), None)
    lemma = verb.lemma_.lower()
    return f"{lemma} {particle}" if particle else lemma


def _life_owner(life: Token, taker: Token, uncounted: frozenset[str]) -> Token | None:
    """Whose life was taken: the object of "of" ("claimed the lives of [two men]"), the
    subject of "lose" ("[a man] lost his life"), else the owner of "life" ("cost [him] his life")."""
    subject = subject_of(taker)[0]
    if subject is not None and subject.tag_ == "NNS" and subject.lemma_.lower() in uncounted:
        return None  # "incidents that collectively claimed the lives of eight officers": several attacks
    of = next((k for k in life.children if k.dep_ == "prep" and k.lower_ == "of"), None)
    if of is not None:
        return next((k for k in of.children if k.dep_ == "pobj"), None)
    if taker.lemma_.lower() == "lose":
        return subject
    owner = next((k for k in life.children if k.dep_ == "poss"), None)
    return owner if owner is not None and owner.lower_ != "their" else None


_DETERMINED = frozenset({"det", "poss", "nummod", "amod", "compound"})
"""Modifiers that make a singular object someone ("a man", "her son"), not a body part ("brain")."""


def _frame_object(verb: Token) -> Token | None:
    """The object of a verb that states a death ("medics pronounced [him] dead"); a bare
    singular noun names nobody ("declared brain dead")."""
    obj = next((k for k in verb.children if k.dep_ == "dobj"), None)
    if obj is not None and obj.tag_ == "NN" and not any(k.dep_ in _DETERMINED for k in obj.children):
        return None
    return obj


def _framed_dead(verb: Token, state: Token) -> Token | None:
    """Who died by a verb that states a death with ``state`` ("dead"): the number on the
    state ("a shooting that left [four] dead"), else the verb's object ("medics pronounced
    [him] dead", "left [a boy] dead"), else its subject when it is passive or a form of
    "be" ("[he] was found dead", "[two men] are dead"); the subject of an active verb
    ("medics", "a shooting that left") is not who died."""
    number = next((k for k in state.children if k.dep_ == "nummod"), None)
    if number is not None:
        return number
    obj = _frame_object(verb)
    if obj is not None:
        return obj
    subject, passive = subject_of(verb)
    # a subject borrowed from a conjoined active verb: "he sustained a wound and was pronounced dead"
    passive = passive or any(k.dep_ == "auxpass" for k in verb.children)
    return subject if passive or verb.lemma_.lower() == "be" else None


def _several_killed(token: Token, patterns: EventPatterns) -> int:
    """How many died in a killing ``token`` names with a multiple ("a double homicide",
    "the triple slaying"), else 0; none for one of several ("the city's third double
    homicide this year", "two double homicides")."""
    c = patterns.casualties
    if token.pos_ != "NOUN" or token.tag_ == "NNS" or token.lemma_.lower() not in c.death_nouns:
        return 0
    ranked = any(k.lower_ in patterns.ordinals or k.lower_ in c.ranks for k in token.children)
    if ranked or period_tally(token, c):
        return 0
    return next((c.multiples[k.lower_] for k in token.children if k.lower_ in c.multiples), 0)


def _other_cause(verb: Token, c: Casualties) -> bool:
    """Whether the death has a cause that is no casualty of violence ("died of cancer")."""
    if verb.pos_ == "NOUN":
        return False  # "the death of X": "of" names the dead, not the cause
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("of", "from", "to"):
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            words = {t.lower_ for t in obj.subtree} | {t.lemma_.lower() for t in obj.subtree}
            if {k.lower_ for k in obj.children} & c.not_violent_causes or not words & c.violent_causes:
                return True
    return False


def _dead_count(subject: Token, patterns: EventPatterns) -> tuple[int, frozenset[str]] | None:
    """How many died, and their names, from the subject of a death statement."""
    nobody = patterns.casualties.not_people
    if subject.lower_ == "other" and any(k.lower_ == "the" for k in subject.children):
        return 1, frozenset()  # "one died at the scene and the other at a hospital"
    if subject.lower_ in nobody or not (person_word(subject) or subject.pos_ == "NUM"):
        return None
    if subject.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT") and not aged_person(subject):
        return None  # "the first murder of 2015"
    if subject.pos_ == "NUM" or subject.lower_ in patterns.numbers:
        # "one of the victims died", "two died at the scene"
        value = number_value(subject, patterns.numbers)
        return (value, frozenset()) if value else None
    if any(k.lower_ == "both" for k in subject.children):
        return 2, frozenset()
    ordinal = next(
        (patterns.ordinals[k.lower_] for k in subject.children if k.lower_ in patterns.ordinals),
        None,
    )
    if ordinal is not None:
        return ordinal, frozenset()  # "a second teen has died": two are dead
    count = victim_count(subject, patterns)
    if count is None:
        return None
    # a name of the dead is a person's: "News, Weather & Sports" after a headline names nobody
    names = frozenset(
        t.lower_
        for t in [subject, *subject.conjuncts]
        if t.pos_ == "PROPN" and (t.ent_type_ in ("PERSON", "") or _after_first_name(t))
    )
    return count, names


def _reported(verb: Token) -> bool:
    """Whether a death in the past perfect is what someone told ("police said the girl had
    died", "a relative told reporters the boy had died"): the news, not its background.
    A report the sentence goes on to contradict ("early reports said one had died, but
    that proved wrong") is none, nor a relative's death ("said his brother had died")."""
    teller = verb.head
    if verb.pos_ != "VERB" or verb.dep_ != "ccomp" or teller.pos_ != "VERB":
        return False
    subjects = [k for k in verb.children if k.dep_ in ("nsubj", "nsubjpass")]
    if any(k.dep_ == "poss" for s in subjects for k in s.children):
        return False  # "neighbors said the man's brother had died": someone else's past
    return not any(k.dep_ == "cc" and k.lower_ == "but" for k in teller.children)


def _after_first_name(token: Token) -> bool:
    """Whether a name comes after a first name ("Tyrone Washington"): the small model often
    tags such a surname as a place or a company, but a person's full name it is."""
    return any(k.dep_ == "compound" and k.pos_ == "PROPN" for k in token.children)


def death_statements(
    doc: Doc,
    times: Sequence[TimeInterval],
    published: dt.date | None,
    patterns: EventPatterns,
) -> list[Death]:
    """Every asserted, current death of people in ``doc`` ("the victim later died",
    "she was pronounced dead at the scene", "two men are dead after ...").

    A death that is negated, hypothetical, future or background ("no one died",
    "could have died", "had died", "died in 2010"), nearly happened ("nearly
    died") or has a cause other than violence ("died of cancer") is left out,
    and so is one whose subject counts nobody in particular ("they", "the victims").
    """
    c = patterns.casualties
    cues = dating_cues(patterns)
    found: list[Death] = []
    for token in doc:
        several = _several_killed(token, patterns)
        if several and read_status(token, patterns.status) == "asserted":
            if not historical_by_date(event_date(token, times, published, cues), token, published, cues):
                found.append(Death(token, token, several, frozenset()))
            continue
        verb = _death_verb(token, c)
        if verb is None or any(k.lower_ in c.near_misses for k in [*verb.children, *token.children]):
            continue
        status = read_status(verb, patterns.status)
        told = status == "asserted" or (status == "historical" and _reported(verb))
        if not told or _other_cause(verb, c):
            continue
        if historical_by_date(event_date(verb, times, published, cues), verb, published, cues):
            continue
        if verb.pos_ == "NOUN":
            # "the death of a toddler": the one who died is the object of "of"
            of = next(k for k in verb.children if k.dep_ == "prep" and k.lower_ == "of")
            subject = next((k for k in of.children if k.dep_ == "pobj"), None)
        elif verb is not token and token.lower_ in c.dead_states:
            subject = _framed_dead(verb, token)
        elif verb is not token:
            subject = _life_owner(token, verb, c.uncounted)
        else:
            subject, _ = subject_of(verb)
        counted = _dead_count(subject, patterns) if subject is not None else None
        # one death is the news even beside a tally ("he died, the city's 12th homicide this year")
        tally = counted is not None and counted[0] > 1 and subject is not None and period_tally(subject, c)
        if subject is not None and counted is not None and not tally:
            found.append(Death(verb, subject, *counted))
    return found


def give_deaths(assaults: Sequence[Draft], deaths: Sequence[Death]) -> None:
    """Give the deaths told across the article to its main assault among ``assaults``, its asserted ones.

    The article's dead are the largest count of one sentence, or the number of
    different names of the dead if larger: "Jane Roe died" and "the woman died"
    are one death, "Roe died" and "Doe was found dead" are two. When no asserted
    assault already counts as many, the count goes to the asserted assault of the
    sentence that tells it, else to the first asserted assault without a dead
    figure, else to the first asserted assault. An article without an asserted
    assault keeps its deaths to itself: they are no attack's casualties.
    """
    if not deaths or not assaults:
        return
    # one count per subject: "the man, who died at the scene, was found dead" is one death
    by_subject = {(death.verb.sent.start, death.subject.i): death.count for death in deaths}
    per_sentence: dict[int, int] = {}
    for (start, _), n in by_subject.items():
        per_sentence[start] = per_sentence.get(start, 0) + n
    names = frozenset().union(*(death.names for death in deaths))
    count = max(*per_sentence.values(), len(names))
    if any(d.dead is not None and (d.dead.min or 0) >= count for d in assaults):
        return
    told = max(deaths, key=lambda death: (per_sentence[death.verb.sent.start], -death.verb.i))
    target = next(
        (d for d in assaults if d.token.sent.start == told.verb.sent.start),
        next((d for d in assaults if d.dead is None), assaults[0]),
    )
    target.dead = Quantity(min=count, max=count, text=told.verb.sent.text)


def tells_of_wounded(doc: Doc, deaths: Sequence[Death], patterns: EventPatterns) -> bool:
    """Whether ``doc`` says outright that someone was wounded and lived ("another man
    was wounded", "survived", "in stable condition"), outside its death statements and
    not negated ("no one else was wounded")."""
    c = patterns.casualties
    spans = [(death.verb.left_edge.i, death.verb.right_edge.i) for death in deaths]
    for token in doc:
        if as_written(token) not in c.wounded_cues or any(a <= token.i <= b for a, b in spans):
            continue
        if read_status(token, patterns.status) != "negated":
            return True
    return False


def _same_day(a: TimeInterval | None, b: TimeInterval | None) -> bool:
    """Whether two drafts' dates may be one shooting's: either is undated, or their
    intervals come within a day of each other."""
    if is_fallback(a) or is_fallback(b) or a is None or b is None or a.start is None or b.start is None:
        return True
    # a day apart is one shooting told twice: shot late one night, dead by morning,
    # an autopsy the next day
    a_end, b_end = a.end or a.start, b.end or b.start
    return a.start <= b_end + _ONE_DAY and b.start <= a_end + _ONE_DAY


def spare_the_dead(assaults: Sequence[Draft], wounded_told: bool) -> None:
    """Victims of a shooting who died are not also wounded (``assaults``: an article's asserted assaults).

    ``injured`` read from a wounding verb alone ("the man was shot in the
    chest") is dropped when the article's asserted assaults count at least as
    many dead and the article tells of no living wounded: the one shot is the one
    who died. When the shot outnumber the dead and nothing sets them apart
    ("seven people were shot" and, elsewhere, "an adult is dead"; not "two
    others were shot"), the wounded are the shot less the dead. Figures read from
    words of injury always stay.
    """
    for d in assaults:
        if not d.implied_injured or d.injured is None or d.injured.min is None:
            continue
        # the dead of another day's shooting ("a vigil for a man killed last week")
        # are not among these victims
        dead = max(
            (a.dead.min or 0 for a in assaults if a.dead is not None and _same_day(a.date, d.date)),
            default=0,
        )
        if dead == 0:
            continue
        shot = d.injured.min
        # victims set apart from the dead ("a man was also shot") are not the dead
        if shot <= dead and not wounded_told and d.dead_among_injured:
            d.injured = None
            d.implied_injured = False
        elif shot > dead and d.dead_among_injured and d.injured.max == shot:
            d.injured = d.injured.model_copy(update={"min": shot - dead, "max": shot - dead})
