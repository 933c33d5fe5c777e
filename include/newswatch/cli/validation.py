"""`newswatch validation-report`: great-expectations Data Docs for one run's validation."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from newswatch.cli.common import migrated_store
from newswatch.cli.output import status
from newswatch.errors import NotFound


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("validation-report",
                              help="build great-expectations Data Docs for a run's validation")
    p.add_argument("--run-id", help="the run (default: the latest validated run); see newswatch.validation_runs")
    p.add_argument("--output", type=Path, default=Path("validation-report"),
                   help="directory for the GX project and its Data Docs (default: ./validation-report)")
    p.set_defaults(func=cmd_validation_report)


def cmd_validation_report(args: argparse.Namespace) -> int:
    from newswatch.screen.report import build_report, latest_run

    with migrated_store(args.database_url) as store:
        run_id = args.run_id or latest_run(store)
        if run_id is None:
            raise NotFound("no validation runs recorded yet")
        with status(f"building Data Docs for run {run_id}"):
            report = build_report(store, run_id, args.output)  # NewswatchError naming an unknown run
    print(f"run {report.run_id}: {report.batches} article batch(es), {report.articles} article(s), "
          f"{report.feeds} feed batch(es)")
    print(f"recorded accepted/rejected {report.recorded[0]}/{report.recorded[1]}, "
          f"re-validated {report.revalidated[0]}/{report.revalidated[1]}")
    if report.recorded != report.revalidated and report.batches:
        print("note: the suite has changed since this run; the docs show today's suite")
    print(f"Data Docs: {report.index}")
    # Self-contained (no CDN): open the file, or serve the folder for a browser on another machine.
    print(f"  open {report.index.as_uri()}  or  python -m http.server -d {report.index.parent}")
    return 0
