"""Projection behind newswatch.alerts: alerts raised and each channel's delivery state."""

from __future__ import annotations

from newswatch import events as ev
from newswatch.projections.base import Cursor, Projection
from newswatch.store import RecordedEvent


def _development_flagged(cur: Cursor, e: RecordedEvent) -> None:
    d = e.data
    cur.execute(
        """INSERT INTO newswatch.proj_alerts (alert_id, topic, world_event_id, raised_at,
             novelty_reason, summary, channels)
           VALUES (%(alert_id)s, %(topic)s, %(world_event_id)s, %(raised_at)s, %(novelty_reason)s,
             %(summary)s, %(channels)s)
           ON CONFLICT (alert_id) DO NOTHING""",
        {**d, "channels": list(d["channels"])},
    )
    for channel in d["channels"]:
        cur.execute(
            """INSERT INTO newswatch.proj_alert_deliveries (alert_id, channel, status)
               VALUES (%s, %s, 'pending') ON CONFLICT DO NOTHING""",
            (d["alert_id"], channel),
        )


def _alert_delivered(cur: Cursor, e: RecordedEvent) -> None:
    d = e.data
    cur.execute(
        """UPDATE newswatch.proj_alert_deliveries SET status = 'delivered', attempts = %s,
             last_attempt_at = %s, delivered_at = %s, last_error = NULL
           WHERE alert_id = %s AND channel = %s""",
        (d["attempt"], d["attempted_at"], d["attempted_at"], d["alert_id"], d["channel"]),
    )


def _alert_delivery_failed(cur: Cursor, e: RecordedEvent) -> None:
    d = e.data
    cur.execute(
        """UPDATE newswatch.proj_alert_deliveries SET status = 'failed', attempts = %s,
             last_attempt_at = %s, last_error = %s
           WHERE alert_id = %s AND channel = %s AND status <> 'delivered'""",
        (d["attempt"], d["attempted_at"], d["error"], d["alert_id"], d["channel"]),
    )


ALERTS = Projection(
    "alerts",
    ("newswatch.proj_alert_deliveries", "newswatch.proj_alerts"),
    {
        ev.DEVELOPMENT_FLAGGED: _development_flagged,
        ev.ALERT_DELIVERED: _alert_delivered,
        ev.ALERT_DELIVERY_FAILED: _alert_delivery_failed,
    },
)
