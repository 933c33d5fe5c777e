"""Precision and recall of near-duplicate detection on ECB+ (cross-document event coreference).

    python bench/eval_dedup.py /work/shared/data/ecbplus [--thresholds 0.3,0.4,0.5] [--shingles 3,4,5]

ECB+ groups real news texts by topic; each topic holds reports of one seminal event by several
outlets (files ``N_Mecb.xml``) and reports of a similar but different event (``N_Mecbplus.xml``).
Neither kind is a duplicate: both are hard negatives. Positives are lightly edited reprints made
here, deterministically, from every text: a wire dateline, syndication boilerplate, a few words
changed, a sentence dropped. The headline is not part of what is compared, so a new one changes
nothing. Every original is indexed (band keys and signatures, as screening does), then every
reprint and every original is looked up against the others.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import defaultdict
from pathlib import Path
from xml.etree import ElementTree

from newswatch.projections import near_index
from newswatch.screen import neardup

PREFIXES = ("WASHINGTON (Reuters) - ", "LONDON (AP) — ", "PARIS, {d} (AFP) - ", "By Staff Writer | ")
BOILERPLATE = (
    "Copyright 2024 The Associated Press. All rights reserved. This material may not be published, "
    "broadcast, rewritten or redistributed.",
    "Reporting by our correspondents; editing by the desk. Follow us for the latest updates.",
    "Sign up for our morning newsletter to get the day's top stories delivered to your inbox.",
)
SWAPS = ("said", "reported", "stated", "told", "noted", "officials", "authorities", "on", "late",
         "early", "Monday", "Tuesday", "early on")


def load_corpus(root: Path) -> list[dict]:
    """Every ECB+ text: topic, event side ('ecb' or 'ecbplus') and plain text."""
    docs = []
    for path in sorted(root.glob("*/*.xml")):
        match = re.match(r"(\d+)_(\d+)(ecbplus|ecb)\.xml$", path.name)
        if not match:
            continue
        tree = ElementTree.parse(path)
        sentences: dict[int, list[str]] = defaultdict(list)
        for token in tree.getroot().iter("token"):
            sentences[int(token.get("sentence"))].append(token.text or "")
        text = "\n".join(" ".join(tokens) for _, tokens in sorted(sentences.items()))
        docs.append({"id": path.stem, "topic": match.group(1), "side": match.group(3), "text": text})
    return docs


def reprint(text: str, rng: random.Random) -> str:
    """A lightly edited copy: wire prefix, boilerplate, ~3% of words changed, maybe a sentence cut."""
    lines = text.split("\n")
    if len(lines) > 4 and rng.random() < 0.5:
        del lines[rng.randrange(1, len(lines))]
    words = " ".join(lines).split()
    for _ in range(max(1, len(words) // 33)):
        words[rng.randrange(len(words))] = rng.choice(SWAPS)
    prefix = rng.choice(PREFIXES).format(d=rng.choice(("Jan 5", "Mar 12", "Oct 30")))
    return prefix + " ".join(words) + "\n" + rng.choice(BOILERPLATE)


def evaluate(docs: list[dict], thresholds: list[float], k: int, show_pairs: bool = False) -> list[dict]:
    rng = random.Random(4)
    sigs = {d["id"]: neardup.signature(d["text"], k=k) for d in docs}
    indexed = {i: s for i, s in sigs.items() if s is not None}
    index = neardup.NearDuplicateIndex({}, {})
    for i, s in indexed.items():
        index.add(i, s, near_index.band_keys(s))
    by_id = {d["id"]: d for d in docs}
    # Scores of every LSH candidate pair, judged at each threshold afterwards.
    positives = []  # (best score for the true original, best score for any other doc)
    for d in docs:
        if d["id"] not in indexed:
            continue
        s = neardup.signature(reprint(d["text"], rng), k=k)
        if s is None:
            positives.append((0.0, 0.0))
            continue
        cands = _candidates(index, s)
        own = neardup.similarity(s, indexed[d["id"]]) if d["id"] in cands else 0.0
        other = max((neardup.similarity(s, indexed[c]) for c in cands if c != d["id"]), default=0.0)
        positives.append((own, other))
    negatives = {"same_event": [], "similar_event": [], "other_topic": []}
    pairs = []  # hard negatives scoring at or above the lowest threshold, to read them by hand

    def pair_kind(a: str, b: str) -> str:
        return ("other_topic" if by_id[a]["topic"] != by_id[b]["topic"] else
                "same_event" if by_id[a]["side"] == by_id[b]["side"] else "similar_event")

    for i, s in indexed.items():
        for c in _candidates(index, s) - {i}:
            if c < i:
                continue
            score = neardup.similarity(s, indexed[c])
            negatives[pair_kind(i, c)].append(score)
            if show_pairs and score >= min(thresholds):
                pairs.append((score, i, c))
    same_pairs = sum(1 for a in indexed for b in indexed if a < b and by_id[a]["topic"] == by_id[b]["topic"]
                     and by_id[a]["side"] == by_id[b]["side"])
    diff_pairs = sum(1 for a in indexed for b in indexed if a < b and by_id[a]["topic"] == by_id[b]["topic"]
                     and by_id[a]["side"] != by_id[b]["side"])
    rows = []
    for t in thresholds:
        tp = sum(1 for own, other in positives if own >= t and own >= other)
        fp_reprint = sum(1 for own, other in positives if other >= t and other > own)
        fp_pairs = {kind: sum(1 for x in xs if x >= t) for kind, xs in negatives.items()}
        fp = fp_reprint + sum(fp_pairs.values())
        rows += [
            {"figure": f"k={k} t={t}", "metric": "precision", "value": round(tp / (tp + fp), 4) if tp + fp else 1.0, "unit": "ratio"},
            {"figure": f"k={k} t={t}", "metric": "recall", "value": round(tp / len(positives), 4), "unit": "ratio"},
            {"figure": f"k={k} t={t}", "metric": "false pairs: same event, other outlet", "value": fp_pairs["same_event"], "unit": f"of {same_pairs} pairs"},
            {"figure": f"k={k} t={t}", "metric": "false pairs: similar other event", "value": fp_pairs["similar_event"], "unit": f"of {diff_pairs} pairs"},
            {"figure": f"k={k} t={t}", "metric": "false pairs: other topic", "value": fp_pairs["other_topic"], "unit": "pairs"},
        ]
    for score, a, b in sorted(pairs, reverse=True):
        rows.append({"figure": f"k={k} pair", "metric": f"{a} ~ {b} ({pair_kind(a, b)})",
                     "value": round(score, 3), "unit": "jaccard est."})
    rows.append({"figure": f"k={k}", "metric": "texts compared (>= MIN_WORDS words)", "value": len(indexed), "unit": f"of {len(docs)}"})
    rows.append({"figure": f"k={k}", "metric": "max score, same event other outlet", "value": round(max(negatives["same_event"], default=0), 3), "unit": "jaccard est."})
    rows.append({"figure": f"k={k}", "metric": "max score, similar other event", "value": round(max(negatives["similar_event"], default=0), 3), "unit": "jaccard est."})
    rows.append({"figure": f"k={k}", "metric": "min score, reprint vs its original", "value": round(min(o for o, _ in positives), 3), "unit": "jaccard est."})
    return rows


def _candidates(index: neardup.NearDuplicateIndex, sig) -> set[str]:
    return {c for key in near_index.band_keys(sig) for c in index.postings.get(key, ())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path, help="the ecbplus folder")
    parser.add_argument("--thresholds", default=str(neardup.SIMILARITY_THRESHOLD))
    parser.add_argument("--shingles", default=str(neardup.SHINGLE_WORDS))
    parser.add_argument("--show-pairs", action="store_true",
                        help="list the hard-negative pairs scoring at or above the lowest threshold")
    args = parser.parse_args(argv)
    docs = load_corpus(args.path)
    if not docs:
        print(f"no ECB+ files under {args.path}", file=sys.stderr)
        return 2
    thresholds = [float(t) for t in args.thresholds.split(",")]
    for k in (int(x) for x in args.shingles.split(",")):
        for row in evaluate(docs, thresholds, k, args.show_pairs):
            print(f"{row['figure']:>14}  {row['metric']:<40} {row['value']:>8} {row['unit']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
