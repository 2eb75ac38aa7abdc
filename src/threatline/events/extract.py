"""Events from one analysed article: who did what to whom, where and when (PLOVER coded).

The extractor reads the dependency parse with the patterns of
``event_patterns.yaml`` (see :mod:`threatline.events.patterns`), takes roles from
:mod:`threatline.events.roles` and status from :mod:`threatline.events.status`,
then fills each event from the records the other analysis stages found:

* **actor / recipient**: from the parse (:mod:`threatline.events.roles`), linked
  through the mentions that cover them; a subject "he" or "she" stands for the
  person named before it when only one person is named in its paragraph and the
  one before (``EntityRef.text`` keeps the pronoun, ``name`` the person).
* **date**: the time expression that belongs to the trigger in the parse, else
  another of its sentence, else one in the previous sentence of the same
  paragraph, else, for an attack, the article's recent scene time (the rules are
  in :mod:`threatline.events.dating`). Without any, the
  event gets ``TimeInterval(text="", end=<publication date>, precision="open",
  anchor=<publication date>)``: it happened no later than the report, nothing more
  is known. An event dated to end more than ``history_days`` (30) before
  publication becomes ``historical``. A crime named as a charge ("convicted in
  March of murder", ``charge_verbs``) and a definite noun that names an attack
  again ("the shooting") take the time and place of the attack told in their
  sentence or the one before, else none: neither the court's time nor the
  report's scene time is theirs.
* **location**: a place of ``places`` in the trigger's clause, preferring one
  below country level, else one in its sentence; a place that is itself the
  actor ("Moscow began air strikes") is not where the act happened, and "there"
  points to the place of the sentence before. An attack told as news that no
  nearby sentence places takes the first town of the article's lead
  (``scene_place_chars``), as an undated one takes the scene time.
* **dead / injured**: see :mod:`threatline.events.casualties`.
* **attributed_to**: the chain of every Attribution whose evidence contains the
  trigger. **claimed_by**: a responsibility claim ("responsibility was claimed by
  X") is given to the ASSAULT of its sentence, else the last ASSAULT before it,
  which also takes X as actor when its own actor is not a known entity; "no
  group has claimed responsibility" names no one.
* **threats**: violence inside a threat's complement ("threatened to perpetrate
  attacks") and future violence inside a quote ("we will kill you") is part of
  a THREATEN event with mode ``violence``; it is never an ASSAULT.
* **confidence** = trigger reliability x (0.6 + 0.2 if an actor + 0.2 if a
  recipient), raised by 0.05 for every further mention merged into the event (max 1).

Mentions of one event in several sentences become one Event
(:func:`~threatline.events.draft.merge_drafts`): same type and status, compatible
modes, and no conflicting actor, recipient, date or place.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from threatline.analysis.attribution import quote_spans
from threatline.events.actors import artifact_owner, province_of, source_children, speaker
from threatline.events.casualties import VIOLENT, count_casualties, count_told_deaths
from threatline.events.counting import aged_person
from threatline.events.dating import (
    DateKind,
    attack_day,
    dated_event,
    dating_cues,
    fallback_date,
    has_verb,
    historical_by_date,
    is_fallback,
    previous_sentence,
    refers_back,
    scene_time,
    yields_to,
)
from threatline.events.draft import Draft, merge_drafts
from threatline.events.ontology import EventPatterns, load_patterns
from threatline.events.patterns import Match, find_triggers, scope_tokens
from threatline.events.roles import Refs, noun_roles, phrase, subject_of, verb_roles
from threatline.events.status import clause_verb, read_status
from threatline.models import (
    Article,
    Attribution,
    Claim,
    Entity,
    EntityRef,
    Event,
    Evidence,
    Location,
    Mention,
    Place,
    TimeInterval,
)

__all__ = ["extract_events"]

# below this trigger reliability an event that names no participant is dropped
_WEAK = 0.7
_PLACE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "across"})


def _named_settlement(sent: Span, lo: int, hi: int, settlements: frozenset[str]) -> Token | None:
    """A proper name hanging on a settlement noun by "of" ("the town of X") in [lo, hi)."""
    for tok in sent:
        if not lo <= tok.idx < hi or tok.pos_ != "PROPN" or tok.dep_ != "pobj" or tok.head.lower_ != "of":
            continue
        if tok.head.head.lemma_.lower() in settlements:
            return tok
    return None


def _place_score(p: Place, token: Token, taken: list[tuple[int, int]]) -> tuple[int, int, int]:
    assert p.evidence is not None
    doc = token.doc
    span = doc.char_span(p.evidence.start, p.evidence.end, alignment_mode="expand")
    prep = span is not None and span.start > 0 and doc[span.start - 1].lower_ in _PLACE_PREPS
    in_role = any(a <= p.evidence.start < b for a, b in taken)
    return (in_role, not prep, p.feature in ("country", "continent", None))


def _location_for(
    token: Token,
    places: Sequence[Place],
    taken: list[tuple[int, int]],
    settlements: frozenset[str],
    *,
    fallback: bool = False,
    history: bool = False,
    actor: tuple[int, int] | None = None,
) -> Location | None:
    """The most specific place of the trigger's clause, else of its sentence.

    Places inside the actor's or recipient's phrase ("Russia launched ...") are
    the last resort; a place after "in/at/near" beats one elsewhere, a city or
    a named settlement ("the town of X in Y province") beats a region or country.
    With ``fallback``, a sentence without places takes those of the sentence
    before it in the same paragraph (the scene it continues); for a past event
    (``history``) not those of a dateline. A place that is the whole ``actor``
    phrase (character offsets) is a state acting, not a scene; a clause that
    says "there" takes the last place of the sentence before, country or not.
    """
    sent = token.sent
    verb = clause_verb(token)
    lo, hi = verb.left_edge.idx, verb.right_edge.idx + len(verb.right_edge)
    here = [p for p in _places_in(sent, places) if p.evidence and (p.evidence.start, p.evidence.end) != actor]
    prev = previous_sentence(sent)
    there = any(c.lower_ == "there" and c.dep_ == "advmod" for c in verb.children)
    if not here and there and prev is not None and (told := _places_in(prev, places)):
        return _location(told[-1])
    town = _named_settlement(sent, lo, hi, settlements)
    if town is not None and not any(p.evidence and p.evidence.start == town.idx for p in here):
        within = [p for p in here if p.evidence is not None and lo <= p.evidence.start < hi]
        country = next((p.country for p in within if p.country), None)
        return Location(text=town.text, name=town.text, country=country)
    # a dateline ("LONDON, Aug. 20, 2020 —") says where the report was filed: the
    # place of its news, most often, but not of a past event it recalls
    if not here and fallback and prev is not None and (not history or has_verb(prev)):
        local = [p for p in _places_in(prev, places) if p.feature not in ("country", "continent", None)]
        towns = [p for p in local if p.feature not in _AREAS]  # "SPRINGFIELD, Ill.": the town
        if local:
            return _location((towns or local)[-1])
    if not here:
        # places the geocoder did not know: a GPE/LOC/FAC after "in/at/near" in the clause
        for ent in sent.ents:
            in_clause = ent.label_ in ("GPE", "LOC", "FAC") and lo <= ent.start_char < hi and ent.start > 0
            if in_clause and token.doc[ent.start - 1].lower_ in _PLACE_PREPS:
                return Location(text=ent.text, name=ent.text)
        return None
    clause = [p for p in here if p.evidence is not None and lo <= p.evidence.start < hi]
    pool = clause or here
    return _location(min(pool, key=lambda p: _place_score(p, token, taken)))


def _places_in(sent: Span, places: Sequence[Place]) -> list[Place]:
    lo, hi = sent.start_char, sent.end_char
    return [p for p in places if p.evidence is not None and lo <= p.evidence.start < hi]


def _location(p: Place) -> Location:
    return Location(text=p.text, name=p.name, country=p.country, lat=p.lat, lon=p.lon)


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


def _context(sent: Span, patterns: EventPatterns) -> list[str]:
    words = {t.lemma_.lower() for t in sent} | {t.lower_ for t in sent}
    return [ctx for ctx, cues in patterns.context_words.items() if words & cues]


def _in_quote(token: Token, quotes: Sequence[tuple[int, int]]) -> bool:
    return any(a <= token.idx < b for a, b in quotes)


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


def _actor_ref(head: Token, refs: Refs, places: Sequence[Place]) -> EntityRef:
    ref = speaker(refs.ref(head), refs)
    return province_of(head, ref, refs, places)


def _threat_scopes(matches: Sequence[Match]) -> dict[int, Match]:
    """For every token framed by a threat, the threat that frames it."""
    framed: dict[int, Match] = {}
    for match in matches:
        if match.rule.scope:
            for i in scope_tokens(match.token):
                framed.setdefault(i, match)
    return framed


def _draft(match: Match, refs: Refs, patterns: EventPatterns, places: Sequence[Place]) -> Draft:
    actor, recipient = _roles(match, patterns)
    if actor is not None and (
        (recipient is not None and _part_of_name(actor, recipient))
        or _unknown_name_of(actor, match, refs, patterns.instruments)
    ):
        # "Crocus" of "the Crocus City Hall" the parser split off: a name's piece is not its attacker
        actor = None
    actor_ref = _actor_ref(actor, refs, places) if actor is not None else None
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


def _fold_threats(
    drafts: list[Draft], framed: dict[int, Match], quotes: Sequence[tuple[int, int]]
) -> list[Draft]:
    """Turn violence inside a threat into the threat's mode; never an ASSAULT of its own."""
    by_token = {d.token.i: d for d in drafts}
    kept: list[Draft] = []
    for d in drafts:
        frame = framed.get(d.token.i)
        if frame is not None and d.type in ("ASSAULT", "COERCE") and d.token.i != frame.token.i:
            threat = by_token.get(frame.token.i)
            if threat is not None:
                mode = "violence" if d.type == "ASSAULT" else "arrest"
                if mode not in threat.modes:
                    threat.modes.append(mode)
                if threat.recipient is None:
                    threat.recipient = d.recipient
            continue
        if (
            d.type == "ASSAULT"
            and _in_quote(d.token, quotes)
            and (d.status in ("future", "hypothetical") or _imperative(d.token))
        ):
            # quoted promise of violence ("we will come ... and kill you"): a threat
            d.type, d.modes, d.status = "THREATEN", ["violence"], "asserted"
        kept.append(d)
    for d in kept:
        if d.type == "THREATEN" and not d.modes:
            d.modes.append("violence")
    return kept


def _imperative(token: Token) -> bool:
    """A bare verb with no subject of its own ("kill and fight them"): a call, not a report."""
    verb = clause_verb(token)
    return verb.tag_ == "VB" and not any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in verb.children)


def _fold_nominal_subjects(drafts: list[Draft]) -> list[Draft]:
    """ "A car bombing that killed two officers": the killing is the bombing itself.

    Violence whose subject is a threat ("the threats ... to launch attacks") is
    that threat's content: it becomes the threat's mode, not an ASSAULT.
    """
    by_token = {d.token.i: d for d in drafts}
    kept: list[Draft] = []
    for d in drafts:
        host = by_token.get(d.actor_token.i) if d.actor_token is not None else None
        if host is not None and host.type == "THREATEN" and d.type in ("ASSAULT", "COERCE"):
            mode = "violence" if d.type == "ASSAULT" else "arrest"
            if mode not in host.modes:
                host.modes.append(mode)
            continue
        if host is not None and host is not d and host.type == d.type:
            host.recipient = host.recipient or d.recipient
            host.modes.extend(m for m in d.modes if m not in host.modes)
            continue
        kept.append(d)
    return kept


_PLACE_NOUNS = frozenset({"town", "city", "village", "area", "place", "district", "region", "province"})


def _fold_consequences(drafts: list[Draft]) -> list[Draft]:
    """Killings that are the outcome of another assault become part of it.

    "killed in police firing": the firing is the event, its victims died.
    "a car bombing struck the town ..., killing two officers": the participle's
    victims are the bombing's, when the killing names no actor of its own.
    """
    by_token = {d.token.i: d for d in drafts}
    kept: list[Draft] = []
    for d in drafts:
        host: Draft | None = None
        if d.type == "ASSAULT" and d.token.pos_ == "VERB":
            host = _means_host(d.token, by_token)
            if host is None and d.actor is None and d.kills:
                # "one person was killed when the police fired": the firing killed them
                host = _clause_host(d.token, by_token)
            if (
                host is None
                and d.actor is None
                and d.token.tag_ == "VBG"
                and d.token.dep_ in ("advcl", "conj")
            ):
                before = [
                    h
                    for h in drafts
                    if h is not d
                    and h.type == "ASSAULT"
                    and h.token.sent == d.token.sent
                    and h.token.i < d.token.i
                ]
                host = before[-1] if before else None
        if host is None:
            kept.append(d)
            continue
        if host.recipient is None or host.recipient.text.split()[-1].lower() in _PLACE_NOUNS:
            host.recipient, host.recipient_token = d.recipient, d.recipient_token
        host.kills = host.kills or d.kills
        host.modes.extend(m for m in d.modes if m not in host.modes)
        if host.actor is None:
            host.actor = d.actor
    return kept


_MEANS_PREPS = frozenset({"in", "during", "from"})
_CAUSE_HEADS = frozenset({"due", "owing"})


def _clause_host(token: Token, by_token: dict[int, Draft]) -> Draft | None:
    """The assault of a clause hanging on ``token`` ("... killed when the police fired",
    "... died when the police resorted to firing")."""
    for clause in token.children:
        if clause.dep_ != "advcl":
            continue
        found = by_token.get(clause.i)
        if found is None:
            # the assault carried by the clause's verb: "resorted to firing"
            found = next(
                (d for d in by_token.values() if clause.i in {d.token.head.i, d.token.head.head.i}),
                None,
            )
        if found is not None and found.type == "ASSAULT":
            return found
    return None


def _means_host(token: Token, by_token: dict[int, Draft]) -> Draft | None:
    """The assault that ``token`` happened "in" or "during" ("killed in police firing")."""
    preps = [c for c in token.children if c.dep_ == "prep"]
    # "died due to police firing": the preposition hangs on "due"
    preps += [g for c in preps if c.lower_ in _CAUSE_HEADS for g in c.children if g.dep_ in ("prep", "pcomp")]
    preps += [
        g
        for c in token.children
        if c.dep_ in ("amod", "advmod", "acomp") and c.lower_ in _CAUSE_HEADS
        for g in c.children
        if g.dep_ == "prep"
    ]
    for child in preps:
        if child.lower_ in _MEANS_PREPS | _CAUSE_HEADS or (
            child.lower_ == "to" and child.head.lower_ in _CAUSE_HEADS
        ):
            for obj in child.children:
                if obj.dep_ != "pobj":
                    continue
                cand = by_token.get(obj.i)
                if cand is None:
                    # "in police firing" parsed as "police" with "firing" hanging on it
                    # or right after it
                    nearby = [c.i for c in obj.children] + [obj.i + 1]
                    cand = next((by_token[i] for i in nearby if i in by_token), None)
                if cand is not None and cand.type == "ASSAULT":
                    return cand
    return None


def _fold_deaths(drafts: list[Draft], patterns: EventPatterns) -> None:
    """Deaths told without a killing verb belong to the assault they happened in.

    "a youth perished in police firing", "two died in firing by the army",
    "the deaths in police firing": the assault killed, and the one who died
    (or the count of deaths) is its victim.
    """
    if not drafts:
        return
    by_token = {d.token.i: d for d in drafts}
    dead = patterns.casualties.dead
    for token in drafts[0].token.doc:
        if token.i in by_token or token.pos_ not in ("VERB", "NOUN") or token.lemma_.lower() not in dead:
            continue
        host = _means_host(token, by_token)
        if host is None and token.pos_ == "VERB":
            host = _clause_host(token, by_token)
        if host is None:
            continue
        host.kills = True
        if host.victim_token is None:
            host.victim_token = token if token.pos_ == "NOUN" else subject_of(token)[0]


def _responsibility(doc: Doc, refs: Refs, patterns: EventPatterns) -> list[tuple[Token, EntityRef]]:
    """(claim verb, claimant) for every positive responsibility claim of ``doc``."""
    found: list[tuple[Token, EntityRef]] = []
    rc = patterns.responsibility
    for token in doc:
        if token.lemma_.lower() not in rc.verbs or token.pos_ != "VERB":
            continue
        kids = list(token.children)
        if any(k.dep_ == "neg" for k in kids):
            continue
        claimant: Token | None = None
        if any(k.dep_ == "dobj" and k.lemma_.lower() in rc.nouns for k in kids):
            claimant = next((k for k in kids if k.dep_ == "nsubj"), None)
        elif any(k.dep_ == "nsubjpass" and k.lemma_.lower() in rc.nouns for k in kids):
            agent = next((k for k in kids if k.dep_ == "agent"), None)
            claimant = (
                next((o for o in agent.children if o.dep_ == "pobj"), None) if agent is not None else None
            )
        if claimant is not None and not _nobody(claimant):
            found.append((token, refs.ref(claimant)))
    return found


def _nobody(claimant: Token) -> bool:
    """ "No group has claimed responsibility": a claimant that denies there is one."""
    return claimant.lower_ in _NOBODY or any(c.dep_ == "det" and c.lower_ == "no" for c in claimant.children)


_NOBODY = frozenset({"none", "nobody", "no-one", "noone"})


def _apply_claims(drafts: list[Draft], claims: list[tuple[Token, EntityRef]]) -> None:
    for verb, claimant in claims:
        assaults = [
            d for d in drafts if d.type == "ASSAULT" and d.token.i <= verb.sent.end and d.status != "negated"
        ]
        same = [d for d in assaults if d.token.sent.start == verb.sent.start]
        pool = same or assaults
        if not pool:
            continue
        target = pool[-1]
        target.claimed_by.append(claimant)
        if target.actor is None or target.actor.entity_id is None:
            target.actor = claimant


def _attributions(token: Token, attributions: Sequence[Attribution]) -> list[EntityRef]:
    chain: list[EntityRef] = []
    for a in attributions:
        if a.evidence.start <= token.idx < a.evidence.end:
            chain.extend(r for r in a.chain if r not in chain)
    return chain


def extract_events(
    doc: Doc,
    article: Article,
    *,
    mentions: Sequence[Mention],
    entities: Sequence[Entity],
    times: Sequence[TimeInterval],
    places: Sequence[Place],
    claims: Sequence[Claim],
    attributions: Sequence[Attribution],
    kb: object | None = None,
) -> list[Event]:
    """The PLOVER events of one article, one Event per event however often it is told.

    ``doc`` is the parse of ``article.text``; the other arguments are the records
    of the earlier analysis stages (any may be empty). ``kb`` is accepted for
    callers that hold one; linking goes through ``mentions``. Events come in the
    order of their first mention.
    """
    del kb  # entity links arrive through mentions; kept for the pipeline's signature
    patterns = load_patterns()
    published = article.published.date
    refs = Refs(mentions, entities)
    quotes = quote_spans(doc.text)
    matches = find_triggers(doc, patterns)
    drafts = [_draft(m, refs, patterns, places) for m in matches]
    drafts = _fold_threats(drafts, _threat_scopes(matches), quotes)
    drafts = _fold_nominal_subjects(drafts)
    drafts = _fold_consequences(drafts)
    _fold_deaths(drafts, patterns)
    drafts = [d for d in drafts if not _noise(d) and not _not_a_killing(d, patterns)]
    _specialise_threats(
        drafts, source_children(doc, refs, patterns.artifacts, patterns.provenance_verbs), refs
    )
    cues = dating_cues(patterns)
    triggers_of: dict[str, set[int]] = {}
    for m in matches:
        triggers_of.setdefault(m.rule.type, set()).add(m.token.i)
    kin = {id(d): frozenset(triggers_of.get(d.type, set()) - {d.token.i}) for d in drafts}
    kinds: dict[int, DateKind] = {}
    for d in drafts:
        d.date, kinds[id(d)] = dated_event(
            d.token, times, published, cues, kin[id(d)], happened=d.status in _DONE
        )
    for type_ in VIOLENT:
        # a time borrowed from another act ("police said Tuesday") yields to the
        # one earlier day the article's attacks are dated by their own time
        of_type = [d for d in drafts if d.type == type_ and d.date is not None]
        day = attack_day([(d.date, kinds[id(d)]) for d in of_type if d.date is not None], published, cues)
        if day is not None:
            for d in of_type:
                if kinds[id(d)] == "borrowed" and d.status in _DONE and yields_to(d.date, day):
                    d.date = day
    named_again: dict[int, Draft | None] = {}
    for d in drafts:
        charge = d.type in VIOLENT and not _own_time(d) and _charged(d.token, patterns.charge_verbs)
        if charge or (is_fallback(d.date) and refers_back(d.token, kin[id(d)])):
            antecedent = named_again[id(d)] = _antecedent(d, drafts)
            d.date = antecedent.date if antecedent is not None else fallback_date(published)
            d.names_again = antecedent is None
    for d in drafts:
        if (
            d.status == "asserted"
            and d.date is not None
            and historical_by_date(d.date, d.token, published, cues)
        ):
            d.status = "historical"
        taken = [_span_of(t) for t in (d.actor_token, d.recipient_token) if t is not None]
        d.location = _location_for(
            d.token,
            places,
            taken,
            patterns.settlement_nouns,
            fallback=d.type in VIOLENT,
            history=d.status == "historical",
            actor=_span_of(d.actor_token) if d.actor_token is not None else None,
        )
        d.context = _context(d.token.sent, patterns)
        d.attributed_to = _attributions(d.token, attributions)
        if d.type in VIOLENT:
            count_casualties(d, claims, patterns)
    for d in drafts:
        # an event named again happened where the one it names did, not at a place
        # its sentence names for something else ("the attack had been carried out
        # by Islamists ... heading for Ukraine"); without an antecedent, only a place
        # in its own phrase ("the attack in Moscow") tells
        if id(d) in named_again:
            antecedent = named_again[id(d)]
            d.location = antecedent.location if antecedent is not None else _own_place(d.token, places)
    count_told_deaths(drafts, doc, times, published, patterns)
    _apply_claims(drafts, _responsibility(doc, refs, patterns))
    merged = merge_drafts(drafts)
    # after merging: a scene time must not keep a bare mention ("the attack") from
    # folding into the event it refers back to
    undated = [d for d in merged if d.type in VIOLENT and is_fallback(d.date) and not d.names_again]
    scene = scene_time(doc, times, published, cues) if undated else None
    if scene is not None:
        for d in undated:
            d.date, d.date_from_scene = scene, True
    unplaced = [
        d
        for d in merged
        if d.type in VIOLENT and d.location is None and d.status == "asserted" and not d.names_again
    ]
    town = _scene_place(places, patterns.scene_place_chars) if unplaced else None
    for d in unplaced:
        d.location = town
    return [_to_event(d, article.id) for d in merged]


_AREAS = frozenset({"country", "continent", "admin1", "admin2", "region", "country_part", "demonym"})


def _scene_place(places: Sequence[Place], chars: int) -> Location | None:
    """The first town named within ``chars`` of the article's start, or None."""
    towns = [
        p
        for p in places
        if p.evidence is not None
        and p.evidence.start < chars
        and p.feature not in _AREAS
        and p.feature is not None
        and p.lat is not None
    ]
    return _location(min(towns, key=lambda p: p.evidence.start if p.evidence else 0)) if towns else None


_DONE = frozenset({"asserted", "historical"})
"""Statuses of events told as having happened."""


def _own_place(token: Token, places: Sequence[Place]) -> Location | None:
    """The first place named inside the phrase of ``token``, or None."""
    lo, hi = token.left_edge.idx, token.right_edge.idx + len(token.right_edge)
    inside = [p for p in places if p.evidence is not None and lo <= p.evidence.start < hi]
    if not inside:
        return None
    return _location(inside[0])


def _antecedent(d: Draft, drafts: Sequence[Draft]) -> Draft | None:
    """The event that ``d`` names again ("the murder of 22 people" after "attacked the
    arena in 2017"): the nearest earlier dated event of its type that happened, if that
    one is told in the same sentence or the one before it in the paragraph (a bombing
    the text only fears or plans is no antecedent of one that happened)."""
    prev = previous_sentence(d.token.sent)
    near = {d.token.sent.start} | ({prev.start} if prev is not None else set())
    earlier = [
        e
        for e in drafts
        if e.type == d.type and e.token.i < d.token.i and e.status in _DONE and not is_fallback(e.date)
    ]
    if not earlier:
        return None
    nearest = max(earlier, key=lambda e: e.token.i)
    return nearest if nearest.token.sent.start in near else None


def _own_time(d: Draft) -> bool:
    """Whether the date of ``d`` is told inside its trigger's phrase ("Saturday's shooting")."""
    if d.date is None or d.date.evidence is None:
        return False
    lo, hi = d.token.left_edge.idx, d.token.right_edge.idx + len(d.token.right_edge)
    return lo <= d.date.evidence.start < hi


_CHARGE_PATH = frozenset({"dobj", "xcomp", "conj", "pobj", "prep", "pcomp", "advcl", "compound"})


def _charged(token: Token, verbs: frozenset[str]) -> bool:
    """Whether ``token`` names a crime as a charge: it lies in the complement of
    a charge verb ("charged with murder", "convicted of ... conspiring to cause an
    explosion"), not in its subject ("the shooting suspect was charged")."""
    current = token
    for _ in range(8):
        if current.head is current:
            return False
        dep, current = current.dep_, current.head
        if current.pos_ in ("VERB", "AUX"):
            if current.lemma_.lower() in verbs:
                return dep not in ("nsubj", "nsubjpass")
            if dep not in _CHARGE_PATH:
                return False
    return False


def _span_of(head: Token) -> tuple[int, int]:
    span = phrase(head)
    return span.start_char, span.end_char


def _not_a_killing(d: Draft, patterns: EventPatterns) -> bool:
    """ "executed the plan": a killing verb whose object is no victim."""
    victim = d.recipient_token
    return d.kills and victim is not None and victim.lemma_.lower() in patterns.not_victims


def _noise(d: Draft) -> bool:
    """A weak trigger that names nobody ("the support", "a deal"): too unsure to keep."""
    return d.actor is None and d.recipient is None and d.reliability < _WEAK


def _specialise_threats(drafts: list[Draft], sources: dict[str, str], refs: Refs) -> None:
    """A group's threats are its province's where the article says they come from it."""
    for d in drafts:
        if d.type != "THREATEN" or d.actor is None or d.actor.entity_id not in sources:
            continue
        child = next((e for e in refs.entities if e.id == sources[d.actor.entity_id]), None)
        if child is not None:
            d.actor = EntityRef(text=d.actor.text, entity_id=child.id, name=child.name)


def _to_event(d: Draft, article_id: str) -> Event:
    filled = (d.actor is not None) + (d.recipient is not None)
    confidence = min(1.0, d.reliability * (0.6 + 0.2 * filled) + 0.05 * (d.mentions - 1))
    first = d.evidence[0]
    key = f"{article_id}|{d.type}|{first.start}|{d.token.idx}"
    return Event(
        id="ev_" + hashlib.sha256(key.encode()).hexdigest()[:16],
        article_id=article_id,
        type=d.type,
        mode=d.modes,
        context=d.context,
        actor=d.actor,
        recipient=d.recipient,
        location=d.location,
        date=d.date,
        date_from_scene=d.date_from_scene,
        dead=d.dead,
        injured=d.injured,
        status=d.status,
        attributed_to=d.attributed_to,
        claimed_by=d.claimed_by,
        evidence=d.evidence,
        confidence=round(confidence, 3),
    )
