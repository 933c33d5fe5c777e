"""`newswatch ack | mute | unmute | alerts-feed`: an analyst's actions on alerts, recorded as events
through `newswatch.alerts.actions`, and the Atom feed of a topic's alerts."""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import datetime, timezone
from pathlib import Path

from newswatch import projections
from newswatch.alerts.actions import acknowledge_alert, mute_stream, unmute_stream
from newswatch.errors import ConfigError
from newswatch.store import EventStore


def _now() -> datetime:
    # An analyst's action happens when they take it: the wall clock is the right time here.
    return datetime.now(timezone.utc).replace(microsecond=0)


def _open(args: argparse.Namespace) -> EventStore:
    return EventStore.open(args.database_url, application_name="newswatch-cli")


def cmd_ack(args: argparse.Namespace) -> int:
    with _open(args) as store:
        done = acknowledge_alert(store, args.alert_id, now=_now(), by=args.by, note=args.note)
    print(f"alert {args.alert_id} " + ("acknowledged" if done else "was already acknowledged"))
    return 0


def _known_topic(topic: str) -> None:
    from newswatch import config
    from newswatch.alerts.topics import load_topics

    names = [t.name for t in load_topics(config.topics_file()).topics]
    if topic not in names:
        raise ConfigError(f"unknown topic {topic!r}; topics: {', '.join(names)}")


def cmd_mute(args: argparse.Namespace) -> int:
    _known_topic(args.topic)
    until = datetime.fromisoformat(args.until) if args.until else None
    if until is not None and until.tzinfo is None:
        until = until.replace(tzinfo=timezone.utc)
    pair = args.actors.split(",") if args.actors else None
    with _open(args) as store:
        mute_stream(store, args.topic, pair, now=_now(), until=until, by=args.by, reason=args.reason)
    print(f"muted {args.topic}" + (f" for {args.actors}" if args.actors else "") + (f" until {until}" if until else ""))
    return 0


def cmd_unmute(args: argparse.Namespace) -> int:
    pair = args.actors.split(",") if args.actors else None
    with _open(args) as store:
        unmute_stream(store, args.topic, pair, now=_now(), by=args.by)
    print(f"unmuted {args.topic}" + (f" for {args.actors}" if args.actors else ""))
    return 0


def cmd_alerts_feed(args: argparse.Namespace) -> int:
    from newswatch.alerts.channels.atom import topic_feed

    with _open(args) as store:
        projections.catch_up(store, projections.ALERTS)
        body = topic_feed(store, args.topic, limit=args.limit, self_url=args.self_url)
    if args.output:
        args.output.write_bytes(body)
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(body.decode("utf-8") + "\n")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    who = getpass.getuser()
    p = sub.add_parser("alerts-feed", help="the Atom feed of a topic's alerts (for any feed reader)")
    p.add_argument("topic")
    p.add_argument("-o", "--output", type=Path, help="write to this file (default: stdout)")
    p.add_argument("--limit", type=int, default=100)
    p.add_argument("--self-url", help="the URL the feed will be served at (its rel=self link)")
    p.set_defaults(func=cmd_alerts_feed)
    p = sub.add_parser("ack", help="acknowledge an alert (recorded as an event)")
    p.add_argument("alert_id")
    p.add_argument("--by", default=who, help=f"who acknowledges (default: {who})")
    p.add_argument("--note")
    p.set_defaults(func=cmd_ack)
    for name, func, text in (("mute", cmd_mute, "stop delivering a topic's alerts (still flagged)"),
                             ("unmute", cmd_unmute, "deliver a muted topic's alerts again")):
        p = sub.add_parser(name, help=text)
        p.add_argument("topic")
        p.add_argument("--actors", help="only this actor pair, either order, e.g. PRK,RUS")
        p.add_argument("--by", default=who)
        if name == "mute":
            p.add_argument("--until", help="ISO date or time (UTC) when the mute ends")
            p.add_argument("--reason")
        p.set_defaults(func=func)
