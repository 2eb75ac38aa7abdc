"""Trigger matching over the dependency parse, and the scope of threats.

A trigger is a token whose lemma and coarse part of speech match a rule of
``event_patterns.yaml``. Threat triggers (rules with ``scope: true``) frame the
words in their complement: "threatened to perpetrate attacks" is one THREATEN,
and the attack inside it is not an event of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from threatline.analysis.doccache import tokens_of
from threatline.events.ontology import EventPatterns, Trigger

__all__ = ["Match", "find_triggers", "scope_tokens"]

_VERB_POS = frozenset({"VERB"})
_NOUN_POS = frozenset({"NOUN", "PROPN"})
# dependents of a threat that carry what is threatened (not who threatens)
_SCOPE_DEPS = frozenset({"xcomp", "ccomp", "dobj", "prep", "advcl", "acl", "relcl", "attr", "parataxis"})
_SCOPE_PREPS = frozenset({"of", "with", "about"})


@dataclass(frozen=True)
class Match:
    """A token that triggers an event, with the rule it matched."""

    token: Token
    rule: Trigger


def _coarse(token: Token) -> str | None:
    if token.pos_ in _VERB_POS:
        return "VERB"
    if token.pos_ in _NOUN_POS:
        return "NOUN"
    return None


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _prep_objects(token: Token) -> set[str]:
    """Lemmas of the objects of the prepositions on ``token`` ("sent [to jail]")."""
    return {
        _lemma(obj)
        for prep in token.children
        if prep.dep_ in ("prep", "agent")
        for obj in prep.children
        if obj.dep_ == "pobj"
    }


def _rule_fits(token: Token, rule: Trigger) -> bool:
    if rule.needs_child:
        kids = list(token.children)
        if token.i + 1 < len(token.doc):
            # "shot dead 98 rioters" can parse "dead" as a modifier of the object
            kids.append(token.doc[token.i + 1])
        if not any(_lemma(c) in rule.needs_child for c in kids):
            return False
    if rule.needs_pobj and not _prep_objects(token) & set(rule.needs_pobj):
        return False
    if rule.excludes:
        near = {_lemma(c) for c in token.children} | {c.lower_ for c in token.children}
        if token.head is not token:
            near.add(_lemma(token.head))
        if near & set(rule.excludes):
            return False
    objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
    if token.dep_ == "acl" and token.tag_ == "VBN" and token.head is not token:
        objects.append(token.head)  # "the flight recorders recovered from the wreckage"
    if rule.transitive and not objects:
        return False
    if rule.not_objects and any(_lemma(c) in rule.not_objects for c in objects):
        return False
    if rule.intransitive and any(c.dep_ in ("dobj", "nsubjpass", "auxpass") for c in token.children):
        return False
    if rule.counted and not any(c.dep_ == "nummod" for c in token.children):
        return False
    if rule.needs_compound:
        mods = {_lemma(c) for c in token.lefts if c.dep_ in ("compound", "amod", "nmod")}
        mods |= {c.lower_ for c in token.lefts}
        if not mods & set(rule.needs_compound):
            return False
    return True


def find_triggers(doc: Doc, patterns: EventPatterns) -> list[Match]:
    """Every trigger of ``doc`` in text order; each token takes the first rule that fits."""
    found: list[Match] = []
    # the rules of each (word, part of speech) looked up once per doc
    candidates: dict[tuple[str, str], list[Trigger]] = {}
    for token in tokens_of(doc):
        pos = _coarse(token)
        if pos is None:
            continue
        # the lemma first, then the word as written: a set's order would vary between processes
        for lemma in dict.fromkeys((_lemma(token), token.lower_)):
            key = (lemma, pos)
            known = candidates.get(key)
            if known is None:
                known = candidates[key] = patterns.triggers_for(lemma, pos)
            rules = [r for r in known if _rule_fits(token, r)]
            if rules:
                found.append(Match(token, rules[0]))
                break
    return found


def scope_tokens(trigger: Token) -> set[int]:
    """Indices of the tokens a threat trigger frames (its complement, not its subject)."""
    inside: set[int] = set()
    for child in trigger.children:
        if child.dep_ == "compound" and trigger.pos_ == "NOUN":
            inside.update(t.i for t in child.subtree)  # "a bomb threat": what is threatened
            continue
        if child.dep_ not in _SCOPE_DEPS:
            continue
        if child.dep_ == "prep" and child.lower_ not in _SCOPE_PREPS:
            continue
        inside.update(t.i for t in child.subtree)
    return inside
