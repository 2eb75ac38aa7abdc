"""The first draft of an event from one trigger match: its roles, modes and status.

A trigger found in the parse (:func:`~threatline.events.patterns.find_triggers`)
becomes a :class:`~threatline.events.draft.Draft` here, before any folding, dating
or placing. Roles come from the parse (:mod:`threatline.events.roles`) and are
linked to entities through the mentions that cover them; a subject "he" or "she"
stands for the person named before it when only one person is named in its
paragraph and the one before (``EntityRef.text`` keeps the pronoun, ``name`` the
person), and a capital that acts stands for its state's government ("Kyiv
denied", see :func:`~threatline.events.actors.capital_state`). The participants
are checked because the parse names many things that are no one:

* the means of harm is not the actor ("a blast killed ten"); the phrase that
  wields it may name one ("police firing", "an Israeli airstrike", "shelling by
  the army", "killed in police firing");
* a recording is the medium of a threat, its owner the actor ("the group's video");
* an abstraction, an act or a bare adjective is no participant, and "pledged
  allegiance to the group" has its recipient after "to";
* a piece of the recipient's name ("Crocus" of "the Crocus City Hall") or an
  unknown name modifying a nominal trigger ("the Bataclan attack") is not the
  attacker; a known group ("the Hamas attack") or a nationality is;
* a recipient tied to the actor only by a modifier ("the group's supporters") is
  not the actor itself.

Violent triggers take extra modes from the words around them (``mode_words``).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from threatline.events.actors import artifact_owner, capital_state, province_of, speaker
from threatline.events.casualties import VIOLENT
from threatline.events.casualties.counting import aged_person
from threatline.events.draft import Draft
from threatline.events.ontology import EventPatterns
from threatline.events.patterns import Match
from threatline.events.roles import Refs, noun_roles, phrase, verb_roles
from threatline.events.status import read_status
from threatline.models import EntityRef, Evidence, Place

__all__ = ["draft_of"]


def _modes(match: Match, patterns: EventPatterns) -> list[str]:
    modes = list(match.rule.mode)
    if match.rule.type not in VIOLENT:
        return modes
    token = match.token
    near = [token, *token.children]
    near += [g for c in token.children if c.dep_ in ("prep", "dobj") for g in c.subtree]
    # the doer's own modifiers: "a suicide bomber", "a lone gunman"
    doers = [c for c in token.children if c.dep_ == "nsubj"]
    near += [g for c in doers for g in c.children if g.dep_ in ("compound", "amod")]
    words = {t.lemma_.lower() for t in near} | {t.lower_ for t in near}
    for mode, cues in patterns.mode_words.items():
        if words & cues and mode not in modes:
            modes.append(mode)
    return modes


def _evidence(token: Token) -> Evidence:
    sent = token.sent
    return Evidence(sentence=sent.text, start=sent.start_char, end=sent.end_char)


_NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "pobj", "pcomp", "dobj", "compound", "appos"})


def _nominal_gerund(token: Token) -> bool:
    """A gerund standing as a noun ("police firing", "firing by the police claimed ...")."""
    if token.tag_ != "VBG":
        return False
    # a determiner or a modifier makes it a noun too: "the subsequent police firing"
    return token.dep_ in _NOMINAL_DEPS or any(
        c.dep_ in ("det", "compound", "amod", "poss") for c in token.lefts
    )


def _split_modifier(token: Token, actor_words: frozenset[str]) -> Token | None:
    """The actor noun of "in police firing" when the parser made it the object of "in"
    and left the gerund after it hanging elsewhere."""
    if token.tag_ != "VBG" or token.i == 0:
        return None
    before = token.doc[token.i - 1]
    if before.lemma_.lower() in actor_words and (before.dep_ in ("pobj", "conj") or token.head.i == before.i):
        return before
    return None


def _roles(match: Match, patterns: EventPatterns) -> tuple[Token | None, Token | None]:
    split = _split_modifier(match.token, patterns.actor_modifiers)
    if split is not None:
        return split, None
    if match.token.pos_ == "VERB" and not _nominal_gerund(match.token):
        actor, recipient = verb_roles(match.token)
        if actor is None:
            actor = _means_actor(match.token, patterns.actor_modifiers, patterns.violent_means)
    else:
        actor, recipient = noun_roles(match.token, patterns.light_verbs, patterns.actor_modifiers)
    if match.rule.object_is_means and recipient is not None and recipient.dep_ == "dobj":
        recipient = None
    recipient = _participant(recipient, patterns)
    if recipient is None and match.token.pos_ == "VERB":
        recipient = _pledged_to(match.token, patterns)
    if actor is not None and actor.tag_ in ("WDT", "WP"):
        # "the attack that killed two": the relative pronoun stands for the noun it follows,
        # when the parse says which; otherwise the actor is unknown, not "that"
        actor = match.token.head if match.token.dep_ == "relcl" else None
    if actor is not None:
        # "the video ... killing two officers": a recording is the medium, its owner the actor
        is_artifact, owner = artifact_owner(actor, patterns.artifacts)
        if is_artifact:
            actor = owner
        elif actor.lemma_.lower() in patterns.instruments:
            # "a blast killed ten": the means is not the actor; "police firing", "an Israeli
            # airstrike", "shelling by the army" name theirs, otherwise it stays unknown
            actor = _wielder(actor, patterns.actor_modifiers)
    return _participant(actor, patterns), recipient


_NAMING = frozenset({"NORP", "GPE", "ORG", "PERSON"})


def _participant(token: Token | None, patterns: EventPatterns) -> Token | None:
    """``token`` unless it names no one: an abstraction, an act, a recording, a bare adjective."""
    if token is None:
        return None
    lemma = token.lemma_.lower()
    if lemma in patterns.not_participants or lemma in patterns.artifacts:
        return None
    if token.pos_ == "ADJ" and token.ent_type_ not in _NAMING and not aged_person(token):
        return None  # "masked" of a parse that lost its noun; "Russian" and "a 16-year-old" stay
    return token


def _pledged_to(verb: Token, patterns: EventPatterns) -> Token | None:
    """The "to" object of a verb whose object names no one ("pledged allegiance to the group")."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    if not any(o.lemma_.lower() in patterns.not_participants for o in objects):
        return None
    for holder in (verb, *objects):
        for prep in holder.children:
            if prep.dep_ == "prep" and prep.lower_ == "to":
                target = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if target is not None:
                    return _participant(target, patterns)
    return None


def _wielder(instrument: Token, actor_words: frozenset[str]) -> Token | None:
    """Who used the means of harm, when its phrase names them."""
    for child in instrument.children:
        if child.dep_ in ("compound", "amod", "poss", "nmod") and (
            child.lemma_.lower() in actor_words or child.pos_ == "PROPN" or child.ent_type_
        ):
            return child
        if child.dep_ in ("prep", "agent") and child.lower_ == "by":
            return next((o for o in child.children if o.dep_ == "pobj"), None)
    return None


def _means_actor(verb: Token, actor_words: frozenset[str], means: frozenset[str]) -> Token | None:
    """The actor named by the means of a killing: "killed in police firing", "in firing by the army"."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "during"):
            continue
        for obj in prep.children:
            if obj.dep_ not in ("pobj", "pcomp"):
                continue
            after = [obj.doc[obj.i + 1]] if obj.i + 1 < len(obj.doc) else []
            if obj.lemma_.lower() in actor_words and any(
                c.lemma_.lower() in means or c.lower_ in means for c in [*obj.children, *after]
            ):
                # "in police firing" parsed with "police" as the object and "firing" hanging on it
                return obj
            for child in obj.children:
                if child.dep_ in ("compound", "amod", "nsubj") and child.lemma_.lower() in actor_words:
                    return child
                if child.dep_ in ("prep", "agent") and child.lower_ == "by":
                    return next((o for o in child.children if o.dep_ == "pobj"), None)
    return None


def _part_of_name(actor: Token, recipient: Token) -> bool:
    """Whether the actor's phrase is only a piece of the recipient's name ("ST" and "St Petersburg")."""
    own = phrase(actor).text.casefold().strip()
    other = phrase(recipient).text.casefold()
    first_word = other.replace(".", "").split()[:1]
    return bool(own) and own != other and first_word == [own.replace(".", "")]


def _unknown_name_of(actor: Token, match: Match, refs: Refs, instruments: frozenset[str]) -> bool:
    """Whether the actor is an unknown name modifying a nominal trigger: "the Crocus
    attack", "the Bataclan attack" name the place or the target far more often than
    the attacker, which a known group ("the Hamas attack") or a nationality is."""
    head = actor.head
    named_by = head.i == match.token.i and match.token.pos_ == "NOUN"
    if actor.dep_ != "compound" or not (named_by or head.lemma_.lower() in instruments):
        return False
    if actor.pos_ != "PROPN" or actor.ent_type_ not in ("ORG", "FAC", "GPE", "LOC", ""):
        # common nouns ("police firing") and nationalities ("Israeli strike") do name actors
        return False
    entity_id = refs.ref(actor).entity_id
    return entity_id is None or entity_id.startswith("new:")


def _actor_ref(head: Token, refs: Refs, places: Sequence[Place], event_type: str) -> EntityRef:
    ref = province_of(head, speaker(refs.ref(head), refs), refs, places)
    return capital_state(head, ref, event_type, refs, places)


def draft_of(match: Match, refs: Refs, patterns: EventPatterns, places: Sequence[Place]) -> Draft:
    actor, recipient = _roles(match, patterns)
    if actor is not None and (
        (recipient is not None and _part_of_name(actor, recipient))
        or _unknown_name_of(actor, match, refs, patterns.instruments)
    ):
        # "Crocus" of "the Crocus City Hall" the parser split off: a name's piece is not its attacker
        actor = None
    actor_ref = _actor_ref(actor, refs, places, match.rule.type) if actor is not None else None
    recipient_ref = refs.ref(recipient) if recipient is not None else None
    if actor_ref is not None and recipient_ref is not None and recipient is not None:
        recipient_ref = _other_than(actor_ref, recipient_ref, recipient)
    return Draft(
        token=match.token,
        type=match.rule.type,
        modes=_modes(match, patterns),
        reliability=match.rule.reliability,
        status=read_status(match.token, patterns.status, patterns.occurrence_verbs | patterns.light_verbs),
        actor_token=actor,
        recipient_token=recipient,
        kills=match.rule.kills,
        actor=actor_ref,
        recipient=recipient_ref,
        evidence=[_evidence(match.token)],
    )


def _other_than(actor: EntityRef, recipient: EntityRef, head: Token) -> EntityRef:
    """The recipient, unlinked when only a modifier ties it to the actor itself: in
    "the group's video called on the group's supporters" the supporters are not the group."""
    if recipient.entity_id is None or recipient.entity_id != actor.entity_id or head.ent_type_:
        return recipient
    return EntityRef(text=recipient.text)
