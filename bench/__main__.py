"""Run every benchmark and print one table: ``python -m bench [--quick] [--only NAME ...]``.

Each ``bench/bench_*.py`` module exposing ``run(quick: bool = False) -> list[dict]`` is run in its
own process (rows: figure, metric, value, unit, optional note). A module that reports no peak
memory of its own gets one row with its process's peak RSS (figure 5). A failing module is
reported and the others still run; the exit code is then 1.
"""

from __future__ import annotations

import argparse
import json
import os
import pkgutil
import sys
import time
from pathlib import Path
from typing import Any

import bench
from bench import corpus
from bench.common import drop_leftovers, in_child, row, run_module

TARGETS = (
    "Aims (not asserts): end to end >= 300 articles/s on 2 cores and >= 20x the naive baseline;",
    "append_many >= 75 % of raw COPY; cost per article with 1M stored <= 1.5x that with 10k.",
)


def modules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if m.name.startswith("bench_"))


def run_all(names: list[str], quick: bool) -> tuple[list[dict[str, Any]], list[str]]:
    rows: list[dict[str, Any]] = []
    failures = []
    for name in names:
        started = time.perf_counter()
        print(f"running {name} ...", file=sys.stderr, flush=True)
        try:
            result, peak = in_child(run_module, name, quick)
        except Exception as e:  # noqa: BLE001 - one broken benchmark must not hide the others
            failures.append(f"{name}: {e}")
            print(f"  {name} failed: {str(e).splitlines()[0]}", file=sys.stderr, flush=True)
            continue
        if not any(str(r.get("figure", "")).startswith("5") for r in result):
            result.append(row("5 peak memory", name.removeprefix("bench_"), peak, "MB RSS"))
        rows.extend({**r, "module": name} for r in result)
        print(f"  {name}: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
        # Each module's rows as soon as it ends, so an interrupted run still leaves its figures.
        print(format_table(result), file=sys.stderr, flush=True)
    return rows, failures


def _value(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def format_table(rows: list[dict[str, Any]]) -> str:
    modules_seen = list(dict.fromkeys(str(r.get("module", "")) for r in rows))

    def place(r: dict[str, Any]) -> tuple[int, str, int]:
        # The issue's numbered figures first (1-4), other modules' rows next, memory (5) last.
        figure = str(r.get("figure", ""))
        if figure.startswith("5 "):
            return (2, figure, 0)
        if figure[:1].isdigit() and figure[1:2] == " ":
            return (0, figure.split(" ")[0], 0)
        return (1, "", modules_seen.index(str(r.get("module", ""))))

    ordered = sorted(rows, key=place)  # stable: each module's own order is kept
    header = ("figure", "metric", "value", "unit", "note")
    cells = [header] + [
        (str(r.get("figure", "")), str(r.get("metric", "")), _value(r.get("value", "")),
         str(r.get("unit", "")), str(r.get("note", "")))
        for r in ordered
    ]
    widths = [max(len(c[i]) for c in cells) for i in range(len(header))]
    lines = []
    for n, c in enumerate(cells):
        lines.append("  ".join(
            (c[i].rjust(widths[i]) if i == 2 else c[i].ljust(widths[i])) for i in range(len(header))
        ).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run of a few minutes")
    parser.add_argument("--only", action="append", metavar="NAME",
                        help="run only this module (e.g. pipeline or bench_pipeline); repeatable")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the rows as JSON")
    parser.add_argument("--sentences", type=Path, metavar="ECBPLUS_DIR",
                        help="mix real news sentences from ECB+ token files into the corpus")
    args = parser.parse_args(argv)
    if args.sentences:
        if not args.sentences.is_dir():
            parser.error(f"--sentences: no such directory: {args.sentences}")
        os.environ[corpus.SENTENCES_ENV] = str(args.sentences)  # the benchmark processes inherit it
    names = modules()
    if args.only:
        wanted = {n if n.startswith("bench_") else f"bench_{n}" for n in args.only}
        unknown = wanted - set(names)
        if unknown:
            parser.error(f"no such benchmark: {', '.join(sorted(unknown))} (have: {', '.join(names)})")
        names = [n for n in names if n in wanted]
    drop_leftovers()
    started = time.perf_counter()
    rows, failures = run_all(names, args.quick)
    print()
    print(format_table(rows))
    print()
    for line in TARGETS:
        print(line)
    print(f"{'quick' if args.quick else 'full'} run, {time.perf_counter() - started:.0f} s wall;"
          " medians of several runs, ratios measured in the same run.")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, default=str))
    for failure in failures:
        print(f"FAILED {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
