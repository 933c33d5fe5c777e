"""Flag new developments: match world events against watch topics and raise one alert per
genuinely new development (DevelopmentFlagged), never one per article that repeats it.

Runs as a subscription on the log (WorldEventIdentified / WorldEventMentioned) whose checkpoint
moves in the same transaction as the alerts it appends.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

import psycopg2.extras

from newswatch import events as ev
from newswatch import projections
from newswatch.cluster import actor_pair, date_range
from newswatch.model import WatchTopic, stable_id
from newswatch.pipeline import RunContext
from newswatch.store import EventStore, StreamAppend
from newswatch.topics import TopicConfig, matches

SUBSCRIPTION = "topic-matcher"
BATCH = 1000


def novelty_reason(
    topic: WatchTopic, event: Mapping[str, Any], prior: Sequence[Mapping[str, Any]]
) -> str | None:
    """Why ``event`` is a new development for ``topic``, or None when it is not.

    ``prior`` are the topic's earlier alerts, each with its world event's type, actors and date.
    Not new: history recounted as background (the event ended long before it was first reported),
    the same world event again, or an alert for the same type and actor pair inside the window.
    """
    window = timedelta(days=topic.novelty_window_days)
    _, latest = date_range(event["event_date"], event["date_precision"], event["date_basis"])
    if latest < event["first_reported_at"].date() - window:
        return None
    pair = actor_pair(event["event_type"], event["actor1_code"], event["actor2_code"])
    for p in prior:
        if str(p["world_event_id"]) == str(event["world_event_id"]):
            return None
        if (
            p["event_type"] == event["event_type"]
            and actor_pair(p["event_type"], p["actor1_code"], p["actor2_code"]) == pair
            and abs(p["event_date"] - event["event_date"]) <= window
        ):
            return None
    arrow = "<->" if event["event_type"] in ("CONSULT", "COOPERATE") else "->"
    who = f"{event['actor1_code']}{arrow}{event['actor2_code']}" if event["actor2_code"] else event["actor1_code"]
    return f"first {event['event_type']} {who} for {topic.name} in {topic.novelty_window_days} days"


def flag_developments(store: EventStore, config: TopicConfig, ctx: RunContext) -> dict[str, int]:
    """Evaluate every world event touched since the last call; returns counts for the task log."""
    counts = {"world_events": 0, "alerts": 0}
    projections.catch_up(store, projections.WORLD_EVENTS)
    projections.catch_up(store, projections.ALERTS)
    while True:
        with store.transaction(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
            cur.execute("INSERT INTO newswatch.checkpoints (name) VALUES (%s) ON CONFLICT DO NOTHING",
                        (SUBSCRIPTION,))
            cur.execute("SELECT position FROM newswatch.checkpoints WHERE name = %s FOR UPDATE",
                        (SUBSCRIPTION,))
            position = cur.fetchone()["position"]
            batch = store.read_all(position, BATCH, types=[ev.WORLD_EVENT_IDENTIFIED, ev.WORLD_EVENT_MENTIONED],
                                   cursor=cur)
            if not batch:
                return counts
            ids = list(dict.fromkeys(str(e.data["world_event_id"]) for e in batch))
            appends = _flag(cur, config, _world_events(cur, ids), ctx)
            store.append_many(appends, cursor=cur)
            cur.execute("UPDATE newswatch.checkpoints SET position = %s, updated_at = now() WHERE name = %s",
                        (batch[-1].global_position, SUBSCRIPTION))
        projections.catch_up(store, projections.ALERTS)
        counts["world_events"] += len(ids)
        counts["alerts"] += len(appends)


def _flag(cur: Any, config: TopicConfig, world_events: Sequence[Mapping[str, Any]],
          ctx: RunContext) -> list[StreamAppend]:
    appends: list[StreamAppend] = []
    raised: dict[str, list[Mapping[str, Any]]] = {}  # this batch's alerts, not yet projected
    for event in world_events:
        evidence = event["evidence"] or []
        for topic in config.topics:
            if not matches(topic, event, evidence):
                continue
            prior = _prior_alerts(cur, topic.name, event) + raised.get(topic.name, [])
            reason = novelty_reason(topic, event, prior)
            if reason is None:
                continue
            alert_id = stable_id("alert", topic.name, event["world_event_id"])
            data = {
                "alert_id": alert_id, "topic": topic.name,
                "world_event_id": str(event["world_event_id"]), "raised_at": ctx.now,
                "novelty_reason": reason, "summary": event["summary"], "channels": list(topic.channels),
            }
            flagged = ev.domain_event(ev.DEVELOPMENT_FLAGGED, data, alert_id,
                                      metadata=ctx.metadata("flag", topic=topic.name))
            appends.append(StreamAppend(ev.alert_stream(alert_id), [flagged]))
            raised.setdefault(topic.name, []).append(event)
    return appends


def _world_events(cur: Any, ids: Sequence[str]) -> list[dict[str, Any]]:
    cur.execute(
        """SELECT w.*, w.world_event_id::text AS world_event_id,
                  ARRAY(SELECT m.sentence FROM newswatch.proj_event_mentions m
                        WHERE m.world_event_id = w.world_event_id ORDER BY m.reported_at) AS evidence
           FROM newswatch.proj_world_events w WHERE w.world_event_id = ANY(%s::uuid[])
           ORDER BY w.first_reported_at, w.updated_position""",
        (list(ids),),
    )
    return [dict(row) for row in cur.fetchall()]


def _prior_alerts(cur: Any, topic: str, event: Mapping[str, Any]) -> list[dict[str, Any]]:
    cur.execute(
        """SELECT a.world_event_id::text AS world_event_id, w.event_type, w.actor1_code,
                  w.actor2_code, w.event_date
           FROM newswatch.proj_alerts a JOIN newswatch.proj_world_events w USING (world_event_id)
           WHERE a.topic = %s AND w.event_type = %s
             AND (w.world_event_id = %s::uuid OR w.actor1_code IN (%s, %s) OR w.actor2_code IN (%s, %s))""",
        (topic, event["event_type"], event["world_event_id"], event["actor1_code"],
         event["actor2_code"], event["actor1_code"], event["actor2_code"]),
    )
    return [dict(row) for row in cur.fetchall()]
