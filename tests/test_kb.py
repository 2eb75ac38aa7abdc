"""Tests of the knowledge base: loading, validation, lookup by date, fuzzy, patterns."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from threatline.analysis.kb import (
    ENV_VAR,
    KnowledgeBase,
    alias_key,
    default_kb,
    env_paths,
    is_case_sensitive,
)
from threatline.errors import DataFileError


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return default_kb()


def test_bundled_kb_is_broad(kb: KnowledgeBase) -> None:
    types = {e.type for e in kb}
    assert len(kb) >= 300
    assert {"group", "person", "government", "agency", "media", "place"} <= types


def test_fingerprint_is_stable_and_tracks_content(kb: KnowledgeBase, tmp_path: Path) -> None:
    assert KnowledgeBase.load().fingerprint == kb.fingerprint
    extra = tmp_path / "extra.yaml"
    extra.write_text("entities:\n- {id: islamic-state, aliases: [Dawla]}\n", encoding="utf-8")
    assert KnowledgeBase.load([extra]).fingerprint != kb.fingerprint


@pytest.mark.parametrize(
    ("alias", "on", "expected"),
    [
        ("IS", None, "islamic-state"),
        ("ISIS", None, "islamic-state"),
        ("Daesh", None, "islamic-state"),
        ("the Islamic State’s", None, "islamic-state"),
        ("ISKP", None, "is-khorasan"),
        ("IS-K", None, "is-khorasan"),
        ("Islamic State-Khorasan province", None, "is-khorasan"),
        ("Islamic State's Khorasan Province", None, "is-khorasan"),
        ("Islamic State – Khorasan Province", None, "is-khorasan"),
        ("Wilayat Qawqaz", None, "is-caucasus"),
        ("the Caucasus Province", None, "is-caucasus"),
        ("the Kremlin", None, "russian-government"),
        ("Moscow", None, "moscow"),
        ("JPost", None, "jerusalem-post"),
        ("The UK Independent", None, "the-independent"),
        ("Erdogan", None, "recep-tayyip-erdogan"),
        ("ERDOĞAN", None, "recep-tayyip-erdogan"),
        ("Russian President", dt.date(2010, 6, 1), "dmitry-medvedev"),
        ("Russian President", dt.date(2016, 8, 3), "vladimir-putin"),
        ("Russian President", None, "vladimir-putin"),
        ("Russian Defence Minister", dt.date(2016, 8, 3), "sergei-shoigu"),
        ("Russian Defence Minister", dt.date(2024, 9, 1), "andrei-belousov"),
        ("Syrian President", dt.date(2020, 1, 1), "bashar-al-assad"),
        ("Syrian President", dt.date(2025, 6, 1), "abu-mohammad-al-julani"),
        ("Jabhat al-Nusra", dt.date(2014, 1, 1), "al-nusra-front"),
        ("Jabhat al-Nusra", dt.date(2019, 1, 1), "hayat-tahrir-al-sham"),
        ("US President", dt.date(2019, 5, 1), "donald-trump"),
        ("US President", dt.date(2022, 5, 1), "joe-biden"),
        # outside its validity an alias still names its only holder
        ("President Trump", dt.date(2023, 1, 1), "donald-trump"),
    ],
)
def test_lookup(kb: KnowledgeBase, alias: str, on: dt.date | None, expected: str) -> None:
    entity = kb.lookup(alias, on)
    assert entity is not None
    assert entity.id == expected


@pytest.mark.parametrize("alias", ["is", "Is", "us", "Moscow government", "Islamic", ""])
def test_lookup_misses(kb: KnowledgeBase, alias: str) -> None:
    assert kb.lookup(alias) is None


def test_cities_are_not_governments(kb: KnowledgeBase) -> None:
    moscow = kb.lookup("Moscow")
    assert moscow is not None
    assert moscow.type == "place"
    assert "Moscow" not in kb.entity("russian-government").aliases


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Chechneya", "chechnya"),
        ("Daghestann", "dagestan"),
        ("Hezbolah", "hezbollah"),
        ("Vladimir Puttin", "vladimir-putin"),
    ],
)
def test_fuzzy_matches_misspellings(kb: KnowledgeBase, name: str, expected: str) -> None:
    found = kb.fuzzy(name)
    assert found is not None
    assert found[0].id == expected
    assert found[1] >= 90


@pytest.mark.parametrize("name", ["Rusia", "ISIL-X", "Crocus City Hall", "Khabarovsk"])
def test_fuzzy_rejects_short_or_distant_names(kb: KnowledgeBase, name: str) -> None:
    assert kb.fuzzy(name) is None


def test_fuzzy_respects_types(kb: KnowledgeBase) -> None:
    assert kb.fuzzy("Chechneya", types={"person"}) is None


def test_parents_and_membership(kb: KnowledgeBase) -> None:
    assert kb.parents("al-azaim") == ["is-khorasan", "islamic-state"]
    assert kb.entity("is-caucasus").parent == "islamic-state"
    assert kb.is_part_of("is-khorasan", "islamic-state")
    assert kb.is_part_of("islamic-state", "islamic-state")
    assert not kb.is_part_of("islamic-state", "is-khorasan")
    assert not kb.is_part_of("aqap", "islamic-state")


@pytest.mark.parametrize(
    ("entity", "country", "part"),
    [
        ("russian-government", "russia", True),  # the state's government stands for the country
        ("russian-military", "russia", True),  # and so does every body under it
        ("russia", "russian-government", False),  # the country is not part of its government
        ("russian-government", "ukraine", False),
        ("russian-government", "chechnya", False),  # a region is no country
        ("islamic-state", "russia", False),  # a group based nowhere in particular
    ],
)
def test_a_state_is_part_of_its_country(kb: KnowledgeBase, entity: str, country: str, part: bool) -> None:
    assert kb.is_part_of(entity, country) is part


def test_the_default_kb_is_loaded_once_per_process() -> None:
    assert default_kb() is default_kb()


def test_unknown_entity_raises(kb: KnowledgeBase) -> None:
    with pytest.raises(KeyError, match="no-such-actor"):
        kb.entity("no-such-actor")


def test_ruler_patterns(kb: KnowledgeBase) -> None:
    patterns = kb.ruler_patterns()
    by_text = {p["pattern"]: p for p in patterns}
    assert by_text["IS"] == {"label": "ORG", "pattern": "IS", "id": "islamic-state"}
    assert by_text["Vladimir Putin"]["label"] == "PERSON"
    assert by_text["Chechnya"]["label"] == "GPE"
    assert by_text["Islamic State’s Khorasan Province"]["id"] == "is-khorasan"
    assert by_text["Al-Qaeda"]["id"] == "al-qaeda"
    assert by_text["IS-K."]["id"] == "is-khorasan"
    assert "is" not in by_text
    assert len(by_text) == len(patterns)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("the Islamic State’s", "Islamic State"),
        ("ISIS’", "ISIS"),
        ("Islamic State-Khorasan  province", "Islamic State Khorasan province"),
    ],
)
def test_alias_key(text: str, key: str) -> None:
    assert alias_key(text) == key


@pytest.mark.parametrize(
    ("alias", "sensitive"),
    [
        ("IS", True),
        ("IS-K", True),
        ("ISIS", True),
        ("ISKP", True),
        ("NATO", True),
        ("Hamas", False),
        ("ISWAP", False),
    ],
)
def test_case_sensitivity(alias: str, sensitive: bool) -> None:
    assert is_case_sensitive(alias) is sensitive


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("entities:\n- {id: x-group, name: X, type: gang}\n", "id='x-group'"),
        (
            "entities:\n- {id: good, name: Good, type: group}\n- {id: Bad Id, name: B, type: group}\n",
            "entry 1",
        ),
        ("entities:\n- {id: x-group, name: X, type: group, wikidata: Q-12}\n", "wikidata"),
        ("entities:\n- {id: x-group, name: X, type: group, colour: red}\n", "colour"),
        ("entities:\n- {id: x-group, type: group}\n", "needs a name and a type"),
        ("entities:\n- {id: x-group, name: X, type: group, parent: nobody}\n", "unknown parent"),
        (
            "entities:\n- {id: a-group, name: A, type: group, parent: b-group}\n"
            "- {id: b-group, name: B, type: group, parent: a-group}\n",
            "parent cycle",
        ),
        (
            "entities:\n- {id: x-group, name: X, type: group,\n"
            "   aliases: [{alias: Y, from: 2020-01-01, until: 2019-01-01}]}\n",
            "ends before",
        ),
        ("entities: [unclosed\n", "invalid YAML"),
    ],
)
def test_bad_user_file_is_rejected_with_its_name(tmp_path: Path, content: str, fragment: str) -> None:
    path = tmp_path / "bad_kb.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        KnowledgeBase.load([path])
    assert "bad_kb.yaml" in str(info.value)
    assert fragment in str(info.value)


def test_missing_user_file_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"nowhere\.yaml"):
        KnowledgeBase.load([tmp_path / "nowhere.yaml"])


def test_user_file_adds_actor_and_aliases(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "entities:\n"
        "- {id: crimson-hand, name: Crimson Hand, type: group, parent: islamic-state, country: RU,\n"
        "   aliases: [Krasnaya Ruka, {alias: CH Brigade, from: 2020-01-01}]}\n"
        "- {id: is-caucasus, aliases: [Vilayat Kavkaz Province]}\n",
        encoding="utf-8",
    )
    kb = KnowledgeBase.load([path])
    added = kb.lookup("Krasnaya Ruka")
    assert added is not None
    assert added.id == "crimson-hand"
    assert kb.parents("crimson-hand") == ["islamic-state"]
    extended = kb.lookup("Vilayat Kavkaz Province")
    assert extended is not None
    assert extended.id == "is-caucasus"
    assert extended.name == "Islamic State Caucasus Province"
    assert kb.lookup("Wilayat Qawqaz") == extended
    assert any(p["pattern"] == "Krasnaya Ruka" for p in kb.ruler_patterns())


def test_user_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "only.yaml"
    path.write_text("entities:\n- {id: lone-cell, name: Lone Cell, type: group}\n", encoding="utf-8")
    kb = KnowledgeBase.load([path], include_default=False)
    assert [e.id for e in kb] == ["lone-cell"]


def test_env_var_names_user_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    monkeypatch.setenv(ENV_VAR, f"{a}{os.pathsep}{b}")
    assert env_paths() == [a, b]
    monkeypatch.delenv(ENV_VAR)
    assert env_paths() == []
