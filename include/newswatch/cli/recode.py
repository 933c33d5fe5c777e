"""`newswatch recode`: re-code a date range of history with an extractor version."""

from __future__ import annotations

import argparse
from datetime import date

from newswatch.extract import EXTRACTOR_VERSION
from newswatch.model import RunContext
from newswatch.store import EventStore
from newswatch.worldevents.recoding import recode_articles


def cmd_recode(args: argparse.Namespace) -> int:
    with EventStore.open(args.database_url, application_name="newswatch-cli") as store:
        counts = recode_articles(store, RunContext.for_cli(), date.fromisoformat(args.since),
                                 date.fromisoformat(args.until), extractor_version=args.extractor_version)
    print(", ".join(f"{k}={v}" for k, v in counts.items()))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("recode", help="re-code a date range of articles with an extractor version")
    p.add_argument("--since", required=True, help="first publication day, YYYY-MM-DD")
    p.add_argument("--until", required=True, help="last publication day, YYYY-MM-DD")
    p.add_argument("--extractor-version", default=EXTRACTOR_VERSION,
                   help="the label recorded on the new mentions (default: the installed %(default)s)")
    p.set_defaults(func=cmd_recode)
