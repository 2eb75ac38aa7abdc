"""Casualties of an assault: its dead and injured, from its sentence and across the article.

Only assaults (:data:`VIOLENT`) count casualties. The rules:

* **dead / injured** (ASSAULT only): the Claims of the sentence whose quantity
  counts dead or injured; failing those, numbers next to casualty words in the
  sentence ("at least 137 deaths", "leaving two dead", "killing two officers").
  "at least N" gives min N, "over N" min N+1, "up to N" max N. A killing verb
  with a conjoined wounding verb ("killed one and wounded another") counts its
  wounded; a wounding verb alone ("three people were shot") counts its victims
  as wounded less the dead of its sentence.
* **deaths told elsewhere** ("the victim later died", "she was pronounced dead",
  "the shooting death of a boy"): counted across the article and given to its
  main asserted ASSAULT (:func:`_give_deaths`); the victims of a wounding verb
  are then no longer counted wounded when the article's dead are as many and
  it tells of no survivor, and when they outnumber the dead and nothing sets
  them apart ("seven people were shot", not "two others were shot") the
  wounded are the victims less the dead (:func:`_spare_the_dead`).

* **counts that are no figure of the attack**: a count whose clause tells a
  period, another place or several attacks ("344 were killed last year", "200
  shot in the city since January", "in separate shootings", see
  :func:`~threatline.events.counting.period_tally`), an age set off by commas
  ("Boy, 11, dies") and the killers a number counts ("3 suspects in the
  shooting death") give no dead or wounded, whether read from a figure, a
  killing or wounding verb's victims, or a statement of death or hurt.

:func:`count_casualties` applies the first rule to one draft,
:func:`count_told_deaths` the second to all the drafts of an article.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from threatline.events.counting import (
    aged_person,
    listed_count,
    number_value,
    period_tally,
    person_word,
    victim_count,
)
from threatline.events.dating import dating_cues, event_date, historical_by_date, is_fallback
from threatline.events.draft import Draft
from threatline.events.ontology import Casualties, EventPatterns
from threatline.events.roles import phrase, subject_of
from threatline.events.status import read_status
from threatline.events.wounded import give_wounded, tells_care, told_wounded
from threatline.models import Claim, Quantity, TimeInterval

__all__ = ["VIOLENT", "count_casualties", "count_told_deaths"]

VIOLENT = frozenset({"ASSAULT"})
"""The event types whose drafts count dead and injured."""


def count_casualties(d: Draft, claims: Sequence[Claim], patterns: EventPatterns) -> None:
    """Fill the ``dead``, ``injured`` and ``implied_injured`` of an assault draft from its sentence.

    Figures of the sentence (its Claims, else numbers next to casualty words)
    come first; failing those, the victims of the draft's killing or wounding verb.
    """
    figures = _figures(d.token.sent, claims, patterns)
    if "injured" in figures and tells_care(d.token.sent, patterns.casualties):
        # victims in care may be the dead told elsewhere: the article-wide count decides
        del figures["injured"]
    d.dead = figures.get("dead") or _kill_count(d, patterns)
    d.injured = figures.get("injured") or _wounded_besides(d, patterns) or _shot_less_dead(d, patterns)
    if d.injured is None:
        found = _wounding_verb(d, patterns.casualties)
        d.injured, among, net = _wound_count(d, found, figures.get("dead"), patterns)
        # victims already less the dead of their sentence are wounded whatever the article tells
        d.implied_injured = (
            d.injured is not None
            and not net
            and found is not None
            and found[0].lemma_.lower() not in patterns.casualties.injured
        )
        d.dead_among_injured = d.implied_injured and among


def count_told_deaths(
    drafts: Sequence[Draft],
    doc: Doc,
    times: Sequence[TimeInterval],
    published: dt.date | None,
    patterns: EventPatterns,
) -> None:
    """Give the deaths ``doc`` tells without a killing verb to its main asserted assault,
    then drop the wounded who are those dead (see the module's rules)."""
    deaths = _death_statements(doc, times, published, patterns)
    _give_deaths(drafts, deaths)
    _spare_the_dead(drafts, _tells_of_wounded(doc, deaths, patterns))
    _count_the_killer(drafts, doc, deaths, patterns)
    assaults = [d for d in drafts if d.type in VIOLENT and d.status == "asserted"]
    dead = max((d.dead.min or 0 for d in assaults if d.dead is not None), default=0)
    dead_subjects = frozenset(death.subject.i for death in deaths)
    wounded = told_wounded(
        doc, dead=dead, dead_subjects=dead_subjects, times=times, published=published, patterns=patterns
    )
    give_wounded(drafts, wounded, VIOLENT)


_SELF = frozenset({"himself", "herself", "themselves"})
_ONE_DAY = dt.timedelta(days=1)


def _count_the_killer(
    drafts: Sequence[Draft], doc: Doc, deaths: Sequence[_Death], patterns: EventPatterns
) -> None:
    """A killer who then died is one more dead of the attack.

    "shot two men and then killed himself", "the gunman was shot dead by
    police", "he was killed by officers", "before taking his own life", "turned
    the gun on himself" in an article that tells of a suicide: the article's main
    asserted assault counts its victims; the killer's death is told apart. The
    largest exact count of another asserted assault of the article grows by
    one, unless its victims already include the killer ("three people,
    including the gunman himself"). A self-shooting counts no wounded.
    """
    c = patterns.casualties
    assaults = [d for d in drafts if d.type in VIOLENT and d.status == "asserted"]
    suicide = next((d for d in assaults if d.kills and _kills_the_killer(d, c)), None)
    if suicide is None:
        if not _others_killed(assaults) or not _kills_himself(doc, deaths, c):
            return
        for d in assaults:
            if _shoots_himself(d):
                d.injured = None  # the one who shot himself died: he is no wounded
    counted = [
        (d.dead.min, d)
        for d in assaults
        if d is not suicide
        and not _shoots_himself(d)
        and d.dead is not None
        and d.dead.min is not None
        and (d.dead.min == d.dead.max or _one_victim(d))
        and not _names_the_killer(d)
    ]
    victims = [(dead, d) for dead, d in counted if _killed_victims(d, patterns)]
    if victims:
        dead = max(pair[0] for pair in victims)
        told = max((d.dead.min or 0 for d in assaults if d.dead is not None), default=0)
        if told > dead:
            return  # "five dead after he killed his wife and three children": the total holds him
        # "shot and killed his two sons": every draft that counts those victims counts him too
        mains = [d for n, d in counted if n == dead]
    elif counted and suicide is not None:
        dead, main = max(counted, key=lambda pair: pair[0])
        mains = [main]
    else:
        return
    for main in mains:
        main.dead = Quantity(min=dead + 1, max=dead + 1, text=main.dead.text if main.dead else None)


def _killed_victims(d: Draft, patterns: EventPatterns) -> bool:
    """Whether the dead of ``d`` are the victims its killing verb names ("killed his two
    sons"), not a total the article tells ("five dead after he kills family")."""
    victim = d.recipient_token or d.victim_token
    if not d.kills or victim is None or victim.lower_ in _SELF or d.dead is None:
        return False
    return victim_count(victim, patterns) == d.dead.min


def _one_victim(d: Draft) -> bool:
    """Whether a killing's dead are its one victim, told without a number ("killed a cashier")."""
    victim = d.recipient_token or d.victim_token
    if not d.kills or victim is None or d.dead is None or d.dead.min != 1 or d.dead.max is not None:
        return False
    return victim.tag_ not in ("NNS", "NNPS") and not victim.conjuncts


def _others_killed(assaults: Sequence[Draft]) -> bool:
    """Whether an assault killed someone besides its actor: a child who shot himself
    by accident is the only dead of his article."""
    for d in assaults:
        victim = d.recipient_token or d.victim_token
        if d.kills and victim is not None and victim.lower_ not in _SELF:
            return True
    return False


def _shoots_himself(d: Draft) -> bool:
    """Whether the victim of ``d`` is its own actor ("he shot himself")."""
    victim = d.recipient_token or d.victim_token
    return victim is not None and victim.lower_ in _SELF


def _kills_himself(doc: Doc, deaths: Sequence[_Death], c: Casualties) -> bool:
    """Whether ``doc`` tells that an attacker killed himself.

    "took his own life", "committed suicide", "killed three people and then
    himself", "fatally shot himself" say so; "shot himself" and "turned the gun
    on himself" say so only in an article that tells of a "murder-suicide" or of
    a death whose subject is a word for the killer ("the gunman died").
    """
    self_shot = False
    for t in doc:
        head = t.head
        if t.lemma_.lower() in ("life", "lives") and head.lemma_.lower() in c.life_takers:
            own = any(k.lower_ == "own" for k in t.children)
            if own and not _among_counted(t):
                return True
        if t.lemma_.lower() in c.suicide and head.lemma_.lower() == "commit" and not _among_counted(t):
            return True
        if t.lower_ not in _SELF:
            continue
        verb = head.head if t.dep_ == "pobj" else head
        if t.dep_ == "conj":
            verb = next((a for a in t.ancestors if a.pos_ == "VERB"), head)
        lemma = verb.lemma_.lower()
        if (lemma in c.dead and lemma not in c.wounding) or any(k.lower_ in c.fatal for k in verb.children):
            if not _among_counted(t):
                return True
        elif lemma in c.wounding or lemma in c.turning:
            self_shot = True
    if not self_shot:
        return False
    # "he died" may be the victim's death: only a word for the killer tells his
    told = any(t.lemma_.lower() in c.suicide for t in doc)
    return told or any(death.subject.lemma_.lower() in c.killers for death in deaths)


def _among_counted(token: Token) -> bool:
    """Whether the killer's death is told inside a count of the dead ("four are dead,
    including Syed, who took his own life")."""
    return any(a.lower_ == "including" for a in token.ancestors)


def _kills_the_killer(d: Draft, c: Casualties) -> bool:
    """Whether a killing's victim is the attacker: himself, a word for him ("the
    gunman"), or a "he" whom police killed."""
    victim = d.recipient_token
    if victim is None:
        return False
    if victim.lower_ in _SELF:
        return True
    if victim.tag_ in ("NNS", "NNPS") or any(k.dep_ == "nummod" for k in victim.children):
        return False  # "three suspects" are not the one who did it
    if victim.lemma_.lower() in c.killers:
        return True
    actor = d.actor_token
    police = actor is not None and actor.lemma_.lower() in c.police
    return police and victim.lower_ in ("he", "him", "she", "her")


def _names_the_killer(d: Draft) -> bool:
    """Whether the victims of ``d`` include the killer ("three people, including the gunman himself")."""
    victim = d.recipient_token or d.victim_token
    return victim is not None and any(t.lower_ in _SELF or t.lower_ == "including" for t in victim.subtree)


def _quantity(token: Token, value: int, patterns: EventPatterns) -> Quantity:
    c = patterns.casualties
    before = {t.lower_ for t in token.doc[max(token.i - 3, token.sent.start) : token.i]}
    text = token.doc[max(token.i - 2, token.sent.start) : token.i + 1].text
    if before & c.over:
        return Quantity(min=value + 1, text=text)
    if before & c.at_least:
        return Quantity(min=value, text=text)
    if before & c.up_to:
        return Quantity(max=value, text=text)
    return Quantity(min=value, max=value, text=token.text)


def _casualty_kind(token: Token, patterns: EventPatterns) -> str | None:
    """'dead' or 'injured' if the number ``token`` counts casualties, else None."""
    c = patterns.casualties
    if any(k.lower_ in c.fatal for k in token.children):
        return "dead"  # "four men were shot, one fatally"
    for k in token.children:
        # a headline's participle on the number itself: "One killed, six injured"
        if k.dep_ in ("acl", "amod"):
            if k.lemma_.lower() in c.dead or k.lower_ in c.dead:
                return "dead"
            if k.lemma_.lower() in c.injured or k.lower_ in c.injured:
                return "injured"
    head = token.head
    for word in (head, head.head):
        lemma = word.lemma_.lower()
        if lemma in c.dead or word.lower_ in c.dead:
            return "dead"
        if lemma in c.injured or word.lower_ in c.injured:
            return "injured"
    for nxt in token.doc[token.i + 1 : min(token.i + 6, token.sent.end)]:
        if nxt.is_punct and nxt.text != "-":
            break
        if nxt.pos_ == "SCONJ" or nxt.dep_ == "mark" or (nxt.dep_ == "prep" and nxt.lower_ in _LATER):
            break  # "shot at a dozen people before killing himself": a new clause counts nobody
        if nxt.dep_ == "cc" and head.dep_ == "dobj" and nxt.head == head.head:
            # "shooting eight people and killing a woman": the number is the first
            # verb's object, the conjoined verb counts its own victims
            break
        if nxt.lemma_.lower() in ("life", "lives") and nxt.head.lemma_.lower() not in c.life_takers:
            continue  # "four others suffered non-life threatening wounds": no life was lost
        if nxt.lemma_.lower() in c.dead or nxt.lower_ in c.dead:
            return "dead"
        if nxt.lemma_.lower() in c.injured or nxt.lower_ in c.injured:
            return "injured"
    return _toll_kind(token, c)


_LATER = frozenset({"before", "after", "until", "since", "while"})
_APOSTROPHES = frozenset({"'", "\u2019"})


def _counts_no_people(token: Token, c: Casualties) -> bool:
    """Whether the number ``token`` counts things, not people: "shot five times",
    "two shootings that killed one", "fired 20 rounds", or a year ("in '91")."""
    if token.i > 0 and token.doc[token.i - 1].text in _APOSTROPHES:
        return True
    if _age_apposed(token):
        return True
    head = token.head
    if head.lemma_.lower() in c.killers and token.dep_ == "nummod" and not _killers_died(head, c):
        return True  # "3 suspects in shooting death", "the four suspects killed two teens"
    if token.dep_ not in ("nummod", "quantmod") or head.pos_ not in ("NOUN", "PROPN"):
        return False
    # a headline's "4 Shot" is the participle read as a noun: its number counts victims
    return head.lemma_.lower() in c.uncounted and head.lower_ != "shot"


def _age_apposed(token: Token) -> bool:
    """Whether the number ``token`` is an age set off by commas after a person ("Boy, 11,
    dies", "Antwone Price Jr., 11, died", "kills sons, 10 and 12"), not a count."""
    doc = token.doc
    if token.dep_ == "nummod" or token.i < 2 or doc[token.i - 1].text != ",":
        return False
    # an age closes its phrase ("Boy, 11, dies", "sons, 10 and 12", "a cashier, 19.");
    # a count goes on to what it counts ("5 Shot, 2 Killed", "one dead, 3 injured")
    after = doc[token.i + 1] if token.i + 1 < token.sent.end else None
    if after is not None and after.text not in _AGE_ENDS:
        return False
    before = doc[token.i - 2]
    return before.pos_ == "PROPN" or (before.pos_ == "NOUN" and before.lemma_.lower() not in _COUNTED_AFTER)


# words after which ", N" counts people: "shot two people, 3 others"
_COUNTED_AFTER = frozenset({"people", "person", "other", "others", "victim", "victims"})
_AGE_ENDS = frozenset({",", ".", "and", ")", ";", ":"})


def _killers_died(noun: Token, c: Casualties) -> bool:
    """Whether the killers a number counts are the ones who died or were hurt ("two
    gunmen were killed", "two suspects died"), not the ones who did it."""
    verb = noun.head
    lemma = verb.lemma_.lower()
    if noun.dep_ == "nsubjpass":
        return True
    return noun.dep_ == "nsubj" and (lemma in c.dying or lemma in c.dead_frames)


def _toll_kind(token: Token, c: Casualties) -> str | None:
    """The kind of a toll the number is the value of ("the death toll rose to 137",
    "the number of people killed stands at 40", "the toll is 12")."""
    verb = token.head.head if token.head.dep_ == "prep" else token.head
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in c.toll_verbs:
        return None
    # every subject: a dateline may parse as one too ("MOSCOW — The death toll rose ...")
    said = [t for k in verb.children if k.dep_ in ("nsubj", "nsubjpass") for t in k.subtree]
    words = {t.lemma_.lower() for t in said} | {t.lower_ for t in said}
    if words & c.dead:
        return "dead"
    return "injured" if words & c.injured else None


def _figures(sent: Span, claims: Sequence[Claim], patterns: EventPatterns) -> dict[str, Quantity]:
    c = patterns.casualties
    found: dict[str, Quantity] = {}
    for claim in claims:
        if not sent.start_char <= claim.evidence.start < sent.end_char:
            continue
        at = sent.doc.char_span(claim.evidence.start, claim.evidence.start + 1, alignment_mode="expand")
        if at is not None and len(at) and (period_tally(at[0], c) or _counts_no_people(at[0], c)):
            continue  # "344 people were killed last year", "Boy, 11, dies": no figure of this attack
        words = set(claim.quantity.lower().split())
        kind = "dead" if words & c.dead else "injured" if words & c.injured else None
        if kind and kind not in found:
            found[kind] = claim.value
    if len(found) == 2:
        return found
    # a kind no Claim counts is read from the numbers ("22 were killed and 59 injured")
    shot = 0
    for token in sent:
        value = number_value(token, patterns.numbers)
        if value is None or token.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT"):
            continue
        if _counts_no_people(token, c) or period_tally(token, c):
            continue
        kind = _casualty_kind(token, patterns)
        if kind and kind not in found:
            found[kind] = _quantity(token, value, patterns)
        elif kind is None and "injured" not in found and token.dep_ == "nummod" and _counted_shot(token.head):
            shot = value  # a headline's "4 Shot, 1 Killed": the shot less the dead are wounded
    dead = found.get("dead")
    exact_dead = dead.min if dead is not None and dead.min == dead.max else None
    if "injured" not in found and exact_dead is not None and shot > exact_dead:
        found["injured"] = Quantity(min=shot - exact_dead, max=shot - exact_dead, text=str(shot))
    return found


def _kill_count(d: Draft, patterns: EventPatterns) -> Quantity | None:
    """The dead a killing verb implies: the count of its victims, else at least one."""
    victim = d.recipient_token or d.victim_token
    if d.kills and victim is None and d.token.pos_ == "NOUN":
        # "a fatal shooting", "the execution": someone died, the count is not told here
        return Quantity(min=1, text=d.token.text)
    if not d.kills or victim is None or not person_word(victim):
        return None
    # a list of victims ("Benton, Daniel and McDonald were killed", "killed two
    # soldiers and a civilian") counts each member
    count = listed_count(victim, patterns) if victim.conjuncts or victim.pos_ == "PROPN" else None
    if count is not None and count > 1:
        return Quantity(min=count, max=count, text=phrase(victim).text)
    for child in victim.children:
        if child.dep_ == "nummod":
            value = number_value(child, patterns.numbers)
            if value is not None and period_tally(child, patterns.casualties):
                return None  # "344 people were killed in the city last year": no one attack's dead
            if value is not None:
                return _quantity(child, value, patterns)
    text = d.recipient.text if d.recipient is not None else phrase(victim).text
    return Quantity(min=1, text=text)


def _counted_shot(token: Token) -> bool:
    """Whether ``token`` is a headline's noun "shot" with a number on it ("Four shot at party")."""
    return (
        token.pos_ in ("NOUN", "PROPN")
        and token.lower_ == "shot"
        and any(k.dep_ == "nummod" for k in token.children)
    )


def _wounding_verb(d: Draft, c: Casualties) -> tuple[Token, Token | None] | None:
    """(wounding verb, its victim) of an assault: the trigger itself, or the verb governing it."""
    if d.token.pos_ == "VERB" and d.token.lemma_.lower() in c.wounding:
        return d.token, d.recipient_token or d.victim_token
    if _counted_shot(d.token):
        # a headline's "Four shot at party": the counted noun is its own victims
        return d.token, d.token
    # "a teenager was injured in a shooting": the wounding verb governs the trigger
    head = d.token.head.head if d.token.dep_ == "pobj" else d.token.head
    if head.pos_ == "VERB" and head.lemma_.lower() in c.wounding:
        return head, next((k for k in head.children if k.dep_ == "nsubjpass"), None)
    return None


def _wounded_besides(d: Draft, patterns: EventPatterns) -> Quantity | None:
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


def _shot_less_dead(d: Draft, patterns: EventPatterns) -> Quantity | None:
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


def _wound_count(
    d: Draft,
    found: tuple[Token, Token | None] | None,
    dead: Quantity | None,
    patterns: EventPatterns,
) -> tuple[Quantity | None, bool, bool]:
    """The wounded a wounding verb implies ("three people were shot", "he shot two men"),
    whether the article's dead may be among them, and whether the sentence's dead were
    taken off them.

    ``found`` is the draft's wounding verb and victim (:func:`_wounding_verb`).
    When the sentence tells an exact number of dead that the victims outnumber,
    those dead are taken off ("four people were shot, one of them killed" gives
    3); a death without a number is one ("12 people were shot, with King dying"
    gives 11); a sentence whose dead are as many or more counts no wounded.
    Otherwise the article's dead may be among the victims (the second value),
    and :func:`_spare_the_dead` takes them off.
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
    if _tells_death(d.token.sent, c):
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


def _tells_death(sent: Span, c: Casualties) -> bool:
    """Whether a word of ``sent`` says someone died ("killed", "fatally", "lost his life")."""
    for t in sent:
        lemma = t.lemma_.lower()
        if lemma in ("life", "lives") and t.head.lemma_.lower() not in c.life_takers:
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


@dataclass(frozen=True)
class _Death:
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
    if token.pos_ == "VERB" and token.lemma_.lower() in c.dying:
        # a told death is past or a headline's present ("dies"); "let me die",
        # "could die" and "dying" are not deaths that happened
        if token.tag_ in ("VBD", "VBN", "VBZ"):
            return token
        # "12 people were shot, with King dying of her injuries": a death told in passing
        absolute = token.dep_ == "pcomp" and token.head.lower_ == "with"
        return token if absolute and any(k.dep_ == "nsubj" for k in token.children) else None
    if (
        token.lower_ in c.dead_states
        and token.dep_ in ("acomp", "oprd", "xcomp", "attr")
        and token.head.lemma_.lower() in c.dead_frames
    ):
        return token.head
    return None


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
    names = frozenset(t.lower_ for t in [subject, *subject.conjuncts] if t.pos_ == "PROPN")
    return count, names


def _death_statements(
    doc: Doc,
    times: Sequence[TimeInterval],
    published: dt.date | None,
    patterns: EventPatterns,
) -> list[_Death]:
    """Every asserted, current death of people in ``doc`` ("the victim later died",
    "she was pronounced dead at the scene", "two men are dead after ...").

    A death that is negated, hypothetical, future or background ("no one died",
    "could have died", "had died", "died in 2010"), nearly happened ("nearly
    died") or has a cause other than violence ("died of cancer") is left out,
    and so is one whose subject counts nobody in particular ("they", "the victims").
    """
    c = patterns.casualties
    cues = dating_cues(patterns)
    found: list[_Death] = []
    for token in doc:
        verb = _death_verb(token, c)
        if verb is None or any(k.lower_ in c.near_misses for k in [*verb.children, *token.children]):
            continue
        if read_status(verb, patterns.status) != "asserted" or _other_cause(verb, c):
            continue
        if historical_by_date(event_date(verb, times, published, cues), verb, published, cues):
            continue
        if verb.pos_ == "NOUN":
            # "the death of a toddler": the one who died is the object of "of"
            of = next(k for k in verb.children if k.dep_ == "prep" and k.lower_ == "of")
            subject = next((k for k in of.children if k.dep_ == "pobj"), None)
        else:
            subject, _ = subject_of(verb)
        counted = _dead_count(subject, patterns) if subject is not None else None
        # one death is the news even beside a tally ("he died, the city's 12th homicide this year")
        tally = counted is not None and counted[0] > 1 and subject is not None and period_tally(subject, c)
        if subject is not None and counted is not None and not tally:
            found.append(_Death(verb, subject, *counted))
    return found


def _give_deaths(drafts: Sequence[Draft], deaths: Sequence[_Death]) -> None:
    """Give the deaths told across the article to its main asserted assault.

    The article's dead are the largest count of one sentence, or the number of
    different names of the dead if larger: "Jane Roe died" and "the woman died"
    are one death, "Roe died" and "Doe was found dead" are two. When no asserted
    assault already counts as many, the count goes to the asserted assault of the
    sentence that tells it, else to the first asserted assault without a dead
    figure, else to the first asserted assault. An article without an asserted
    assault keeps its deaths to itself: they are no attack's casualties.
    """
    assaults = [d for d in drafts if d.type in VIOLENT and d.status == "asserted"]
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


def _tells_of_wounded(doc: Doc, deaths: Sequence[_Death], patterns: EventPatterns) -> bool:
    """Whether ``doc`` says outright that someone was wounded and lived ("another man
    was wounded", "survived", "in stable condition"), outside its death statements and
    not negated ("no one else was wounded")."""
    c = patterns.casualties
    spans = [(death.verb.left_edge.i, death.verb.right_edge.i) for death in deaths]
    for token in doc:
        if token.lower_ not in c.wounded_cues or any(a <= token.i <= b for a, b in spans):
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


def _spare_the_dead(drafts: Sequence[Draft], wounded_told: bool) -> None:
    """Victims of a shooting who died are not also wounded.

    ``injured`` read from a wounding verb alone ("the man was shot in the
    chest") is dropped when the article's asserted assaults count at least as
    many dead and the article tells of no living wounded: the one shot is the one
    who died. When the shot outnumber the dead and nothing sets them apart
    ("seven people were shot" and, elsewhere, "an adult is dead"; not "two
    others were shot"), the wounded are the shot less the dead. Figures read from
    words of injury always stay.
    """
    assaults = [d for d in drafts if d.type in VIOLENT and d.status == "asserted"]
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
        if shot <= dead and not wounded_told:
            d.injured = None
            d.implied_injured = False
        elif shot > dead and d.dead_among_injured and d.injured.max == shot:
            d.injured = d.injured.model_copy(update={"min": shot - dead, "max": shot - dead})
