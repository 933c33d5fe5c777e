"""Projection behind newswatch.alerts and newswatch.digests: alerts raised (with the world
event's state they were raised on and every novelty reason), each channel's delivery state,
acknowledgements, muted alert streams, and each digest period's claim and outcome."""

from __future__ import annotations

import json

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
             actor2_code, event_date, claim_status, contexts, transfer_stage, weapon_classes,
             novelty_reasons, state, digests)
           VALUES (%(alert_id)s, %(topic)s, %(world_event_id)s, %(raised_at)s, %(novelty_reason)s,
             %(summary)s, %(channels)s, %(novelty_kind)s, %(muted)s, %(event_type)s, %(actor1_code)s,
             %(actor2_code)s, %(event_date)s, %(claim_status)s, %(contexts)s, %(transfer_stage)s,
             %(weapon_classes)s, %(novelty_reasons)s, %(state_json)s, %(digests)s)
           ON CONFLICT (alert_id) DO NOTHING""",
        {**{k: state.get(k) for k in _STATE_KEYS}, **d, "channels": list(d["channels"]),
         "novelty_kind": d.get("novelty_kind"), "muted": bool(d.get("muted")),
         "novelty_reasons": list(d["novelty_reasons"]), "state_json": json.dumps(state, default=str),
         "digests": list(d["digests"])},
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


def _digest_claimed(cur: Cursor, e: RecordedEvent) -> None:
    d = e.data
    cur.execute(
        """INSERT INTO newswatch.proj_digests AS g (digest_id, topic, channel, period_start, period_end,
             status, attempts, alert_ids, claimed_at)
           VALUES (%(digest_id)s, %(topic)s, %(channel)s, %(period_start)s, %(period_end)s, 'claimed',
             %(attempt)s, %(alert_ids)s::uuid[], %(claimed_at)s)
           ON CONFLICT (digest_id) DO UPDATE SET status = 'claimed', attempts = EXCLUDED.attempts,
             alert_ids = EXCLUDED.alert_ids, claimed_at = EXCLUDED.claimed_at
           WHERE g.status <> 'delivered'""",
        {**d, "alert_ids": list(d["alert_ids"])},
    )


def _digest_delivered(cur: Cursor, e: RecordedEvent) -> None:
    d = e.data
    cur.execute(
        """UPDATE newswatch.proj_digests SET status = 'delivered', attempts = %(attempt)s,
             last_attempt_at = %(delivered_at)s, delivered_at = %(delivered_at)s, last_error = NULL,
             receipt = %(receipt)s, alert_ids = %(alert_ids)s::uuid[]
           WHERE digest_id = %(digest_id)s""",
        {**d, "alert_ids": list(d["alert_ids"])},
    )


def _digest_delivery_failed(cur: Cursor, e: RecordedEvent) -> None:
    d = e.data
    cur.execute(
        """UPDATE newswatch.proj_digests SET status = 'failed', attempts = %(attempt)s,
             last_attempt_at = %(attempted_at)s, last_error = %(error)s
           WHERE digest_id = %(digest_id)s AND status <> 'delivered'""",
        d,
    )


ALERTS = Projection(
    "alerts",
    ("newswatch.proj_alert_deliveries", "newswatch.proj_alerts", "newswatch.proj_alert_mutes",
     "newswatch.proj_digests"),
    {
        ev.DEVELOPMENT_FLAGGED: _development_flagged,
        ev.ALERT_DELIVERY_CLAIMED: _alert_delivery_claimed,
        ev.ALERT_DELIVERED: _alert_delivered,
        ev.ALERT_DELIVERY_FAILED: _alert_delivery_failed,
        ev.ALERT_ACKNOWLEDGED: _alert_acknowledged,
        ev.ALERT_STREAM_MUTED: _alert_stream_muted,
        ev.ALERT_STREAM_UNMUTED: _alert_stream_unmuted,
        ev.DIGEST_CLAIMED: _digest_claimed,
        ev.DIGEST_DELIVERED: _digest_delivered,
        ev.DIGEST_DELIVERY_FAILED: _digest_delivery_failed,
    },
)
