"""Whether an event happened, will happen, might happen, did not, or is background.

Status is read from the clause that carries the trigger (for a noun, the verb
that governs it), in this order of precedence:

* negated: a negation on the clause ("did not attack"), a subject or noun
  trigger that denies itself ("no arrests were made", "none was arrested"), or a
  governing verb of denial or failure ("denies attacking", "failed to stop");
* hypothetical: a modal ("could attack", "may"), a condition ("if they
  attack"), or a governing verb of fear or suspicion;
* future: "will"/"shall", a governing verb of intention or request ("plans to
  attack", "demanded his arrest"), or an adjective of imminence ("an attack is
  imminent");
* historical: the past perfect ("had launched"), a "since" phrase, or a date
  that ends more than a month before the article (decided later, with the date);
* asserted otherwise.

A noun trigger that is the subject of a verb saying something *about* the event
("investigating whether a shooting ... was gang-related", "police believe the
attack was not random") takes no negation, condition or suspicion from that verb:
the doubt is about the predicate, the event itself is presupposed. Verbs that
say the event happened (``existence``: "an attack could happen", "the strike was
not carried out") and modals ("an attack would be devastating") still count.
"""

from __future__ import annotations

from spacy.tokens import Token

from threatline.events.ontology import StatusCues

__all__ = ["clause_verb", "read_status"]

_IMMINENT = frozenset({"imminent", "impending", "coming", "upcoming"})


def clause_verb(token: Token) -> Token:
    """The verb of the clause that carries ``token`` (the token itself for a verb)."""
    current = token
    for _ in range(8):
        if current.pos_ in ("VERB", "AUX") or current.head is current:
            return current
        current = current.head
    return current


def _chain(verb: Token) -> list[Token]:
    """``verb`` and the verbs it is complement or conjunct of, innermost first."""
    chain = [verb]
    current = verb
    for _ in range(5):
        if (
            current.dep_ not in ("xcomp", "ccomp", "conj", "advcl", "pcomp", "pobj", "prep", "acl")
            or current.head is current
            or _headline_pair(current)
        ):
            break
        current = current.head
        chain.append(current)
    return chain


_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def _headline_pair(clause: Token) -> bool:
    """Whether ``clause``, parsed as the complement of the verb after it, is the first
    of a headline's two verbs of one subject ("Group threatens Putin, urges attacks"):
    it comes first, has the subject, and the later verb has none of its own. A
    complement told before its verb otherwise has a speaker ("attacks will follow,
    officials warn")."""
    head = clause.head
    return (
        clause.dep_ == "ccomp"
        and clause.i < head.i
        and any(c.dep_ in _SUBJECTS for c in clause.children)
        and not any(c.dep_ in _SUBJECTS for c in head.children)
    )


_NOBODY = frozenset({"none", "nobody", "nothing", "noone"})


def _negative_phrase(head: Token, cues: StatusCues) -> bool:
    """A noun phrase that denies its own referent: "no arrests", "not a single activist", "none"."""
    if head.lower_ in _NOBODY:
        return True
    return any(
        c.lower_ in cues.negation and c.dep_ in ("det", "neg", "advmod", "preconj") for c in head.lefts
    ) or any(c.lower_ in cues.negation and c.dep_ in ("det", "neg") for c in head.children)


def _presupposed(trigger: Token, verb: Token, existence: frozenset[str]) -> bool:
    """Whether the noun ``trigger`` is the subject of ``verb`` and ``verb`` does not say it happened."""
    if trigger is verb or trigger.pos_ not in ("NOUN", "PROPN"):
        return False
    if trigger.dep_ not in ("nsubj", "nsubjpass") or trigger.head.i != verb.i:
        return False
    return verb.lemma_.lower() not in existence


def _object_of(trigger: Token, verb: Token) -> bool:
    """Whether the noun ``trigger`` is ``verb``'s object, directly, in a coordination,
    or after "for" ("called for a ban and the arrest of ...")."""
    current = trigger
    while current.dep_ == "conj" and current.head is not current:
        current = current.head
    if current.dep_ == "dobj":
        return current.head.i == verb.i
    if current.dep_ == "pobj" and current.head.lower_ == "for":
        return current.head.head.i == verb.i
    return False


def read_status(trigger: Token, cues: StatusCues, existence: frozenset[str] = frozenset()) -> str:
    """The status of the event that ``trigger`` names (before dates are compared).

    ``existence`` holds the verbs (lemmas) that say an event happened; see the
    module docstring for what a noun subject of any other verb escapes.
    """
    verb = clause_verb(trigger)
    if existence and _presupposed(trigger, verb, existence):
        if _negative_phrase(trigger, cues):
            return "negated"
        aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        if aux & cues.hypothetical_aux:
            return "hypothetical"
        return "future" if aux & cues.future_aux else "asserted"
    kids = list(verb.children)
    aux = {c.lower_ for c in kids if c.dep_ in ("aux", "auxpass")}
    controller = verb
    for _ in range(4):
        if controller.dep_ not in ("xcomp", "conj", "acomp") or controller.head is controller:
            break
        # "shall start killing", "should be directed to restrain them and detain them":
        # the modal of a governing verb counts
        controller = controller.head
        aux |= {c.lower_ for c in controller.children if c.dep_ in ("aux", "auxpass")}
        if any(c.dep_ == "neg" for c in controller.children):
            return "negated"  # "have not been able to arrest", "did not try to stop"
        if controller.tag_ == "MD":  # "ought to have been": the modal heads the clause
            aux.add(controller.lower_)
    if any(c.dep_ == "neg" or (c.lower_ in cues.negation and c.dep_ == "neg") for c in kids):
        return "negated"
    if trigger is not verb and any(c.dep_ == "neg" for c in trigger.children):
        return "negated"
    subjects = [c for c in kids if c.dep_ in ("nsubj", "nsubjpass")]
    if any(_negative_phrase(t, cues) for t in [*subjects, *([trigger] if trigger is not verb else [])]):
        return "negated"
    heads = [v.lemma_.lower() for v in _chain(verb)[1:]]
    if any(h in cues.negating_heads for h in heads):
        return "negated"
    if trigger is not verb and _object_of(trigger, verb):
        # a noun event that a verb of request, intent or doubt takes as its object
        # ("demanded his arrest") has not happened
        lemma = verb.lemma_.lower()
        if lemma in cues.negating_heads:
            return "negated"
        if lemma in cues.hypothetical_heads:
            return "hypothetical"
        if lemma in cues.future_heads:
            return "future"
    marks = {c.lower_ for v in _chain(verb) for c in v.children if c.dep_ == "mark"}
    marks |= {c.lower_ for c in [*kids, *trigger.children] if c.dep_ == "advmod"}
    if aux & cues.hypothetical_aux or marks & cues.hypothetical_marks:
        return "hypothetical"
    if any(h in cues.hypothetical_heads for h in heads[:1]):
        return "hypothetical"
    if aux & cues.future_aux or any(h in cues.future_heads for h in heads[:1]):
        return "future"
    if any(c.lower_ in _IMMINENT for c in kids) or any(c.lower_ in _IMMINENT for c in trigger.children):
        return "future"
    if "going" in aux and any(c.dep_ == "xcomp" for c in kids):
        return "future"
    if (trigger.tag_ == "VBN" and "had" in aux) or (verb.tag_ == "VBN" and "had" in aux):
        return "historical"
    return "asserted"
