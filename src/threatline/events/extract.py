"""Events from one analysed article: who did what to whom, where and when (PLOVER coded).

The extractor reads the dependency parse with the patterns of
``event_patterns.yaml`` (see :mod:`threatline.events.patterns`), drafts one event
per trigger (:mod:`threatline.events.drafting`: roles, modes, status), folds the
drafts that are parts of another event (:mod:`threatline.events.folding`), then
fills each event from the records the other analysis stages found:

* **actor / recipient**: from the parse, linked through the mentions that cover
  them (:mod:`threatline.events.drafting`).
* **date**: the time expression that belongs to the trigger in the parse, else
  another of its sentence, else one in the previous sentence of the same
  paragraph, else, for an attack, the article's recent scene time (the rules are
  in :mod:`threatline.events.dating`). Without any, the
  event gets ``TimeInterval(text="", end=<publication date>, precision="open",
  anchor=<publication date>)``: it happened no later than the report, nothing more
  is known. An event dated to end more than ``history_days`` (30) before
  publication becomes ``historical``. A charge or a definite noun that names an
  attack again takes that attack's time and place, else none
  (:mod:`threatline.events.antecedents`).
* **location**: see :mod:`threatline.events.placing`.
* **dead / injured**: see :mod:`threatline.events.casualties`. An assault whose
  sentence tells several attacks ("one dead, four wounded in two shootings", "a
  series of shootings that left two dead", not "the Paris attacks") takes no count
  of several from it: the figures add up several attacks, the report's own is told elsewhere or
  not at all (one victim is still one attack's).
* **page furniture**: an assault told in a gallery caption, a video list's entry or a
  "Related stories" line (``data/report_parts.yaml``) is another story's, no event.
* **attributed_to**: the chain of every Attribution whose evidence contains the
  trigger. **claimed_by**: see :mod:`threatline.events.responsibility`.
* **threats**: violence told inside a threat is part of a THREATEN event with
  mode ``violence``; it is never an ASSAULT (:mod:`threatline.events.folding`).
* **confidence** = trigger reliability x (0.6 + 0.2 if an actor + 0.2 if a
  recipient), raised by 0.05 for every further mention merged into the event (max 1).

Mentions of one event in several sentences become one Event
(:func:`~threatline.events.draft.merge_drafts`): same type and status, compatible
modes, and no conflicting actor, recipient, date or place.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import cache

from pydantic import BaseModel, ConfigDict, field_validator
from spacy.tokens import Doc, Span, Token

from threatline.analysis.attribution import quote_spans
from threatline.analysis.doccache import text_of
from threatline.analysis.kb import KnowledgeBase, default_kb
from threatline.datafiles import load_bundled, regular_expressions
from threatline.events.actors import source_children
from threatline.events.antecedents import DONE, antecedent_of, bare, charged, own_time
from threatline.events.casualties import VIOLENT, count_casualties, count_told_deaths
from threatline.events.dating import (
    DateKind,
    attack_day,
    dated_event,
    dating_cues,
    fallback_date,
    historical_by_date,
    is_fallback,
    refers_back,
    scene_time,
    yields_to,
)
from threatline.events.draft import Draft, merge_drafts
from threatline.events.drafting import draft_of
from threatline.events.folding import (
    fold_consequences,
    fold_deaths,
    fold_nominal_subjects,
    fold_threats,
    threat_scopes,
)
from threatline.events.ontology import EventPatterns, load_patterns
from threatline.events.patterns import find_triggers
from threatline.events.placing import location_for, own_place, scene_place
from threatline.events.responsibility import apply_claims, responsibility_claims
from threatline.events.roles import Refs, own_passive, phrase
from threatline.models import (
    Article,
    Attribution,
    Claim,
    Entity,
    EntityRef,
    Event,
    Mention,
    Place,
    TimeInterval,
)

__all__ = ["extract_events"]

# below this trigger reliability an event that names no participant is dropped
_WEAK = 0.7


class _ReportParts(BaseModel):
    """``data/report_parts.yaml``: parts of a report whose figures are not its attack's."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    furniture: tuple[str, ...]
    several_attacks: frozenset[str]
    several_words: frozenset[str]
    series_of: frozenset[str]
    one_of: frozenset[str]

    @field_validator("furniture")
    @classmethod
    def _compiles(cls, patterns: tuple[str, ...]) -> tuple[str, ...]:
        return regular_expressions(patterns)


@cache
def _report_parts() -> tuple[_ReportParts, tuple[re.Pattern[str], ...]]:
    parts = load_bundled("report_parts.yaml", _ReportParts, "parts of a report")
    return parts, tuple(re.compile(p) for p in parts.furniture)


def _context(sent: Span, patterns: EventPatterns) -> list[str]:
    words = {t.lemma_.lower() for t in sent} | {t.lower_ for t in sent}
    return [ctx for ctx, cues in patterns.context_words.items() if words & cues]


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
    of the earlier analysis stages (any may be empty). Entity links arrive through
    ``mentions``; ``kb`` (a :class:`~threatline.analysis.kb.KnowledgeBase`, else the
    bundled one) names the government a capital acting as a state stands for.
    Events come in the order of their first mention.
    """
    patterns = load_patterns()
    published = article.published.date
    refs = Refs(mentions, entities, kb=kb if isinstance(kb, KnowledgeBase) else None)
    quotes = quote_spans(text_of(doc))
    matches = find_triggers(doc, patterns)
    drafts = [draft_of(m, refs, patterns, places) for m in matches]
    drafts = fold_threats(drafts, threat_scopes(matches), quotes)
    drafts = fold_nominal_subjects(drafts)
    drafts = fold_consequences(drafts)
    fold_deaths(drafts, patterns)
    drafts = [
        d
        for d in drafts
        if not _noise(d)
        and not _not_a_killing(d, patterns)
        and not _advisory(d, refs, patterns)
        and not _furniture(d)
    ]
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
            d.token, times, published, cues, kin[id(d)], happened=d.status in DONE
        )
        d.off_scene = kinds[id(d)] == "answered"
    for type_ in VIOLENT:
        # a time borrowed from another act ("police said Tuesday") yields to the
        # one earlier day the article's attacks are dated by their own time
        of_type = [d for d in drafts if d.type == type_ and d.date is not None]
        day = attack_day([(d.date, kinds[id(d)]) for d in of_type if d.date is not None], published, cues)
        if day is not None:
            for d in of_type:
                if kinds[id(d)] == "borrowed" and d.status in DONE and yields_to(d.date, day):
                    d.date = day
    named_again: dict[int, Draft | None] = {}
    for d in drafts:
        charge = d.type in VIOLENT and not own_time(d) and charged(d.token, patterns.charge_verbs)
        if charge or (is_fallback(d.date) and refers_back(d.token, kin[id(d)])):
            antecedent = antecedent_of(d, drafts)
            if antecedent is None and (charge or bare(d.token)):
                # a report telling an attack as history (a trial, an inquiry years on)
                # names it again anywhere; in news of the day a far one may be another
                far = antecedent_of(d, drafts, anywhere=True)
                if (
                    far is not None
                    and far.date is not None
                    and historical_by_date(far.date, far.token, published, cues)
                ):
                    antecedent = far
            named_again[id(d)] = antecedent
            d.date = antecedent.date if antecedent is not None else fallback_date(published)
            d.off_scene = d.off_scene or antecedent is None
    sums = frozenset(sent.start for sent in doc.sents if _several_attacks(sent))
    for d in drafts:
        if (
            d.status == "asserted"
            and d.date is not None
            and historical_by_date(d.date, d.token, published, cues)
        ):
            d.status = "historical"
        taken = [_span_of(t) for t in (d.actor_token, d.recipient_token) if t is not None]
        d.location = location_for(
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
            # another attack of the sentence, not a verb telling this one's toll ("that killed 90")
            # and a joined verb passive by itself is its own act with its own toll ("the
            # gunman killed two people and was shot dead by police")
            peers = [
                o.token.i
                for o in drafts
                if o is not d
                and o.type in VIOLENT
                and (
                    (not o.kills and o.token.pos_ == "NOUN")
                    or own_passive(o.token)
                    or (own_passive(d.token) and o.token.i == d.token.head.i)
                )
            ]
            count_casualties(d, claims, patterns, peers)
            if d.token.sent.start in sums:
                # a sum over several attacks; one victim is still one attack's
                if d.dead is not None and (d.dead.min or 0) > 1:
                    d.dead = None
                if d.injured is not None and (d.injured.min or 0) > 1:
                    d.injured = None
                    d.implied_injured = d.dead_among_injured = False
    for d in drafts:
        # an event named again happened where the one it names did, not at a place
        # its sentence names for something else ("the attack had been carried out
        # by Islamists ... heading for Ukraine"); without an antecedent, only a place
        # in its own phrase ("the attack in Moscow") tells
        if id(d) in named_again:
            antecedent = named_again[id(d)]
            d.location = antecedent.location if antecedent is not None else own_place(d.token, places)
    count_told_deaths(drafts, doc, times, published, patterns, sums=sums)
    apply_claims(drafts, responsibility_claims(doc, refs, patterns))
    merged = merge_drafts(drafts)
    # after merging: a scene time must not keep a bare mention ("the attack") from
    # folding into the event it refers back to
    undated = [d for d in merged if d.type in VIOLENT and is_fallback(d.date) and not d.off_scene]
    scene = scene_time(doc, times, published, cues) if undated else None
    if scene is not None:
        for d in undated:
            d.date, d.date_from_scene = scene, True
    unplaced = [
        d
        for d in merged
        if d.type in VIOLENT and d.location is None and d.status == "asserted" and not d.off_scene
    ]
    town = scene_place(places, patterns.scene_place_chars) if unplaced else None
    for d in unplaced:
        d.location = town
    return [_to_event(d, article.id) for d in merged]


def _furniture(d: Draft) -> bool:
    """An assault told in a caption, a video list's entry or a "Related stories" line: another story's."""
    return d.type in VIOLENT and any(p.search(d.token.sent.text) for p in _report_parts()[1])


def _several_attacks(sent: Span) -> bool:
    """Whether ``sent`` tells several attacks, its counts their sum ("one dead, four
    wounded in two shootings", "a spate of weekend shootings"), not one picked out of
    them ("one of eight weekend shootings") nor one attack's parts ("the Paris attacks")."""
    parts = _report_parts()[0]
    for token in sent:
        if token.tag_ not in ("NNS", "NNPS") or token.dep_ == "compound":
            continue
        if token.lemma_.lower() not in parts.several_attacks or not _told_as_several(token, parts):
            continue
        up, picked = token, False
        while not picked and up.dep_ == "pobj" and up.head.dep_ == "prep":
            up = up.head.head
            picked = up.lower_ in parts.one_of or up.tag_ == "JJS"  # "the deadliest of two shootings"
        if not picked:
            return True
    return False


def _told_as_several(noun: Token, parts: _ReportParts) -> bool:
    """Whether a plural attack noun is told as several attacks: counted ("two shootings"),
    set apart ("separate", "weekend shootings") or a run ("a spate of stabbings")."""
    for child in noun.children:
        if child.dep_ == "nummod" and child.like_num and child.lower_ not in ("one", "1"):
            return True
        if child.dep_ in ("amod", "compound") and child.lower_ in parts.several_words:
            return True
    head = noun.head
    return noun.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in parts.series_of


def _span_of(head: Token) -> tuple[int, int]:
    span = phrase(head)
    return span.start_char, span.end_char


def _not_a_killing(d: Draft, patterns: EventPatterns) -> bool:
    """ "executed the plan": a killing verb whose object is no victim."""
    victim = d.recipient_token
    return d.kills and victim is not None and victim.lemma_.lower() in patterns.not_victims


def _noise(d: Draft) -> bool:
    """A weak trigger that names nobody ("the support", "a deal"), or a threat by no one
    against no one that does not say what it threatens ("dismissed such warnings", "no
    threat to the public"): too unsure, or too empty, to keep. "A bomb threat forced
    the evacuation" stays: the threat is the news, whoever made it."""
    nobody = d.actor is None and d.recipient is None
    said = any(c.dep_ == "compound" for c in d.token.children)
    return nobody and (d.reliability < _WEAK or (d.type == "THREATEN" and not said))


_STATE_TYPES = frozenset({"place", "government", "agency"})
"""Entity types of a state and its bodies: a country, its government, its services."""


def _advisory(d: Draft, refs: Refs, patterns: EventPatterns) -> bool:
    """A state's warning that someone else will strike ("the embassy warned that
    extremists planned to target concerts"), or anyone's warning that a count will
    grow ("the number of dead was likely to rise"): no threat by the one warning."""
    if d.type != "THREATEN" or d.token.lemma_.lower() not in patterns.warning_words:
        return False
    subject = _warned_of(d.token)
    if subject is None or subject.pos_ == "PRON":
        return False
    if subject.lemma_.lower() in patterns.tally_words:
        return True  # "officials warned that the death toll would rise": a forecast, no threat
    if d.actor is None or d.actor.entity_id is None:
        return False
    kind = next((e.type for e in refs.entities if e.id == d.actor.entity_id), None)
    if kind is None:  # an entity the article does not name itself (a capital's government)
        kind = (refs.kb or default_kb()).type_of(d.actor.entity_id)
    if kind not in _STATE_TYPES:
        return False
    if any(c.dep_ == "poss" for c in subject.children):
        return False  # "its forces", "the country's army": the warner's own
    agent = subject.tag_ in ("NNS", "NNPS", "NNP") or subject.ent_type_ in ("PERSON", "ORG", "NORP")
    return agent and refs.ref(subject).entity_id != d.actor.entity_id


def _warned_of(warning: Token) -> Token | None:
    """The subject of what ``warning`` warns will happen ("warned that militants planned
    ..."), through the parses the small model gives that clause."""
    clause = next((c for c in warning.children if c.dep_ in ("ccomp", "acl")), None)
    if clause is None:
        # "that militants planned ..." hung on the verb as its object, the clause on the noun
        return next(
            (c for c in warning.children if c.dep_ == "dobj" and any(k.dep_ == "mark" for k in c.children)),
            None,
        )
    if clause.pos_ in ("NOUN", "PROPN"):
        return clause  # the noun parsed as the clause itself
    return next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)


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
