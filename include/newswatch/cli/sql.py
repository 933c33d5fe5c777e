"""`newswatch sql "…"`: one read-only statement for analysts (see ``store.console``)."""

from __future__ import annotations

import argparse
import csv
import sys
from typing import Any

from newswatch.store import to_json
from newswatch.store.console import (
    DEFAULT_ROW_CAP,
    DEFAULT_TIMEOUT_MS,
    QueryResult,
    run_query,
)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return to_json(value)
    return str(value)


def print_result(result: QueryResult, fmt: str, out: Any = None) -> None:
    out = out or sys.stdout
    if fmt == "json":
        for row in result.rows:
            out.write(to_json(dict(zip(result.columns, row))) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(result.columns)
        writer.writerows([[_cell(v) for v in row] for row in result.rows])
    else:
        cells = [[_cell(v).replace("\n", " ") for v in row] for row in result.rows]
        widths = [min(60, max([len(c)] + [len(r[i]) for r in cells])) for i, c in enumerate(result.columns)]
        out.write(" | ".join(c.ljust(w) for c, w in zip(result.columns, widths)).rstrip() + "\n")
        out.write("-+-".join("-" * w for w in widths) + "\n")
        for row in cells:
            out.write(" | ".join((v if len(v) <= w else v[: w - 1] + "…").ljust(w)
                                 for v, w in zip(row, widths)).rstrip() + "\n")
        out.write(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})\n")
    if result.truncated:
        print(f"newswatch: truncated at {len(result.rows)} rows (raise --max-rows)", file=sys.stderr)


def cmd_sql(args: argparse.Namespace) -> int:
    result = run_query(args.database_url, args.statement, row_cap=args.max_rows,
                       timeout_ms=int(args.timeout * 1000))
    print_result(result, args.format)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sql", help="run one read-only SQL statement as newswatch_reader",
                       description="Run one read-only statement against the newswatch views "
                                   "(search_path is newswatch, so `FROM world_events` works).")
    p.add_argument("statement", help='e.g. "SELECT * FROM world_events LIMIT 5"')
    p.add_argument("--max-rows", type=int, default=DEFAULT_ROW_CAP, help="row cap (default %(default)s)")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_MS / 1000,
                   help="statement timeout in seconds (default %(default)s)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(func=cmd_sql)


