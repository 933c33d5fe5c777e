"""Why a world event did or did not raise an alert, topic by topic (`newswatch topics explain`):
each structured filter with pass or fail and what it saw, the keywords, the alerts raised on it,
the topic's last recorded decision, and novelty's judgement against what the topic knows now.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import psycopg2.extras

from newswatch.alerts.filters import FilterResult, filter_results
from newswatch.alerts.flagging import Knowledge, keywords_hit
from newswatch.alerts.novelty import Judgement, judge
from newswatch.alerts.topics import TopicConfig
from newswatch.errors import NotFound
from newswatch.store import EventStore


@dataclass
class TopicExplanation:
    topic: str
    filters: list[FilterResult]
    keywords: FilterResult | None = None
    alerts: list[dict[str, Any]] = field(default_factory=list)
    last_decision: dict[str, Any] | None = None
    judged_now: Judgement | None = None  # only when every filter and keyword passes

    @property
    def matched(self) -> bool:
        return all(f.passed for f in self.filters) and (self.keywords is None or self.keywords.passed)


def explain_event(store: EventStore, config: TopicConfig, event_id: str) -> tuple[dict[str, Any], list[TopicExplanation]]:
    """The world event (a proj_world_events row) and one explanation per topic of ``config``."""
    try:
        uuid.UUID(event_id)
    except ValueError:
        raise NotFound(f"{event_id!r} is not a world event id (a UUID, see newswatch.world_events)") from None
    with store.transaction(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute("SELECT w.*, w.world_event_id::text AS world_event_id FROM newswatch.proj_world_events w "
                    "WHERE w.world_event_id = %s AND w.num_mentions > 0", (event_id,))
        row = cur.fetchone()
        if row is None:
            raise NotFound(f"no world event {event_id} (see newswatch.world_events)")
        event = dict(row)
        knowledge = Knowledge(cur)
        out = []
        for topic in config.topics:
            explanation = TopicExplanation(topic.name, filter_results(topic, event))
            if topic.keywords:
                hit = keywords_hit(cur, topic.keywords, event)
                explanation.keywords = FilterResult("keywords", hit, f"any of {list(topic.keywords)} in the "
                                                                     "summary or an evidence sentence")
            cur.execute("""SELECT alert_id::text, raised_at, novelty_kind, novelty_reason, muted
                           FROM newswatch.proj_alerts WHERE topic = %s AND world_event_id = %s
                           ORDER BY raised_at, alert_id""", (topic.name, event_id))
            explanation.alerts = [dict(r) for r in cur.fetchall()]
            cur.execute("""SELECT outcome, novelty_kind, reasons, explanation, alert_id::text, repeat_of,
                                  decided_at, run_id
                           FROM newswatch.flag_decisions WHERE topic = %s AND world_event_id = %s""",
                        (topic.name, event_id))
            found = cur.fetchone()
            explanation.last_decision = dict(found) if found else None
            if explanation.matched:
                denials = knowledge.denials(event["world_event_id"]) if topic.alert_on_denials else ()
                explanation.judged_now = judge(topic, event, knowledge.facts(topic, event), denials)
            out.append(explanation)
    return event, out


def render(event: dict[str, Any], explanations: list[TopicExplanation]) -> list[str]:
    """The explanation as readable lines."""
    lines = [f"world event {event['world_event_id']}: {event['summary']}",
             f"  first reported {event['first_reported_at']:%Y-%m-%d %H:%M}, last {event['last_reported_at']:%Y-%m-%d %H:%M}"
             f", {event['num_mentions']} mention(s) from {event['num_sources']} source(s)"]
    for e in explanations:
        lines.append(f"topic {e.topic}: " + ("matches" if e.matched else "does not match"))
        for f in e.filters + ([e.keywords] if e.keywords else []):
            lines.append(f"  {'pass' if f.passed else 'FAIL'} {f.name}: {f.detail}")
        if not e.filters and e.keywords is None:
            lines.append("  (the topic sets no filter)")
        for a in e.alerts:
            lines.append(f"  alert {a['alert_id']} raised {a['raised_at']:%Y-%m-%d %H:%M}: {a['novelty_kind']}"
                         f" ({a['novelty_reason']})" + (" [muted]" if a["muted"] else ""))
        d = e.last_decision
        if d:
            lines.append(f"  last decision ({d['decided_at']:%Y-%m-%d %H:%M}, run {d['run_id']}): {d['outcome']}: "
                         f"{d['explanation']}")
            for r in d["repeat_of"] or []:
                lines.append(f"    repeats {r['kind']} {r['id']} ({r['claim_status']}, {r['at'][:10]})")
        if e.judged_now is not None:
            j = e.judged_now
            now = f"new: {j.novelty.kind} ({j.novelty.reason})" if j.novelty else f"{j.outcome}: {j.explanation}"
            lines.append(f"  judged now: {now}")
    return lines
