"""Near-duplicate detection: MinHash signatures over word shingles, banded for LSH lookup.

A syndicated or lightly edited copy (wire prefix, boilerplate, a few words changed, a new
headline) shares most of its word shingles with the original, so the share of equal MinHash
values estimates their Jaccard similarity. The signature's stored form and its LSH band keys
(``projections.near_index``) are the articles projection's index, so a lookup costs a few index
probes however many articles are stored. Pure functions; the permutations are fixed constants, so a
signature computed today matches one recorded a year ago.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from newswatch.projections.near_index import NUM_PERM, decode

SHINGLE_WORDS = 3
# Estimated Jaccard similarity above which an article is a near-duplicate. On ECB+ reports of the
# same seminal event by different outlets topped out well below this; edited reprints sat above.
SIMILARITY_THRESHOLD = 0.5
# Below this many words a text is a teaser or a caption: similar teasers are not the same story,
# and their shingle sets are too small for a stable estimate. Such articles get exact dedup only.
MIN_WORDS = 25

_MASK32 = np.uint64(0xFFFFFFFF)
_SHIFT = np.uint64(32)
_WORD = re.compile(r"\w+", re.UNICODE)


def _constants() -> tuple[np.ndarray, np.ndarray]:
    """NUM_PERM multiply-shift hash functions (odd multipliers), derived from a fixed seed."""
    raw = hashlib.shake_256(b"newswatch-minhash-v1").digest(NUM_PERM * 16)
    values = np.frombuffer(raw, dtype="<u8").reshape(NUM_PERM, 2)
    return (values[:, 0] | np.uint64(1)).reshape(-1, 1), values[:, 1].reshape(-1, 1)


_A, _B = _constants()


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    duplicate_of: str
    similarity: float  # estimated Jaccard similarity of the two texts' shingle sets


def words(text: str) -> list[str]:
    """Casefolded word tokens: punctuation, case and spacing differences do not matter."""
    return _WORD.findall(unicodedata.normalize("NFKC", text or "").casefold())


def shingle_hashes(text: str, k: int | None = None) -> np.ndarray:
    """32-bit hashes of the distinct k-word shingles of ``text`` (empty when too short)."""
    k = k or SHINGLE_WORDS
    tokens = words(text)
    if len(tokens) < max(MIN_WORDS, k):
        return np.empty(0, dtype=np.uint64)
    # crc32 per word (deterministic across processes, unlike hash()), then a polynomial over
    # k consecutive words in uint64 arithmetic (wrapping is intended), kept to 32 bits.
    h = np.fromiter((zlib.crc32(t.encode()) for t in tokens), dtype=np.uint64, count=len(tokens))
    n = len(tokens) - k + 1
    acc = np.zeros(n, dtype=np.uint64)
    for i in range(k):
        acc = acc * np.uint64(0x100000001B3) + h[i:i + n]
    return np.unique((acc ^ (acc >> _SHIFT)) & _MASK32)


def signature(text: str, *, k: int | None = None) -> np.ndarray | None:
    """The MinHash signature (NUM_PERM uint32 values), or None for a text too short to compare."""
    shingles = shingle_hashes(text, k)
    if shingles.size == 0:
        return None
    # Multiply-shift: the top 32 bits of a*x+b (mod 2^64) are a universal hash of x.
    return ((_A * shingles + _B) >> _SHIFT).min(axis=1).astype(np.uint32)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


@dataclass
class NearDuplicateIndex:
    """Signatures and band keys of articles already accepted, as looked up from the store, plus
    those accepted earlier in the same batch (the first copy in a batch is the original)."""

    signatures: dict[str, np.ndarray]
    postings: dict[int, list[str]]

    @classmethod
    def from_rows(cls, bands: Iterable[tuple[int, str]], sigs: Mapping[str, str]) -> NearDuplicateIndex:
        postings: dict[int, list[str]] = {}
        for key, article_id in bands:
            postings.setdefault(key, []).append(article_id)
        return cls({a: decode(s) for a, s in sigs.items()}, postings)

    def find(self, article_id: str, sig: np.ndarray, keys: Sequence[int]) -> NearDuplicate | None:
        """The most similar indexed article at or above the threshold (ties: the smallest id)."""
        candidates = sorted({c for key in keys for c in self.postings.get(key, ())
                             if c != article_id and c in self.signatures})
        if not candidates:
            return None
        # All candidates at once: template-heavy text (agency boilerplate) shares bands with
        # dozens of stories, and one numpy call per pair cost more than the comparison.
        scores = np.count_nonzero(np.stack([self.signatures[c] for c in candidates]) == sig, axis=1) / len(sig)
        best = int(np.argmax(scores))  # the first maximum: the smallest id among equals
        if scores[best] < SIMILARITY_THRESHOLD:
            return None
        return NearDuplicate(candidates[best], round(float(scores[best]), 4))

    def add(self, article_id: str, sig: np.ndarray, keys: Sequence[int]) -> None:
        self.signatures[article_id] = sig
        for key in keys:
            self.postings.setdefault(key, []).append(article_id)
