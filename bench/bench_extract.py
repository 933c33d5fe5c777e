"""Figure: extraction cost per 3 KB article, and what the converted PETRARCH dictionaries cost.

    python bench/bench_extract.py [--quick]

Rows:
- first call (fresh interpreter: import + load + compile every dictionary), with all shipped
  dictionaries and with the hand-curated ones only (no PETRARCH conversions);
- ms per 3 KB article, median of RUNS passes over a set of 3 KB articles: the project's own test
  articles, and articles of the generated benchmark corpus (bench/corpus.py) cut to 3 KB; again
  with all and with curated-only dictionaries, and their ratio; and coded as one batch
  (``extract_many``, as the coding stage's workers do: sentences parsed together);
- the date finder alone against ``dateparser.search_dates`` (the usual do-it-yourself choice) on the
  same articles, in the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import in_child, median, row

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "tests" / "fixtures" / "articles"
SIZE = 3 * 1024
RUNS = 5
PUBLISHED = dt.date(2023, 11, 8)
CURATED = ("actors.yaml", "patterns.yaml", "claims.yaml", "attitudes.yaml", "weapons.yaml")


def articles(n: int) -> list[str]:
    """``n`` texts of ~3 KB: the project's own test articles, then generated corpus articles."""
    from bench import corpus

    own = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt")))
    texts = [own[i : i + SIZE] for i in range(0, max(1, len(own) - SIZE // 2), SIZE)]
    for item in corpus.generate(n * 4, seed=11).items:
        if len(texts) >= n:
            break
        body = item.text
        while len(body) < SIZE:
            body = body + "\n\n" + item.text
        texts.append(body[:SIZE])
    return texts[:n]


def _use(files: tuple[str, ...] | None) -> None:
    from newswatch.extract import dictionaries

    if files is not None:
        dictionaries.SHIPPED_FILES = files


def _first_call(files: tuple[str, ...] | None) -> float:
    started = time.perf_counter()
    _use(files)
    from newswatch.extract import extract_events

    extract_events("Russia attacked Kyiv on Monday.", PUBLISHED)
    return time.perf_counter() - started


def _per_article(files: tuple[str, ...] | None, n: int, runs: int) -> float:
    _use(files)
    from newswatch.extract import extract_events

    texts = articles(n)
    extract_events(texts[0], PUBLISHED)  # compile outside the timing
    passes = []
    for _ in range(runs):
        started = time.perf_counter()
        for text in texts:
            extract_events(text, PUBLISHED)
        passes.append((time.perf_counter() - started) / len(texts) * 1000)
    return median(passes)


def _per_article_batched(n: int, runs: int) -> float:
    """The pipeline's way: ``extract_many`` over the whole set (the coding stage hands a worker up to
    200 articles at a time), so the candidate sentences of all of them are parsed together."""
    from newswatch.extract import extract_events, extract_many

    texts = articles(n)
    extract_events(texts[0], PUBLISHED)
    items = [(text, PUBLISHED, None) for text in texts]
    passes = []
    for _ in range(runs):
        started = time.perf_counter()
        extract_many(items)
        passes.append((time.perf_counter() - started) / len(texts) * 1000)
    return median(passes)


def _dates(n: int, runs: int) -> tuple[float, float]:
    import dateparser.search

    from newswatch.extract import find_timexes

    texts = articles(n)
    base = dt.datetime(2023, 11, 8)
    settings = {"RELATIVE_BASE": base}
    dateparser.search.search_dates(texts[0], languages=["en"], settings=settings)  # warm-up
    ours, theirs = [], []
    for _ in range(runs):
        started = time.perf_counter()
        for text in texts:
            find_timexes(text, PUBLISHED)
        ours.append((time.perf_counter() - started) / len(texts) * 1000)
        started = time.perf_counter()
        for text in texts:
            dateparser.search.search_dates(text, languages=["en"], settings=settings)
        theirs.append((time.perf_counter() - started) / len(texts) * 1000)
    return median(ours), median(theirs)


def run(quick: bool = False) -> list[dict[str, Any]]:
    n = 10 if quick else 40
    runs = 3 if quick else RUNS
    rows: list[dict[str, Any]] = []
    for label, files in (("all shipped dictionaries", None), ("curated dictionaries only", CURATED)):
        seconds, _ = in_child(_first_call, files)
        rows.append(row("extract", f"first call, fresh process ({label})", round(seconds, 3), "s"))
    full, full_mem = in_child(_per_article, None, n, runs)
    curated, _ = in_child(_per_article, CURATED, n, runs)
    rows.append(row("extract", "per 3 KB article (all shipped dictionaries)", round(full, 3), "ms",
                    f"median of {runs} passes over {n} articles"))
    batched, _ = in_child(_per_article_batched, n, runs)
    rows.append(row("extract", "per 3 KB article, coded as a batch (extract_many, the pipeline's way)",
                    round(batched, 3), "ms", f"{n} articles per call"))
    rows.append(row("extract", "per 3 KB article (curated dictionaries only)", round(curated, 3), "ms"))
    rows.append(row("extract", "cost of the PETRARCH conversions", round(full / curated, 2), "x"))
    (ours, theirs), _ = in_child(_dates, n, runs)
    rows.append(row("timex", "find_timexes per 3 KB article", round(ours, 3), "ms"))
    rows.append(row("timex", "dateparser.search_dates per 3 KB article (baseline)", round(theirs, 3), "ms"))
    rows.append(row("timex", "speed-up over search_dates", round(theirs / ours, 1), "x"))
    # The extracting process's own peak (this one only coordinates the measuring children).
    rows.append(row("5 peak memory", "extractor (all shipped dictionaries)", full_mem, "MB RSS"))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    for r in run(quick=args.quick):
        print(f"{r['figure']:8} {r['metric']:58} {r['value']:>10} {r['unit']:3} {r.get('note', '')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
