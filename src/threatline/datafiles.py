"""Reading the YAML data files: one parser for every lexicon, pattern set and knowledge base.

libyaml's C parser reads the gazetteer additions and the knowledge base many times
faster than PyYAML's pure-Python parser, and both build the same plain data, so the
C parser is used wherever PyYAML was built with libyaml (its wheels are). Each
loader still validates what it reads and names its file in its own errors.
"""

from __future__ import annotations

import re
from importlib import resources
from typing import IO, Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from threatline.errors import DataFileError

__all__ = ["load_bundled", "parse_yaml", "regular_expressions"]

M = TypeVar("M", bound=BaseModel)

_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(source: str | IO[str]) -> Any:
    """The plain data (dicts, lists, strings, numbers) of one YAML document.

    Raises ``yaml.YAMLError`` when ``source`` is not valid YAML, as ``yaml.safe_load`` does.

    >>> parse_yaml("lemmas: [kill, murder]")
    {'lemmas': ['kill', 'murder']}
    """
    return yaml.load(source, Loader=_LOADER)  # noqa: S506 - a safe loader, C or Python


def load_bundled(name: str, model: type[M], what: str) -> M:
    """The bundled data file ``threatline/data/<name>``, read and validated as ``model``.

    Raises :class:`~threatline.errors.DataFileError` naming the file, what it holds
    and the problem when it cannot be read, is not YAML or does not validate.
    """
    path = resources.files("threatline.data").joinpath(name)
    try:
        return model.model_validate(parse_yaml(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise DataFileError(f"{name} ({what}) is invalid: {exc}") from exc


def regular_expressions(patterns: tuple[str, ...]) -> tuple[str, ...]:
    """``patterns`` unchanged if each compiles, for a data file's field validator; else
    ValueError naming the one that does not (pydantic reports ValueError only)."""
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as err:
            raise ValueError(f"not a regular expression: {pattern!r} ({err})") from err
    return patterns
