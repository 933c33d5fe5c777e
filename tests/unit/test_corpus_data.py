"""The coder's labelled corpus (include/model/corpus): the committed files are what the seeded
generator makes, every label is one the ontology allows, every labelled actor is one the gazetteer
finds where the label says, and the corpus is as large, balanced and split as the issue asks."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest

from newswatch.ontology import shipped

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "include" / "model" / "corpus"
FIELDS = {"id", "text", "source", "target", "event_type", "mode", "contexts", "claim_status", "claimed_by",
          "split", "kind", "notes", "forbidden", "shapes"}
KINDS = {"template", "natural", "distractor", "negative"}


def _generator():
    spec = importlib.util.spec_from_file_location("corpus_generate", CORPUS / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generate():
    return _generator()


@pytest.fixture(scope="module")
def records() -> list[dict]:
    out = []
    for split in ("train", "dev"):
        with (CORPUS / f"{split}.jsonl").open(encoding="utf-8") as f:
            out.extend(json.loads(line) for line in f)
    return out


def test_the_committed_files_are_what_the_seeded_generator_makes(generate, records):
    rebuilt = generate.build()
    assert [json.dumps(r, sort_keys=True) for r in rebuilt] == [json.dumps(r, sort_keys=True) for r in
                                                                sorted(records, key=_order(rebuilt))]


def _order(rebuilt: list[dict]):
    position = {r["id"]: i for i, r in enumerate(rebuilt)}
    return lambda r: position.get(r["id"], len(position))


def test_every_item_has_the_documented_fields_and_values(records):
    ids = Counter(r["id"] for r in records)
    assert not [i for i, k in ids.items() if k > 1]
    for r in records:
        assert set(r) == FIELDS, r["id"]
        assert r["kind"] in KINDS and r["split"] in ("train", "dev"), r["id"]
        assert isinstance(r["source"], dict) and set(r["source"]) == {"text", "code"}, r["id"]
        assert r["target"] is None or set(r["target"]) == {"text", "code"}, r["id"]
        if r["event_type"] is None:
            assert r["claim_status"] is None and r["claimed_by"] is None and r["mode"] is None, r["id"]
            assert r["forbidden"] or r["kind"] in ("distractor", "natural"), r["id"]


def test_every_label_is_one_the_ontology_allows(records):
    onto = shipped()
    for r in records:
        t = r["event_type"]
        if t is not None:
            assert t in onto.event_types, r["id"]
            assert r["mode"] is None or r["mode"] in onto.modes[t], (r["id"], r["mode"])
            assert r["claim_status"] in onto.claim_ranks, r["id"]
        assert set(r["contexts"]) <= onto.contexts, (r["id"], r["contexts"])
        for rule in r["forbidden"]:
            assert rule["event_type"] in onto.event_types, r["id"]
            assert rule["claim_status"] and set(rule["claim_status"]) <= set(onto.claim_ranks), r["id"]


def test_every_labelled_actor_and_claimant_is_found_by_the_gazetteer(generate, records):
    assert generate.check(records) == []


def test_size_balance_and_natural_share_meet_the_issue(records):
    per_type = Counter(r["event_type"] for r in records if r["event_type"])
    assert len(records) >= 3000
    assert set(per_type) == set(shipped().event_types)
    assert min(per_type.values()) >= 100, per_type
    natural = {r["text"] for r in records if r["kind"] == "natural"}
    assert len(natural) >= 300
    assert Counter(r["kind"] for r in records).keys() == KINDS


def test_the_split_is_fixed_by_the_sentence_id_and_covers_every_type(generate, records):
    by_sentence: dict[str, set] = {}
    for r in records:
        sentence = r["id"].rsplit(".", 1)[0]
        assert r["split"] == generate.split_of(sentence), r["id"]
        by_sentence.setdefault(r["text"], set()).add(r["split"])
    assert all(len(s) == 1 for s in by_sentence.values())  # a sentence never sits on both sides
    dev = [r for r in records if r["split"] == "dev"]
    assert 0.15 <= len(dev) / len(records) <= 0.25
    assert {r["event_type"] for r in dev} == {r["event_type"] for r in records}  # null included


def test_the_distractor_conventions_hold(records):
    for r in records:
        notes = r["notes"]
        if notes.startswith("s.trade") or notes.startswith("trade."):
            assert r["event_type"] is None and any(f["event_type"] == "AID" for f in r["forbidden"]), r["id"]
        if r["event_type"] == "AID" and "humanitarian" in r["contexts"]:
            assert "military" not in r["contexts"], r["id"]
        if "talks_about_arms" in r["shapes"] and r["event_type"] is not None:
            assert r["event_type"] == "CONSULT", r["id"]
            assert any(f["event_type"] == "AID" for f in r["forbidden"]), r["id"]
        if "commitment" in r["shapes"] and r["kind"] == "template" and r["event_type"] == "AGREE":
            assert r["claim_status"] in ("planned", "reported"), r["id"]


def test_a_belief_names_the_believer_never_the_subject(records):
    believed = [r for r in records if "belief" in r["shapes"] and r["event_type"] and r["kind"] != "natural"]
    assert believed
    for r in believed:
        # planned and alleged rank alike: a promise someone is believed to have made stays planned
        assert r["claim_status"] in (("alleged", "planned") if r["event_type"] == "AGREE" else ("alleged",)), r["id"]
        assert r["claimed_by"] is None or r["claimed_by"] not in (r["source"]["code"], (r["target"] or {}).get("code")), r["id"]


def test_the_split_hash_is_stable(generate):
    # a change here would move items between train and dev: the README promises it never does
    assert [generate.split_of(f"t.aid.to.{n:03d}") for n in range(1, 11)] == [
        generate.split_of(f"t.aid.to.{n:03d}") for n in range(1, 11)]
    assert generate.split_of("n.001") in ("train", "dev")
    assert sum(generate.split_of(f"x.{n}") == "dev" for n in range(5000)) in range(900, 1100)
