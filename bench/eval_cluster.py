"""Pairwise precision/recall of "same event" for newswatch's world-event clustering on ECB+.

ECB+ (https://github.com/cltl/ecbPlus) groups news texts by topic; each topic holds two similar
but different seminal events (files ``N_Mecb.xml`` vs ``N_Mecbplus.xml``), each reported by
several outlets. Every document is coded with the real extractor and every mention clustered
with the real ``cluster.best_match`` / ``cluster.refinement``, in document order, exactly as
``coding.code_articles`` does against the store (here in memory). Then:

* document pairs: gold "same event" = same topic and same half (ecb / ecbplus); predicted = the
  two documents share at least one world event. Only documents with at least one mention can be
  predicted anything, so coverage is printed too.
* the same over documents with at least one mention ("coded doc"): the clustering alone.
* mention pairs (mentions from different documents, in ECB+'s annotated sentences): gold = both
  documents report the same seminal event; predicted = same world event.

A baseline measured in the same run clusters on event type + actor pair alone (no dates or
places), to show what the date/place checks add. ECB+ gives no publication dates, so every
document is dated --published (mentions without a stated date fall back to it): date evidence
comes only from dates stated in the text.

Usage: python bench/eval_cluster.py /work/shared/data/ecbplus [--published 2010-06-01]
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import itertools
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import date, datetime, timezone
from pathlib import Path

from newswatch.extract import EXTRACTOR_VERSION, extract_events
from newswatch.worldevents.same_event import actor_pair, best_match, refinement

_NO_SPACE_BEFORE = re.compile(r" ([,.;:!?%)\]}]|'s|n't|'re|'ve|'ll|'d|'m)")
_NO_SPACE_AFTER = re.compile(r"([(\[{$]) ")


def read_document(path: Path) -> tuple[str, list[tuple[int, int, int]]]:
    """The document's text (tokens detokenized, one sentence per line) and, per sentence, its
    number and character span."""
    sentences: dict[int, list[str]] = defaultdict(list)
    for token in ET.parse(path).getroot().iter("token"):
        sentences[int(token.get("sentence"))].append(token.text or "")
    text, spans = "", []
    for number in sorted(sentences):
        line = " ".join(sentences[number]).replace("``", '"').replace("''", '"')
        line = _NO_SPACE_AFTER.sub(r"\1", _NO_SPACE_BEFORE.sub(r"\1", line))
        start = len(text)
        text += line + "\n"
        spans.append((number, start, start + len(line)))
    return text, spans


def selected_sentences(root: Path) -> dict[str, set[int]]:
    chosen: dict[str, set[int]] = defaultdict(set)
    with open(root / "ECBplus_coreference_sentences.csv", newline="") as f:
        for row in csv.DictReader(f):
            chosen[f"{row['Topic']}_{row['File']}"].add(int(row["Sentence Number"]))
    return chosen


def cluster(mentions: list[tuple[str, object]], published: datetime, use_dates_and_places: bool) -> list[int]:
    """A world-event index per mention, clustering in order like coding.code_articles."""
    events: list[dict] = []
    labels = []
    for position, (_, m) in enumerate(mentions):
        candidates = [e for e in events if e["event_type"] == m.event_type]
        if use_dates_and_places:
            match = best_match(candidates, m)
        else:
            key = actor_pair(m.event_type, m.actor1_code, m.actor2_code)
            match = next((e for e in candidates
                          if actor_pair(e["event_type"], e["actor1_code"], e["actor2_code"]) == key), None)
        if match is None:
            fields = dataclasses.asdict(m)
            match = {**fields, "index": len(events), "updated_position": position, "last_reported_at": published}
            events.append(match)
        elif use_dates_and_places:
            changes = refinement(match, m)
            changes.pop("reasons", None)
            match.update(changes)
        labels.append(match["index"])
    return labels


def pairwise(items: list, gold_same, predicted_same) -> tuple[float, float, float, int, int]:
    tp = fp = fn = 0
    for a, b in itertools.combinations(items, 2):
        g, p = gold_same(a, b), predicted_same(a, b)
        tp += g and p
        fp += p and not g
        fn += g and not p
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return precision, recall, f1, tp + fp, tp + fn


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="the ecbplus folder (topic subfolders + sentences CSV)")
    parser.add_argument("--published", default="2010-06-01", help="date given to every document")
    args = parser.parse_args()
    published = datetime.combine(date.fromisoformat(args.published), datetime.min.time(), tzinfo=timezone.utc)
    chosen = selected_sentences(args.data)

    started = time.perf_counter()
    docs, mentions = [], []  # docs: (doc, topic, half); mentions: (doc, ExtractedEvent, in_gold_sentence)
    for path in sorted(args.data.glob("*/*.xml"), key=lambda p: (int(p.parent.name), p.name)):
        topic, rest = path.stem.split("_", 1)
        half = "ecbplus" if rest.endswith("ecbplus") else "ecb"
        text, spans = read_document(path)
        gold_sentences = chosen.get(path.stem, set())
        docs.append((path.stem, topic, half))
        for m in extract_events(text, published.date()):
            number = next((n for n, s, e in spans if s <= m.start < e + 1), -1)
            mentions.append((path.stem, m, number in gold_sentences))
    coding_s = time.perf_counter() - started

    event_of = {d[0]: (d[1], d[2]) for d in docs}
    coded_docs = sorted({d for d, _, _ in mentions})
    print(f"ECB+ at {args.data}: {len(docs)} documents, {len({d[1] for d in docs})} topics; "
          f"extractor {EXTRACTOR_VERSION}; coding took {coding_s:.1f}s")
    print(f"mentions: {len(mentions)} in {len(coded_docs)} documents "
          f"(coverage {len(coded_docs) / len(docs):.1%}); in annotated sentences: {sum(g for *_, g in mentions)}")
    print(f"{'method':34} {'level':9} {'precision':>9} {'recall':>7} {'F1':>6} {'pred+':>6} {'gold+':>6}")
    for name, full in (("newswatch (type+actors+dates+place)", True), ("baseline (type+actors only)", False)):
        labels = cluster([(d, m) for d, m, _ in mentions], published, full)
        events_of_doc: dict[str, set[int]] = defaultdict(set)
        for (d, _, _), label in zip(mentions, labels):
            events_of_doc[d].add(label)
        # documents: every document counts in the gold pairs; uncoded ones can only be missed
        row = pairwise([d[0] for d in docs], lambda a, b: event_of[a] == event_of[b],
                       lambda a, b: bool(events_of_doc[a] & events_of_doc[b]))  # noqa: B023 (called at once)
        print(f"{name:34} {'documents':9} {row[0]:9.3f} {row[1]:7.3f} {row[2]:6.3f} {row[3]:6d} {row[4]:6d}")
        # the clustering alone: pairs of documents the extractor coded at all
        row = pairwise(coded_docs, lambda a, b: event_of[a] == event_of[b],
                       lambda a, b: bool(events_of_doc[a] & events_of_doc[b]))  # noqa: B023 (called at once)
        print(f"{name:34} {'coded doc':9} {row[0]:9.3f} {row[1]:7.3f} {row[2]:6.3f} {row[3]:6d} {row[4]:6d}")
        picked = [(d, label) for (d, _, g), label in zip(mentions, labels) if g]
        row = pairwise(picked, lambda a, b: a[0] != b[0] and event_of[a[0]] == event_of[b[0]],
                       lambda a, b: a[0] != b[0] and a[1] == b[1])
        print(f"{name:34} {'mentions':9} {row[0]:9.3f} {row[1]:7.3f} {row[2]:6.3f} {row[3]:6d} {row[4]:6d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
