"""Reading the YAML data files: one parser for every lexicon, pattern set and knowledge base.

libyaml's C parser reads the gazetteer additions and the knowledge base many times
faster than PyYAML's pure-Python parser, and both build the same plain data, so the
C parser is used wherever PyYAML was built with libyaml (its wheels are). Each
loader still validates what it reads and names its file in its own errors.
"""

from __future__ import annotations

from typing import IO, Any

import yaml

__all__ = ["parse_yaml"]

_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(source: str | IO[str]) -> Any:
    """The plain data (dicts, lists, strings, numbers) of one YAML document.

    Raises ``yaml.YAMLError`` when ``source`` is not valid YAML, as ``yaml.safe_load`` does.

    >>> parse_yaml("lemmas: [kill, murder]")
    {'lemmas': ['kill', 'murder']}
    """
    return yaml.load(source, Loader=_LOADER)  # noqa: S506 - a safe loader, C or Python
