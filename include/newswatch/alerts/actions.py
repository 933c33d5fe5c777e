"""What analysts do with alerts, recorded as events: acknowledge one alert, mute or unmute an
alert stream (a topic, or a topic for one actor pair). Muted developments are still flagged,
for the record, but sent to no channel. Also the commands `newswatch ack | mute | unmute`
and `newswatch alerts-feed` (the Atom feed of a topic's alerts).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from newswatch import events as ev
from newswatch import projections
from newswatch.errors import ConfigError, NotFound
from newswatch.events import StreamAppend
from newswatch.store import EventStore


def topic_stream(topic: str) -> str:
    return f"topic-{topic}"


def acknowledge_alert(store: EventStore, alert_id: str, *, now: datetime, by: str | None = None,
                      note: str | None = None) -> bool:
    """Record that someone has seen an alert; False when it was already acknowledged."""
    projections.catch_up(store, projections.ALERTS)
    with store.transaction() as cur:
        cur.execute("SELECT acknowledged FROM newswatch.proj_alerts WHERE alert_id::text = %s", (alert_id,))
        row = cur.fetchone()
    if row is None:
        raise NotFound(f"no alert with id {alert_id!r} (see `newswatch alerts`)")
    data = {"alert_id": alert_id, "by": by, "note": note, "acknowledged_at": now}
    # One acknowledgement per alert: the id is the alert's, so a second `ack` appends nothing.
    event = ev.domain_event(ev.ALERT_ACKNOWLEDGED, data, alert_id)
    written = store.append_many([StreamAppend(ev.alert_stream(alert_id), [event])]).written
    projections.catch_up(store, projections.ALERTS)
    return bool(written)


def _pair(pair: Sequence[str] | None) -> tuple[str, str]:
    if not pair:
        return "", ""
    codes = [p.strip().upper() for p in pair if p.strip()]
    if len(codes) != 2:
        raise ConfigError(f"an actor pair is two codes, e.g. PRK,RUS; got {list(pair)}")
    return codes[0], codes[1]


def mute_stream(store: EventStore, topic: str, pair: Sequence[str] | None, *, now: datetime,
                until: datetime | None = None, by: str | None = None, reason: str | None = None) -> None:
    """Mute a topic's alerts (for one actor pair, either order, when ``pair`` is given)."""
    a1, a2 = _pair(pair)
    data = {"topic": topic, "actor1_code": a1, "actor2_code": a2, "muted_at": now, "until": until,
            "by": by, "reason": reason}
    event = ev.domain_event(ev.ALERT_STREAM_MUTED, data, topic, a1, a2, now.isoformat())
    store.append_many([StreamAppend(topic_stream(topic), [event])])
    projections.catch_up(store, projections.ALERTS)


def unmute_stream(store: EventStore, topic: str, pair: Sequence[str] | None, *, now: datetime,
                  by: str | None = None) -> None:
    a1, a2 = _pair(pair)
    data = {"topic": topic, "actor1_code": a1, "actor2_code": a2, "unmuted_at": now, "by": by}
    event = ev.domain_event(ev.ALERT_STREAM_UNMUTED, data, topic, a1, a2, now.isoformat())
    store.append_many([StreamAppend(topic_stream(topic), [event])])
    projections.catch_up(store, projections.ALERTS)
