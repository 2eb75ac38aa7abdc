"""Exact and near-duplicate detection.

Exact duplicates share the hash of their normalised text. Near-duplicates
(syndicated copies with another first line, appended share links, a changed
byline) are found with MinHash signatures (datasketch) and LSH banding. The
bands are stored as rows in the database (``lsh_bands``), not in memory, so a
new article is compared only with the articles that share a band with it, and
the index grows with the store to millions of articles without being rebuilt.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
THRESHOLD = 0.8
"""Estimated Jaccard similarity of word shingles above which two texts are one article."""
SHINGLE = 5
SEED = 7
BANDS, ROWS = 16, 8
"""LSH banding of the 128 permutations. Two texts share a band with probability
1 - (1 - J**8)**16: 0.95 at Jaccard 0.8 (a near-copy is almost never missed),
0.06 at 0.5 (few candidates to verify). Candidates are confirmed by comparing
whole signatures against THRESHOLD."""

_WORD = re.compile(r"\w+", re.UNICODE)


def normalise(text: str) -> str:
    """Lower-case words joined by single spaces: what duplicate tests compare."""
    return " ".join(_WORD.findall(text.lower()))


def text_hash(text: str) -> str:
    """SHA-256 of the normalised text (exact duplicates share it)."""
    return hashlib.sha256(normalise(text).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Signature:
    """A MinHash signature and the LSH band keys derived from it."""

    values: np.ndarray

    def band_keys(self) -> list[tuple[int, str]]:
        return [
            (
                band,
                hashlib.blake2b(
                    self.values[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=12
                ).hexdigest(),
            )
            for band in range(BANDS)
        ]

    def similarity(self, other: Signature) -> float:
        """Estimated Jaccard similarity of the two shingle sets."""
        return float(np.count_nonzero(self.values == other.values)) / len(self.values)

    def to_bytes(self) -> bytes:
        return self.values.astype(np.uint64).tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        return cls(np.frombuffer(data, dtype=np.uint64))


def signature(text: str) -> Signature:
    """The MinHash signature of the text's word shingles.

    Texts shorter than one shingle are hashed word by word so that they still
    get a signature.
    """
    words = normalise(text).split()
    size = SHINGLE if len(words) >= SHINGLE else 1
    shingles = {" ".join(words[i : i + size]).encode() for i in range(max(1, len(words) - size + 1))}
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED)
    minhash.update_batch(list(shingles))
    return Signature(minhash.hashvalues.copy())
