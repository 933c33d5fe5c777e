"""`newswatch alerts | ack | mute | unmute | alerts-feed`: the alerts raised, an analyst's actions on
them (recorded as events through `newswatch.alerts.actions`), and the Atom feed of a topic's alerts."""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from newswatch.cli.common import (
    ISO_TIME_HINT,
    UsageError,
    complete_topics,
    iso_datetime,
    migrated_store,
    positive_int,
    require_topic,
)
from newswatch.cli.output import Column, cell_text, is_terminal, print_jsonl, print_table

# The alerts view joined to world_events for the actors' names and to event_mentions for the
# evidence (only in --json: the table shows the summary).
_ALERTS_SQL = """
SELECT a.alert_id::text AS alert_id, a.event_id::text AS event_id, a.topic, a.raised_at, a.summary,
       a.novelty_kind, a.novelty_reason, a.event_type, a.event_date,
       w.actor1, a.actor1_code, w.actor2, a.actor2_code,
       a.claim_status, a.claimed_by, a.claim_status_at_alert, a.num_sources,
       a.delivery_status, a.muted, a.acknowledged, a.acknowledged_by, a.acknowledged_at
       {evidence}
FROM newswatch.alerts a
LEFT JOIN newswatch.world_events w ON w.event_id = a.event_id
WHERE (%(topic)s::text IS NULL OR a.topic = %(topic)s)
ORDER BY a.raised_at DESC, a.alert_id
LIMIT %(limit)s
"""
_EVIDENCE_SQL = """,
       coalesce((SELECT jsonb_agg(jsonb_build_object(
                          'mention_id', m.mention_id::text, 'sentence', m.sentence, 'url', m.url,
                          'source', m.source, 'reported_at', m.reported_at)
                        ORDER BY m.reported_at, m.mention_id)
                 FROM newswatch.event_mentions m WHERE m.event_id = a.event_id), '[]'::jsonb) AS evidence"""

# In a pipe, one alert per line (greppable); on a terminal the details stack under the summary.
_TABLE = (Column("raised (UTC)"), Column("topic"), Column("event", wrap=True), Column("why new", wrap=True),
          Column("delivery"), Column("state"), Column("alert id"))
_TERMINAL_TABLE = (Column("raised (UTC), topic"), Column("alert", wrap=True))


def register(sub: Any) -> None:
    who = getpass.getuser()
    p = sub.add_parser("alerts", help="list alerts raised, newest first",
                       description="List alerts, newest first. An unknown --topic is an error (exit 1), "
                                   "not an empty list.")
    p.add_argument("--topic", help="only this topic (one of the topics file, or one that raised alerts)"
                   ).completer = complete_topics
    p.add_argument("--limit", type=positive_int, default=50, help="at most this many (default %(default)s)")
    p.add_argument("--json", action="store_true",
                   help="one JSON object per line, with ids, actors and the evidence sentences")
    p.set_defaults(func=cmd_alerts)

    p = sub.add_parser("ack", help="acknowledge an alert (recorded as an event)")
    p.add_argument("alert_id", help="the alert's id (see `newswatch alerts`)")
    p.add_argument("--by", default=who, help=f"who acknowledges (default: {who})")
    p.add_argument("--note")
    p.set_defaults(func=cmd_ack)

    for name, func, text in (("mute", cmd_mute, "stop delivering a topic's alerts (still flagged)"),
                             ("unmute", cmd_unmute, "deliver a muted topic's alerts again")):
        p = sub.add_parser(name, help=text)
        p.add_argument("topic").completer = complete_topics
        p.add_argument("--actors", help="only this actor pair, either order, e.g. PRK,RUS")
        p.add_argument("--by", default=who, help=f"who does it (default: {who})")
        if name == "mute":
            p.add_argument("--until", type=iso_datetime, metavar="WHEN", help=f"when the mute ends: {ISO_TIME_HINT}")
            p.add_argument("--reason")
        p.set_defaults(func=func)

    p = sub.add_parser("alerts-feed", help="the Atom feed of a topic's alerts (for any feed reader)")
    p.add_argument("topic").completer = complete_topics
    p.add_argument("-o", "--output", type=Path, help="write to this file (default: stdout)")
    p.add_argument("--limit", type=positive_int, default=100, help="at most this many entries (default %(default)s)")
    p.add_argument("--self-url", help="the URL the feed will be served at (its rel=self link)")
    p.set_defaults(func=cmd_alerts_feed)


def _now() -> datetime:
    # An analyst's action happens when they take it: the wall clock is the right time here.
    return datetime.now(timezone.utc).replace(microsecond=0)


def cmd_alerts(args: argparse.Namespace) -> int:
    import psycopg2.extras

    with migrated_store(args.database_url) as store:
        if args.topic is not None:
            require_topic(args.topic, store)
        with store.transaction(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
            cur.execute(_ALERTS_SQL.format(evidence=_EVIDENCE_SQL if args.json else ""),
                        {"topic": args.topic, "limit": args.limit})
            rows = [dict(r) for r in cur.fetchall()]
    if args.json:
        print_jsonl(rows)
        return 0
    if not rows:
        print("no alerts")
        return 0
    if is_terminal():
        print_table(_TERMINAL_TABLE, [(f"{cell_text(r['raised_at'])}\n{r['topic']}", "\n".join((
            r["summary"], f"why new: {r['novelty_reason']} ({r['novelty_kind']})",
            f"delivery: {cell_text(r['delivery_status'])}; {_state(r)}", f"id: {r['alert_id']}"))) for r in rows])
    else:
        print_table(_TABLE, [(r["raised_at"], r["topic"], r["summary"], f"{r['novelty_reason']} ({r['novelty_kind']})",
                              r["delivery_status"], _state(r), r["alert_id"]) for r in rows])
    return 0


def _state(row: dict) -> str:
    flags = [name for name, on in (("muted", row["muted"]), ("acknowledged", row["acknowledged"])) if on]
    return ", ".join(flags) or "new"


def cmd_ack(args: argparse.Namespace) -> int:
    from newswatch.alerts.actions import acknowledge_alert

    with migrated_store(args.database_url) as store:
        done = acknowledge_alert(store, args.alert_id, now=_now(), by=args.by, note=args.note)
    print(f"alert {args.alert_id} " + ("acknowledged" if done else "was already acknowledged"))
    return 0


def cmd_mute(args: argparse.Namespace) -> int:
    from newswatch.alerts.actions import mute_stream

    now = _now()
    if args.until is not None and args.until <= now:
        raise UsageError(f"--until {args.until.isoformat()} is not in the future")
    pair = args.actors.split(",") if args.actors else None
    with migrated_store(args.database_url) as store:
        require_topic(args.topic, store)
        mute_stream(store, args.topic, pair, now=now, until=args.until, by=args.by, reason=args.reason)
    until = f" until {args.until.isoformat()}" if args.until else ""
    print(f"muted {args.topic}" + (f" for {args.actors}" if args.actors else "") + until)
    return 0


def cmd_unmute(args: argparse.Namespace) -> int:
    from newswatch.alerts.actions import unmute_stream

    pair = args.actors.split(",") if args.actors else None
    with migrated_store(args.database_url) as store:
        require_topic(args.topic, store)
        unmute_stream(store, args.topic, pair, now=_now(), by=args.by)
    print(f"unmuted {args.topic}" + (f" for {args.actors}" if args.actors else ""))
    return 0


def cmd_alerts_feed(args: argparse.Namespace) -> int:
    from newswatch import projections
    from newswatch.alerts.channels.atom import topic_feed

    with migrated_store(args.database_url) as store:
        require_topic(args.topic, store)
        projections.catch_up(store, projections.ALERTS)
        body = topic_feed(store, args.topic, limit=args.limit, self_url=args.self_url)
    if args.output:
        args.output.write_bytes(body)
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(body.decode("utf-8") + "\n")
    return 0
