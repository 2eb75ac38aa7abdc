"""Casualty figures read from the sentence of an attack: its Claims, else numbers by casualty words.

"at least 137 deaths", "leaving two dead", "killing two officers", "One killed,
six injured", "the death toll rose to 137": a number next to a word of death
or injury, or the value of a toll, counts dead or injured. "at least N" gives
min N, "over N" min N+1, "up to N" max N. A headline's "4 Shot, 1 Killed"
counts the shot less the dead as wounded.

A number gives no figure of the attack when it counts things, not people
("shot five times", "two shootings", "in '91"), when it is an age set off by
commas ("Boy, 11, dies"), when it counts the killers ("3 suspects in the
shooting death") or when its clause tells a period, another place or several
attacks ("344 were killed last year", see
:func:`~threatline.events.casualties.counting.period_tally`): these are the words of a
report that look like its toll and are not.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from threatline.events.casualties.counting import age_marked, body_part, number_value, period_tally
from threatline.events.ontology import Casualties, EventPatterns
from threatline.models import Claim, Quantity

__all__ = ["bounded_quantity", "counted_shot", "sentence_figures"]


def bounded_quantity(token: Token, value: int, patterns: EventPatterns) -> Quantity:
    """``value``, the number at ``token``, as a Quantity bounded by the words before it:
    "at least 3" gives min 3, "more than 3" min 4, "up to 3" max 3, a bare "3" exactly 3."""
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
    if token.dep_ == "nummod" and counted_shot(token.head) and not _shot_dead(token.head, c):
        return None  # a headline's "4 Shot, 1 Killed" counts the shot, dead and wounded
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
        if body_part(nxt):
            continue  # "two men were shot in the upper body": no dead body
        if nxt.lemma_.lower() in c.dead or nxt.lower_ in c.dead:
            return "dead"
        if nxt.lemma_.lower() in c.injured or nxt.lower_ in c.injured:
            return "injured"
    return _toll_kind(token, c)


def _listed_with(token: Token, value: int, kind: str, patterns: EventPatterns) -> int | None:
    """The count of a list whose first member the number ``token`` counts, when its other
    members are casualties of the same ``kind`` ("two adults and two children were
    killed" counts 4), else None: "one man dead and six others injured" lists two kinds."""
    c = patterns.casualties
    noun = token.head
    if token.dep_ != "nummod" or noun.dep_ == "conj" or not noun.conjuncts:
        return None
    total = value
    for member in [noun, *noun.conjuncts]:
        if member.lemma_.lower() in c.dead | c.injured | c.victims:
            return None  # "two bodies and two victims": each noun tells its own kind
        if any(t.lower_ in c.besides for t in member.subtree):
            return None  # "two men and three others": told apart, maybe another kind
    for member in noun.conjuncts:
        number = next((k for k in member.children if k.dep_ == "nummod"), None)
        counted = number_value(number, patterns.numbers) if number is not None else None
        if number is not None and (counted is None or _casualty_kind(number, patterns) != kind):
            return None
        if counted is None and member.tag_ in ("NNS", "NNPS"):
            return None  # "two men and children": not told how many
        total += counted if counted is not None else 1
    return total


def _shot_dead(shot: Token, c: Casualties) -> bool:
    """Whether a headline's counted "shot" is told dead by the word after it ("4 shot dead")."""
    after = shot.doc[shot.i + 1] if shot.i + 1 < shot.sent.end else None
    return after is not None and (
        after.lower_ in c.dead or after.lemma_.lower() in c.dead or after.lower_ in c.fatal
    )


_LATER = frozenset({"before", "after", "until", "since", "while"})
_APOSTROPHES = frozenset({"'", "\u2019"})


def _counts_no_people(token: Token, c: Casualties) -> bool:
    """Whether the number ``token`` counts things, not people: "shot five times",
    "two shootings that killed one", "fired 20 rounds", or a year ("in '91")."""
    if token.i > 0 and token.doc[token.i - 1].text in _APOSTROPHES:
        return True
    if _age_apposed(token) or _in_a_name(token) or age_marked(token, c):
        return True
    head = token.head
    if head.lemma_.lower() in c.killers and token.dep_ == "nummod" and not _killers_died(head, c):
        return True  # "3 suspects in shooting death", "the four suspects killed two teens"
    if token.dep_ == "nummod" and _accused(head, c):
        return True  # "2 men indicted in shooting death of girl": the number counts the accused
    if token.dep_ not in ("nummod", "quantmod") or head.pos_ not in ("NOUN", "PROPN"):
        return False
    # a headline's "4 Shot" is the participle read as a noun: its number counts victims
    return head.lemma_.lower() in c.uncounted and head.lower_ != "shot"


def _accused(noun: Token, c: Casualties) -> bool:
    """Whether ``noun`` names people the law pursues ("2 men indicted in ...", "three
    teens were charged with murder", "police arrested two men"): the subject of a
    passive verb of ``c.accusing``, its object, or the noun a participle of it describes."""
    verb = noun.head
    if verb.lemma_.lower() not in c.accusing:
        verb = next((k for k in noun.children if k.dep_ == "acl"), noun)
        return verb is not noun and verb.lemma_.lower() in c.accusing and verb.tag_ == "VBN"
    return noun.dep_ in ("nsubjpass", "dobj")


def _in_a_name(token: Token) -> bool:
    """Whether the number ``token`` is part of the name just before it ("Route 150",
    "Hwy 9", "Interstate 95"), a place, not a count."""
    doc = token.doc
    before = doc[token.i - 1] if token.i > token.sent.start else None
    return before is not None and before.pos_ == "PROPN" and token.head == before


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
    # "two suspects were found dead", not "two suspects left a man dead"
    framed = lemma in c.dead_frames and not any(k.dep_ == "dobj" for k in verb.children)
    return noun.dep_ == "nsubj" and (lemma in c.dying or framed)


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


_BODY_BEFORE = frozenset({"in", "to", "upper", "lower"})
_THREAT = frozenset({"-", "threatening"})


def _life_threat(said: Sequence[str], i: int) -> bool:
    """Whether the word ``i`` of a Claim's quantity is the "life" of "life-threatening"."""
    return said[i] in ("life", "lives") and i + 1 < len(said) and said[i + 1] in _THREAT


def sentence_figures(sent: Span, claims: Sequence[Claim], patterns: EventPatterns) -> dict[str, Quantity]:
    """The ``"dead"`` and ``"injured"`` figures ``sent`` (a sentence, or the part of
    one that tells one of its attacks) tells of its attack, by kind.

    A kind counted by one of the sentence's ``claims`` comes from the first such
    Claim; a kind no Claim counts is read from the numbers of the sentence.
    """
    c = patterns.casualties
    found: dict[str, Quantity] = {}
    for claim in claims:
        if not sent.start_char <= claim.evidence.start < sent.end_char:
            continue
        at = sent.doc.char_span(claim.evidence.start, claim.evidence.start + 1, alignment_mode="expand")
        if (
            at is not None
            and len(at)
            and (period_tally(at[0], c) or _counts_no_people(at[0], c) or at[0].ent_type_ == "FAC")
        ):
            continue  # "344 people were killed last year", "Boy, 11, dies": no figure of this attack
        said = claim.quantity.lower().split()
        # "men shot in the upper body": the part they were hit in, no dead body; "treated
        # for non life-threatening wounds": no life was lost
        words = {
            w
            for i, w in enumerate(said)
            if not (w == "body" and i and said[i - 1] in _BODY_BEFORE) and not _life_threat(said, i)
        }
        kind = "dead" if words & c.dead else "injured" if words & c.injured else None
        if kind and kind not in found:
            found[kind] = claim.value
    if len(found) == 2:
        return found
    # a kind no Claim counts is read from the numbers ("22 were killed and 59 injured")
    shot = 0
    for token in sent:
        value = number_value(token, patterns.numbers)
        # an address ("at 524 Schenectady Street") is a place, not a count
        if value is None or token.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "FAC"):
            continue
        if _counts_no_people(token, c) or period_tally(token, c):
            continue
        kind = _casualty_kind(token, patterns)
        if kind and kind not in found:
            found[kind] = bounded_quantity(token, value, patterns)
            listed = _listed_with(token, value, kind, patterns)
            if listed is not None and found[kind].min == found[kind].max:
                found[kind] = Quantity(min=listed, max=listed, text=token.head.text)
        elif kind is None and "injured" not in found and token.dep_ == "nummod" and counted_shot(token.head):
            shot = value  # a headline's "4 Shot, 1 Killed": the shot less the dead are wounded
    dead = found.get("dead")
    exact_dead = dead.min if dead is not None and dead.min == dead.max else None
    if "injured" not in found and exact_dead is not None and shot > exact_dead:
        found["injured"] = Quantity(min=shot - exact_dead, max=shot - exact_dead, text=str(shot))
    return found


def counted_shot(token: Token) -> bool:
    """Whether ``token`` is a headline's noun "shot" with a number on it ("Four shot at party")."""
    return (
        token.pos_ in ("NOUN", "PROPN")
        and token.lower_ == "shot"
        and any(k.dep_ == "nummod" for k in token.children)
    )
