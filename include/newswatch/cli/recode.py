"""`newswatch recode`: re-code a date range of history with an extractor version."""

from __future__ import annotations

import argparse
from typing import Any

from newswatch.cli.common import ISO_DATE_HINT, date_range, iso_date, migrated_store
from newswatch.cli.output import status


def register(sub: Any) -> None:
    p = sub.add_parser("recode", help="re-code a date range of articles with an extractor version")
    p.add_argument("--since", required=True, type=iso_date, metavar="DATE",
                   help=f"first publication day, {ISO_DATE_HINT}")
    p.add_argument("--until", required=True, type=iso_date, metavar="DATE",
                   help="last publication day (inclusive), not before --since")
    p.add_argument("--extractor-version", default=None,
                   help="the label recorded on the new mentions (default: the installed extractor's)")
    p.set_defaults(func=cmd_recode)


def cmd_recode(args: argparse.Namespace) -> int:
    from newswatch.extract import EXTRACTOR_VERSION
    from newswatch.model import RunContext
    from newswatch.worldevents.recoding import recode_articles

    date_range(args.since, args.until)
    version = args.extractor_version or EXTRACTOR_VERSION
    with migrated_store(args.database_url) as store, \
            status(f"re-coding {args.since}..{args.until} with {version}"):
        counts = recode_articles(store, RunContext.for_cli(), args.since, args.until, extractor_version=version)
    print(", ".join(f"{k}={v}" for k, v in counts.items()))
    return 0
