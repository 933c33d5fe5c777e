"""`newswatch topics check | explain`: validate a watch-topics file and name every problem; say, for
each topic, why a world event did or did not raise an alert."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from newswatch import config
from newswatch.cli.output import print_jsonl


def register(sub: Any) -> None:
    group = sub.add_parser("topics", help="watch topic tools: check, explain")
    topics = group.add_subparsers(dest="topics_command", required=True, metavar="COMMAND")
    p = topics.add_parser("check", help="validate a watch topics file")
    p.add_argument("file", nargs="?", type=Path, default=None,
                   help="watch topics YAML (default: $NEWSWATCH_TOPICS_FILE or include/config/watch_topics.yaml)")
    p.add_argument("--json", action="store_true", help="the topics, one JSON object per line")
    p.set_defaults(func=cmd_topics_check)

    p = topics.add_parser("explain", help="why a world event did or did not raise an alert, topic by topic",
                          description="For each watch topic: every filter with pass or fail and what it saw, "
                                      "the alerts raised on the event, the topic's last decision on it (a repeat "
                                      "of which alerts and world events, or background), and how it is judged now.")
    p.add_argument("event_id", help="the world event's id (newswatch.world_events.event_id)")
    p.add_argument("--topics", type=Path, default=None, dest="file",
                   help="watch topics YAML (default: $NEWSWATCH_TOPICS_FILE or include/config/watch_topics.yaml)")
    p.add_argument("--json", action="store_true", help="one JSON object per topic")
    p.set_defaults(func=cmd_topics_explain)


def cmd_topics_check(args: argparse.Namespace) -> int:
    from newswatch.alerts.topics import load_topics

    path = args.file or config.topics_file()
    loaded = load_topics(path)  # ConfigError (exit 2) naming every problem
    if args.json:
        print_jsonl({"name": t.name, "description": t.description, "event_types": t.event_types,
                     "contexts": t.contexts, "actors": t.actors, "actor_match": t.actor_match,
                     "keywords": t.keywords, "claim_statuses": t.claim_statuses,
                     "min_confidence": t.min_confidence, "novelty_window_days": t.novelty_window_days,
                     "channels": t.channels, "actor_sectors": t.actor_sectors, "actor_roles": t.actor_roles,
                     "role_match": t.role_match, "min_sources": t.min_sources,
                     "exclude_contexts": t.exclude_contexts, "exclude_actors": t.exclude_actors,
                     "locations": t.locations, "alert_on_denials": t.alert_on_denials,
                     "agreements_need_weapons": t.agreements_need_weapons} for t in loaded.topics)
        return 0
    print(f"{path}: {len(loaded.topics)} topic(s), channels {sorted(loaded.channels)}, no problems")
    return 0


def cmd_topics_explain(args: argparse.Namespace) -> int:
    from newswatch.alerts.explain import explain_event, render
    from newswatch.alerts.topics import load_topics
    from newswatch.cli.common import migrated_store

    loaded = load_topics(args.file or config.topics_file())
    with migrated_store(args.database_url) as store:
        event, explanations = explain_event(store, loaded, args.event_id)
    if args.json:
        print_jsonl({"event_id": event["world_event_id"], "topic": e.topic, "matched": e.matched,
                     "filters": [{"name": f.name, "passed": f.passed, "detail": f.detail}
                                 for f in e.filters + ([e.keywords] if e.keywords else [])],
                     "alerts": e.alerts, "last_decision": e.last_decision,
                     "judged_now": None if e.judged_now is None else {
                         "outcome": e.judged_now.outcome, "explanation": e.judged_now.explanation,
                         "novelty_kind": e.judged_now.novelty.kind if e.judged_now.novelty else None}}
                    for e in explanations)
        return 0
    print("\n".join(render(event, explanations)))
    return 0
