"""`newswatch sql "…"`: one read-only statement for analysts (see ``store.console``), printed as a
table, CSV or JSON Lines."""

from __future__ import annotations

import argparse
import csv
import sys
from typing import Any

from newswatch.cli.common import migrated_store, positive_float, positive_int
from newswatch.cli.output import Column, json_text, print_jsonl, print_table

# The console's defaults, repeated here so that building the parser imports no psycopg2.
DEFAULT_ROW_CAP = 1000
DEFAULT_TIMEOUT_S = 10.0


def register(sub: Any) -> None:
    p = sub.add_parser("sql", help="run one read-only SQL statement as newswatch_reader",
                       description="Run one read-only statement against the newswatch views "
                                   "(search_path is newswatch, so `FROM world_events` works).")
    p.add_argument("statement", help='e.g. "SELECT * FROM world_events LIMIT 5"')
    p.add_argument("--max-rows", type=positive_int, default=DEFAULT_ROW_CAP, help="row cap (default %(default)s)")
    p.add_argument("--timeout", type=positive_float, default=DEFAULT_TIMEOUT_S,
                   help="statement timeout in seconds (default %(default)s)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help="table (default), csv, or json: one JSON object per line")
    p.set_defaults(func=cmd_sql)


def cmd_sql(args: argparse.Namespace) -> int:
    from newswatch.store.console import run_query

    with migrated_store(args.database_url):
        pass  # a clear "run newswatch init" rather than "relation world_events does not exist"
    result = run_query(args.database_url, args.statement, row_cap=args.max_rows,
                       timeout_ms=int(args.timeout * 1000))
    print_result(result, args.format)
    return 0


def print_result(result: Any, fmt: str) -> None:
    """A ``QueryResult`` on stdout; a note on stderr when the row cap cut it."""
    if fmt == "json":
        print_jsonl(dict(zip(result.columns, row)) for row in result.rows)
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(result.columns)
        writer.writerows([[_structured(v) for v in row] for row in result.rows])
    elif result.columns:
        print_table([Column(c, wrap=True) for c in result.columns], [[_structured(v) for v in row] for row in result.rows])
        print(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    if result.truncated:
        print(f"newswatch: truncated at {len(result.rows)} rows (raise --max-rows)", file=sys.stderr)


def _structured(value: Any) -> Any:
    # jsonb and arrays as JSON text in a cell, NULL as nothing, as psql shows them
    if value is None:
        return ""
    return json_text(value) if isinstance(value, (dict, list)) else value
