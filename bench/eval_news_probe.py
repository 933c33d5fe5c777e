"""Event coding on a probe of 1990s wire news (TimeBank 1.2 and AQUAINT in TimeML): the coder's
general gaps on news it was never tuned on.

    python -m bench.eval_news_probe PATH/tbaq [--half tune|measure] [--misses 20]

PATH/tbaq holds the TimeML folders ``TimeBank`` and ``AQUAINT`` (``*.tml``). Their licence forbids
copying the text, so the gold file ``bench/data/news_probe_gold.jsonl`` holds references only: the
document, the index of the sentence (the ``<TEXT>`` element with its tags stripped and entities
unescaped, split by ``split_sentences``), a digest of the sentence to catch a shifted split, and the
labels, written by hand before the coder's output was looked at:
  events    what the sentence states as fact (or as a claim of its speaker): types (one of them
            suffices, "MOBILIZE|AID"), source and target codes (empty: not judged)
  nonfacts  what it mentions only as planned, conditional, wished, denied or hypothetical: must
            never be coded as a fact (reported / confirmed) of that type between those actors
Sentences with neither are "no event" sentences. Documents alternate between the halves in name
order: ``tune`` (read its misses) and ``measure`` (only its figures).

Figures, mirroring ``bench/eval_events.py`` (each sentence coded alone, dated by the document):
  type found    over gold events: some coded event of the sentence has a gold type
  dyad right    over gold events: one coded event of a gold type has actor1 in the gold sources
                (when there are) and actor2 in the gold targets (when there are); the class IGO
                matches any non-state code, as the GSR's does
  false facts   over gold non-facts: one coded as a fact of its type between its actors
  spurious      over no-event sentences: some event coded as a fact (informational: a sentence
                without a PLOVER event between states may still hold a minor one)
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import json
import re
import sys
from functools import cache
from pathlib import Path

import pycountry

from newswatch.extract import extract_events, split_sentences

GOLD = Path(__file__).parent / "data" / "news_probe_gold.jsonl"
FACT = frozenset(["reported", "confirmed"])
CLASSES = {"IGO", "NGO", "IMG"}
ISO = {c.alpha_3 for c in pycountry.countries}
_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)


@cache
def document(path: Path) -> tuple[dt.date, tuple[str, ...]]:
    raw = path.read_text(encoding="utf-8", errors="replace")
    dct = re.search(r'<DCT>.*?value="(\d{4}-\d{2}-\d{2})', raw, re.S)
    published = dt.date.fromisoformat(dct.group(1)) if dct else dt.date(1998, 1, 1)
    m = _TEXT.search(raw)
    text = html.unescape(re.sub(r"<[^>]+>", "", m.group(1))) if m else ""
    return published, tuple(s.text.replace("\n", " ") for s in split_sentences(text))


def code_matches(predicted: str | None, gold: list[str]) -> bool:
    if predicted is None:
        return False
    return predicted in gold or (predicted not in ISO and bool(CLASSES & set(gold)))


def pair_matches(e, gold: dict) -> bool:
    return ((not gold["source"] or code_matches(e.actor1_code, gold["source"]))
            and (not gold["target"] or code_matches(e.actor2_code, gold["target"])))


def evaluate(root: Path, records: list[dict]) -> tuple[dict, list[dict]]:
    n = dict.fromkeys(["events", "found", "dyad", "nonfacts", "false_fact", "none", "spurious", "shifted"], 0)
    misses: list[dict] = []
    for r in records:
        published, sentences = document(root / r["doc"])
        text = sentences[r["sentence"]] if r["sentence"] < len(sentences) else ""
        if hashlib.sha1(text.encode()).hexdigest()[:12] != r["sha1"]:
            n["shifted"] += 1
            continue
        coded = extract_events(text, published)
        out = [(e.event_type, e.actor1_code, e.actor2_code, e.claim_status) for e in coded]
        wrong = []
        for g in r["events"]:
            n["events"] += 1
            same = [e for e in coded if e.event_type in g["type"]]
            n["found"] += bool(same)
            right = any(pair_matches(e, g) for e in same)
            n["dyad"] += right
            if not right:
                wrong.append(("missed" if not same else "dyad", g))
        for g in r["nonfacts"]:
            n["nonfacts"] += 1
            bad = any(e.event_type in g["type"] and e.claim_status in FACT and pair_matches(e, g) for e in coded)
            n["false_fact"] += bad
            if bad:
                wrong.append(("false fact", g))
        if not r["events"] and not r["nonfacts"]:
            n["none"] += 1
            spurious = any(e.claim_status in FACT for e in coded)
            n["spurious"] += spurious
            if spurious:
                wrong.append(("spurious", None))
        if wrong:
            misses.append({"doc": r["doc"], "sentence": r["sentence"], "wrong": wrong, "coded": out, "text": text})
    figures = {
        "sentences": len(records) - n["shifted"],
        "gold_events": n["events"],
        "type_found": n["found"] / max(n["events"], 1),
        "dyad_right": n["dyad"] / max(n["events"], 1),
        "nonfacts": n["nonfacts"],
        "false_facts": n["false_fact"],
        "no_event_sentences": n["none"],
        "spurious_facts": n["spurious"],
        "shifted": n["shifted"],
    }
    return figures, misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="folder holding TimeBank/ and AQUAINT/ (*.tml)")
    parser.add_argument("--half", choices=("tune", "measure"), help="score one half only")
    parser.add_argument("--misses", type=int, default=0, help="print this many misses (tune half only)")
    parser.add_argument("--gold", type=Path, default=GOLD)
    args = parser.parse_args(argv)
    records = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.half:
        records = [r for r in records if r["half"] == args.half]
    figures, misses = evaluate(args.path, records)
    for key, value in figures.items():
        print(f"{key:20} {value:.3f}" if isinstance(value, float) else f"{key:20} {value}")
    if args.misses and args.half != "tune":
        print("misses are printed for --half tune only (the measure half is read as figures)")
        return 0
    for m in misses[: args.misses]:
        print(json.dumps(m, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
