"""Flag new developments: match world events against watch topics and raise one alert per
genuinely new development (DevelopmentFlagged), never one per article that repeats it.

Runs as a subscription on the log (WorldEventIdentified / Mentioned / Refined) whose checkpoint
moves in the same transaction as the alerts it appends. Each alert keeps the world event's state
it was raised on, so a later report that moves the event on (alleged -> confirmed, agreed ->
delivered, a new weapon class) is recognised as a development while repeat coverage is not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import psycopg2.extras

from newswatch import events as ev
from newswatch import ontology, projections
from newswatch.alerts.topics import TopicConfig, matches
from newswatch.events import StreamAppend
from newswatch.model import RunContext, WatchTopic, stable_id
from newswatch.store import EventStore
from newswatch.worldevents.same_event import (
    CLAIM_RANK,
    STAGE_RANK,
    SYMMETRIC_TYPES,
    actor_pair,
    date_range,
    weapon_classes,
)

SUBSCRIPTION = "topic-matcher"
BATCH = 1000
ARMS_TYPES = ontology.shipped().arms_transfer_types  # a promise and a delivery of arms are one story


@dataclass(frozen=True, slots=True)
class Novelty:
    """Why a world event is a new development for a topic."""

    kind: str  # first in window | new supplier | new recipient | claim status | stage change | new weapon class
    reason: str  # one readable line for the alert
    key: str = ""  # which development of the world event this is ("" for its first alert)


def alert_state(event: Mapping[str, Any]) -> dict[str, Any]:
    """The parts of a world event novelty compares, as recorded with each alert."""
    arms = event.get("arms") or {}
    return {"event_type": event["event_type"], "actor1_code": event["actor1_code"],
            "actor2_code": event.get("actor2_code"), "event_date": event["event_date"],
            "claim_status": event["claim_status"], "contexts": list(event.get("contexts") or []),
            "transfer_stage": arms.get("stage"), "weapon_classes": weapon_classes(arms)}


def _same_story_type(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Same event type, or both arms-transfer types (AGREE/AID with a military context)."""
    def arms(e: Mapping[str, Any]) -> bool:
        return e["event_type"] in ARMS_TYPES and "military" in (e.get("contexts") or ())
    return a["event_type"] == b["event_type"] or (arms(a) and arms(b))


def assess_novelty(
    topic: WatchTopic, event: Mapping[str, Any], prior: Sequence[Mapping[str, Any]]
) -> Novelty | None:
    """Why ``event`` (a proj_world_events row) is a new development for ``topic``, or None.

    ``prior`` are the topic's earlier alerts, each with the state it was raised on (alert_state).
    Not new: history recounted as background (the event ended long before it was first reported),
    or nothing changed since the alerts already raised for the same story (same world event, or
    the same family of event between the same actors inside the novelty window).
    """
    window = timedelta(days=topic.novelty_window_days)
    _, latest = date_range(event["event_date"], event["date_precision"], event["date_basis"],
                           event.get("event_date_end"), bool(event.get("date_open")))  # "since 2021" goes on
    if latest < event["first_reported_at"].date() - window:
        return None
    pair = actor_pair(event["event_type"], event["actor1_code"], event["actor2_code"])

    def near(p: Mapping[str, Any]) -> bool:
        return _same_story_type(p, event) and abs(p["event_date"] - event["event_date"]) <= window

    related = [p for p in prior if str(p["world_event_id"]) == str(event["world_event_id"]) or (
        near(p) and actor_pair(p["event_type"], p["actor1_code"], p["actor2_code"]) == pair)]
    if related:
        return _state_change(event, related)
    if event["event_type"] not in SYMMETRIC_TYPES and event["actor2_code"]:
        a1, a2 = event["actor1_code"], event["actor2_code"]
        suppliers = sorted({p["actor1_code"] for p in prior if near(p) and p["actor2_code"] == a2})
        if suppliers:
            return Novelty("new supplier", f"new supplier {a1} of {a2} for {topic.name} "
                                           f"(known in {topic.novelty_window_days} days: {', '.join(suppliers)})")
        recipients = sorted({p["actor2_code"] for p in prior if near(p) and p["actor1_code"] == a1 and p["actor2_code"]})
        if recipients:
            return Novelty("new recipient", f"new recipient {a2} of {a1} for {topic.name} "
                                            f"(known in {topic.novelty_window_days} days: {', '.join(recipients)})")
    arrow = "<->" if event["event_type"] in SYMMETRIC_TYPES else "->"
    who = f"{event['actor1_code']}{arrow}{event['actor2_code']}" if event["actor2_code"] else event["actor1_code"]
    return Novelty("first in window",
                   f"first {event['event_type']} {who} for {topic.name} in {topic.novelty_window_days} days")


def _state_change(event: Mapping[str, Any], related: Sequence[Mapping[str, Any]]) -> Novelty | None:
    """What moved on since the alerts already raised for this story, most telling first."""
    changes: list[tuple[str, str, str]] = []  # (kind, readable, key)
    # A promise (AGREE, "planned") then a delivery (AID) is a stage change, not a firmer claim.
    same_type = [p for p in related if p["event_type"] == event["event_type"]]
    firmest = max(same_type, key=lambda p: CLAIM_RANK.get(p["claim_status"], 0), default=None)
    if firmest and CLAIM_RANK.get(event["claim_status"], 0) > CLAIM_RANK.get(firmest["claim_status"], 0):
        by = f" (by {event.get('claimed_by_text') or event['claimed_by']})" if event.get("claimed_by") else ""
        changes.append(("claim status", f"claim status: {firmest['claim_status']} -> {event['claim_status']}{by}",
                        event["claim_status"]))
    state = alert_state(event)
    stages = [p["transfer_stage"] for p in related if p.get("transfer_stage")]
    if state["transfer_stage"] and stages:
        furthest = max(stages, key=lambda s: STAGE_RANK.get(s, -1))
        if STAGE_RANK.get(state["transfer_stage"], -1) > STAGE_RANK.get(furthest, -1):
            changes.append(("stage change", f"stage change: {furthest} -> {state['transfer_stage']}",
                            state["transfer_stage"]))
    known = {w for p in related for w in (p.get("weapon_classes") or [])}
    added = [w for w in state["weapon_classes"] if w not in known]
    if added:
        changes.append(("new weapon class", f"new weapon class: {', '.join(added)}", ",".join(added)))
    if not changes:
        return None
    return Novelty(changes[0][0], "; ".join(c[1] for c in changes), "|".join(f"{c[0]}={c[2]}" for c in changes))


def novelty_reason(
    topic: WatchTopic, event: Mapping[str, Any], prior: Sequence[Mapping[str, Any]]
) -> str | None:
    """The readable reason ``event`` is new for ``topic`` (see assess_novelty), or None."""
    found = assess_novelty(topic, event, prior)
    return found.reason if found else None


def flag_developments(store: EventStore, config: TopicConfig, ctx: RunContext) -> dict[str, int]:
    """Evaluate every world event touched since the last call; returns counts for the task log."""
    counts = {"world_events": 0, "alerts": 0}
    projections.catch_up(store, projections.WORLD_EVENTS)
    projections.catch_up(store, projections.ALERTS)
    types = [ev.WORLD_EVENT_IDENTIFIED, ev.WORLD_EVENT_MENTIONED, ev.WORLD_EVENT_REFINED]
    while True:
        with store.transaction(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
            cur.execute("INSERT INTO newswatch.checkpoints (name) VALUES (%s) ON CONFLICT DO NOTHING",
                        (SUBSCRIPTION,))
            cur.execute("SELECT position FROM newswatch.checkpoints WHERE name = %s FOR UPDATE",
                        (SUBSCRIPTION,))
            position = cur.fetchone()["position"]
            batch = store.read_all(position, BATCH, types=types, cursor=cur)
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
    mutes = _mutes(cur, ctx.now)
    for event in world_events:
        for topic in config.topics:
            if not matches(topic, event):
                continue
            if topic.keywords and not keywords_hit(cur, topic.keywords, event):
                continue
            prior = _prior_alerts(cur, topic.name, event) + raised.get(topic.name, [])
            novelty = assess_novelty(topic, event, prior)
            if novelty is None:
                continue
            key = (topic.name, event["world_event_id"]) + ((novelty.key,) if novelty.key else ())
            alert_id = stable_id("alert", *key)
            muted = _is_muted(mutes, topic.name, event)
            state = alert_state(event)
            flagged = ev.DevelopmentFlagged(
                alert_id=alert_id, topic=topic.name, world_event_id=str(event["world_event_id"]),
                raised_at=ctx.now, novelty_kind=novelty.kind, novelty_reason=novelty.reason,
                summary=event["summary"], channels=[] if muted else list(topic.channels),
                muted=muted, state=state,
            ).recorded(alert_id, metadata=ctx.metadata("flag", topic=topic.name))
            appends.append(StreamAppend(ev.alert_stream(alert_id), [flagged]))
            raised.setdefault(topic.name, []).append({**state, "world_event_id": str(event["world_event_id"])})
    return appends


def _world_events(cur: Any, ids: Sequence[str]) -> list[dict[str, Any]]:
    cur.execute(
        """SELECT w.*, w.world_event_id::text AS world_event_id
           FROM newswatch.proj_world_events w
           WHERE w.world_event_id = ANY(%s::uuid[]) AND w.num_mentions > 0
           ORDER BY w.first_reported_at, w.updated_position""",
        (list(ids),),
    )
    return [dict(row) for row in cur.fetchall()]


def _prior_alerts(cur: Any, topic: str, event: Mapping[str, Any]) -> list[dict[str, Any]]:
    # Alerts raised before issue 6 carry no state: fall back to their world event's current one.
    cur.execute(
        """SELECT a.world_event_id::text AS world_event_id,
                  coalesce(a.event_type, w.event_type) AS event_type,
                  coalesce(a.actor1_code, w.actor1_code) AS actor1_code,
                  coalesce(a.actor2_code, w.actor2_code) AS actor2_code,
                  coalesce(a.event_date, w.event_date) AS event_date,
                  coalesce(a.claim_status, w.claim_status) AS claim_status,
                  coalesce(a.contexts, w.contexts) AS contexts,
                  coalesce(a.transfer_stage, w.arms ->> 'stage') AS transfer_stage,
                  coalesce(a.weapon_classes, ARRAY(SELECT jsonb_array_elements_text(
                    coalesce(w.arms -> 'weapon_classes', '[]'::jsonb)))) AS weapon_classes
           FROM newswatch.proj_alerts a LEFT JOIN newswatch.proj_world_events w USING (world_event_id)
           WHERE a.topic = %(topic)s
             AND (a.world_event_id = %(id)s::uuid
                  OR coalesce(a.actor1_code, w.actor1_code) IN (%(a1)s, %(a2)s)
                  OR coalesce(a.actor2_code, w.actor2_code) IN (%(a1)s, %(a2)s))""",
        {"topic": topic, "id": event["world_event_id"], "a1": event["actor1_code"], "a2": event["actor2_code"]},
    )
    return [dict(row) for row in cur.fetchall()]


def keywords_hit(cur: Any, keywords: Sequence[str], event: Mapping[str, Any]) -> bool:
    """Does any of a topic's keywords match the world event's summary or one of its current evidence
    sentences? The one keyword matcher: PostgreSQL full-text search, as alerts/topics.py describes
    (English stemming, web-search syntax: "quoted phrase", or, -word); indexed by migration 0033."""
    cur.execute(
        """SELECT EXISTS (
                    SELECT 1 FROM newswatch.proj_event_mentions m, unnest(%(kw)s::text[]) AS k
                    WHERE m.world_event_id = %(id)s::uuid AND NOT m.superseded
                      AND m.sentence_tsv @@ websearch_to_tsquery('english', k))
                  OR EXISTS (
                    SELECT 1 FROM unnest(%(kw)s::text[]) AS k
                    WHERE to_tsvector('english', %(summary)s) @@ websearch_to_tsquery('english', k)) AS hit""",
        {"kw": list(keywords), "id": event["world_event_id"], "summary": event.get("summary") or ""},
    )
    return bool(cur.fetchone()["hit"])


def _mutes(cur: Any, now: datetime) -> list[dict[str, Any]]:
    cur.execute("""SELECT topic, actor1_code, actor2_code FROM newswatch.proj_alert_mutes
                   WHERE muted_until IS NULL OR muted_until > %s""", (now,))
    return [dict(row) for row in cur.fetchall()]


def _is_muted(mutes: Sequence[Mapping[str, Any]], topic: str, event: Mapping[str, Any]) -> bool:
    """A muted alert stream: the topic, or the topic for one actor pair (either order)."""
    pair = {event["actor1_code"], event["actor2_code"] or ""}
    return any(m["topic"] == topic and (not m["actor1_code"] or {m["actor1_code"], m["actor2_code"]} == pair)
               for m in mutes)
