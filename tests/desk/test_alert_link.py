"""Delivered alerts link to their event's page on the desk when NEWSWATCH_DESK_URL is set: every
channel's payload carries ``event_url``, and the plain-text rendering (email, chat) shows it."""

from __future__ import annotations

import pytest

from newswatch.alerts.channels import render_text
from newswatch.alerts.payload import alert_payload
from newswatch.store import EventStore

pytestmark = pytest.mark.integration


def _first_alert(store: EventStore) -> dict:
    with store.transaction() as cur:
        cur.execute("""SELECT alert_id::text, topic, event_id::text, raised_at, novelty_kind, novelty_reason, summary
                       FROM newswatch.alerts WHERE topic = 'arms-transfers'""")
        keys = ("alert_id", "topic", "world_event_id", "raised_at", "novelty_kind", "novelty_reason", "summary")
        return dict(zip(keys, cur.fetchone()))


def test_the_payload_links_the_event_page_when_the_desk_url_is_configured(desk_db, monkeypatch):
    monkeypatch.setenv("NEWSWATCH_DESK_URL", "https://desk.example.org/newswatch/")
    with EventStore.open(desk_db) as store:
        alert = _first_alert(store)
        payload = alert_payload(store, alert)
    assert payload["event_url"] == f"https://desk.example.org/newswatch/events/{alert['world_event_id']}"
    assert f"On the desk: {payload['event_url']}" in render_text(payload)


def test_without_a_desk_url_the_payload_is_as_before(desk_db, monkeypatch):
    monkeypatch.delenv("NEWSWATCH_DESK_URL", raising=False)
    with EventStore.open(desk_db) as store:
        payload = alert_payload(store, _first_alert(store))
    assert "event_url" not in payload and "On the desk" not in render_text(payload)
