"""Atom feed of alerts per topic, for any feed reader: `newswatch alerts-feed TOPIC` writes it,
and a channel of type ``atom`` rewrites ``<directory>/<topic>.xml`` whenever the topic raises an
alert (serve the directory with any static web server).

Entry ids are the alerts' ``urn:uuid:`` ids, so a reader never shows one alert twice.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import psycopg2.extras

from newswatch.alerts.channels import DeliveryFailed, render_text
from newswatch.model import stable_id
from newswatch.store import EventStore

ATOM = "http://www.w3.org/2005/Atom"
FEED_LIMIT = 100


def _iso(value: datetime | None) -> str:
    return (value or datetime(1970, 1, 1, tzinfo=timezone.utc)).astimezone(timezone.utc).isoformat()


def render_feed(topic: str, alerts: Sequence[Mapping[str, Any]], *, self_url: str | None = None) -> bytes:
    """An Atom 1.0 document: one entry per alert (newest first), linking to its evidence."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    sub(feed, "id", f"urn:uuid:{stable_id('atom-feed', topic)}")
    sub(feed, "title", f"newswatch alerts: {topic}")
    sub(feed, "updated", _iso(max((a["raised_at"] for a in alerts), default=None)))
    author = sub(feed, "author")
    sub(author, "name", "newswatch")
    sub(feed, "generator", "newswatch")
    if self_url:
        sub(feed, "link", rel="self", href=self_url)
    for alert in alerts:
        entry = sub(feed, "entry")
        sub(entry, "id", f"urn:uuid:{alert['alert_id']}")
        sub(entry, "title", f"{alert['novelty_kind'] or 'new'}: {alert['summary']}")
        sub(entry, "updated", _iso(alert["raised_at"]))
        sub(entry, "published", _iso(alert["raised_at"]))
        sub(entry, "category", term=alert.get("novelty_kind") or "new")
        sub(entry, "summary", alert["novelty_reason"])
        for ev in alert.get("evidence") or []:
            if ev.get("url"):
                sub(entry, "link", rel="related", href=ev["url"], title=ev.get("title") or ev["url"])
        sub(entry, "content", render_text(alert["payload"]), type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def topic_feed(store: EventStore, topic: str, *, limit: int = FEED_LIMIT, self_url: str | None = None) -> bytes:
    """The topic's latest alerts (muted ones excluded) as an Atom document."""
    from newswatch.alerts.payload import alert_payload

    with store.transaction(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute(
            """SELECT alert_id::text AS alert_id, topic, event_id::text AS world_event_id, raised_at,
                      novelty_kind, novelty_reason, summary
               FROM newswatch.alerts WHERE topic = %s AND NOT muted
               ORDER BY raised_at DESC, alert_id LIMIT %s""",
            (topic, limit),
        )
        rows = [dict(r) for r in cur.fetchall()]
    alerts = []
    for row in rows:
        payload = alert_payload(store, row)
        alerts.append({**row, "payload": payload, "evidence": payload["evidence"]})
    return render_feed(topic, alerts, self_url=self_url)


def feed_path(channel: Any, topic: str) -> Path:
    directory = os.path.expandvars(channel.directory or "")
    if not directory or "$" in directory:
        raise DeliveryFailed(f"channel {channel.name!r}: 'directory' is not set ({channel.directory!r})")
    return Path(directory) / f"{topic}.xml"


def write_atom(channel: Any, payload: Mapping[str, Any], *, store: EventStore) -> str:
    path = feed_path(channel, payload["topic"])
    body = topic_feed(store, payload["topic"])
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".xml.tmp")
        tmp.write_bytes(body)
        tmp.replace(path)  # readers never see a half-written feed
    except OSError as e:
        raise DeliveryFailed(f"cannot write {path}: {e}") from e
    return f"wrote {path}"
