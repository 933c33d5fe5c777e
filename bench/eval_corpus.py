"""The coder on its own labelled corpus and on the claim traps.

    python bench/eval_corpus.py --corpus include/model/corpus/dev.jsonl \
        --traps tests/fixtures/claim_traps/traps.jsonl [--misses 10] [--json]

Each corpus sentence is coded once (published 2024-06-15, the items carry no date); each item is one
actor pair of it (format: include/model/corpus/README.md). An event is "of the pair" when its two
codes are the item's source and target in either order; for a one-sided item (no target), when its
source is the item's source. Figures:

  type          items with a gold type: share where an event of the pair has that type
  dyad          ... where an event of that type has actor1 = source and actor2 = target (no actor2 for
                a one-sided item); either order for the ontology's symmetric types (CONSULT, COOPERATE)
  claim status  items whose type was found: share where the matched event has the gold claim status
                (the matched event: the dyad-right one if any, else the most confident of the type)
  claimed_by    items whose type was found: share where the matched event's claimant code is the gold one
                (both none counts as right)
  all four      items with a gold type: type, dyad, claim status and claimed_by all right
  negatives     items with no gold type: share with no event that breaks the item's `forbidden` list
  non-facts as facts   items (any) with a forbidden event coded reported or confirmed
  precision     per type: coded events of the type on a pair some item labels, share whose item has that type
                (events on pairs no item labels are not judged)

Traps: an event breaks a trap's forbidden entry when its type is the entry's (any, if none), its two
codes include the entry's source and target (either order; a missing one matches any), its claim status
is listed, and, when the entry names them, its claimant and context match. The headline is the number of
traps with a non-fact coded as fact (a forbidden reported/confirmed event); each is listed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from newswatch.extract import extract_events
from newswatch.ontology import shipped

PUBLISHED = dt.date(2024, 6, 15)
FACT = frozenset(["reported", "confirmed"])


def load_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def code_all(texts: list[tuple[str, dt.date]]) -> tuple[dict[str, list], float]:
    """Every distinct text coded once; also the seconds it took."""
    extract_events("Warm-up.", PUBLISHED)  # dictionaries (and any model) load outside the timing
    started = time.perf_counter()
    coded = {}
    for text, published in texts:
        if text not in coded:
            coded[text] = extract_events(text, published)
    return coded, time.perf_counter() - started


def of_pair(event, source: str, target: str | None) -> bool:
    if target is None:
        return event.actor1_code == source
    return sorted([event.actor1_code, event.actor2_code or ""]) == sorted([source, target])


def dyad_right(event, source: str, target: str | None, symmetric: bool) -> bool:
    if event.actor1_code == source and event.actor2_code == target:
        return True
    return symmetric and target is not None and event.actor1_code == target and event.actor2_code == source


def breaks(event, rule: dict, source: str | None, target: str | None) -> bool:
    """Whether ``event`` is one that ``rule`` (a forbidden entry) forbids for this pair."""
    if rule.get("event_type") and event.event_type != rule["event_type"]:
        return False
    if event.claim_status not in rule.get("claim_status", []):
        return False
    if rule.get("claimed_by") and event.claimed_by != rule["claimed_by"]:
        return False
    if rule.get("context") and rule["context"] not in event.contexts:
        return False
    codes = [event.actor1_code, event.actor2_code]
    wanted = [c for c in (source, target) if c]
    if len(wanted) == 2:
        return sorted(c or "" for c in codes) == sorted(wanted)
    return all(c in codes for c in wanted)


def evaluate_corpus(items: list[dict], coded: dict[str, list]) -> dict:
    onto = shipped()
    n = Counter()
    per_type = defaultdict(Counter)
    per_kind = defaultdict(Counter)
    per_shape = defaultdict(Counter)
    confusion = Counter()
    misses: dict[str, list] = defaultdict(list)
    labels_by_text: dict[str, dict[frozenset, str | None]] = defaultdict(dict)
    for it in items:
        pair = frozenset([it["source"]["code"], (it["target"] or {}).get("code") or it["source"]["code"]])
        labels_by_text[it["text"]][pair] = it["event_type"]
    for it in items:
        events = coded[it["text"]]
        source, target = it["source"]["code"], (it["target"] or {}).get("code")
        gold = it["event_type"]
        pair_events = [e for e in events if of_pair(e, source, target)]
        violations = [e for e in events for rule in it.get("forbidden", []) if breaks(e, rule, source, target)]
        if any(e.claim_status in FACT for e in violations):
            n["nonfact_as_fact"] += 1
            misses["non-fact as fact"].append((it, violations))
        if gold is None:
            n["neg"] += 1
            ok = not violations
            n["neg_ok"] += ok
            per_kind[it["kind"]]["n"] += 1
            per_kind[it["kind"]]["ok"] += ok
            if not ok:
                misses["negative coded"].append((it, violations))
            continue
        n["gold"] += 1
        per_type[gold]["gold"] += 1
        same = [e for e in pair_events if e.event_type == gold]
        symmetric = gold in onto.symmetric_types
        dyad = [e for e in same if dyad_right(e, source, target, symmetric)]
        hit = bool(same)
        n["type"] += hit
        n["dyad"] += bool(dyad)
        per_type[gold]["hit"] += hit
        for shape in it.get("shapes", []):
            per_shape[shape]["n"] += 1
            per_shape[shape]["ok"] += hit
        per_kind[it["kind"]]["n"] += 1
        if not hit:
            found = sorted({e.event_type for e in pair_events}) or ["none"]
            confusion[(gold, "+".join(found))] += 1
            misses["type missed"].append((it, events))
            continue
        match = (dyad or sorted(same, key=lambda e: -e.confidence))[0]
        status_ok = match.claim_status == it["claim_status"]
        by_ok = match.claimed_by == it["claimed_by"]
        n["status"] += status_ok
        n["by"] += by_ok
        n["mode_n"] += it["mode"] is not None
        n["mode"] += it["mode"] is not None and match.event_mode == it["mode"]
        n["ctx"] += set(it["contexts"]) <= set(match.contexts)
        all_ok = bool(dyad) and status_ok and by_ok
        n["all"] += all_ok
        per_kind[it["kind"]]["ok"] += all_ok
        if not dyad:
            misses["dyad wrong"].append((it, same))
        if not status_ok:
            misses["claim status wrong"].append((it, [match]))
        if not by_ok:
            misses["claimed_by wrong"].append((it, [match]))
    for text, events in coded.items():
        labels = labels_by_text.get(text, {})
        for e in events:
            label = labels.get(frozenset([e.actor1_code, e.actor2_code or e.actor1_code]), "unjudged")
            if label == "unjudged":
                n["unjudged"] += 1
                continue
            per_type[e.event_type]["coded"] += 1
            per_type[e.event_type]["right"] += label == e.event_type
    return {"n": n, "per_type": per_type, "per_kind": per_kind, "per_shape": per_shape, "confusion": confusion,
            "misses": misses}


def evaluate_traps(traps: list[dict], coded: dict[str, list]) -> dict:
    offending, other = [], []
    per_trap = defaultdict(Counter)
    for t in traps:
        events = coded[t["text"]]
        bad = [(e, rule) for rule in t["forbidden"] for e in events
               if breaks(e, rule, rule.get("source"), rule.get("target"))]
        as_fact = [(e, r) for e, r in bad if e.claim_status in FACT]
        per_trap[t["trap"]]["n"] += 1
        per_trap[t["trap"]]["as_fact"] += bool(as_fact)
        if as_fact:
            offending.append((t, as_fact))
        elif bad:
            other.append((t, bad))
    return {"n": len(traps), "offending": offending, "other": other, "per_trap": per_trap}


def _pct(a: int, b: int) -> str:
    return f"{a / b:6.1%} ({a}/{b})" if b else "     - (0/0)"


def _event(e) -> str:
    claim = f" {e.claim_status}" + (f" by {e.claimed_by}" if e.claimed_by else "")
    return f"{e.event_type}{'/' + e.event_mode if e.event_mode else ''} {e.actor1_code}->{e.actor2_code}{claim}"


def _gold(it: dict) -> str:
    target = (it["target"] or {}).get("code")
    if it["event_type"] is None:
        return f"none {it['source']['code']}-{target}"
    by = f" by {it['claimed_by']}" if it["claimed_by"] else ""
    return f"{it['event_type']} {it['source']['code']}->{target} {it['claim_status']}{by}"


def report(corpus: dict | None, traps: dict | None, seconds: float, sentences: int, misses: int) -> str:
    out = []
    if corpus:
        n = corpus["n"]
        out.append(f"corpus: {n['gold'] + n['neg']} items, {sentences} sentences coded in {seconds:.1f} s")
        out.append(f"  type accuracy        {_pct(n['type'], n['gold'])}")
        out.append(f"  dyad accuracy        {_pct(n['dyad'], n['gold'])}")
        out.append(f"  claim status | type  {_pct(n['status'], n['type'])}")
        out.append(f"  claimed_by | type    {_pct(n['by'], n['type'])}")
        out.append(f"  all four right       {_pct(n['all'], n['gold'])}")
        out.append(f"  mode | type          {_pct(n['mode'], n['mode_n'])}   contexts | type {_pct(n['ctx'], n['type'])}")
        out.append(f"  negatives correct    {_pct(n['neg_ok'], n['neg'])}")
        out.append(f"  non-facts as facts   {n['nonfact_as_fact']} items")
        out.append(f"  events on unlabelled pairs (not judged): {n['unjudged']}")
        out.append("  per type:      gold  recall            coded  precision")
        for t, c in sorted(corpus["per_type"].items()):
            out.append(f"    {t:10} {c['gold']:6}  {_pct(c['hit'], c['gold']):18} {c['coded']:5}  {_pct(c['right'], c['coded'])}")
        out.append("  per kind (all four right; negatives: correct): " + ", ".join(
            f"{k} {_pct(c['ok'], c['n']).strip()}" for k, c in sorted(corpus["per_kind"].items())))
        weak = sorted(corpus["per_shape"].items(), key=lambda kv: kv[1]["ok"] / max(kv[1]["n"], 1))
        out.append("  type accuracy per shape (weakest first): " + ", ".join(
            f"{s} {_pct(c['ok'], c['n']).strip()}" for s, c in weak))
        out.append("  confusion (gold -> coded for the pair), most frequent: " + ", ".join(
            f"{g}->{p} {k}" for (g, p), k in corpus["confusion"].most_common(15)))
        for kind, rows in corpus["misses"].items():
            for it, events in rows[:misses]:
                out.append(f"  [{kind}] {it['id']} gold {_gold(it)} | coded {[_event(e) for e in events]} | {it['text']}")
    if traps:
        out.append(f"traps: {traps['n']} items; non-facts coded as facts: {len(traps['offending'])}; "
                   f"other forbidden readings (alleged/planned/claimant/context): {len(traps['other'])}")
        out.append("  per trap kind (coded as fact): " + ", ".join(
            f"{k} {c['as_fact']}/{c['n']}" for k, c in sorted(traps["per_trap"].items())))
        for t, bad in traps["offending"]:
            out.append(f"  FACT  {t['id']} [{t['trap']}] {sorted({_event(e) for e, _ in bad})} | {t['text']}")
        for t, bad in traps["other"][:misses]:
            out.append(f"  other {t['id']} [{t['trap']}] {sorted({_event(e) for e, _ in bad})} | {t['text']}")
    return "\n".join(out)


def figures(corpus: dict | None, traps: dict | None) -> dict:
    out: dict = {}
    if corpus:
        n = corpus["n"]
        out.update({"type": n["type"] / max(n["gold"], 1), "dyad": n["dyad"] / max(n["gold"], 1),
                    "claim_status": n["status"] / max(n["type"], 1), "claimed_by": n["by"] / max(n["type"], 1),
                    "all_four": n["all"] / max(n["gold"], 1), "negatives": n["neg_ok"] / max(n["neg"], 1),
                    "nonfacts_as_facts": n["nonfact_as_fact"], "items": n["gold"] + n["neg"],
                    "recall": {t: c["hit"] / max(c["gold"], 1) for t, c in corpus["per_type"].items() if c["gold"]},
                    "precision": {t: c["right"] / c["coded"] for t, c in corpus["per_type"].items() if c["coded"]}})
    if traps:
        out.update({"traps": traps["n"], "traps_as_fact": len(traps["offending"]),
                    "traps_as_fact_ids": [t["id"] for t, _ in traps["offending"]]})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="a corpus split, e.g. include/model/corpus/dev.jsonl")
    parser.add_argument("--traps", type=Path, help="tests/fixtures/claim_traps/traps.jsonl")
    parser.add_argument("--split", default=None, help="only items of this split (default: every item in the file)")
    parser.add_argument("--misses", type=int, default=0, help="print this many misses of each kind")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    if not args.corpus and not args.traps:
        parser.error("give --corpus and/or --traps")
    items = load_jsonl(args.corpus) if args.corpus else []
    if args.split:
        items = [it for it in items if it["split"] == args.split]
    traps = load_jsonl(args.traps) if args.traps else []
    texts = [(it["text"], PUBLISHED) for it in items]
    texts += [(t["text"], dt.date.fromisoformat(t.get("published") or PUBLISHED.isoformat())) for t in traps]
    coded, seconds = code_all(texts)
    corpus_result = evaluate_corpus(items, coded) if items else None
    trap_result = evaluate_traps(traps, coded) if traps else None
    if args.json:
        print(json.dumps(figures(corpus_result, trap_result), indent=1, sort_keys=True))
    else:
        print(report(corpus_result, trap_result, seconds, len(coded), args.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
