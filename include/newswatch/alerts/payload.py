"""What a channel sends for one alert: the alert, its world event as the read model shows it, and
the evidence sentences with their articles (and, when NEWSWATCH_DESK_URL is set, ``event_url``: the
event's page on the desk). Delivery and the Atom feed build the same payload.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import psycopg2.extras

from newswatch import config
from newswatch.store import EventStore, to_json


def alert_payload(store: EventStore, alert: Mapping[str, Any]) -> dict[str, Any]:
    """What a receiver gets: the alert, the world event, and the evidence with article links."""
    with store.transaction(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute("SELECT * FROM newswatch.world_events WHERE event_id = %s", (alert["world_event_id"],))
        event = dict(cur.fetchone() or {})
        cur.execute(
            """SELECT sentence, url, title, source, reported_at, claim_status, claimed_by
               FROM newswatch.event_mentions WHERE event_id = %s ORDER BY reported_at, mention_id""",
            (alert["world_event_id"],),
        )
        evidence = [dict(r) for r in cur.fetchall()]
    payload = {
        "alert_id": alert["alert_id"], "topic": alert["topic"], "raised_at": alert["raised_at"],
        "novelty_kind": alert.get("novelty_kind"), "novelty_reason": alert["novelty_reason"],
        "summary": alert["summary"],
        "event": event, "evidence": evidence,
    }
    desk = config.desk_url()
    if desk:  # the desk's page for the event: its history and every piece of evidence
        payload["event_url"] = f"{desk}/events/{alert['world_event_id']}"
    return json.loads(to_json(payload))
