"""Deliver alerts (the outbox): one delivery per alert and channel, each attempt recorded as
AlertDelivered or AlertDeliveryFailed, failed ones retried with backoff on later runs.

Before it sends, a run claims the delivery (AlertDeliveryClaimed, whose id is keyed on the claim
number): of two runs that read the same state only one can append the claim, so overlapping runs
never both send. A claim holds for a lease; a run that crashed after claiming and before sending
leaves a claim that expires, and a later run claims and sends. Only a crash in the instant after a
send and before its record (or a send slower than the lease) can send twice, so receivers still
deduplicate on the alert id (webhook header X-Newswatch-Alert-Id, email Message-ID, Atom entry
id), which is stable per alert. The channels themselves live in newswatch.alerts.channels.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import psycopg2.extras

from newswatch import events as ev
from newswatch import projections
from newswatch.alerts.channels import DeliveryFailed
from newswatch.alerts.channels.webhook import (
    ALERT_ID_HEADER,
    SIGNATURE_HEADER,
    send_webhook,
    sign,
)
from newswatch.alerts.payload import alert_payload
from newswatch.alerts.topics import ChannelSpec, TopicConfig
from newswatch.events import StreamAppend
from newswatch.model import RunContext
from newswatch.store import EventStore

log = logging.getLogger("newswatch.alerts")

MAX_ATTEMPTS = 6
RETRY_BASE = timedelta(minutes=1)
# How long a claim keeps other runs off a delivery: far longer than any channel's send (webhook
# 10 s, SMTP 30 s), short enough that a crashed run's deliveries go out on the next runs.
LEASE = timedelta(minutes=10)


def wall_clock() -> datetime:
    # A lease measures real time (is the claiming process still alive?), not the run's reference
    # time: a backfill's data interval lies in the past and would make every claim look expired.
    return datetime.now(timezone.utc)

__all__ = ["ALERT_ID_HEADER", "SIGNATURE_HEADER", "DeliveryFailed", "alert_payload", "deliver_alerts",
           "retry_due", "send", "sign"]


def retry_due(attempts: int, last_attempt_at: datetime | None, now: datetime) -> bool:
    """May a failed delivery be tried again at ``now``? Backoff doubles: 1, 2, 4 ... minutes."""
    if attempts >= MAX_ATTEMPTS:
        return False
    if last_attempt_at is None or attempts == 0:
        return True
    return now >= last_attempt_at + RETRY_BASE * (2 ** (attempts - 1))


def send(channel: ChannelSpec, payload: Mapping[str, Any], *, client: httpx.Client,
         store: EventStore | None = None) -> str:
    """Deliver ``payload`` to ``channel``; returns a short receipt, raises DeliveryFailed."""
    if channel.type == "log":
        # An alert is the pipeline working as meant, not a problem: INFO, like every other result.
        log.info("ALERT [%s] %s | why new: %s", payload["topic"], payload["summary"],
                    payload["novelty_reason"])
        return "logged"
    if channel.type == "webhook":
        return send_webhook(channel, payload, client=client)
    if channel.type == "email":
        from newswatch.alerts.channels.mail import send_email

        return send_email(channel, payload)
    if channel.type == "apprise":
        from newswatch.alerts.channels.notify import send_apprise

        return send_apprise(channel, payload)
    if channel.type == "atom" and store is not None:
        from newswatch.alerts.channels.atom import write_atom

        return write_atom(channel, payload, store=store)
    raise DeliveryFailed(f"unknown channel type {channel.type!r}")


def deliver_alerts(
    store: EventStore, config: TopicConfig, ctx: RunContext, *, client: httpx.Client | None = None,
    lease: timedelta = LEASE, clock: Callable[[], datetime] = wall_clock,
) -> dict[str, int]:
    """Claim and attempt every delivery that is pending or due for a retry and not claimed by
    another run; returns counts."""
    projections.catch_up(store, projections.ALERTS)
    counts = {"delivered": 0, "failed": 0, "waiting": 0, "claimed_elsewhere": 0}
    own_client = client is None
    client = client or httpx.Client(timeout=httpx.Timeout(10.0, connect=5.0))
    try:
        for row in _open_deliveries(store):
            if not retry_due(row["attempts"], row["last_attempt_at"], ctx.now):
                counts["waiting"] += 1
                continue
            attempt = row["attempts"] + 1
            if not _claim(store, row, attempt, ctx, clock(), lease):
                counts["claimed_elsewhere"] += 1
                continue
            which = {"alert_id": row["alert_id"], "channel": row["channel"], "attempt": attempt,
                     "attempted_at": ctx.now}
            channel = config.channels.get(row["channel"])
            outcome: ev.AlertDelivered | ev.AlertDeliveryFailed
            try:
                if channel is None:
                    raise DeliveryFailed(f"channel {row['channel']!r} is no longer configured")
                receipt = send(channel, alert_payload(store, row), client=client, store=store)
                outcome, key = ev.AlertDelivered(**which, receipt=receipt), "delivered"
            except DeliveryFailed as e:
                outcome, key = ev.AlertDeliveryFailed(**which, error=str(e)), "failed"
                log.warning("delivery of alert %s to %s failed (attempt %d): %s",
                            row["alert_id"], row["channel"], attempt, e)
            event = outcome.recorded(row["alert_id"], row["channel"], attempt, metadata=ctx.metadata("deliver"))
            # Recorded right after each send, so a crash re-sends at most the one in flight.
            store.append_many([StreamAppend(ev.alert_stream(row["alert_id"]), [event])])
            counts[key] += 1
        if any(c.type == "digest" for c in config.channels.values()):  # issue 15: digest channels
            from newswatch.alerts.digest import deliver_digests

            counts.update(deliver_digests(store, config, ctx, client=client))
    finally:
        if own_client:
            client.close()
    projections.catch_up(store, projections.ALERTS)
    return counts


def _claim(store: EventStore, row: Mapping[str, Any], attempt: int, ctx: RunContext, now: datetime,
           lease: timedelta) -> bool:
    """Claim one delivery; False when another run holds it or took this claim first."""
    if row["claimed_until"] is not None and row["claimed_until"] > now:
        return False
    claim = ev.AlertDeliveryClaimed(
        alert_id=row["alert_id"], channel=row["channel"], claim=row["claims"], attempt=attempt,
        claimed_at=now, lease_until=now + lease, run_id=ctx.run_id,
    ).recorded(row["alert_id"], row["channel"], row["claims"], metadata=ctx.metadata("deliver"))
    # Appends are serialized and an id is stored once: the claim another run already appended is
    # skipped (written == 0), and then this run must not send.
    return store.append_many([StreamAppend(ev.alert_stream(row["alert_id"]), [claim])]).written == 1


def _open_deliveries(store: EventStore) -> list[dict[str, Any]]:
    with store.transaction(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute(
            """SELECT d.alert_id::text AS alert_id, d.channel, d.attempts, d.last_attempt_at,
                      d.claims, d.claimed_until,
                      a.topic, a.world_event_id::text AS world_event_id, a.raised_at,
                      a.novelty_reason, a.novelty_kind, a.summary
               FROM newswatch.proj_alert_deliveries d JOIN newswatch.proj_alerts a USING (alert_id)
               WHERE d.status <> 'delivered' ORDER BY a.raised_at, d.alert_id, d.channel"""
        )
        return [dict(r) for r in cur.fetchall()]
