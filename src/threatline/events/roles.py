"""Who did it and to whom: actor and recipient from the dependency parse.

Verbs, active voice: the subject is the actor, the direct object (or the object
of "against", "on", "at") the recipient. Passive voice: the subject is the
recipient and the "by" agent the actor. A verb without a subject borrows it from
the verb it is coordinated with or controlled by, and a relative pronoun stands
for the noun its clause modifies. Nouns ("the attack on the FSB headquarters",
"Russian air strikes against IS", "the execution of an agent") take their actor
from a possessive, a nationality or organisation modifier, a "by" phrase, or the
subject of the light verb that carries them ("carried out an attack").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from threatline.analysis.attribution import load_lexicon
from threatline.analysis.doccache import ents_of
from threatline.analysis.kb import KnowledgeBase
from threatline.analysis.nlp import text_of
from threatline.models import Entity, EntityRef, Mention

__all__ = ["Refs", "noun_roles", "own_passive", "phrase", "subject_of", "verb_roles"]

_RECIPIENT_PREPS = frozenset({"against", "on", "at", "upon", "targeting", "inside", "into"})
_OF_NOUNS_PREPS = frozenset({"of", "on", "against", "at", "upon", "targeting", "to", "inside", "into"})
_RELATIVE = frozenset({"that", "which", "who", "whom"})
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "nummod", "quantmod", "poss", "case"})
_ACTOR_ENT_LABELS = frozenset({"NORP", "ORG", "PERSON", "GROUP"})
_TIME_LABELS = frozenset({"DATE", "TIME"})
_AIMED = frozenset({"direct", "aim"})
_PERSONAL = frozenset({"he", "she"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_POSSESSIVE = {"he": "his", "she": "her"}
_AUX = frozenset({"aux", "auxpass"})
# mention labels that name a phrase's referent only when they cover its head word
_NOT_FOR_HEAD = frozenset({"PERSON", "FAC", "LOC"})


@dataclass
class Refs:
    """The mentions and entities an EntityRef is looked up in, and the knowledge base
    that names entities the article does not (``None``: the default one)."""

    mentions: Sequence[Mention]
    entities: Sequence[Entity]
    kb: KnowledgeBase | None = None

    def ref(self, head: Token) -> EntityRef:
        """An EntityRef for the noun phrase headed by ``head``, linked where a mention covers it."""
        span = phrase(head)
        text = span.text.strip()
        lo, hi = span.start_char, span.end_char
        best: Mention | None = None
        for m in self.mentions:
            if not (m.start < hi and lo < m.end):
                continue
            if m.start <= head.idx < m.end:
                best = m
            elif best is None and not (m.label in _NOT_FOR_HEAD and _owner(head.doc, m.start, head)):
                # a group or a state acts through its members ("ISIS militants"), but
                # a person or a site owning the head is not it ("Salman Abedi's brother")
                best = m
        if best is None and head.lower_ in _PERSONAL and head.tag_ == "PRP":
            best = self._person_before(head)
        if best is None:
            return EntityRef(text=text)
        name = next((e.name for e in self.entities if e.id == best.entity_id), None)
        return EntityRef(text=text, entity_id=best.entity_id, name=name)

    def _person_before(self, pronoun: Token) -> Mention | None:
        """The person a subject "he" or "she" stands for, when only one person is
        named before it in its paragraph and the one before (a new paragraph often
        opens with "He"). With two or more candidates the article's genders are not
        known, and a subject may be a victim, so the pronoun stays as written, unless
        one person is named as a clause's subject and every other one is introduced
        as someone's relation by the same pronoun ("Abedi was convicted ... he had
        helped his brother Salman ... He was arrested" is Abedi; "Lopez was stabbed
        by her boyfriend, Ruiz. He fled" stays "He")."""
        text = text_of(pronoun.doc)
        floor = text.rfind("\n\n", 0, pronoun.idx)
        floor = text.rfind("\n\n", 0, floor) if floor > 0 else floor
        people = {e.id for e in self.entities if e.type == "person"}
        before = [
            m for m in self.mentions if floor < m.start and m.end <= pronoun.idx and m.entity_id in people
        ]
        if len({m.entity_id for m in before}) <= 1:
            return before[-1] if before else None
        subjects = [m for m in before if _is_subject(pronoun.doc, m)]
        owner = _POSSESSIVE[pronoun.lower_]
        if len({m.entity_id for m in subjects}) != 1 or not all(
            m.entity_id == subjects[0].entity_id or _relation_of(pronoun.doc, m, owner) for m in before
        ):
            return None
        return subjects[-1]


def _root(doc: Doc, mention: Mention) -> Token | None:
    """The head word of ``mention`` in ``doc``."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span.root if span is not None else None


def _relation_of(doc: Doc, mention: Mention, owner: str) -> bool:
    """Whether ``mention`` is introduced as a relation by the possessive ``owner``
    ("his older brother Salman", "his lawyer, Jane Doe")."""
    token = _root(doc, mention)
    if token is None:
        return False
    for _ in range(3):
        if any(k.dep_ == "poss" and k.lower_ == owner for k in token.children):
            return True
        if token.dep_ not in ("appos", "compound") or token.head is token:
            return False
        token = token.head
    return False


def _is_subject(doc: Doc, mention: Mention) -> bool:
    """Whether ``mention`` is the subject of its clause ("Abedi, 23, was convicted"), not
    a speaker: a pronoun in what someone said ("Anderson said he fired") may be another."""
    root = _root(doc, mention)
    if root is None or root.dep_ not in _SUBJECT_DEPS:
        return False
    return root.head.lemma_.lower() not in load_lexicon().cue_verbs


def _owner(doc: Doc, start: int, head: Token) -> bool:
    """Whether the word at character ``start`` sits in a possessive of ``head``'s phrase."""
    word = doc.char_span(start, start + 1, alignment_mode="expand")
    if word is None:
        return False
    token = word[0]
    for _ in range(8):
        if token.i == head.i or token.head is token:
            return False
        if token.dep_ == "poss":
            return True
        token = token.head
    return False


def phrase(head: Token) -> Span:
    """The named entity containing ``head``, else ``head`` with its left modifiers."""
    if head.ent_type_ and head.ent_type_ not in _TIME_LABELS:
        for ent in ents_of(head.doc):
            if ent.start <= head.i < ent.end:
                return ent
    start = head.i
    for left in reversed(list(head.lefts)):
        if (left.dep_ in _MODIFIER_DEPS and left.i == start - 1) or (
            left.dep_ in _MODIFIER_DEPS and left.i < start
        ):
            start = min(start, left.left_edge.i)
    while start < head.i and head.doc[start].dep_ in ("det", "case", "punct"):
        start += 1
    return head.doc[start : head.i + 1]


def _resolve(token: Token) -> Token:
    """A relative pronoun stands for the noun its clause modifies."""
    if token.lower_ in _RELATIVE:
        clause = token.head
        while clause.dep_ not in ("relcl", "acl") and clause.head is not clause:
            if clause.dep_ not in ("advcl", "conj", "xcomp"):
                break
            clause = clause.head
        if clause.dep_ in ("relcl", "acl"):
            return _nearest_noun(clause.head, token)
    return token


def _nearest_noun(head: Token, relative: Token) -> Token:
    """The noun a relative clause modifies: in "the brother of the bomber who attacked"
    the parser often picks "brother"; the noun just before the pronoun, in an "of"
    phrase of that head, is the nearer reading."""
    before = relative.doc[relative.i - 1] if relative.i > 0 else None
    if (
        before is not None
        and before.dep_ == "pobj"
        and before.head.lower_ == "of"
        and before.head.head.i == head.i
        and before.pos_ in ("NOUN", "PROPN")
    ):
        return before
    return head


def subject_of(verb: Token) -> tuple[Token | None, bool]:
    """The subject of ``verb`` (borrowed along conj/xcomp/advcl chains) and whether it is passive.

    A bare past participle completing another verb ("Teen found shot to death",
    "the man was left wounded") tells what was done to the subject it borrows.
    """
    current: Token | None = verb
    done_to = (
        verb.dep_ == "xcomp"
        and verb.tag_ == "VBN"
        and not any(c.dep_ in _AUX or c.dep_ == "dobj" for c in verb.children)  # "a man they say shot two"
    )
    for _ in range(6):
        if current is None:
            break
        for child in current.children:
            if child.dep_ in ("nsubj", "csubj"):
                return _resolve(child), done_to
            if child.dep_ == "nsubjpass":
                return _resolve(child), True
        if current.dep_ in ("relcl", "acl") and current is verb:
            # "a bombing [that killed ...]" without an explicit pronoun subject
            # "the activists [arrested on Friday]": a bare past participle is passive too
            # ("five people shot during a fight": a participle the tagger takes for a past tense)
            participle = current.tag_ == "VBN" or (current.dep_ == "acl" and current.tag_ == "VBD")
            passive = participle or any(c.dep_ == "auxpass" for c in current.children)
            host = current.head
            if host.dep_ == "attr" and host.pos_ in ("NOUN", "PROPN"):
                # "X are the latest group [to be threatened]": the group is X
                subj = next((c for c in host.head.children if c.dep_ == "nsubj"), None)
                if subj is not None:
                    return subj, passive
            return host, passive
        if current.dep_ in ("conj", "xcomp", "advcl", "acomp") and current.head is not current:
            current = current.head
            continue
        break
    return None, False


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _prep_object(head: Token, preps: frozenset[str]) -> Token | None:
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            for obj in child.children:
                # "arrested on Tuesday": a date is when, not whom
                if obj.dep_ == "pobj" and obj.ent_type_ not in _TIME_LABELS:
                    return obj
        if child.dep_ == "acl" and child.lemma_.lower() == "target":
            for obj in child.children:
                if obj.dep_ == "dobj":
                    return obj
        if child.dep_ == "acl" and child.lemma_.lower() in _AIMED:
            # "threats directed at the Russians", "attacks aimed at the police"
            found = _prep_object(child, preps)
            if found is not None:
                return found
    return None


_DATELINE_MARKS = frozenset({":", "--", "—", "–"})


def _dateline(head: Token) -> bool:
    """Whether ``head`` opens its sentence and a colon follows it ("AHMEDABAD: police ...")."""
    sent = head.sent
    span = phrase(head)
    after = span.end
    if span.start - sent.start > 1 or after >= len(head.doc) - 1:
        return False
    # the mark may follow a date ("ST PETERSBURG, April 3, 2017 — An explosion ...")
    for token in head.doc[after : min(sent.end, after + 10)]:
        if token.text in _DATELINE_MARKS:
            return token.i < len(head.doc) - 1
        if not (token.is_punct or token.like_num or token.ent_type_ in ("DATE", "TIME")):
            return False
    return False


def _after_dateline(head: Token, verb: Token) -> Token | None:
    """The noun between a dateline's colon and ``verb`` that names the actor, if any."""
    colon = phrase(head).end
    for token in head.doc[colon + 1 : verb.i]:
        if token.pos_ in ("NOUN", "PROPN", "PRON") and token.dep_ not in _MODIFIER_DEPS:
            if token.ent_type_ in _TIME_LABELS or token.dep_ in ("pobj", "npadvmod"):
                continue
            return token
    return None


def verb_roles(verb: Token) -> tuple[Token | None, Token | None]:
    """(actor, recipient) heads for a verb trigger.

    A dateline is never a role: in "AHMEDABAD: police on Sunday arrested ..."
    parsed with the city as the subject, the actor is the noun after the colon.
    """
    subject, passive = subject_of(verb)
    passive = passive or _reduced_passive(verb) or own_passive(verb)
    if subject is not None and subject.i < verb.i and _dateline(subject):
        subject = _after_dateline(subject, verb)
    actor: Token | None
    recipient: Token | None
    if passive:
        actor, recipient = _agent(verb), subject
    else:
        actor = subject
        # "shot dead 98 rioters", "gunned down two men": the particle is no object
        objects = [
            c
            for c in verb.children
            if c.dep_ in ("dobj", "dative")
            and c.lower_ not in ("dead", "down")
            and not _place_misread_as_object(c)
        ]
        # "arrested a few IS terrorists" can parse as two objects: the noun is the recipient
        nouns = [c for c in objects if c.pos_ in ("NOUN", "PROPN", "PRON")]
        pool = nouns or objects
        recipient = pool[0] if pool else None
    if recipient is None:
        recipient = _prep_object(verb, _RECIPIENT_PREPS)
    if recipient is not None and recipient.lower_ in ("fire", "round", "rounds"):
        # "opened fire on X", "fired rounds at X": the target hangs on the object or the verb
        recipient = _prep_object(recipient, _RECIPIENT_PREPS) or _prep_object(verb, _RECIPIENT_PREPS)
    return actor, recipient


def _place_misread_as_object(child: Token) -> bool:
    """A headline's "Four people shot outside bar" can parse "outside bar" as an object
    whose preposition is its modifier: a place, not the one the act was done to."""
    return child.dep_ == "dobj" and any(
        k.pos_ == "ADP" and k.i < child.i and k.dep_ in ("amod", "compound", "nmod", "advmod")
        for k in child.children
    )


def _reduced_passive(verb: Token) -> bool:
    """A participle without its "was": in "Teen arrested in fatal shooting" or, in a
    headline, "Bomber's brother jailed for 55 years" (which the parser reads as a past
    tense), the subject is the one it was done to."""
    kids = [k for k in verb.children if not _place_misread_as_object(k)]
    if not any(k.dep_ == "nsubj" for k in kids) or any(k.dep_ in _ACTIVE for k in kids):
        return False
    return verb.tag_ == "VBN" or (verb.tag_ == "VBD" and _headline(verb.sent))


_ACTIVE = frozenset({"aux", "auxpass", "dobj", "dative", "ccomp", "xcomp"})


def own_passive(verb: Token) -> bool:
    """A verb joined to another that is passive by itself: in "Boy shot and killed by
    his uncle" or "he fired at officers and was killed by them" the subject it borrows
    from the first verb is the one it was done to."""
    kids = list(verb.children)
    if verb.dep_ != "conj" or any(k.dep_ in ("nsubj", "nsubjpass") for k in kids):
        return False
    return any(k.dep_ == "auxpass" for k in kids) or (
        verb.tag_ == "VBN" and any(k.dep_ == "agent" for k in kids) and not any(k.dep_ == "aux" for k in kids)
    )


def _headline(sent: Span) -> bool:
    """Whether ``sent`` is the article's headline: its first line, without a full stop."""
    text = sent.text.strip()
    return sent.start == 0 and "\n" not in text and not text.endswith((".", "!", "?", ":", '"', "”"))


def _governing_verb(noun: Token, light_verbs: frozenset[str]) -> Token | None:
    """The light verb whose object carries ``noun`` ("launched air strikes"), or carries
    the first of the nouns ``noun`` is conjoined with ("claimed a bombing in Kabul and
    twin bombings in Kerman")."""
    while noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN") and noun.head is not noun:
        noun = noun.head
    head = noun.head
    if noun.dep_ in ("pobj", "pcomp") and head.dep_ in ("prep", "agent"):
        head = head.head
        # "began air strikes at the end of September in support of Assad": a phrase the
        # parse hangs on a time phrase belongs to the verb that time dates
        while head.ent_type_ in ("DATE", "TIME") and head.dep_ == "pobj" and head.head.dep_ == "prep":
            head = head.head.head
    carried = noun.dep_ in ("dobj", "pobj", "pcomp", "attr", "nsubjpass", "conj") and head.pos_ in (
        "VERB",
        "AUX",
    )
    if carried and head.lemma_.lower() in light_verbs:
        return head
    return None


def noun_roles(
    noun: Token, light_verbs: frozenset[str], actor_words: frozenset[str] = frozenset()
) -> tuple[Token | None, Token | None]:
    """(actor, recipient) heads for a noun trigger.

    ``actor_words`` are common nouns that name the actor when they modify the
    trigger ("police firing", "army raid").
    """
    actor: Token | None = None
    for child in noun.lefts:
        if child.ent_type_ in _TIME_LABELS:
            continue
        owner = child.dep_ == "poss" and child.lower_ not in ("its", "their", "his", "her")
        named = child.dep_ in ("amod", "compound") and child.ent_type_ in _ACTOR_ENT_LABELS
        common = child.dep_ in ("amod", "compound", "nmod") and child.lemma_.lower() in actor_words
        if owner or named or common:
            actor = child
    if actor is None:
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "by":
                actor = next((o for o in child.children if o.dep_ == "pobj"), None)
    if actor is None:
        verb = _governing_verb(noun, light_verbs)
        if verb is not None:
            subject, passive = subject_of(verb)
            # "the arrests were made (by the police)": the noun is the passive subject
            actor = _agent(verb) if passive else subject
    recipient = _prep_object(noun, _OF_NOUNS_PREPS)
    if recipient is None:
        verb = _governing_verb(noun, light_verbs)
        if verb is not None:
            recipient = _prep_object(verb, _RECIPIENT_PREPS)
    return actor, recipient
