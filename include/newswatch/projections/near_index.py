"""The near-duplicate index's stored form: a MinHash signature as text in ArticleAccepted, and its
LSH band keys in ``newswatch.proj_article_bands``. The articles projection writes the index from
recorded signatures (so a replay rebuilds it exactly); screening computes signatures
(``screen.neardup``) and probes the same keys.
"""

from __future__ import annotations

import base64
import hashlib

import numpy as np

NUM_PERM = 128
# 32 bands of 4 rows: a pair is a candidate with probability 1-(1-J^4)^32, i.e. ~50% at
# J=0.35 and >99.9% at J=0.7, so lightly edited copies are found and the verification step
# (SIMILARITY_THRESHOLD on the full signature) rejects the rest. Chosen on ECB+ (bench/eval_dedup.py).
BANDS = 32
ROWS = NUM_PERM // BANDS


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 63-bit key per band (band number mixed in), for a bigint index."""
    rows = sig.astype("<u4").reshape(BANDS, ROWS)
    keys = []
    for band, values in enumerate(rows):
        digest = hashlib.blake2b(values.tobytes(), digest_size=8, person=band.to_bytes(2, "little") * 8)
        keys.append(int.from_bytes(digest.digest(), "little") >> 1)
    return keys


def encode(sig: np.ndarray) -> str:
    """A signature as text, for an event's JSON data."""
    return base64.b64encode(sig.astype("<u4").tobytes()).decode("ascii")


def decode(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<u4").astype(np.uint32)
