"""Temporal expressions scored as TempEval-3 scores them: newswatch's tagger against dateparser.

    python -m bench.eval_timex PATH [PATH ...] [--holdout-every 5] [--show 20] [--no-baseline]

Each PATH (a folder, searched recursively, or one file) is one set, scored on its own. Two formats
are read: TimeML (``*.tml``: TimeBank, AQUAINT, the TempEval-3 platinum set; text = the ``TEXT``
element without its tags, anchor = the DCT) and MEANTIME's CAT/NAF XML (``*.xml``: token lists;
text rebuilt with ordinary spacing, keeping every token's offsets; only the annotated first
sentences are scored, the creation-time TIMEX3 and its dateline are left out).

Scores follow the official TempEval-3 scorer (UzZaman et al. 2013, ``TE3-evaluation.py``):
- strict P/R/F1: system and gold expressions with exactly the same extent;
- relaxed P/R/F1: extents that overlap (a system expression matches at most one gold one and
  vice versa; a strict match is preferred, then the largest overlap);
- value accuracy = matches with the gold value / relaxed matches, and **value F1 = relaxed F1 x
  value accuracy** (the scorer's "Attribute F1 Value"); likewise type accuracy and type F1.
Values compare as strings. Per gold type (DATE, TIME, DURATION, SET) the same figures are given,
counting system expressions by their own type.

``--holdout-every N`` also scores every N-th document (sorted by name, from the N-th on) apart:
the tagger was tuned on the other ones, so that slice shows how far tuning generalises.
The baseline is ``dateparser.search_dates`` (languages=['en'], RELATIVE_BASE = the anchor), each
hit typed and valued by the period dateparser reports for it; it has no DURATION or SET. Times are
this process's CPU time per document (median) and per 3 KB of text (total).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

_NO_SPACE_BEFORE = {",", ".", ":", ";", "?", "!", "%", ")", "]", "'s", "'", "n't", "''", "'re", "'ve", "'ll", "'d"}
_NO_SPACE_AFTER = {"(", "[", "$", "``"}
TYPES = ("DATE", "TIME", "DURATION", "SET")


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
    excluded: tuple[int, int] = (0, 0)  # a span never scored (MEANTIME's dateline)
    region_end: int | None = None  # only expressions starting before this are scored


# -- reading ---------------------------------------------------------------------------------------

def load_timeml(path: Path) -> Document | None:
    """A TimeML document: the TEXT element's characters, its TIMEX3s, the DCT as anchor."""
    root = ET.parse(path).getroot()
    dct = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct = _dct(timex.get("value", ""))
            break
    body = root.find("TEXT")
    if dct is None or body is None:
        return None
    parts: list[str] = []
    gold: list[Span] = []

    def walk(node: ET.Element) -> None:
        start = sum(map(len, parts))
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")
        if node.tag == "TIMEX3":
            end = sum(map(len, parts))
            text = "".join(parts)[start:end]
            # the scorer compares tokens: surrounding blanks are not part of an extent
            lead, trail = len(text) - len(text.lstrip()), len(text) - len(text.rstrip())
            if end - trail > start + lead:
                gold.append(Span(start + lead, end - trail, node.get("type", ""), node.get("value", "")))

    walk(body)
    text = "".join(parts)
    return Document(path.name, text, dct, sorted(gold, key=lambda s: s.start))


def load_meantime(path: Path) -> Document | None:
    root = ET.parse(path).getroot()
    tokens = root.findall("token")
    if not tokens:
        return None
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
        if anchors:  # TIMEX3s without tokens are implicit ones, not in the text
            gold.append(Span(min(a[0] for a in anchors), max(a[1] for a in anchors), timex.get("type", ""),
                             timex.get("value", "")))
    if dct is None:
        return None
    return Document(path.name, text, dct, sorted(gold, key=lambda s: s.start), excluded, region_end)


def _dct(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value[:10])
    except ValueError:
        return None


def load_set(path: Path) -> list[Document]:
    """Every readable document under ``path`` (or ``path`` itself), sorted by name."""
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.suffix in (".tml", ".xml"))
    docs = []
    for p in files:
        doc = load_timeml(p) if p.suffix == ".tml" or _is_timeml(p) else load_meantime(p)
        if doc is not None:
            docs.append(doc)
    return docs


def _is_timeml(path: Path) -> bool:
    with path.open("rb") as f:
        return b"<TimeML" in f.read(2048)


# -- systems ---------------------------------------------------------------------------------------

def ours(doc: Document) -> list[Span]:
    from newswatch.extract import find_timexes

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


# -- scoring ---------------------------------------------------------------------------------------

@dataclass
class Match:
    gold: Span
    system: Span | None


@dataclass
class Scored:
    """One document's alignment: gold expressions with their system match, unmatched system ones."""

    doc: Document
    matches: list[Match]
    spurious: list[Span]
    ms: float


def in_scope(doc: Document, spans: Iterable[Span]) -> list[Span]:
    lo, hi = doc.excluded
    return [s for s in spans if not (s.start < hi and lo < s.end)
            and (doc.region_end is None or s.start < doc.region_end)]


def align(gold: list[Span], system: list[Span]) -> tuple[list[Match], list[Span]]:
    """One-to-one: exact extents first, then for each gold expression the free system one that
    overlaps it most."""
    free = set(range(len(system)))
    chosen: dict[int, int] = {}
    for gi, g in enumerate(gold):
        for si in sorted(free):
            if (system[si].start, system[si].end) == (g.start, g.end):
                chosen[gi] = si
                free.discard(si)
                break
    for gi, g in enumerate(gold):
        if gi in chosen:
            continue
        best, overlap = None, 0
        for si in sorted(free):
            s = system[si]
            o = min(s.end, g.end) - max(s.start, g.start)
            if o > overlap:
                best, overlap = si, o
        if best is not None:
            chosen[gi] = best
            free.discard(best)
    matches = [Match(g, system[chosen[gi]] if gi in chosen else None) for gi, g in enumerate(gold)]
    return matches, [system[si] for si in sorted(free)]


def run(docs: list[Document], system: Callable[[Document], list[Span]]) -> list[Scored]:
    out = []
    for doc in docs:
        # this process's CPU time: a shared machine's other work does not count against the tagger
        started = time.process_time()
        found = system(doc)
        ms = (time.process_time() - started) * 1000
        matches, spurious = align(doc.gold, in_scope(doc, found))
        out.append(Scored(doc, matches, spurious, ms))
    return out


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Figures:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0
    system_matched: int = 0  # for per-type precision: system expressions of the type that matched
    extra: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, float]:
        sp, sr = self.strict / max(self.system, 1), self.strict / max(self.gold, 1)
        rp, rr = self.system_matched / max(self.system, 1), self.relaxed / max(self.gold, 1)
        relaxed_f1 = _f1(rp, rr)
        value_acc = self.value / max(self.relaxed, 1)
        type_acc = self.type / max(self.relaxed, 1)
        return {"gold": self.gold, "system": self.system,
                "strict_P": sp, "strict_R": sr, "strict_F1": _f1(sp, sr),
                "relaxed_P": rp, "relaxed_R": rr, "relaxed_F1": relaxed_f1,
                "value_accuracy": value_acc, "value_F1": relaxed_f1 * value_acc,
                "type_accuracy": type_acc, "type_F1": relaxed_f1 * type_acc, **self.extra}


def figures(scored: list[Scored], only_type: str | None = None) -> Figures:
    """The TempEval-3 counts over ``scored``; with ``only_type``, gold expressions of that type
    against system expressions of that type (whatever type their match has)."""
    f = Figures()
    for s in scored:
        for m in s.matches:
            if only_type is None or m.gold.type == only_type:
                f.gold += 1
                if m.system is not None:
                    f.relaxed += 1
                    f.strict += (m.system.start, m.system.end) == (m.gold.start, m.gold.end)
                    f.value += m.system.value == m.gold.value
                    f.type += m.system.type == m.gold.type
            if m.system is not None and (only_type is None or m.system.type == only_type):
                f.system += 1
                f.system_matched += 1
        f.system += sum(only_type is None or sp.type == only_type for sp in s.spurious)
    if scored:
        f.extra["ms_per_document"] = statistics.median(s.ms for s in scored)
        kb = sum(len(s.doc.text.encode()) for s in scored) / 1000
        f.extra["ms_per_3KB"] = sum(s.ms for s in scored) / max(kb, 1e-9) * 3
    return f


def error_kinds(scored: list[Scored]) -> Counter:
    """What went wrong, by kind: missed, spurious, extent only, wrong value (by gold type)."""
    kinds: Counter = Counter()
    for s in scored:
        for m in s.matches:
            if m.system is None:
                kinds[f"missed {m.gold.type}"] += 1
                continue
            if (m.system.start, m.system.end) != (m.gold.start, m.gold.end):
                kinds[f"extent {m.gold.type}"] += 1
            if m.system.value != m.gold.value:
                kinds[f"value {m.gold.type}"] += 1
        for sp in s.spurious:
            kinds[f"spurious {sp.type}"] += 1
    return kinds


def mistakes(scored: list[Scored], limit: int) -> list[str]:
    lines = []
    for s in scored:
        t = s.doc.text
        for m in s.matches:
            g, sys_ = m.gold, m.system
            if sys_ is not None and sys_.value == g.value and (sys_.start, sys_.end) == (g.start, g.end):
                continue
            got = f"{t[sys_.start:sys_.end]!r} {sys_.type} {sys_.value}" if sys_ else "-"
            context = t[max(0, g.start - 40):g.end + 25].replace("\n", " ")
            lines.append(f"{s.doc.name[:28]:28} dct={s.doc.dct.date()} gold {t[g.start:g.end]!r} {g.type} {g.value}"
                         f" | ours {got} | …{context}…")
        for sp in s.spurious:
            context = t[max(0, sp.start - 40):sp.end + 25].replace("\n", " ")
            lines.append(f"{s.doc.name[:28]:28} dct={s.doc.dct.date()} spurious {t[sp.start:sp.end]!r} "
                         f"{sp.type} {sp.value} | …{context}…")
    return lines[:limit]


# -- report ----------------------------------------------------------------------------------------

_KEYS = ("gold", "system", "strict_P", "strict_R", "strict_F1", "relaxed_P", "relaxed_R", "relaxed_F1",
         "value_accuracy", "value_F1", "type_accuracy", "type_F1", "ms_per_document", "ms_per_3KB")


def table(columns: dict[str, dict[str, float]], keys: Iterable[str] = _KEYS) -> str:
    width = max(14, *(len(c) + 2 for c in columns))
    lines = [f"{'':16}" + "".join(f"{name:>{width}}" for name in columns)]
    for key in keys:
        cells = []
        for col in columns.values():
            v = col.get(key, "")
            cells.append(f"{v * 100:>{width}.1f}" if isinstance(v, float) and key not in ("ms_per_document", "ms_per_3KB")
                         else f"{v:>{width}.3f}" if isinstance(v, float) else f"{v!s:>{width}}")
        lines.append(f"{key:16}" + "".join(cells))
    return "\n".join(lines)


def split(docs: list[Document], every: int) -> tuple[list[Document], list[Document]]:
    """(tuning slice, held-out slice): every ``every``-th document is held out."""
    if every <= 1:
        return docs, []
    return ([d for i, d in enumerate(docs) if i % every != every - 1],
            [d for i, d in enumerate(docs) if i % every == every - 1])


def report(path: Path, docs: list[Document], holdout_every: int, with_baseline: bool, show: int) -> None:
    print(f"\n== {path} ({len(docs)} documents, {sum(len(d.gold) for d in docs)} TIMEX3)")
    mine = run(docs, ours)
    names = {d.name for d in split(docs, holdout_every)[1]}
    columns = {"newswatch": figures(mine).as_dict()}
    if names:
        columns["  tuning slice"] = figures([s for s in mine if s.doc.name not in names]).as_dict()
        columns["  held out"] = figures([s for s in mine if s.doc.name in names]).as_dict()
    if with_baseline:
        columns["dateparser"] = figures(run(docs, baseline)).as_dict()
    print(table(columns))
    print("\nper gold type (newswatch; system expressions counted by their own type)")
    print(table({t: figures(mine, t).as_dict() for t in TYPES},
                ("gold", "system", "strict_R", "relaxed_P", "relaxed_R", "relaxed_F1", "value_accuracy", "value_F1")))
    kinds = error_kinds(mine)
    print("\nerrors by kind (newswatch): " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    # only the tuning slice's mistakes are shown: reading the held-out ones would tune on them
    for line in mistakes([s for s in mine if s.doc.name not in names], show):
        print(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.eval_timex", description=__doc__.splitlines()[0])
    parser.add_argument("paths", type=Path, nargs="+", help="TimeML (*.tml) or MEANTIME (*.xml) folders or files")
    parser.add_argument("--holdout-every", type=int, default=5, metavar="N",
                        help="also score every N-th document apart (0: no held-out slice); default 5")
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print N of our mistakes per set (tuning slice only)")
    parser.add_argument("--no-baseline", action="store_true", help="skip dateparser (slow)")
    args = parser.parse_args(argv)
    from newswatch.extract import find_timexes

    find_timexes("warm-up on Monday", dt.date(2000, 1, 3))  # compile outside the timing
    for path in args.paths:
        if not path.exists():
            parser.error(f"no such file or folder: {path}")
        docs = load_set(path)
        if not docs:
            print(f"\n== {path}: no TimeML or MEANTIME documents", file=sys.stderr)
            continue
        if not args.no_baseline:
            baseline(docs[0])  # dateparser builds its language data on first use
        report(path, docs, args.holdout_every, not args.no_baseline, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
