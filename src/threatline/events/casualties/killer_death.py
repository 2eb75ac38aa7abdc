"""The attacker's own death: a killer who then died is one more dead of the attack.

"shot two men and then killed himself", "the gunman was shot dead by police",
"before taking his own life": a report counts the victims of a killing verb
and tells the killer's death apart, so the attack's dead would be one short.
:func:`count_the_killer` adds him to the article's count of the dead unless
that count already holds him ("three people, including the gunman himself").
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from threatline.events.casualties.counting import victim_count
from threatline.events.casualties.told_deaths import Death
from threatline.events.draft import Draft
from threatline.events.ontology import Casualties, EventPatterns
from threatline.models import Quantity

__all__ = ["count_the_killer"]

_SELF = frozenset({"himself", "herself", "themselves"})


def count_the_killer(
    assaults: Sequence[Draft], doc: Doc, deaths: Sequence[Death], patterns: EventPatterns
) -> None:
    """A killer who then died is one more dead of the attack (``assaults``: an article's asserted assaults).

    "shot two men and then killed himself", "the gunman was shot dead by
    police", "he was killed by officers", "before taking his own life", "turned
    the gun on himself" in an article that tells of a suicide: the article's main
    asserted assault counts its victims; the killer's death is told apart. The
    largest exact count of another asserted assault of the article grows by
    one, unless its victims already include the killer ("three people,
    including the gunman himself"). A self-shooting counts no wounded.
    """
    c = patterns.casualties
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
    victims = [(dead, d) for dead, d in counted if _besides_him(d, dead, c) and _killed_victims(d, patterns)]
    if victims:
        dead = max(pair[0] for pair in victims)
        told = max((d.dead.min or 0 for d in assaults if d.dead is not None), default=0)
        if told > dead:
            return  # "five dead after he killed his wife and three children": the total holds him
        # "shot and killed his two sons": every draft that counts those victims counts him too
        mains = [d for n, d in counted if n == dead]
    elif suicide is not None and (
        by := [(n, d) for n, d in counted if _besides_him(d, n, c) or not _may_be_him(d, suicide)]
    ):
        dead, main = max(by, key=lambda pair: pair[0])
        mains = [main]
    else:
        return
    for main in mains:
        main.dead = Quantity(min=dead + 1, max=dead + 1, text=main.dead.text if main.dead else None)


def _besides_him(d: Draft, dead: int, c: Casualties) -> bool:
    """Whether the dead of ``d`` are others than a killer who died: a killing someone did
    ("he killed a clerk", "a clerk was killed"), or several dead. One death told without
    a killing ("a man died in a shooting") may be the man who shot himself."""
    verb = _verb_of(d)
    passive = verb.lemma_.lower() in c.killed_by and any(k.dep_ == "auxpass" for k in verb.children)
    return d.actor_token is not None or dead > 1 or passive


def _may_be_him(d: Draft, suicide: Draft) -> bool:
    """Whether the one who killed himself (``suicide``'s actor) may be the dead of ``d``:
    a pronoun ("he killed himself"), or the same noun ("a man died ... the man took his
    own life"); "the gunman" or "her husband" beside "a woman died" is someone else."""
    him = suicide.actor_token
    dead = _dead_subject(d)
    if him is None or dead is None:
        return True
    return him.tag_ == "PRP" or him.lemma_.lower() == dead.lemma_.lower()


def _dead_subject(d: Draft) -> Token | None:
    """The word for the dead of ``d``: its victim, else the subject of its verb ("a man died")."""
    victim = d.recipient_token or d.victim_token
    if victim is not None:
        return victim
    return next((t for t in _verb_of(d).children if t.dep_ in ("nsubj", "nsubjpass")), None)


def _verb_of(d: Draft) -> Token:
    """The verb whose object or prepositional phrase the trigger of ``d`` is ("killed in a
    shooting"), else the trigger itself."""
    verb = d.token
    while verb.pos_ != "VERB" and verb.dep_ in ("pobj", "prep", "dobj"):
        verb = verb.head
    return verb


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


def _kills_himself(doc: Doc, deaths: Sequence[Death], c: Casualties) -> bool:
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
        elif lemma in c.turning and _after_a_killing(verb, c) and not _among_counted(t):
            return True  # "shot and killed a girl before turning the gun on himself"
        elif lemma in c.wounding or lemma in c.turning:
            self_shot = True
    if not self_shot:
        return False
    # "he died" may be the victim's death: only a word for the killer tells his
    told = any(t.lemma_.lower() in c.suicide for t in doc)
    return told or any(death.subject.lemma_.lower() in c.killers for death in deaths)


def _after_a_killing(turn: Token, c: Casualties) -> bool:
    """Whether the gun was turned on himself by a killer its sentence tells ("killed his
    wife before turning the gun on himself"): a killing verb governs or precedes the turn."""
    return any(
        t.pos_ == "VERB" and t.lemma_.lower() == "kill" and t.i < turn.i and not _among_counted(t)
        for t in turn.sent
    )


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
