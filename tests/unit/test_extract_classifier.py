"""The learned event-type classifier: it fills the silence of the patterns, never overrides them,
never brings back what the modality rules silenced, and trains reproducibly.

Every sentence here is written for these tests.
"""

import datetime as dt
import importlib.util
import json
from pathlib import Path

import pytest

from newswatch.errors import ConfigError
from newswatch.extract import classifier, extract_events

PUBLISHED = dt.date(2023, 11, 8)
ROOT = Path(__file__).resolve().parents[2]


def coded(text: str) -> list:
    return extract_events(text, PUBLISHED)


def test_where_no_pattern_fires_the_classifier_proposes_the_event_with_its_provenance():
    # no verb pattern ("used chemical weapons against" has one since assault.cbrn: a loan has none)
    found = coded("Chile lent 2 billion dollars to Bolivia last week.")
    assault = [e for e in found if e.event_type == "AID"]
    assert [(e.actor1_code, e.actor2_code, e.claim_status) for e in assault] == [("CHL", "BOL", "reported")]
    model = classifier.model()
    assert assault[0].pattern_id == f"classifier:{model.name}"
    assert model.threshold <= assault[0].confidence <= 1.0  # the model's calibrated probability


def test_a_pattern_event_is_never_overridden_by_the_classifier():
    found = coded("Belgian jets dropped bombs on Syria overnight.")
    assert [e.pattern_id for e in found if e.event_type == "ASSAULT"] == ["assault.attack"]


@pytest.mark.parametrize("text", [
    "Chile never used chemical weapons against Bolivian villagers.",
    "Chile denied that its troops had used chemical weapons against Bolivian villagers.",
    "If Chile used chemical weapons against Bolivian villagers, Peru would respond.",
])
def test_the_classifier_never_turns_a_non_fact_into_a_fact(text):
    assert not [e for e in coded(text) if e.event_type == "ASSAULT" and e.claim_status in ("reported", "confirmed")]


def test_an_actor_the_patterns_coded_is_not_paired_again_by_the_classifier():
    found = coded("North Korea shipped rockets to Russia, US officials said on Friday, in a briefing.")
    assert [(e.event_type, e.actor1_code, e.actor2_code) for e in found] == [("AID", "PRK", "RUS")]


def test_a_missing_classifier_is_a_clear_configuration_error(tmp_path, monkeypatch):
    monkeypatch.setattr(classifier, "model_dir", lambda: tmp_path)
    with pytest.raises(ConfigError, match="event-type classifier"):
        classifier.model()


def _train_module():
    spec = importlib.util.spec_from_file_location("train_classifier", ROOT / "include/model/classifier/train.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _item(n: int, split: str, text: str, source: str, target: str | None, event_type: str | None) -> dict:
    return {"id": f"x.{n}", "text": text, "source": {"text": source, "code": source},
            "target": {"text": target, "code": target} if target else None, "event_type": event_type,
            "mode": None, "contexts": [], "claim_status": "reported" if event_type else None,
            "claimed_by": None, "split": split, "kind": "template", "notes": "", "forbidden": [], "shapes": []}


def test_training_is_seeded_and_reproducible(tmp_path, monkeypatch):
    pairs = [("Poland", "POL"), ("Hungary", "HUN"), ("Serbia", "SRB"), ("Romania", "ROU"), ("Bulgaria", "BGR"),
             ("Greece", "GRC")]
    lines = {"train": [], "dev": []}
    n = 0
    for k, (a, ca) in enumerate(pairs):
        for b, cb in pairs[k + 1 :]:
            split = "dev" if n % 5 == 0 else "train"
            lines[split].append(_item(n, split, f"{a} opened fire on {b} overnight.", ca, cb, "ASSAULT"))
            lines[split].append(_item(n + 1, split, f"{a} played football with {b} overnight.", ca, cb, None))
            n += 2
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for split, items in lines.items():
        (corpus / f"{split}.jsonl").write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    train = _train_module()
    outputs = []
    for run in ("a", "b"):
        out = tmp_path / run
        monkeypatch.setattr(train, "__file__", str(out / "train.py"))
        out.mkdir()
        assert train.main(["--corpus", str(corpus), "--output", str(out)]) == 0
        outputs.append(((out / "model.json").read_bytes(), (out / "weights.npz").read_bytes()))
    assert outputs[0] == outputs[1]
    meta = json.loads(outputs[0][0])
    assert {"ASSAULT>", "NONE"} <= set(meta["classes"]) and meta["seed"] == 13
