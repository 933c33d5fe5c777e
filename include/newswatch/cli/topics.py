"""`newswatch topics check`: validate a watch-topics file and name every problem."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from newswatch import config
from newswatch.cli.output import print_jsonl


def register(sub: Any) -> None:
    group = sub.add_parser("topics", help="watch topic tools: check")
    topics = group.add_subparsers(dest="topics_command", required=True, metavar="COMMAND")
    p = topics.add_parser("check", help="validate a watch topics file")
    p.add_argument("file", nargs="?", type=Path, default=None,
                   help="watch topics YAML (default: $NEWSWATCH_TOPICS_FILE or include/config/watch_topics.yaml)")
    p.add_argument("--json", action="store_true", help="the topics, one JSON object per line")
    p.set_defaults(func=cmd_topics_check)


def cmd_topics_check(args: argparse.Namespace) -> int:
    from newswatch.alerts.topics import load_topics

    path = args.file or config.topics_file()
    loaded = load_topics(path)  # ConfigError (exit 2) naming every problem
    if args.json:
        print_jsonl({"name": t.name, "description": t.description, "event_types": t.event_types,
                     "contexts": t.contexts, "actors": t.actors, "actor_match": t.actor_match,
                     "keywords": t.keywords, "claim_statuses": t.claim_statuses,
                     "min_confidence": t.min_confidence, "novelty_window_days": t.novelty_window_days,
                     "channels": t.channels} for t in loaded.topics)
        return 0
    print(f"{path}: {len(loaded.topics)} topic(s), channels {sorted(loaded.channels)}, no problems")
    return 0
