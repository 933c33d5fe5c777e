"""MinHash signatures, LSH band keys and the in-memory index (pure functions)."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import numpy as np

from newswatch.projections import near_index
from newswatch.screen import neardup

ROOT = Path(__file__).resolve().parents[2]

WORDS = ("ministers officials border shipment artillery shells satellite railway port talks summit "
         "sanctions envoy treaty navy drills missile launch agency briefing lawmakers").split()


def story(seed: int, n: int = 150) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) + str(rng.randrange(40)) for _ in range(n))


def edit(text: str, seed: int = 1, every: int = 30) -> str:
    rng = random.Random(seed)
    words = text.split()
    for _ in range(len(words) // every):
        words[rng.randrange(len(words))] = "changed"
    return "WIRE (Agency) - " + " ".join(words) + " Copyright 2026 Agency. All rights reserved."


def test_a_lightly_edited_copy_scores_high_and_a_different_story_scores_low():
    original = neardup.signature(story(1))
    assert neardup.similarity(original, neardup.signature(edit(story(1)))) >= neardup.SIMILARITY_THRESHOLD
    assert neardup.similarity(original, neardup.signature(story(2))) < 0.1


def test_case_punctuation_and_spacing_do_not_change_the_signature():
    text = story(3)
    noisy = "  " + text.upper().replace(" ", " ,  ") + " ."
    assert np.array_equal(neardup.signature(text), neardup.signature(noisy))


def test_signatures_are_stable_across_processes():
    """Hash seeds differ per process; a recorded signature must still match a new one."""
    code = ("from newswatch.screen import neardup; from newswatch.projections import near_index; from tests.unit.test_neardup import story; "
            "print(near_index.encode(neardup.signature(story(5))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT, env={"PYTHONHASHSEED": "123", "PYTHONPATH": str(ROOT)})
    assert out.stdout.strip() == near_index.encode(neardup.signature(story(5)))


def test_a_text_too_short_to_compare_has_no_signature():
    assert neardup.signature("Live updates: the summit in Vladivostok") is None
    assert neardup.signature("") is None


def test_encoding_round_trips_and_band_keys_fit_a_bigint():
    sig = neardup.signature(story(4))
    assert np.array_equal(near_index.decode(near_index.encode(sig)), sig)
    keys = near_index.band_keys(sig)
    assert len(keys) == near_index.BANDS == len(set(keys))
    assert all(0 <= k < 2**63 for k in keys)


def test_the_same_band_values_in_two_bands_give_different_keys():
    sig = np.zeros(near_index.NUM_PERM, dtype=np.uint32)
    assert len(set(near_index.band_keys(sig))) == near_index.BANDS


def test_the_index_finds_the_most_similar_original_and_never_the_article_itself():
    index = neardup.NearDuplicateIndex({}, {})
    for n in (1, 2, 3):
        sig = neardup.signature(story(n))
        index.add(f"a{n}", sig, near_index.band_keys(sig))
    copy = neardup.signature(edit(story(2)))
    found = index.find("b", copy, near_index.band_keys(copy))
    assert found is not None and found.duplicate_of == "a2"
    assert neardup.SIMILARITY_THRESHOLD <= found.similarity < 1.0
    own = neardup.signature(story(3))
    assert index.find("a3", own, near_index.band_keys(own)) is None
    other = neardup.signature(story(9))
    assert index.find("c", other, near_index.band_keys(other)) is None


def test_an_index_loaded_from_rows_matches_one_built_in_memory():
    sig = neardup.signature(story(6))
    keys = near_index.band_keys(sig)
    index = neardup.NearDuplicateIndex.from_rows([(k, "a6") for k in keys], {"a6": near_index.encode(sig)})
    copy = neardup.signature(edit(story(6), seed=2))
    assert index.find("x", copy, near_index.band_keys(copy)).duplicate_of == "a6"
