"""Temporal expressions on MEANTIME (English): newswatch's find_timexes against dateparser.search_dates.

    python bench/eval_timex.py PATH/meantime [--show 20]

MEANTIME documents are token lists; the text is rebuilt with ordinary spacing (no space before
punctuation), keeping every token's character offsets, so a gold TIMEX3 becomes a character span.
Only the first sentences of each article are annotated (up to the last sentence holding any
annotated token), so only system output inside that region is scored. The document creation time is the TIMEX3 with functionInDocument=CREATION_TIME: it anchors relative
expressions and is left out of the scoring together with its dateline tokens (it is metadata, as in
TempEval-3); TIMEX3s without tokens (empty, implicit ones) are left out too.

Scores follow TempEval-3 (UzZaman et al. 2013): strict and relaxed (any overlap) extraction
precision/recall/F1; value accuracy = correct values among relaxed matches; value F1 = relaxed F1 x
value accuracy (i.e. P and R counted over matches with the right value); likewise type accuracy.
The baseline runs ``dateparser.search_dates`` (languages=['en'], RELATIVE_BASE = the creation
time) and turns each hit into a TimeML value with the period dateparser reports for it (day, week,
month, year, time); it has no DURATION/SET/PAST_REF. Time per document is the median over documents.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from newswatch.extract import find_timexes

_NO_SPACE_BEFORE = {",", ".", ":", ";", "?", "!", "%", ")", "]", "'s", "'", "n't", "''", "'re", "'ve", "'ll", "'d"}
_NO_SPACE_AFTER = {"(", "[", "$", "``"}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    type: str
    value: str


@dataclass
class Document:
    name: str
    text: str
    dct: dt.datetime
    gold: list[Span]
    excluded: tuple[int, int]  # the dateline's character span
    region_end: int  # end of the annotated sentences


def load(path: Path) -> Document | None:
    root = ET.parse(path).getroot()
    tokens = root.findall("token")
    offsets: dict[str, tuple[int, int]] = {}
    parts: list[str] = []
    pos = 0
    previous, sentence = None, None
    for tok in tokens:
        word = tok.text or ""
        if previous is not None:
            sep = "\n" if tok.get("sentence") != sentence else (
                "" if word in _NO_SPACE_BEFORE or previous in _NO_SPACE_AFTER else " ")
            parts.append(sep)
            pos += len(sep)
        offsets[tok.get("t_id")] = (pos, pos + len(word))
        parts.append(word)
        pos += len(word)
        previous, sentence = word, tok.get("sentence")
    text = "".join(parts)
    # MEANTIME annotates only the first sentences of each article: score inside that region only,
    # which ends with the last sentence that holds any annotated token (event, entity or timex)
    sentence_of = {tok.get("t_id"): int(tok.get("sentence")) for tok in tokens}
    annotated = [sentence_of[a.get("t_id")] for a in root.iter("token_anchor") if a.get("t_id") in sentence_of]
    last = max(annotated, default=0)
    region_end = max((offsets[t.get("t_id")][1] for t in tokens if int(t.get("sentence")) <= last), default=0)
    dct, excluded, gold = None, (0, 0), []
    for timex in root.iter("TIMEX3"):
        anchors = [offsets[a.get("t_id")] for a in timex.findall("token_anchor") if a.get("t_id") in offsets]
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct = _dct(timex.get("value", ""))
            if anchors:
                excluded = (min(a[0] for a in anchors), max(a[1] for a in anchors))
            continue
        if anchors:
            gold.append(Span(min(a[0] for a in anchors), max(a[1] for a in anchors), timex.get("type", ""),
                             timex.get("value", "")))
    if dct is None:
        return None
    return Document(path.name, text, dct, gold, excluded, region_end)


def _dct(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value[:10])
    except ValueError:
        return None


def ours(doc: Document) -> list[Span]:
    return [Span(t.start, t.end, t.type, t.value) for t in find_timexes(doc.text, doc.dct.date())]


def baseline(doc: Document) -> list[Span]:
    import dateparser
    from dateparser.search import search_dates

    settings = {"RELATIVE_BASE": doc.dct}
    hits = search_dates(doc.text, languages=["en"], settings=settings) or []
    parser = dateparser.date.DateDataParser(languages=["en"], settings=settings)
    out, cursor = [], 0
    for surface, when in hits:
        start = doc.text.find(surface, cursor)
        if start < 0:
            continue
        cursor = start + len(surface)
        period = (parser.get_date_data(surface).period or "day") if surface else "day"
        out.append(Span(start, cursor, "TIME" if period == "time" else "DATE", _value(when, period)))
    return out


def _value(when: dt.datetime, period: str) -> str:
    if period == "year":
        return f"{when.year:04d}"
    if period == "month":
        return f"{when.year:04d}-{when.month:02d}"
    if period == "week":
        year, week, _ = when.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if period == "time":
        return when.strftime("%Y-%m-%dT%H:%M")
    return when.date().isoformat()


def score(docs: list[Document], system) -> dict[str, float]:
    n_sys = n_gold = strict = relaxed = value_ok = type_ok = 0
    times = []
    for doc in docs:
        started = time.perf_counter()
        found = system(doc)
        times.append((time.perf_counter() - started) * 1000)
        found = [s for s in found if not (s.start < doc.excluded[1] and doc.excluded[0] < s.end)
                 and s.start < doc.region_end]
        n_sys += len(found)
        n_gold += len(doc.gold)
        used: set[int] = set()
        for g in doc.gold:
            match = next((i for i, s in enumerate(found) if i not in used and s.start < g.end and g.start < s.end), None)
            if match is None:
                continue
            used.add(match)
            s = found[match]
            relaxed += 1
            strict += (s.start, s.end) == (g.start, g.end)
            value_ok += s.value == g.value
            type_ok += s.type == g.type
    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0
    sp, sr = strict / max(n_sys, 1), strict / max(n_gold, 1)
    rp, rr = relaxed / max(n_sys, 1), relaxed / max(n_gold, 1)
    vp, vr = value_ok / max(n_sys, 1), value_ok / max(n_gold, 1)
    return {"gold": n_gold, "system": n_sys, "strict_P": sp, "strict_R": sr, "strict_F1": f1(sp, sr),
            "relaxed_P": rp, "relaxed_R": rr, "relaxed_F1": f1(rp, rr),
            "value_accuracy": value_ok / max(relaxed, 1), "value_F1": f1(vp, vr),
            "type_accuracy": type_ok / max(relaxed, 1), "ms_per_document": statistics.median(times)}


def mistakes(docs: list[Document], limit: int) -> list[str]:
    lines = []
    for doc in docs:
        found = [s for s in ours(doc) if not (s.start < doc.excluded[1] and doc.excluded[0] < s.end)
                 and s.start < doc.region_end]
        for g in doc.gold:
            s = next((s for s in found if s.start < g.end and g.start < s.end), None)
            if s is None or s.value != g.value:
                got = f"{doc.text[s.start:s.end]!r} {s.value}" if s else "-"
                lines.append(f"{doc.name[:30]:30} dct={doc.dct.date()} gold {doc.text[g.start:g.end]!r} {g.value} | ours {got}")
    return lines[:limit]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="the meantime folder (corpus_*/ with NAF/XML files)")
    parser.add_argument("--show", type=int, default=0, help="print this many of our misses")
    args = parser.parse_args(argv)
    docs = [d for p in sorted(args.path.glob("corpus_*/*.xml")) if (d := load(p)) is not None]
    find_timexes("warm-up on Monday", dt.date(2000, 1, 3))
    baseline(docs[0])  # dateparser builds its language data on first use
    print(f"{len(docs)} documents")
    results = {"newswatch find_timexes": score(docs, ours), "dateparser.search_dates": score(docs, baseline)}
    keys = list(next(iter(results.values())))
    print(f"{'':16}" + "".join(f"{name:>26}" for name in results))
    for key in keys:
        cells = "".join(f"{r[key]:>26.3f}" if isinstance(r[key], float) else f"{r[key]:>26}" for r in results.values())
        print(f"{key:16}{cells}")
    for line in mistakes(docs, args.show):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
