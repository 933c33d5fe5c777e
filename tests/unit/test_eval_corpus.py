"""bench/eval_corpus.py scores the coder as its docstring defines: an event belongs to an item's actor
pair in either order, the dyad needs the direction (except for symmetric types), claim status and
claimant are judged on the matched event, negatives and traps fail on a forbidden reading."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # bench/ is a top-level folder of the checkout, not an installed package
    sys.path.insert(0, str(ROOT))

from bench import eval_corpus  # noqa: E402
from newswatch.model import ExtractedEvent  # noqa: E402


def event(event_type, a1, a2, status="reported", by=None, contexts=(), confidence=0.8) -> ExtractedEvent:
    return ExtractedEvent(event_type, None, tuple(contexts), a1, a1, None, a2, a2, None, dt.date(2024, 6, 15), "day",
                          "publication", None, None, None, status, by, by, "s", 0, 1, confidence, "p", "test")


def item(text, source, target, event_type, status="reported", by=None, forbidden=(), kind="template", shapes=()):
    return {"id": f"x.{text}", "text": text, "source": {"text": source, "code": source},
            "target": {"text": target, "code": target} if target else None, "event_type": event_type, "mode": None,
            "contexts": [], "claim_status": status if event_type else None, "claimed_by": by, "split": "dev",
            "kind": kind, "notes": "", "forbidden": list(forbidden), "shapes": list(shapes)}


def test_type_dyad_status_and_claimant_are_scored_on_the_pair():
    items = [
        item("a", "IRN", "RUS", "AID", "alleged", "USA"),  # all right
        item("b", "IRN", "RUS", "AID"),  # right type, wrong direction
        item("c", "DEU", "FRA", "CONSULT"),  # symmetric: reversed is right
        item("d", "PRK", None, "MOBILIZE"),  # one-sided
        item("e", "CHN", "RUS", "AID"),  # missed: only a CONSULT for the pair
    ]
    coded = {"a": [event("AID", "IRN", "RUS", "alleged", "USA")], "b": [event("AID", "RUS", "IRN")],
             "c": [event("CONSULT", "FRA", "DEU")], "d": [event("MOBILIZE", "PRK", None, "alleged")],
             "e": [event("CONSULT", "CHN", "RUS"), event("AID", "CHN", "IRN")]}
    n = eval_corpus.evaluate_corpus(items, coded)["n"]
    assert (n["gold"], n["type"], n["dyad"]) == (5, 4, 3)
    assert (n["status"], n["by"], n["all"]) == (3, 4, 2)  # "d" is alleged for a reported gold
    result = eval_corpus.evaluate_corpus(items, coded)
    assert result["confusion"][("AID", "CONSULT")] == 1
    assert result["per_type"]["AID"]["coded"] == 2  # the CHN->IRN event is on no labelled pair: not judged
    assert result["n"]["unjudged"] == 1


def test_a_negative_fails_only_on_a_forbidden_reading_and_facts_are_counted():
    never = [{"event_type": "AID", "claim_status": ["reported", "confirmed", "alleged", "planned"]}]
    items = [item("f", "DEU", "UKR", None, forbidden=never, kind="negative"),
             item("g", "DEU", "UKR", None, forbidden=never, kind="negative"),
             item("h", "DEU", "UKR", None, forbidden=never, kind="negative")]
    coded = {"f": [event("AID", "DEU", "UKR", "denied", "DEU")],  # a denial is allowed
             "g": [event("AID", "UKR", "DEU", "reported")],  # reversed, still the pair: a fact
             "h": [event("AID", "DEU", "UKR", "planned")]}  # forbidden, but not as fact
    n = eval_corpus.evaluate_corpus(items, coded)["n"]
    assert (n["neg"], n["neg_ok"], n["nonfact_as_fact"]) == (3, 1, 1)


def test_a_trap_rule_matches_type_pair_status_claimant_and_context():
    rule = {"event_type": "AID", "source": "IRN", "target": "RUS", "claim_status": ["alleged"], "claimed_by": "UKR"}
    assert eval_corpus.breaks(event("AID", "RUS", "IRN", "alleged", "UKR"), rule, "IRN", "RUS")
    assert not eval_corpus.breaks(event("AID", "IRN", "RUS", "alleged", "USA"), rule, "IRN", "RUS")
    military = {"event_type": "AID", "claim_status": ["reported"], "context": "military"}
    assert not eval_corpus.breaks(event("AID", "ESP", "UKR", contexts=["humanitarian"]), military, "ESP", "UKR")
    assert eval_corpus.breaks(event("AID", "ESP", "UKR", contexts=["military"]), military, "ESP", "UKR")
    anyone = {"event_type": "COERCE", "claim_status": ["reported"]}
    assert eval_corpus.breaks(event("COERCE", "IRN", None), anyone, "IRN", None)


def test_traps_count_only_facts_and_list_each_offender():
    traps = [{"id": "t1", "text": "p", "trap": "pledge", "published": "2024-01-01",
              "forbidden": [{"event_type": "AID", "source": "DEU", "target": "UKR", "claim_status": ["reported", "confirmed"]}]},
             {"id": "t2", "text": "q", "trap": "pledge", "published": "2024-01-01",
              "forbidden": [{"event_type": "AID", "source": "DEU", "target": "UKR", "claim_status": ["reported", "alleged"]}]}]
    coded = {"p": [event("AID", "DEU", "UKR", "reported")], "q": [event("AID", "DEU", "UKR", "alleged")]}
    result = eval_corpus.evaluate_traps(traps, coded)
    assert [t["id"] for t, _ in result["offending"]] == ["t1"]
    assert [t["id"] for t, _ in result["other"]] == ["t2"]


def test_the_script_runs_the_real_coder_on_files_and_prints_every_figure(tmp_path, capsys):
    corpus = tmp_path / "dev.jsonl"
    corpus.write_text(json.dumps(item("Russia delivered tanks to Iran on Monday.", "RUS", "IRN", "AID")) + "\n")
    traps = tmp_path / "traps.jsonl"
    traps.write_text(json.dumps({"id": "t1", "text": "Did Russia deliver tanks to Iran?", "published": "2024-01-02",
                                 "trap": "question", "allowed_note": "",
                                 "forbidden": [{"event_type": "AID", "source": "RUS", "target": "IRN",
                                                "claim_status": ["reported", "confirmed"]}]}) + "\n")
    assert eval_corpus.main(["--corpus", str(corpus), "--traps", str(traps)]) == 0
    out = capsys.readouterr().out
    for label in ("type accuracy", "dyad accuracy", "claim status | type", "claimed_by | type", "negatives correct",
                  "per type:", "traps: 1 items; non-facts coded as facts:"):
        assert label in out
    assert eval_corpus.main(["--corpus", str(corpus), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert {"type", "dyad", "claim_status", "claimed_by", "recall", "precision"} <= set(figures)
