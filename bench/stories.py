"""Evolving stories as feeds: labelled feed items (tests/fixtures/stories/*.yaml) served over real
HTTP on localhost, one stage per publication day, each stage one real cycle
(poll -> screen -> code -> flag -> deliver) with RunContext.now at the end of that day, into one
event store. Used by bench/eval_developments.py and the stories' regression tests.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import psycopg2.extras
import yaml

from newswatch.alerts.topics import TopicConfig
from newswatch.ingest.samples import SampleServer
from newswatch.model import FeedSpec, RunContext
from newswatch.pipeline import run_cycle
from newswatch.store import EventStore

ROOT = Path(__file__).resolve().parents[1]
STORIES = ROOT / "tests" / "fixtures" / "stories"
STAGE_END = time(23, 30)  # each stage's cycle runs at the end of its publication day (UTC)
FEED_ITEMS = 20  # a feed shows its outlet's latest items, as real feeds do


@dataclass(frozen=True)
class Expected:
    topic: str
    kind: str


@dataclass(frozen=True)
class Item:
    id: str
    story: str
    published: datetime
    outlet: str
    title: str
    body: str
    reports: dict[str, Any] | None
    alerts: tuple[Expected, ...]
    note: str = ""

    @property
    def day(self) -> date:
        return self.published.date()


def load_items(directory: Path = STORIES, only: Iterable[str] | None = None) -> list[Item]:
    """Every item of the stories in ``directory`` (all but topics.yaml), in publication order;
    ``only``: item ids to keep."""
    keep = set(only) if only is not None else None
    items = []
    for path in sorted(directory.glob("*.yaml")):
        if path.name == "topics.yaml":
            continue
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for raw in document["items"]:
            if keep is not None and raw["id"] not in keep:
                continue
            published = datetime.strptime(str(raw["published"]), "%Y-%m-%d %H:%M").replace(tzinfo=timezone.utc)
            items.append(Item(raw["id"], document["story"], published, raw["outlet"], raw["title"].strip(),
                              " ".join(raw["body"].split()), raw.get("reports"),
                              tuple(Expected(a["topic"], a["kind"]) for a in raw.get("alerts") or ()),
                              raw.get("note", "")))
    ids = [i.id for i in items]
    if len(ids) != len(set(ids)):
        raise ValueError("item ids must be unique")
    return sorted(items, key=lambda i: (i.published, i.id))


def slug(outlet: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", outlet.lower()).strip("-")


def item_url(base: str, item: Item) -> str:
    return f"{base}/{slug(item.outlet)}/{item.id}"


def render_rss(outlet: str, items: Sequence[Item], base: str) -> str:
    entries = "".join(
        f"<item><title>{escape(i.title)}</title><link>{escape(item_url(base, i))}</link>"
        f"<guid isPermaLink=\"false\">{escape(i.id)}</guid><pubDate>{format_datetime(i.published)}</pubDate>"
        f"<description>{escape(i.body)}</description></item>"
        for i in sorted(items, key=lambda i: i.published, reverse=True)[:FEED_ITEMS])
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(outlet)}</title>'
            f"<link>{base}/{slug(outlet)}</link><description>{escape(outlet)} wire</description>{entries}"
            "</channel></rss>")


@dataclass
class Stage:
    day: date
    now: datetime
    items: list[Item]
    alerts: list[dict[str, Any]] = field(default_factory=list)  # raised by this stage's cycle


@dataclass
class Replay:
    base: str
    stages: list[Stage]


def replay(store: EventStore, items: Sequence[Item], topics: TopicConfig,
           progress: Callable[[Stage], None] | None = None) -> Replay:
    """Serve ``items`` as one feed per outlet, stage by stage, running one cycle per stage."""
    outlets = sorted({i.outlet for i in items})
    days = sorted({i.day for i in items})
    with tempfile.TemporaryDirectory(prefix="stories-") as tmp, SampleServer(tmp) as server:
        previous = os.environ.get("NEWSWATCH_ALLOWED_HOSTS")
        os.environ["NEWSWATCH_ALLOWED_HOSTS"] = "127.0.0.1"
        try:
            feeds = [FeedSpec(name=slug(o), url=f"{server.url}/{slug(o)}.xml", source=o, allow_private=True)
                     for o in outlets]
            stages = []
            for day in days:
                now = datetime.combine(day, STAGE_END, tzinfo=timezone.utc)
                for outlet in outlets:
                    path = Path(tmp) / f"{slug(outlet)}.xml"
                    path.write_text(render_rss(outlet, [i for i in items if i.outlet == outlet and i.day <= day],
                                               server.url), encoding="utf-8")
                    # Last-Modified follows the simulated clock, so a feed changed at this stage is
                    # never answered 304 for an If-Modified-Since of the same wall-clock second.
                    os.utime(path, (now.timestamp(), now.timestamp()))
                stage = Stage(day, now, [i for i in items if i.day == day])
                run_cycle(store, feeds, topics, RunContext(run_id=f"stories__{now.isoformat()}", now=now))
                stage.alerts = stage_alerts(store, now)
                stages.append(stage)
                if progress:
                    progress(stage)
        finally:
            if previous is None:
                os.environ.pop("NEWSWATCH_ALLOWED_HOSTS", None)
            else:
                os.environ["NEWSWATCH_ALLOWED_HOSTS"] = previous
        return Replay(server.url, stages)


def stage_alerts(store: EventStore, now: datetime) -> list[dict[str, Any]]:
    with store.transaction(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute("""SELECT alert_id::text, topic, event_id::text AS world_event_id, novelty_kind,
                              novelty_reason, summary
                       FROM newswatch.alerts WHERE raised_at = %s ORDER BY alert_id""", (now,))
        return [dict(r) for r in cur.fetchall()]
