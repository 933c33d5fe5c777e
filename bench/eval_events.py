"""Event coding on the PLOVER gold-standard records: event type and source/target actor codes.

    python bench/eval_events.py PATH/plover-gsr-dev.json [--misses 20] [--half even|odd]

``--half even`` scores the records with an even index only (the tuning half: look at its misses),
``--half odd`` the others (the check: a rule that helps the even half and not the odd one was written
for sentences, not for the language; do not read the odd half's misses).

The records use PLOVER 0.5 names and CAMEO-era actor codes; both are mapped before scoring:
  types   DEMAND -> REQUEST, DISAPPROVE -> ACCUSE (mode disapprove), INVESTIGATE -> ACCUSE (mode
          investigate), FIGHT -> ASSAULT (PLOVER 2021 folded conventional fighting into ASSAULT);
          every other name is unchanged.
  actors  CAMEO country codes that differ from ISO 3166 (JAP, ITL, VTN...) -> ISO; the CAMEO
          classes IGO / NGO / IMG (no single organisation code) match any non-state code of ours
          (UNO, NATO, EU, HAMAS...).
Figures, over all records (a record counts as missed when nothing of its type is coded):
  type found     some coded event in the sentence has the gold type
  type top       the most confident coded event has the gold type
  source / target  among records with a gold source (target): an event of the gold type has
                 actor1 (actor2) equal to one of the gold codes; "|found" restricts to records
                 whose type was found.
  dyad right     over all records: one coded event of the gold type has both the gold source (when
                 the record has one) and the gold target (when it has one).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path

import pycountry

from newswatch.extract import extract_events

OLD_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
CAMEO_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "GMY": "DEU", "UK": "GBR", "SWZ": "CHE"}
CLASSES = {"IGO", "NGO", "IMG", "ISM"}
ISO = {c.alpha_3 for c in pycountry.countries}


def gold_codes(actors) -> set[str]:
    if not isinstance(actors, list):
        return set()
    return {CAMEO_CODES.get(a.get("code"), a.get("code")) for a in actors if a.get("code")}


def code_matches(predicted: str | None, gold: set[str]) -> bool:
    if predicted is None:
        return False
    if predicted in gold:
        return True
    return predicted not in ISO and bool(gold & CLASSES)


def evaluate(records: list[dict]) -> tuple[dict, list[dict], list[float]]:
    n = len(records)
    counts = dict.fromkeys(["found", "top", "src_n", "src", "src_found", "tgt_n", "tgt", "tgt_found",
                            "src_found_n", "tgt_found_n", "none", "events", "dyad"], 0)
    misses: list[dict] = []
    per_sentence_ms: list[float] = []
    for r in records:
        gold_type = OLD_TYPES.get(r["event"], r["event"])
        published = dt.date.fromisoformat(r.get("date") or "2000-01-01")
        t0 = time.perf_counter()
        found = extract_events(r["text"], published)
        per_sentence_ms.append((time.perf_counter() - t0) * 1000)
        counts["events"] += len(found)
        if not found:
            counts["none"] += 1
        same = [e for e in found if e.event_type == gold_type]
        hit = bool(same)
        counts["found"] += hit
        if found and max(found, key=lambda e: e.confidence).event_type == gold_type:
            counts["top"] += 1
        src, tgt = gold_codes(r.get("source")), gold_codes(r.get("target"))
        src_ok = tgt_ok = None
        if src:
            counts["src_n"] += 1
            src_ok = any(code_matches(e.actor1_code, src) for e in same)
            counts["src"] += src_ok
            counts["src_found_n"] += hit
        if tgt:
            counts["tgt_n"] += 1
            tgt_ok = any(code_matches(e.actor2_code, tgt) for e in same)
            counts["tgt"] += tgt_ok
            counts["tgt_found_n"] += hit
        counts["dyad"] += any((not src or code_matches(e.actor1_code, src)) and (not tgt or code_matches(e.actor2_code, tgt))
                              for e in same)
        if not hit or src_ok is False or tgt_ok is False:
            misses.append({"id": r["id"], "gold": gold_type, "src": sorted(src), "tgt": sorted(tgt),
                           "coded": [(e.event_type, e.actor1_code, e.actor2_code) for e in found],
                           "text": r["text"]})
    figures = {
        "records": n,
        "type_found": counts["found"] / n,
        "type_top": counts["top"] / n,
        "dyad_right": counts["dyad"] / n,
        "source_code": counts["src"] / max(counts["src_n"], 1),
        "target_code": counts["tgt"] / max(counts["tgt_n"], 1),
        "source_code|found": counts["src"] / max(counts["src_found_n"], 1),
        "target_code|found": counts["tgt"] / max(counts["tgt_found_n"], 1),
        "no_event": counts["none"] / n,
        "events_per_sentence": counts["events"] / n,
    }
    return figures, misses, per_sentence_ms


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="plover-gsr-dev.json")
    parser.add_argument("--misses", type=int, default=0, help="print this many misses")
    parser.add_argument("--half", choices=("even", "odd"), help="score only the records of even (odd) index")
    args = parser.parse_args(argv)
    records = json.loads(args.path.read_text(encoding="utf-8"))
    if args.half:
        records = records[0 if args.half == "even" else 1::2]
    extract_events("Warm-up.", dt.date(2000, 1, 1))  # dictionaries compile once, outside the timing
    figures, misses, ms = evaluate(records)
    for key, value in figures.items():
        print(f"{key:22} {value:.3f}" if isinstance(value, float) else f"{key:22} {value}")
    print(f"{'ms_per_sentence':22} {statistics.median(ms):.3f} (median)")
    by_type: dict[str, list[int]] = {}
    for r in records:
        by_type.setdefault(OLD_TYPES.get(r["event"], r["event"]), [0, 0])[1] += 1
    missed_ids = {m["id"] for m in misses if m["gold"] not in [c[0] for c in m["coded"]]}
    for r in records:
        if r["id"] not in missed_ids:
            by_type[OLD_TYPES.get(r["event"], r["event"])][0] += 1
    print("type found, per gold type: " + ", ".join(f"{t} {a}/{b}" for t, (a, b) in sorted(by_type.items())))
    for m in misses[: args.misses]:
        print(json.dumps(m, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
