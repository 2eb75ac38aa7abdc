"""Dead and wounded implied by the verbs of an attack when its sentence tells no figure.

A killing verb counts its victims dead ("killed two officers"; a list,
"Benton, Daniel and McDonald were killed", counts each member; "a fatal
shooting" at least one). A killing verb with a conjoined wounding verb
("killed one and wounded another") counts its wounded; a wounding verb that
also killed ("two men were shot and one died") counts its victims less its
dead; a wounding verb alone ("three people were shot") counts its victims as
wounded less the dead of its sentence. What was fired at ("shot at the house")
and a count of a period ("200 shot in the city since January") are no victims.

These rules exist because many reports tell a shooting's toll only through its
verbs: without them an attack with no number would count no casualties.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from threatline.events.casualties.counting import (
    age_marked,
    aged_person,
    body_part,
    listed_count,
    number_value,
    period_tally,
    person_word,
    victim_count,
)
from threatline.events.casualties.figures import bounded_quantity, counted_shot
from threatline.events.draft import Draft
from threatline.events.ontology import Casualties, EventPatterns
from threatline.events.roles import phrase
from threatline.models import Quantity

__all__ = ["kill_count", "shot_less_dead", "wound_count", "wounded_besides", "wounding_verb"]


def kill_count(d: Draft, patterns: EventPatterns) -> Quantity | None:
    """The dead a killing verb implies: the count of its victims, else at least one."""
    victim = d.recipient_token or d.victim_token
    if victim is not None and _address(victim):
        victim = None  # "the fatal shooting at 524 Schenectady Street": a place, no victim
    if d.kills and victim is None and d.token.pos_ == "NOUN":
        # "a fatal shooting", "the execution": someone died, the count is not told here
        return Quantity(min=1, text=d.token.text)
    if not d.kills or victim is None or not person_word(victim):
        return None
    if victim.lower_ in patterns.casualties.not_people:
        return None  # "until somebody gets killed", "to kill anyone": no one in particular
    # a list of victims ("Benton, Daniel and McDonald were killed", "killed two
    # soldiers and a civilian") counts each member
    count = listed_count(victim, patterns) if victim.conjuncts or victim.pos_ == "PROPN" else None
    if count is not None and count > 1:
        return Quantity(min=count, max=count, text=phrase(victim).text)
    for child in victim.children:
        if child.dep_ == "nummod" and not age_marked(child, patterns.casualties):
            value = number_value(child, patterns.numbers)
            if value is not None and period_tally(child, patterns.casualties):
                return None  # "344 people were killed in the city last year": no one attack's dead
            if value is not None:
                return bounded_quantity(child, value, patterns)
    text = d.recipient.text if d.recipient is not None else phrase(victim).text
    return Quantity(min=1, text=text)


def wounding_verb(d: Draft, c: Casualties) -> tuple[Token, Token | None] | None:
    """(wounding verb, its victim) of an assault: the trigger itself, or the verb governing it."""
    if d.token.pos_ == "VERB" and d.token.lemma_.lower() in c.wounding:
        return d.token, d.recipient_token or d.victim_token
    if counted_shot(d.token):
        # a headline's "Four shot at party": the counted noun is its own victims
        return d.token, d.token
    # "a teenager was injured in a shooting": the wounding verb governs the trigger
    head = d.token.head.head if d.token.dep_ == "pobj" else d.token.head
    if head.pos_ == "VERB" and head.lemma_.lower() in c.wounding:
        return head, next((k for k in head.children if k.dep_ == "nsubjpass"), None)
    return None


def wounded_besides(d: Draft, patterns: EventPatterns) -> Quantity | None:
    """The wounded of a killing verb's conjoined wounding verb ("killed one man and
    wounded another", "killed two and injured a woman")."""
    c = patterns.casualties
    if not d.kills or d.token.pos_ != "VERB":
        return None
    for verb in d.token.conjuncts:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in c.injured:
            continue
        victim = next((k for k in verb.children if k.dep_ in ("dobj", "nsubjpass")), None)
        if victim is None:
            continue
        # "another": one more victim, a pronoun the noun counts do not read
        count = 1 if victim.lower_ == "another" else victim_count(victim, patterns)
        if count is not None:
            return Quantity(min=count, max=count, text=phrase(victim).text)
    return None


def shot_less_dead(d: Draft, patterns: EventPatterns) -> Quantity | None:
    """The wounded of a wounding trigger that also killed: its victims less its dead
    ("two men were shot and one died" gives 1)."""
    if not d.kills or d.dead is None or d.dead.min is None or d.dead.min != d.dead.max:
        return None
    if d.token.pos_ != "VERB" or d.token.lemma_.lower() not in patterns.casualties.wounding:
        return None
    victim = next((k for k in d.token.children if k.dep_ in ("nsubjpass", "dobj")), None)
    if victim is None or victim.pos_ == "PRON" or not person_word(victim) or _target(victim):
        return None
    count = victim_count(victim, patterns)
    if count is None or count <= d.dead.min:
        return None
    wounded = count - d.dead.min
    return Quantity(min=wounded, max=wounded, text=phrase(victim).text)


def wound_count(
    d: Draft,
    found: tuple[Token, Token | None] | None,
    dead: Quantity | None,
    patterns: EventPatterns,
) -> tuple[Quantity | None, bool, bool]:
    """The wounded a wounding verb implies ("three people were shot", "he shot two men"),
    whether the article's dead may be among them, and whether the sentence's dead were
    taken off them.

    ``found`` is the draft's wounding verb and victim (:func:`wounding_verb`).
    When the sentence tells an exact number of dead that the victims outnumber,
    those dead are taken off ("four people were shot, one of them killed" gives
    3); a death without a number is one ("12 people were shot, with King dying"
    gives 11); a sentence whose dead are as many or more counts no wounded.
    Otherwise the article's dead may be among the victims (the second value),
    and :func:`~threatline.events.casualties.told_deaths.spare_the_dead` takes them off.
    """
    c = patterns.casualties
    if d.kills or found is None:
        return None, False, False
    victim = found[1]
    if victim is None or not person_word(victim) or _target(victim):
        return None, False, False
    count = victim_count(victim, patterns)
    if count is None or (count > 1 and period_tally(victim, c)):
        # "more than 200 people have been shot in the city since January"
        return None, False, False
    among = not _set_apart(found, c)
    # victims set apart ("one man died, and two others were also shot") are not the dead
    if among and _tells_death(d.token.sent, c):
        if dead is not None and (dead.min is None or dead.min != dead.max):
            return None, False, False
        # a death without a number is one: "12 people were shot, with King dying" gives 11
        count -= dead.min if dead is not None and dead.min is not None else 1
        if count <= 0:
            return None, False, False
        return Quantity(min=count, max=count, text=phrase(victim).text), False, True
    return Quantity(min=count, max=count, text=phrase(victim).text), among, False


_AIMED_AT = frozenset({"at", "on", "into", "toward", "towards"})
_NOT_PEOPLE = frozenset({"GPE", "LOC", "FAC", "ORG", "DATE", "TIME", "PRODUCT"})


def _target(victim: Token) -> bool:
    """Whether a wounding verb's "victim" is what was fired at, not who was hit.

    "shot at the house", "fired into a crowd": the object of a preposition of aim
    counts no wounded; nor does a place, organisation or date ("shot at 17
    McAfee Farm Road", "News 2"), nor a name with a number (an address).
    """
    if victim.dep_ == "pobj" and victim.head.lower_ in _AIMED_AT:
        return True
    if victim.ent_type_ in _NOT_PEOPLE and not aged_person(victim):
        return True
    return victim.pos_ == "PROPN" and any(k.dep_ == "nummod" for k in victim.children)


def _address(victim: Token) -> bool:
    """Whether a killing's "victim" is no one: an address ("at 524 Schenectady Street",
    a facility or a name with a number) or a time ("around 8 p.m."). Places and
    organisations stay victims: the tagger often reads a person's name as one."""
    numbered = victim.pos_ == "PROPN" and any(k.dep_ == "nummod" for k in victim.children)
    timed = victim.ent_type_ in ("TIME", "DATE", "MONEY", "PERCENT") and not aged_person(victim)
    return victim.ent_type_ == "FAC" or numbered or timed


def _tells_death(sent: Span, c: Casualties) -> bool:
    """Whether a word of ``sent`` says someone died ("killed", "fatally", "lost his life")."""
    for t in sent:
        lemma = t.lemma_.lower()
        if (lemma in ("life", "lives") and t.head.lemma_.lower() not in c.life_takers) or body_part(t):
            continue
        if lemma in c.dead or t.lower_ in c.fatal:
            return True
    return False


def _set_apart(found: tuple[Token, Token | None], c: Casualties) -> bool:
    """Whether the victims of a wounding verb are told apart from others ("two others were also shot")."""
    verb, victim = found
    words = [k.lower_ for k in verb.children if k.dep_ == "advmod"]
    if victim is not None:
        words += [t.lower_ for t in victim.subtree]
    return any(w in c.besides for w in words)
