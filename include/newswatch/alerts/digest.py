"""Digests: one message per topic, digest channel and period (hourly, daily or weekly, UTC) listing
the period's developments, for desks that do not want one message per alert. A digest goes out
once its period has ended, through the channel it names (`via`: log, webhook, email or apprise).

Exactly once per (topic, channel, period), even with runs at the same time: a run claims the
period by appending DigestClaimed to the period's stream (`digest-<id>`) at the version it read,
so of two concurrent runs one gets the claim and the other WrongExpectedVersion, and only the
claimer sends. The outcome is recorded as DigestDelivered or DigestDeliveryFailed; a failed
period is claimed and sent again by a later run with the alerts' backoff (1, 2, 4 ... minutes, 6
attempts). A claim with no outcome after CLAIM_LEASE (its run died) may be claimed again: only a
crash between a send and its record sends twice, so receivers deduplicate on the digest id
(webhook X-Newswatch-Digest-Id, email Message-ID). Alerts flagged while muted are in no digest.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import psycopg2.extras

from newswatch import events as ev
from newswatch import projections
from newswatch.alerts.channels import DeliveryFailed
from newswatch.alerts.payload import alert_payload
from newswatch.alerts.topics import ChannelSpec, TopicConfig
from newswatch.errors import WrongExpectedVersion
from newswatch.events import NO_STREAM, StreamAppend
from newswatch.model import RunContext, stable_id
from newswatch.store import EventStore

log = logging.getLogger("newswatch.alerts")

PERIODS = {"hourly": timedelta(hours=1), "daily": timedelta(days=1), "weekly": timedelta(weeks=1)}
_TRUNC = {"hourly": "hour", "daily": "day", "weekly": "week"}  # date_trunc's week starts on Monday
CLAIM_LEASE = timedelta(minutes=15)
MAX_ATTEMPTS = 6
RETRY_BASE = timedelta(minutes=1)
DIGEST_ID_HEADER = "X-Newswatch-Digest-Id"
EVIDENCE_PER_ALERT = 3


def digest_id(topic: str, channel: str, period_start: datetime) -> str:
    return stable_id("digest", topic, channel, period_start.astimezone(timezone.utc).isoformat())


def deliver_digests(store: EventStore, config: TopicConfig, ctx: RunContext, *,
                    client: httpx.Client) -> dict[str, int]:
    """Send every ended, undelivered digest period that is due; returns counts."""
    projections.catch_up(store, projections.ALERTS)
    counts = {"digests_delivered": 0, "digests_failed": 0, "digests_waiting": 0}
    for channel in config.channels.values():
        if channel.type != "digest":
            continue
        for topic, start, alert_ids in _periods(store, channel):
            end = start + PERIODS[channel.period or "daily"]
            if end > ctx.now:
                continue  # the period is not over yet
            outcome = _deliver_period(store, config, channel, topic, start, end, alert_ids, ctx, client)
            if outcome != "done":
                counts[f"digests_{outcome}"] += 1
    projections.catch_up(store, projections.ALERTS)
    return counts


def _periods(store: EventStore, channel: ChannelSpec) -> list[tuple[str, datetime, list[str]]]:
    """(topic, period start, alert ids) of every period with alerts for ``channel`` not yet delivered."""
    with store.transaction(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute(
            """SELECT p.topic, p.start, p.alert_ids
               FROM (SELECT a.topic, date_trunc(%(unit)s, a.raised_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS start,
                            array_agg(a.alert_id::text ORDER BY a.raised_at, a.alert_id) AS alert_ids
                     FROM newswatch.proj_alerts a
                     WHERE %(channel)s = ANY(a.digests)
                     GROUP BY 1, 2) p
               WHERE NOT EXISTS (SELECT 1 FROM newswatch.proj_digests g
                                 WHERE g.topic = p.topic AND g.channel = %(channel)s AND g.period_start = p.start
                                   AND g.status = 'delivered')
               ORDER BY p.start, p.topic""",
            {"unit": _TRUNC[channel.period or "daily"], "channel": channel.name},
        )
        return [(r["topic"], r["start"], list(r["alert_ids"])) for r in cur.fetchall()]


def _deliver_period(store: EventStore, config: TopicConfig, channel: ChannelSpec, topic: str, start: datetime,
                    end: datetime, alert_ids: Sequence[str], ctx: RunContext, client: httpx.Client) -> str:
    """Claim one period and send it; returns delivered | failed | waiting | done."""
    did = digest_id(topic, channel.name, start)
    stream = ev.digest_stream(did)
    history = store.read_stream(stream)
    version = history[-1].stream_version if history else NO_STREAM
    last = history[-1] if history else None
    attempt = 1 + max((e.data.get("attempt", 0) for e in history), default=0)
    if last is not None:
        if last.type == ev.DIGEST_DELIVERED:
            return "done"
        if last.type == ev.DIGEST_CLAIMED and datetime.fromisoformat(str(last.data["claimed_at"])) + CLAIM_LEASE > ctx.now:
            return "waiting"  # another run is sending it
        if last.type == ev.DIGEST_DELIVERY_FAILED and not _retry_due(attempt - 1, last.data["attempted_at"], ctx.now):
            return "waiting"
    which = {"digest_id": did, "topic": topic, "channel": channel.name, "period_start": start,
             "period_end": end, "attempt": attempt}
    # The run id is in the claim's id: a concurrent run's claim is another event, refused by the
    # expected version; a retry of this run's task re-appends this one (a no-op) and sends again.
    claim = ev.DigestClaimed(**which, claimed_at=ctx.now, run_id=ctx.run_id, alert_ids=list(alert_ids)).recorded(
        did, attempt, ctx.run_id, metadata=ctx.metadata("digest"))
    try:
        store.append_many([StreamAppend(stream, [claim], version)])
    except WrongExpectedVersion:
        return "waiting"  # another run claimed it first
    outcome: ev.DigestDelivered | ev.DigestDeliveryFailed
    try:
        via = config.channels.get(channel.via or "")
        if via is None:
            raise DeliveryFailed(f"digest channel {channel.name!r}: channel {channel.via!r} is not configured")
        payload = digest_payload(store, did, topic, channel, start, end, alert_ids)
        receipt = send_digest(via, payload, client=client)
        outcome, result = ev.DigestDelivered(**which, delivered_at=ctx.now, alert_ids=list(alert_ids),
                                             receipt=receipt), "delivered"
    except DeliveryFailed as e:
        outcome, result = ev.DigestDeliveryFailed(**which, attempted_at=ctx.now, error=str(e)), "failed"
        log.warning("digest %s of %s for %s failed (attempt %d): %s", did, topic, channel.name, attempt, e)
    store.append_many([StreamAppend(stream, [outcome.recorded(did, attempt, metadata=ctx.metadata("digest"))])])
    return result


def _retry_due(attempts: int, last_attempt_at: Any, now: datetime) -> bool:
    """The alerts' backoff (delivery.retry_due): 1, 2, 4 ... minutes, at most MAX_ATTEMPTS."""
    if attempts >= MAX_ATTEMPTS:
        return False
    last = datetime.fromisoformat(str(last_attempt_at))
    return now >= last + RETRY_BASE * (2 ** max(attempts - 1, 0))


def digest_payload(store: EventStore, did: str, topic: str, channel: ChannelSpec, start: datetime, end: datetime,
                   alert_ids: Sequence[str]) -> dict[str, Any]:
    """What a receiver gets: the period, and each development with its world event and evidence."""
    alerts = []
    with store.transaction(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute("""SELECT alert_id::text AS alert_id, topic, world_event_id::text AS world_event_id,
                              raised_at, novelty_kind, novelty_reasons, novelty_reason, summary
                       FROM newswatch.proj_alerts WHERE alert_id = ANY(%s::uuid[])
                       ORDER BY raised_at, alert_id""", (list(alert_ids),))
        rows = [dict(r) for r in cur.fetchall()]
    for row in rows:
        payload = alert_payload(store, row)
        payload["novelty_reasons"] = list(row["novelty_reasons"] or [])
        payload["evidence"] = payload["evidence"][:EVIDENCE_PER_ALERT]
        alerts.append(payload)
    return {"digest_id": did, "topic": topic, "channel": channel.name, "period": channel.period or "daily",
            "period_start": start.isoformat(), "period_end": end.isoformat(), "alerts": alerts}


def render_digest(payload: Mapping[str, Any]) -> tuple[str, str]:
    """(subject, plain text) of a digest."""
    alerts = payload["alerts"]
    day = payload["period_start"][:16].replace("T", " ")
    subject = f"[newswatch] {payload['topic']}: {len(alerts)} development(s), {payload['period']} from {day} UTC"
    lines = [subject.removeprefix("[newswatch] "), ""]
    for n, a in enumerate(alerts, 1):
        lines.append(f"{n}. [{a.get('novelty_kind') or 'new'}] {a['summary']}")
        lines.append(f"   Why new: {a['novelty_reason']}")
        for e in a.get("evidence") or []:
            lines.append(f"   - \"{e['sentence']}\" ({e.get('source')}) {e.get('url') or ''}")
        lines.append(f"   Alert {a['alert_id']}")
    lines.append(f"\nDigest {payload['digest_id']}")
    return subject, "\n".join(lines)


def send_digest(channel: ChannelSpec, payload: Mapping[str, Any], *, client: httpx.Client) -> str:
    """Send a digest through a log, webhook, email or apprise channel; raises DeliveryFailed."""
    subject, text = render_digest(payload)
    if channel.type == "log":
        log.warning("DIGEST %s", text)
        return "logged"
    if channel.type == "webhook":
        from newswatch.alerts.channels.webhook import post_json

        return post_json(channel, payload, {DIGEST_ID_HEADER: payload["digest_id"]}, client=client)
    if channel.type == "email":
        from newswatch.alerts.channels.mail import compose, send_message

        msg = compose(channel, subject, text, payload, payload["digest_id"],
                      {DIGEST_ID_HEADER: payload["digest_id"]}, f"digest-{payload['digest_id']}.json")
        return send_message(channel, msg)
    if channel.type == "apprise":
        from newswatch.alerts.channels.notify import notify

        return notify(channel, subject, text)
    raise DeliveryFailed(f"a digest cannot travel by a {channel.type} channel ({channel.name!r})")
