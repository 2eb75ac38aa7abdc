"""Which gazetteer entry an ambiguous place name means.

Homonyms are decided by population, feature type and the article's country
context: the countries it names, the countries of its unambiguous places and
the demonyms it uses, and the US states it names (a state abbreviation after
a city, "Florence, Ala."). A town matched only by another of its names, in a
country the article never names while it names others, is dropped
(:func:`stray_alias`).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from threatline.analysis.places.gazetteer import (
    AREA_FEATURES,
    Candidate,
    Gazetteer,
    clean_key,
    normalise_name,
)
from threatline.analysis.places.mentions import MIN_GUESS_POPULATION, Mention

__all__ = [
    "Context",
    "add_state_towns",
    "article_context",
    "best_candidate",
    "drop_other_states",
    "qualify_by_state",
    "stray_alias",
]

_COUNTRY_FEATURE_BONUS = 1.5
_AREA_CONTEXT_BONUS = 2.5
_CITY_CONTEXT_BONUS = 1.0
_ADMIN_CONTEXT_BONUS = 2.5
_BIG_CITY = 500_000
_NAME_BONUS = 1.0
_SHADOW_PENALTY = 2.0
_SHARED_DIVISION_BONUS = 1.5


@dataclass(slots=True)
class Context:
    """What the article names without ambiguity: its countries (with counts) and
    its US states, as ``(country, admin1 code)``."""

    countries: Counter[str]
    admins: set[tuple[str, str]]
    # per mention key, the first-level divisions its candidates lie in, each
    # weighted 1/(number of divisions): "Trotwood" backs Ohio fully, "Clark
    # County" (a dozen states) backs each of its states a little
    divisions: dict[str, dict[tuple[str, str], float]] = field(default_factory=dict)

    def division_support(self, key: str, division: tuple[str, str]) -> float:
        """How strongly the article's other names back ``division`` (country, admin1 code)."""
        return sum(w.get(division, 0.0) for k, w in self.divisions.items() if k != key)


def _score(candidate: Candidate, context: Context, key: str = "") -> float:
    score = math.log10(candidate.population + 10)
    if key and normalise_name(candidate.name) == key:
        # the name itself beats an old or foreign alternate ("Salisbury" is
        # also a former name of Harare)
        score += _NAME_BONUS
    if candidate.feature in ("country", "continent"):
        score += _COUNTRY_FEATURE_BONUS
    if candidate.country and context.countries[candidate.country]:
        area = candidate.feature in AREA_FEATURES
        score += _AREA_CONTEXT_BONUS if area else _CITY_CONTEXT_BONUS
    if (
        candidate.admin1
        and candidate.feature != "admin1"
        and (candidate.country or "", candidate.admin1) in context.admins
    ):
        score += _ADMIN_CONTEXT_BONUS
    top = max(context.countries.values(), default=0)
    country = candidate.country or ""
    if (
        candidate.admin1
        and candidate.feature != "admin1"
        and top
        and context.countries[country] == top
        and normalise_name(candidate.name) == key
    ):
        # a town in the state where the article's other towns and counties lie
        # ("Springfield" beside "Clark County" and "Trotwood" is in Ohio), in
        # the country the article names most: a stray foreign name backs nothing
        support = context.division_support(key, (country, candidate.admin1))
        score += _SHARED_DIVISION_BONUS * min(1.0, support)
    if candidate.lat is None:
        score -= 5.0
    return score


def best_candidate(candidates: list[Candidate], context: Context, key: str = "") -> Candidate:
    """The candidate with the best score in ``context``; ``key`` is the mention's own index key."""
    # a large city shadows a same-named admin area of its own country
    # ("New York", "Washington"): news mean the city unless told otherwise
    big_cities = {c.country for c in candidates if c.feature == "city" and c.population >= _BIG_CITY}

    def score(candidate: Candidate) -> float:
        shadowed = candidate.feature == "admin1" and candidate.country in big_cities
        return _score(candidate, context, key) - (_SHADOW_PENALTY if shadowed else 0.0)

    return max(candidates, key=score)


def _unambiguous(candidates: list[Candidate]) -> Candidate | None:
    """A candidate that needs no context: a lone one, a country, or a clear giant."""
    if not candidates:
        return None
    top = candidates[0]
    if len(candidates) == 1:
        return top
    if top.feature in ("country", "continent") and all(
        c.feature not in AREA_FEATURES for c in candidates[1:]
    ):
        # a country outranks its namesake towns, not a namesake state ("Georgia")
        return top
    second = candidates[1]
    if top.population >= 20 * max(second.population, 1) and top.population >= MIN_GUESS_POPULATION:
        return top
    return None


def article_context(mentions: list[Mention]) -> Context:
    """Countries and US states the article names without ambiguity."""
    countries: Counter[str] = Counter()
    admins: set[tuple[str, str]] = set()
    divisions: dict[str, dict[tuple[str, str], float]] = {}
    for mention in mentions:
        local = {
            (c.country, c.admin1)
            for c in mention.candidates
            if c.country and c.admin1 and c.feature not in ("admin1", "country", "continent")
        }
        if local and not mention.demonym:
            divisions.setdefault(clean_key(mention.text), {d: 1.0 / len(local) for d in local})
        if mention.demonym:
            if mention.candidates and mention.candidates[0].country:
                countries[mention.candidates[0].country] += 1
            continue
        sure = _unambiguous(mention.candidates)
        top = mention.candidates[0] if mention.candidates else None
        if (
            sure is None
            and top is not None
            and top.feature == "admin1"
            and top.country == "US"
            and top.admin1
            and all(c.feature not in AREA_FEATURES for c in mention.candidates[1:])
        ):
            # a US state outranks its namesake towns abroad ("Florida", Colombia)
            # as a state of the article, though not as its country
            admins.add(("US", top.admin1))
        if sure is None:
            shared = {c.country for c in mention.candidates}
            if len(shared) == 1 and None not in shared:
                countries[next(iter(c.country for c in mention.candidates if c.country))] += 1
            continue
        if sure.country:
            countries[sure.country] += 1
        if sure.feature in ("admin1", "admin2") and sure.admin1 and sure.country:
            admins.add((sure.country, sure.admin1))
    return Context(countries, admins, divisions)


_WELL_KNOWN_ALIAS = 1_000_000
"""Population from which a city's other names count wherever the article is from."""


def stray_alias(found: Candidate, mention: Mention, mentions: list[Mention]) -> bool:
    """Whether a town matched only by another of its names lies in a country the
    article never names, while it names others ("Ariana" of "an Ariana Grande
    concert" in a report from Manchester is not Aryanah in Tunisia)."""
    if (
        found.feature != "city"
        or found.population >= _WELL_KNOWN_ALIAS
        or normalise_name(found.name) == clean_key(mention.text)
    ):
        # a big city's other names are known the world over ("Kiev", "Bombay")
        return False
    others = article_context([m for m in mentions if m.text != mention.text]).countries
    return bool(others) and found.country not in others


_QUALIFIER = re.compile(r"\s*,\s*$")


def add_state_towns(mentions: list[Mention], context: Context, gazetteer: Gazetteer) -> None:
    """Add to each settlement-like mention the small towns of its name in the US
    states the article names ("Williston" in a report that names Florida gains
    Williston, Florida beside the larger Williston, North Dakota).

    Area and demonym mentions are left alone, and so is a name one of whose
    places has :data:`MIN_GUESS_POPULATION` people or more (a city that size is
    what the name means); the states are those of ``context.admins``.
    """
    states = sorted(code for country, code in context.admins if country == "US")
    if not states:
        return
    for mention in mentions:
        if mention.demonym or any(c.feature in AREA_FEATURES for c in mention.candidates[:1]):
            continue
        if any(c.population >= MIN_GUESS_POPULATION for c in mention.candidates):
            continue  # "Dayton" in an Indiana report is still Dayton, Ohio; "Athens" still Athens
        known = {c.id for c in mention.candidates}
        for state in states:
            mention.candidates.extend(c for c in gazetteer.us_towns(mention.text, state) if c.id not in known)


def qualify_by_state(
    text: str, mentions: list[Mention], chosen: dict[int, Candidate], gazetteer: Gazetteer | None = None
) -> None:
    """Keep only the candidates in the US state named right after a town ("Springfield, Ill.").

    A town with no candidate in that state takes the small town of that name
    there from ``gazetteer``; without one it keeps no candidate at all: the
    gazetteer lacks it ("Carlton, Georgia" is not Carlton in Australia).
    """
    for mention, after in itertools.pairwise(mentions):
        state = chosen.get(id(after))
        found = chosen.get(id(mention))
        if (
            found is None
            or state is None
            or found.feature in ("admin1", "admin2", "continent", "region")
            or not _QUALIFIER.match(text[mention.end : after.start])
        ):
            continue
        if state.feature != "admin1" or state.country != "US":
            # "Marysville, Washington": the state, not the capital, when the town lies in it
            state = next(
                (
                    s
                    for s in after.candidates
                    if s.feature == "admin1"
                    and s.country == "US"
                    and any(c.country == "US" and c.admin1 == s.admin1 for c in mention.candidates)
                ),
                None,
            )
            if state is None:
                continue
            chosen[id(after)] = state
        inside = [c for c in mention.candidates if c.country == "US" and c.admin1 == state.admin1]
        if not inside and gazetteer is not None and state.admin1:
            inside = gazetteer.us_towns(mention.text, state.admin1)
        if inside:
            mention.candidates = inside
            chosen[id(mention)] = inside[0]
        elif found.feature != "country":
            # a country in a list ("Saipan, Guam, Alaska") is left alone
            mention.candidates = []
            del chosen[id(mention)]


def drop_other_states(
    mentions: list[Mention], chosen: dict[int, Candidate], dateline_state: str | None
) -> set[int]:
    """Settle US towns of fewer than :data:`MIN_GUESS_POPULATION` people that lie
    outside the state the text puts them in; return the ids of the mentions left
    with no place.

    A town is put in a state by a state named after it in its sentence ("near
    Butte in central North Dakota"; a state before it, as in "the Ohio man was
    arrested in Kalamazoo", says where the man is from), else, for a name with
    namesakes, by the dateline's state. The town's namesake in that state is
    taken when the gazetteer has one; otherwise the mention keeps no place (the
    gazetteer lacks the town meant), and the caller must not place it at the
    article's city either. A name with a single place, outside every such
    state, keeps it unless its own sentence names another state after it.
    """
    after: dict[str, list[tuple[int, str]]] = {}
    for mention in mentions:
        state = chosen.get(id(mention))
        if state is not None and state.feature == "admin1" and state.country == "US" and state.admin1:
            after.setdefault(mention.sentence, []).append((mention.start, state.admin1))
    dropped: set[int] = set()
    for mention in mentions:
        found = chosen.get(id(mention))
        if (
            found is None
            or found.country != "US"
            or found.feature != "city"
            or found.population >= MIN_GUESS_POPULATION
        ):
            continue
        states = {code for start, code in after.get(mention.sentence, []) if start > mention.start}
        if not states and dateline_state and len(mention.candidates) > 1:
            states = {dateline_state}
        if not states or found.admin1 in states:
            continue
        inside = [c for c in mention.candidates if c.country == "US" and c.admin1 in states]
        if inside:
            chosen[id(mention)] = max(inside, key=lambda c: c.population)
            continue
        mention.candidates = []
        del chosen[id(mention)]
        dropped.add(id(mention))
    return dropped
