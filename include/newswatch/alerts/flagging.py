"""Flag new developments: match world events against watch topics and raise one alert per
genuinely new development (DevelopmentFlagged), never one per article that repeats it.

Runs as a subscription on the log (WorldEventIdentified / Mentioned / Refined) whose checkpoint
moves in the same transaction as the alerts it appends. Whether a matching event is new is
alerts.novelty's judgement, against what the topic knows about the story however old: its
alerts (each keeps the world event's state it was raised on) and the story's earlier world
events. Every judgement is recorded as the topic's last decision on the event
(newswatch.topic_decisions), so an event that passed a topic's filters and raised nothing says why.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg2.extras

from newswatch import events as ev
from newswatch import projections
from newswatch.alerts.novelty import (
    ARMS_TYPES,
    Fact,
    Judgement,
    alert_state,
    fact_from_alert,
    fact_from_world_event,
    is_arms,
    judge,
)
from newswatch.alerts.topics import TopicConfig, matches
from newswatch.events import StreamAppend
from newswatch.model import RunContext, WatchTopic, stable_id
from newswatch.store import EventStore
from newswatch.worldevents.same_event import SYMMETRIC_TYPES

SUBSCRIPTION = "topic-matcher"
BATCH = 1000
# How many of a story's latest world events novelty reads beside the topic's alerts (which it
# reads however old): enough to know what raised no alert, bounded for a story reported daily.
STORY_EVENTS = 500


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
            appends, decisions = _flag(cur, config, _world_events(cur, ids), ctx)
            store.append_many(appends, cursor=cur)
            _record_decisions(cur, decisions, ctx)
            cur.execute("UPDATE newswatch.checkpoints SET position = %s, updated_at = now() WHERE name = %s",
                        (batch[-1].global_position, SUBSCRIPTION))
        projections.catch_up(store, projections.ALERTS)
        counts["world_events"] += len(ids)
        counts["alerts"] += len(appends)


@dataclass(frozen=True, slots=True)
class Decision:
    """A topic's judgement on one world event, as recorded in newswatch.flag_decisions."""

    topic: str
    world_event_id: str
    outcome: str  # alerted | repeat | background | no keyword
    explanation: str
    novelty_kind: str | None = None
    reasons: tuple[str, ...] = ()
    alert_id: str | None = None
    repeat_of: tuple[Fact, ...] = ()


def _flag(cur: Any, config: TopicConfig, world_events: Sequence[Mapping[str, Any]],
          ctx: RunContext) -> tuple[list[StreamAppend], list[Decision]]:
    appends: list[StreamAppend] = []
    decisions: list[Decision] = []
    raised: dict[str, list[Fact]] = {}  # this batch's alerts, not yet projected
    mutes = _mutes(cur, ctx.now)
    digests = {name for name, spec in config.channels.items() if spec.type == "digest"}
    knowledge = Knowledge(cur)
    for event in world_events:
        for topic in config.topics:
            if not matches(topic, event):
                continue
            wid = str(event["world_event_id"])
            if topic.keywords and not keywords_hit(cur, topic.keywords, event):
                decisions.append(Decision(topic.name, wid, "no keyword",
                                          f"none of the keywords {list(topic.keywords)} in its summary or evidence"))
                continue
            denials = knowledge.denials(wid) if topic.alert_on_denials else ()
            facts = knowledge.facts(topic, event) + raised.get(topic.name, [])
            judgement = judge(topic, event, facts, denials)
            novelty = judgement.novelty
            if novelty is None:
                decisions.append(_decision(topic, wid, judgement))
                continue
            alert_id = stable_id("alert", topic.name, event["world_event_id"], *([novelty.key] if novelty.key else []))
            muted = _is_muted(mutes, topic.name, event)
            state = alert_state(event, denials)
            flagged = ev.DevelopmentFlagged(
                alert_id=alert_id, topic=topic.name, world_event_id=wid,
                raised_at=ctx.now, novelty_kind=novelty.kind, novelty_reason=novelty.reason,
                novelty_reasons=list(novelty.reasons), summary=event["summary"],
                channels=[] if muted else [c for c in topic.channels if c not in digests],
                digests=[] if muted else [c for c in topic.channels if c in digests],
                muted=muted, state=state,
            ).recorded(alert_id, metadata=ctx.metadata("flag", topic=topic.name))
            appends.append(StreamAppend(ev.alert_stream(alert_id), [flagged]))
            raised.setdefault(topic.name, []).append(fact_from_alert(
                {**state, "alert_id": alert_id, "world_event_id": wid, "raised_at": ctx.now,
                 "novelty_kind": novelty.kind, "first_reported_at": event["first_reported_at"]}))
            decisions.append(_decision(topic, wid, judgement, alert_id))
    return appends, decisions


def _decision(topic: WatchTopic, world_event_id: str, judgement: Judgement, alert_id: str | None = None) -> Decision:
    novelty = judgement.novelty
    return Decision(topic.name, world_event_id, judgement.outcome, judgement.explanation,
                    novelty.kind if novelty else None, novelty.reasons if novelty else (), alert_id,
                    judgement.repeat_of)


def _record_decisions(cur: Any, decisions: Sequence[Decision], ctx: RunContext) -> None:
    """Upsert each (topic, world event)'s last decision (the last one in the batch wins)."""
    last = {(d.topic, d.world_event_id): d for d in decisions}
    if not last:
        return
    rows = [{"topic": d.topic, "world_event_id": d.world_event_id, "outcome": d.outcome,
             "novelty_kind": d.novelty_kind, "reasons": list(d.reasons), "explanation": d.explanation,
             "alert_id": d.alert_id,
             "repeat_of": [{"kind": f.kind, "id": f.id, "world_event_id": f.world_event_id,
                            "at": f.at.isoformat(), "claim_status": f.claim_status} for f in d.repeat_of]}
            for d in last.values()]
    cur.execute(
        """INSERT INTO newswatch.flag_decisions AS d (topic, world_event_id, decided_at, run_id, outcome,
             novelty_kind, reasons, explanation, alert_id, repeat_of)
           SELECT topic, world_event_id, %(now)s, %(run)s, outcome, novelty_kind,
                  ARRAY(SELECT jsonb_array_elements_text(reasons)), explanation, alert_id, repeat_of
             FROM jsonb_to_recordset(%(rows)s::jsonb) AS r(topic text, world_event_id uuid, outcome text,
                  novelty_kind text, reasons jsonb, explanation text, alert_id uuid, repeat_of jsonb)
           ON CONFLICT (topic, world_event_id) DO UPDATE SET decided_at = EXCLUDED.decided_at,
             run_id = EXCLUDED.run_id, outcome = EXCLUDED.outcome, novelty_kind = EXCLUDED.novelty_kind,
             reasons = EXCLUDED.reasons, explanation = EXCLUDED.explanation, alert_id = EXCLUDED.alert_id,
             repeat_of = EXCLUDED.repeat_of""",
        {"now": ctx.now, "run": ctx.run_id, "rows": json.dumps(rows)},
    )


def _world_events(cur: Any, ids: Sequence[str]) -> list[dict[str, Any]]:
    cur.execute(
        """SELECT w.*, w.world_event_id::text AS world_event_id
           FROM newswatch.proj_world_events w
           WHERE w.world_event_id = ANY(%s::uuid[]) AND w.num_mentions > 0
           ORDER BY w.first_reported_at, w.updated_position""",
        (list(ids),),
    )
    return [dict(row) for row in cur.fetchall()]


class Knowledge:
    """What topics know about stories, read from the store for one batch (the store's alerts and
    world events do not change while the batch is judged; alerts raised in it are added by the
    caller). Queries are by actor, through indexes (migrations 0007, 0034, 0070), however old."""

    def __init__(self, cur: Any):
        self.cur = cur
        self._alerts: dict[tuple[str, str | None, str | None], list[Fact]] = {}
        self._events: dict[tuple[Any, ...], list[tuple[dict[str, Any], Fact]]] = {}
        self._matching: dict[tuple[Any, ...], list[Fact]] = {}

    def facts(self, topic: WatchTopic, event: Mapping[str, Any]) -> list[Fact]:
        """The topic's alerts that share an actor with ``event``, and the world events of its story
        (or, for arms, with its supplier or recipient) first reported before it that pass the topic."""
        wid = str(event["world_event_id"])
        first = event["first_reported_at"]
        key = self._story_key(event)
        cached = (topic.name, *key)
        if cached not in self._matching:  # the topic's filters, once per story and batch
            self._matching[cached] = [f for row, f in self._story_events(event) if matches(topic, row)]
        events = [f for f in self._matching[cached]
                  if f.world_event_id != wid and f.first_reported_at is not None and f.first_reported_at < first]
        return self._topic_alerts(topic.name, event) + events
    def denials(self, world_event_id: str) -> list[str]:
        """Parties that deny the world event in its current mentions (novelty keeps the accused)."""
        self.cur.execute(
            """SELECT DISTINCT claimed_by FROM newswatch.proj_event_mentions
               WHERE world_event_id = %s AND claim_status = 'denied' AND claimed_by IS NOT NULL
                 AND NOT superseded""", (world_event_id,))
        return [r["claimed_by"] for r in self.cur.fetchall()]

    def _topic_alerts(self, topic: str, event: Mapping[str, Any]) -> list[Fact]:
        key = (topic, event["actor1_code"], event.get("actor2_code"))
        if key not in self._alerts:
            # Alerts raised before their state was kept (issue 6) fall back to their world event's.
            self.cur.execute(
                """SELECT a.alert_id::text AS alert_id, a.world_event_id::text AS world_event_id,
                          a.raised_at, a.novelty_kind, a.state,
                          coalesce(a.event_type, w.event_type) AS event_type,
                          coalesce(a.actor1_code, w.actor1_code) AS actor1_code,
                          coalesce(a.actor2_code, w.actor2_code) AS actor2_code,
                          coalesce(a.event_date, w.event_date) AS event_date,
                          coalesce(a.claim_status, w.claim_status) AS claim_status,
                          coalesce(a.contexts, w.contexts) AS contexts,
                          coalesce(a.transfer_stage, w.arms ->> 'stage') AS transfer_stage,
                          coalesce(a.weapon_classes, ARRAY(SELECT jsonb_array_elements_text(
                            coalesce(w.arms -> 'weapon_classes', '[]'::jsonb)))) AS weapon_classes,
                          w.date_precision AS w_precision, w.date_basis AS w_basis,
                          w.first_reported_at
                   FROM newswatch.proj_alerts a LEFT JOIN newswatch.proj_world_events w USING (world_event_id)
                   WHERE a.topic = %(topic)s
                     AND (a.actor1_code IN (%(a1)s, %(a2)s) OR a.actor2_code IN (%(a1)s, %(a2)s)
                          OR (a.actor1_code IS NULL AND (w.actor1_code IN (%(a1)s, %(a2)s)
                                                         OR w.actor2_code IN (%(a1)s, %(a2)s))))""",
                {"topic": topic, "a1": key[1], "a2": key[2] or key[1]},
            )
            facts = []
            for row in self.cur.fetchall():
                state = row.pop("state") or {}
                merged = {**row, "date_precision": state.get("date_precision") or row["w_precision"],
                          "date_basis": state.get("date_basis") or row["w_basis"],
                          **{k: state[k] for k in ("stage", "quantity", "denied_by", "claimed_by", "confirmed_classes")
                             if k in state}}
                facts.append(fact_from_alert(merged))
            self._alerts[key] = facts
        return self._alerts[key]

    @staticmethod
    def _story_key(event: Mapping[str, Any]) -> tuple[Any, ...]:
        a1, a2, etype = event["actor1_code"], event.get("actor2_code"), event["event_type"]
        if is_arms(etype, event.get("contexts")):
            return ("arms", a1, a2)
        return (etype, *sorted((a1, a2 or ""))) if etype in SYMMETRIC_TYPES else (etype, a1, a2)

    def _story_events(self, event: Mapping[str, Any]) -> list[tuple[dict[str, Any], Fact]]:
        """World events of the story: the pair's latest STORY_EVENTS (the topic's alerts keep its
        memory however old; these add what raised no alert, history recounted included) and, for
        arms transfers, the first few of every other pair with the same supplier or recipient (who
        is known to supply whom). Symmetric types are either order of the pair."""
        a1, a2, etype = event["actor1_code"], event.get("actor2_code"), event["event_type"]
        key = self._story_key(event)
        if key in self._events:
            return self._events[key]
        params = {"types": sorted(ARMS_TYPES), "type": etype, "a1": a1, "a2": a2, "limit": STORY_EVENTS}
        if key[0] == "arms":
            pair = "event_type = ANY(%(types)s) AND actor1_code = %(a1)s AND actor2_code IS NOT DISTINCT FROM %(a2)s"
        elif etype in SYMMETRIC_TYPES:
            pair = ("event_type = %(type)s AND ((actor1_code = %(a1)s AND actor2_code IS NOT DISTINCT FROM %(a2)s)"
                    " OR (actor1_code = %(a2)s AND actor2_code = %(a1)s))")
        else:
            pair = "event_type = %(type)s AND actor1_code = %(a1)s AND actor2_code IS NOT DISTINCT FROM %(a2)s"
        self.cur.execute(
            f"""SELECT w.*, w.world_event_id::text AS world_event_id FROM newswatch.proj_world_events w
                WHERE num_mentions > 0 AND {pair} ORDER BY last_reported_at DESC LIMIT %(limit)s""", params)
        rows = [dict(r) for r in self.cur.fetchall()]
        if key[0] == "arms":
            self.cur.execute(
                """SELECT * FROM (
                     SELECT w.*, w.world_event_id::text AS world_event_id,
                            row_number() OVER (PARTITION BY actor1_code, actor2_code, claim_status
                                               ORDER BY first_reported_at) AS nth
                       FROM newswatch.proj_world_events w
                      WHERE num_mentions > 0 AND event_type = ANY(%(types)s)
                        AND (actor1_code = %(a1)s OR actor2_code = %(a2)s)
                        AND (actor1_code <> %(a1)s OR actor2_code IS DISTINCT FROM %(a2)s)) o
                   WHERE nth <= 3""", params)
            rows += [dict(r) for r in self.cur.fetchall()]
        self._events[key] = [(row, fact_from_world_event(row)) for row in rows]
        return self._events[key]


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
