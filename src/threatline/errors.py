"""Errors of Threatline.

Hierarchy::

    ThreatlineError          base of every error the library raises on purpose
    ├── UsageError           a bad argument or option (the CLI exits 2)
    ├── StoreError           the database cannot be opened or migrated (exit 3)
    ├── InputError           an input cannot be read at all (counted, never raised out of a batch)
    │   └── FetchError       a URL could not be fetched or was refused
    └── DataFileError        a bundled or user data file (KB, ontology, patterns) is invalid

Per-article failures inside a batch are never raised to the caller: they are
recorded with the stage that failed and counted in the run's summary.
"""

from __future__ import annotations


class ThreatlineError(Exception):
    """Base class of deliberate Threatline errors."""


class UsageError(ThreatlineError):
    pass


class StoreError(ThreatlineError):
    pass


class InputError(ThreatlineError):
    pass


class FetchError(InputError):
    pass


class DataFileError(ThreatlineError):
    pass
