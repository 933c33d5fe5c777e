"""The claim traps (tests/fixtures/claim_traps/traps.jsonl): sentences whose non-facts must never be
coded as facts. The file is well formed, large enough, and every trap names actors the gazetteer
finds in its sentence, so each one tests the coder rather than the gazetteer."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

from newswatch.extract.dictionaries import load_dictionaries
from newswatch.extract.gazetteer import Gazetteer
from newswatch.ontology import shipped

TRAPS = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "claim_traps" / "traps.jsonl"
KINDS = {"negation", "no_evidence", "belief", "pledge", "denial", "halted", "conditional", "question", "trade",
         "plan", "hypothetical", "reported_speech"}


@pytest.fixture(scope="module")
def traps() -> list[dict]:
    with TRAPS.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def test_there_are_at_least_a_hundred_distinct_traps_of_every_kind(traps):
    assert len(traps) >= 100
    assert len({t["id"] for t in traps}) == len({t["text"] for t in traps}) == len(traps)
    assert set(Counter(t["trap"] for t in traps)) == KINDS


def test_every_trap_is_well_formed(traps):
    onto = shipped()
    for t in traps:
        assert set(t) == {"id", "text", "published", "trap", "forbidden", "allowed_note"}, t["id"]
        dt.date.fromisoformat(t["published"])
        assert t["forbidden"], t["id"]
        for rule in t["forbidden"]:
            assert set(rule) <= {"event_type", "source", "target", "claim_status", "claimed_by", "context"}, t["id"]
            assert rule["event_type"] in onto.event_types, t["id"]
            assert rule["claim_status"] and set(rule["claim_status"]) <= set(onto.claim_ranks), t["id"]
            assert rule.get("context") is None or rule["context"] in onto.contexts, t["id"]
        # every trap forbids at least one reading as fact: that is what the eval counts
        assert any({"reported", "confirmed"} & set(r["claim_status"]) for r in t["forbidden"]), t["id"]


def test_every_actor_a_trap_names_is_found_in_its_sentence(traps):
    gazetteer = Gazetteer(load_dictionaries())
    missing = []
    for t in traps:
        codes = {m.code for m in gazetteer.find(t["text"])}
        for rule in t["forbidden"]:
            for role in ("source", "target", "claimed_by"):
                if rule.get(role) and rule[role] not in codes:
                    missing.append((t["id"], role, rule[role], sorted(codes)))
    assert not missing, missing
