"""The PLOVER ontology and the event patterns, loaded from data files and validated.

``plover.yaml`` names the types, their modes, the contexts and the status values;
``event_patterns.yaml`` names the words that trigger each type and the cues that
set roles, status, modes and figures. Both are read once per process. A pattern
that names a type or mode the ontology does not have is an error on load, so the
two files cannot drift apart.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from threatline.datafiles import load_bundled
from threatline.errors import DataFileError

__all__ = [
    "EventPatterns",
    "Ontology",
    "Trigger",
    "load_ontology",
    "load_patterns",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EventType(_Strict):
    description: str
    modes: tuple[str, ...] = ()


class Ontology(_Strict):
    """PLOVER types with their modes, the contexts and the status values."""

    statuses: dict[str, str]
    contexts: dict[str, str]
    types: dict[str, EventType]


class Trigger(_Strict):
    """One trigger rule: lemmas of a part of speech that signal an event type."""

    lemmas: tuple[str, ...]
    pos: tuple[Literal["VERB", "NOUN"], ...]
    type: str
    mode: tuple[str, ...] = ()
    needs_child: tuple[str, ...] = ()
    needs_compound: tuple[str, ...] = ()
    scope: bool = False
    reliability: float = Field(ge=0.0, le=1.0)
    kills: bool = False
    """the trigger says the recipient died ("killed", "shot dead", "executed")"""
    needs_pobj: tuple[str, ...] = ()
    """lemmas of which one must be the object of a preposition on the token ("sent to jail")"""
    excludes: tuple[str, ...] = ()
    """lemmas that, as the token's head or one of its children, show another sense
    ("cardiac arrest", "arrest warrant", "booked a ticket")"""
    not_objects: tuple[str, ...] = ()
    """direct objects that show a figurative use ("arrest the decline")"""
    object_is_means: bool = False
    """the direct object is the means of harm, not its recipient ("detonated the bomb")"""
    transitive: bool = False
    """the trigger counts only with a thing it acts on: a direct object, a passive
    subject, or the noun its participle modifies ("recovered a pistol", "the
    pistol recovered from the car"; "is recovering in hospital" is no seizure)"""
    intransitive: bool = False
    """the trigger counts only in the active voice without a direct object ("police fired")"""
    counted: bool = False
    """the trigger counts only with a number on it (a headline's "Four shot at a party")"""


class StatusCues(_Strict):
    future_aux: frozenset[str]
    hypothetical_aux: frozenset[str]
    hypothetical_marks: frozenset[str]
    negation: frozenset[str]
    future_heads: frozenset[str]
    hypothetical_heads: frozenset[str]
    negating_heads: frozenset[str]
    historical_preps: frozenset[str]
    history_days: int = Field(ge=0)
    """An event that ended more than this many days before publication is background history."""


class Responsibility(_Strict):
    verbs: frozenset[str]
    nouns: frozenset[str]


class Casualties(_Strict):
    dead: frozenset[str]
    injured: frozenset[str]
    people: frozenset[str]
    over: frozenset[str]
    at_least: frozenset[str]
    up_to: frozenset[str]
    victims: frozenset[str] = frozenset()
    """nouns that count everyone an attack hit, dead and wounded ("found four victims")"""
    fatal: frozenset[str] = frozenset()
    """words that make an act deadly without a count ("fatally shot", "a deadly shooting")"""
    wounding: frozenset[str] = frozenset()
    """verbs whose victims are casualties, wounded unless the sentence says they died"""
    dying: frozenset[str] = frozenset()
    """verbs whose subject died ("died", "succumbed"), read across the whole article"""
    death_nouns: frozenset[str] = frozenset()
    """nouns of a death whose "of" names the dead ("the shooting death of a child")"""
    dead_frames: frozenset[str] = frozenset()
    """verbs that state a death with a word of ``dead_states`` ("was found dead")"""
    dead_states: frozenset[str] = frozenset()
    """adjectives of death ("dead") after a verb of ``dead_frames``"""
    violent_causes: frozenset[str] = frozenset()
    """causes after "died of/from" that make the death a casualty; any other cause is none"""
    not_violent_causes: frozenset[str] = frozenset()
    """modifiers of a cause that make it another thing ("a heart attack")"""
    near_misses: frozenset[str] = frozenset()
    """adverbs that deny a death ("nearly died")"""
    not_people: frozenset[str] = frozenset()
    """subjects of a death verb that count nobody in particular ("it", "everyone")"""
    toll_verbs: frozenset[str] = frozenset()
    """verbs that give a toll its value ("the death toll rose to 137")"""
    wounded_cues: frozenset[str] = frozenset()
    """words, as written, that tell of living wounded ("hospitalized", "stable condition")"""
    besides: frozenset[str] = frozenset()
    """words that set victims apart from ones counted elsewhere ("two others were shot")"""
    tallies: frozenset[str] = frozenset()
    """nouns whose "of" phrase holds the count ("a total of 12 people")"""
    uncounted: frozenset[str] = frozenset()
    """nouns (lemmas) a number counts that are no people ("shot five times", "two shootings")"""
    life_takers: frozenset[str] = frozenset()
    """verbs that make "life" a death ("lost his life"; not "celebrate a child's life")"""
    killers: frozenset[str] = frozenset()
    """nouns (lemmas) of the one who did an attack ("the gunman was shot dead")"""
    accusing: frozenset[str] = frozenset()
    """verbs (lemmas) of the law's pursuit whose subjects or objects are the accused, no victims
    ("2 men indicted in the shooting death of a girl")"""
    multiples: dict[str, int] = {}
    """words that make a killing several ("a double homicide" is 2 dead)"""
    hit_nouns: frozenset[str] = frozenset()
    """nouns of an attack whose multiple counts everyone hit ("a double shooting" hit 2)"""
    ranks: frozenset[str] = frozenset()
    """words besides ordinals that make a killing one of several ("the latest double homicide")"""
    police: frozenset[str] = frozenset()
    """nouns (lemmas) of police who may kill a killer ("he was killed by officers")"""
    suicide: frozenset[str] = frozenset()
    """nouns (lemmas) that tell a killer killed himself ("committed suicide", "a murder-suicide")"""
    turning: frozenset[str] = frozenset()
    """verbs (lemmas) whose "on himself" tells a self-shooting ("turned the gun on himself")"""
    killed_by: frozenset[str] = frozenset()
    """verbs (lemmas) whose passive tells of a killer besides the dead ("a clerk was killed")"""
    period_cues: tuple[tuple[str, ...], ...] = ()
    """word sequences, lowercased, that make a count a tally over a period or a place
    ("so far", "this year", "citywide"), not the figure of one attack"""
    hurt_verbs: frozenset[str] = frozenset()
    """verbs whose subject was wounded and lived ("two others were wounded")"""
    injury_verbs: frozenset[str] = frozenset()
    """verbs whose subject was wounded when they name an injury ("suffered gunshot wounds")"""
    passive_injury_verbs: frozenset[str] = frozenset()
    """those of :attr:`injury_verbs` whose subject was wounded only in the passive
    ("were found with gunshot wounds"; in the active the subject found them)"""
    injury_nouns: frozenset[str] = frozenset()
    """nouns (lemmas) of an injury, objects of :attr:`injury_verbs`"""
    mild: frozenset[str] = frozenset()
    """words (lemmas or as written) that tell an injury was survived ("minor injuries")"""
    other_harms: frozenset[str] = frozenset()
    """nouns of a harm that is no attack ("injured in a crash")"""
    conditions: frozenset[str] = frozenset()
    """words of a patient's condition that tell a victim in care ("in critical condition")"""
    care_states: frozenset[str] = frozenset()
    """words of a state of care whose subject is a victim ("in a coma", "in intensive care")"""
    carrying_verbs: frozenset[str] = frozenset()
    """verbs (lemmas) that carry a victim to care when passive ("was rushed to a hospital")"""
    care_places: frozenset[str] = frozenset()
    """words of a place of care a :attr:`carrying_verbs` verb takes a victim to ("taken to a hospital")"""
    age_marks: frozenset[str] = frozenset()
    """abbreviations, as written, that make the number before them an age ("a 25 y/o man")"""


class EventPatterns(_Strict):
    """Everything ``event_patterns.yaml`` holds, validated against the ontology."""

    triggers: tuple[Trigger, ...]
    light_verbs: frozenset[str]
    occurrence_verbs: frozenset[str]
    scene_verbs: frozenset[str]
    scene_days: int = Field(default=0, ge=0)
    cause_nouns: frozenset[str] = frozenset()
    """nouns whose object is an earlier act another answers ("in response to air strikes")"""
    scene_place_chars: int = Field(default=0, ge=0)
    """an attack placed nowhere takes the first town named within this many characters
    of the article's start (its dateline or lead): the scene the report tells"""
    stamp_words: frozenset[str] = frozenset()
    actor_modifiers: frozenset[str]
    violent_means: frozenset[str] = frozenset()
    not_victims: frozenset[str]
    not_participants: frozenset[str] = frozenset()
    """nouns (lemmas) that name no actor nor recipient: what is denied, pledged or shown"""
    artifacts: frozenset[str]
    instruments: frozenset[str]
    provenance_verbs: frozenset[str]
    settlement_nouns: frozenset[str]
    charge_verbs: frozenset[str] = frozenset()
    """verbs (lemmas) of a court or prosecutor whose complement names a crime as a charge"""
    warning_words: frozenset[str] = frozenset()
    """threat triggers (lemmas) that are advisories when a state warns of another's plans"""
    tally_words: frozenset[str] = frozenset()
    """nouns (lemmas) of a count: a warning that one will rise is a forecast, no threat"""
    mode_words: dict[str, frozenset[str]]
    context_words: dict[str, frozenset[str]]
    status: StatusCues
    responsibility: Responsibility
    casualties: Casualties
    numbers: dict[str, int]
    ordinals: dict[str, int] = {}
    """ordinal words and their values ("a second victim died": two dead)"""

    _by_lemma: dict[str, tuple[Trigger, ...]] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: object, /) -> None:
        # every token of every article asks for its rules: index them by lemma once
        index: dict[str, list[Trigger]] = {}
        for trigger in self.triggers:
            for lemma in dict.fromkeys(trigger.lemmas):
                index.setdefault(lemma, []).append(trigger)
        self._by_lemma = {lemma: tuple(rules) for lemma, rules in index.items()}

    def triggers_for(self, lemma: str, pos: str) -> list[Trigger]:
        """The trigger rules matching a lemma (lower case) and a coarse POS, in file order."""
        return [t for t in self._by_lemma.get(lemma, ()) if pos in t.pos]


@cache
def load_ontology() -> Ontology:
    """The PLOVER ontology from ``data/plover.yaml``; raises DataFileError if invalid."""
    onto = load_bundled("plover.yaml", Ontology, "PLOVER ontology")
    if set(onto.statuses) != {"asserted", "historical", "future", "hypothetical", "negated"}:
        raise DataFileError("plover.yaml: statuses must be exactly the EventStatus values")
    return onto


def check_patterns(patterns: EventPatterns, ontology: Ontology) -> None:
    """Raise DataFileError if a pattern names a type, mode or context the ontology lacks."""
    problems: list[str] = []
    assault = set(ontology.types["ASSAULT"].modes) if "ASSAULT" in ontology.types else set()
    for trig in patterns.triggers:
        spec = ontology.types.get(trig.type)
        if spec is None:
            problems.append(f"trigger {trig.lemmas[0]!r}: unknown type {trig.type}")
            continue
        problems.extend(
            f"trigger {trig.lemmas[0]!r}: {trig.type} has no mode {m!r}"
            for m in trig.mode
            if m not in spec.modes
        )
    problems.extend(f"mode_words: ASSAULT has no mode {m!r}" for m in patterns.mode_words if m not in assault)
    problems.extend(
        f"context_words: unknown context {c!r}" for c in patterns.context_words if c not in ontology.contexts
    )
    if problems:
        raise DataFileError("event_patterns.yaml: " + "; ".join(problems))


@cache
def load_patterns() -> EventPatterns:
    """The event patterns from ``data/event_patterns.yaml``, checked against the ontology."""
    patterns = load_bundled("event_patterns.yaml", EventPatterns, "event patterns")
    check_patterns(patterns, load_ontology())
    return patterns
