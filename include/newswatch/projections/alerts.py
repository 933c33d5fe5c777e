"""Projection behind newswatch.alerts: alerts raised (with the world event's state they were
raised on), each channel's delivery state, acknowledgements, and muted alert streams."""

from __future__ import annotations

from newswatch import events as ev
from newswatch.projections.base import Cursor, Projection
from newswatch.store import RecordedEvent

_STATE_KEYS = ("event_type", "actor1_code", "actor2_code", "event_date", "claim_status", "contexts",
               "transfer_stage", "weapon_classes")


def _development_flagged(cur: Cursor, e: RecordedEvent) -> None:
    d = e.data
    state = d["state"]  # {} on alerts raised before it was kept (events.DevelopmentFlagged)
    cur.execute(
        """INSERT INTO newswatch.proj_alerts (alert_id, topic, world_event_id, raised_at,
             novelty_reason, summary, channels, novelty_kind, muted, event_type, actor1_code,
             actor2_code, event_date, claim_status, contexts, transfer_stage, weapon_classes)
           VALUES (%(alert_id)s, %(topic)s, %(world_event_id)s, %(raised_at)s, %(novelty_reason)s,
             %(summary)s, %(channels)s, %(novelty_kind)s, %(muted)s, %(event_type)s, %(actor1_code)s,
             %(actor2_code)s, %(event_date)s, %(claim_status)s, %(contexts)s, %(transfer_stage)s,
             %(weapon_classes)s)
           ON CONFLICT (alert_id) DO NOTHING""",
        {**{k: state.get(k) for k in _STATE_KEYS}, **d, "channels": list(d["channels"]),
         "novelty_kind": d.get("novelty_kind"), "muted": bool(d.get("muted"))},
    )
    for channel in d["channels"]:
        cur.execute(
            """INSERT INTO newswatch.proj_alert_deliveries (alert_id, channel, status)
               VALUES (%s, %s, 'pending') ON CONFLICT DO NOTHING""",
            (d["alert_id"], channel),
        )


def _alert_delivery_claimed(cur: Cursor, e: RecordedEvent) -> None:
    cur.execute(
        """UPDATE newswatch.proj_alert_deliveries SET claims = greatest(claims, %(claim)s + 1),
             claimed_until = CASE WHEN status = 'delivered' THEN NULL ELSE %(lease_until)s::timestamptz END,
             claimed_by = %(run_id)s
           WHERE alert_id = %(alert_id)s AND channel = %(channel)s""",
        e.data,
    )


def _alert_delivered(cur: Cursor, e: RecordedEvent) -> None:
    d = e.data
    cur.execute(
        """UPDATE newswatch.proj_alert_deliveries SET status = 'delivered', attempts = %s,
             last_attempt_at = %s, delivered_at = %s, last_error = NULL, claimed_until = NULL
           WHERE alert_id = %s AND channel = %s""",
        (d["attempt"], d["attempted_at"], d["attempted_at"], d["alert_id"], d["channel"]),
    )


def _alert_delivery_failed(cur: Cursor, e: RecordedEvent) -> None:
    d = e.data
    cur.execute(
        """UPDATE newswatch.proj_alert_deliveries SET status = 'failed', attempts = %s,
             last_attempt_at = %s, last_error = %s, claimed_until = NULL
           WHERE alert_id = %s AND channel = %s AND status <> 'delivered'""",
        (d["attempt"], d["attempted_at"], d["error"], d["alert_id"], d["channel"]),
    )


def _alert_acknowledged(cur: Cursor, e: RecordedEvent) -> None:
    d = e.data
    cur.execute(
        """UPDATE newswatch.proj_alerts SET acknowledged = true, acknowledged_by = %s,
             acknowledged_at = %s, ack_note = %s WHERE alert_id = %s""",
        (d.get("by"), d["acknowledged_at"], d.get("note"), d["alert_id"]),
    )


def _alert_stream_muted(cur: Cursor, e: RecordedEvent) -> None:
    d = e.data
    cur.execute(
        """INSERT INTO newswatch.proj_alert_mutes AS m (topic, actor1_code, actor2_code, muted_at,
             muted_until, muted_by, reason)
           VALUES (%(topic)s, %(actor1_code)s, %(actor2_code)s, %(muted_at)s, %(until)s, %(by)s, %(reason)s)
           ON CONFLICT (topic, actor1_code, actor2_code) DO UPDATE SET muted_at = EXCLUDED.muted_at,
             muted_until = EXCLUDED.muted_until, muted_by = EXCLUDED.muted_by, reason = EXCLUDED.reason""",
        {"until": None, "by": None, "reason": None, **d,
         "actor1_code": d.get("actor1_code") or "", "actor2_code": d.get("actor2_code") or ""},
    )


def _alert_stream_unmuted(cur: Cursor, e: RecordedEvent) -> None:
    d = e.data
    cur.execute(
        "DELETE FROM newswatch.proj_alert_mutes WHERE topic = %s AND actor1_code = %s AND actor2_code = %s",
        (d["topic"], d.get("actor1_code") or "", d.get("actor2_code") or ""),
    )


ALERTS = Projection(
    "alerts",
    ("newswatch.proj_alert_deliveries", "newswatch.proj_alerts", "newswatch.proj_alert_mutes"),
    {
        ev.DEVELOPMENT_FLAGGED: _development_flagged,
        ev.ALERT_DELIVERY_CLAIMED: _alert_delivery_claimed,
        ev.ALERT_DELIVERED: _alert_delivered,
        ev.ALERT_DELIVERY_FAILED: _alert_delivery_failed,
        ev.ALERT_ACKNOWLEDGED: _alert_acknowledged,
        ev.ALERT_STREAM_MUTED: _alert_stream_muted,
        ev.ALERT_STREAM_UNMUTED: _alert_stream_unmuted,
    },
)
