"""What the desk writes: acknowledging an alert, muting and unmuting a stream append the same
events as the CLI (AlertAcknowledged, AlertStreamMuted, AlertStreamUnmuted) with the signed-in
user as ``by``, never an UPDATE; the same request twice appends nothing the second time."""

from __future__ import annotations

import pytest

from newswatch.desk import DeskSettings, create_app
from newswatch.desk.auth import csrf_token
from newswatch.store import EventStore

pytestmark = pytest.mark.integration


def _log(url: str, *types: str) -> list[dict]:
    with EventStore.open(url) as store, store.transaction() as cur:
        cur.execute("SELECT type, stream, data FROM newswatch.events WHERE type = ANY(%s) ORDER BY global_position",
                    (list(types),))
        return [{"type": t, "stream": s, **d} for t, s, d in cur.fetchall()]


@pytest.fixture
def analyst(desk_db, client_for, token):
    """A browser signed in as 'Ana Analyst' through the login page (cookie session, forms)."""
    app = create_app(DeskSettings(database_url=desk_db, auth="token", token=token))
    client = client_for(app, follow_redirects=False)
    client.post("/login", data={"token": token, "name": "Ana Analyst", "next": "/"})
    client.csrf = csrf_token(token, "Ana Analyst")
    return client


def test_acknowledging_from_the_inbox_appends_one_event_by_the_analyst(analyst, desk_db):
    alert = analyst.get("/?format=json").json()["rows"][0]
    form = {"csrf_token": analyst.csrf, "next": "/?topic=" + alert["topic"], "note": "seen, briefing at 10"}
    first = analyst.post(f"/alerts/{alert['alert_id']}/acknowledge", data=form)
    assert first.status_code == 303 and first.headers["location"] == f"/?topic={alert['topic']}"
    again = analyst.post(f"/alerts/{alert['alert_id']}/acknowledge", data=form)  # a double click, a retry
    assert again.status_code == 303
    (event,) = _log(desk_db, "AlertAcknowledged")
    assert event["stream"] == f"alert-{alert['alert_id']}"
    assert (event["alert_id"], event["by"], event["note"]) == (alert["alert_id"], "Ana Analyst", "seen, briefing at 10")
    row = next(r for r in analyst.get("/?format=json").json()["rows"] if r["alert_id"] == alert["alert_id"])
    assert row["acknowledged"] and row["acknowledged_by"] == "Ana Analyst"
    assert "acknowledged" in analyst.get("/", headers={"Accept": "text/html"}).text


def test_an_api_client_acknowledges_with_the_bearer_token_and_learns_whether_anything_was_appended(desk, desk_db):
    alert_id = desk.get("/?format=json").json()["rows"][0]["alert_id"]
    headers = {"X-Newswatch-User": "ops-bot"}
    first = desk.post(f"/alerts/{alert_id}/acknowledge", headers=headers)  # no CSRF token: a header, not a form
    assert first.status_code == 200 and first.json() == {"alert_id": alert_id, "acknowledged": True,
                                                         "appended": True, "by": "ops-bot"}
    assert desk.post(f"/alerts/{alert_id}/acknowledge", headers=headers).json()["appended"] is False
    assert [e["by"] for e in _log(desk_db, "AlertAcknowledged")] == ["ops-bot"]


def test_acknowledging_an_unknown_alert_is_a_404_and_appends_nothing(desk, desk_db):
    assert desk.post("/alerts/00000000-0000-0000-0000-000000000000/acknowledge").status_code == 404
    assert desk.post("/alerts/not-an-id/acknowledge").status_code == 404
    assert _log(desk_db, "AlertAcknowledged") == []


def test_muting_a_topic_for_a_pair_and_unmuting_it_append_one_event_each(analyst, desk_db):
    form = {"csrf_token": analyst.csrf, "next": "/", "topic": "arms-transfers", "actors": "PRK,RUS"}
    assert analyst.post("/mutes", data={**form, "reason": "covered by the weekly brief"}).status_code == 303
    assert analyst.post("/mutes", data={**form, "reason": "covered by the weekly brief"}).status_code == 303
    (muted,) = _log(desk_db, "AlertStreamMuted")
    assert (muted["topic"], muted["actor1_code"], muted["actor2_code"], muted["by"], muted["reason"]) == \
        ("arms-transfers", "PRK", "RUS", "Ana Analyst", "covered by the weekly brief")
    assert muted["stream"] == "topic-arms-transfers"
    # The inbox now shows the stream muted, and its filter finds the alert.
    (row,) = analyst.get("/?format=json&muted=yes").json()["rows"]
    assert row["topic"] == "arms-transfers" and row["stream_muted"] and not row["muted"]
    assert "Unmute" in analyst.get("/", headers={"Accept": "text/html"}).text

    assert analyst.post("/mutes/unmute", data=form).status_code == 303
    assert analyst.post("/mutes/unmute", data=form).status_code == 303
    (unmuted,) = _log(desk_db, "AlertStreamUnmuted")
    assert (unmuted["topic"], unmuted["actor1_code"], unmuted["actor2_code"], unmuted["by"]) == \
        ("arms-transfers", "PRK", "RUS", "Ana Analyst")
    assert analyst.get("/?format=json&muted=yes").json()["rows"] == []


def test_muting_a_whole_topic_until_a_time(desk, desk_db):
    answer = desk.post("/mutes", data={"topic": "korean-peninsula-summits", "until": "2099-01-01T00:00Z"})
    assert answer.json() == {"topic": "korean-peninsula-summits", "actors": [], "muted": True, "appended": True,
                             "by": "api"}
    (muted,) = _log(desk_db, "AlertStreamMuted")
    assert (muted["actor1_code"], muted["actor2_code"], muted["until"]) == ("", "", "2099-01-01T00:00:00+00:00")
    # Muting it again the same way appends nothing; a different end is a new fact.
    assert desk.post("/mutes", data={"topic": "korean-peninsula-summits", "until": "2099-01-01T00:00Z"}
                     ).json()["appended"] is False
    assert desk.post("/mutes", data={"topic": "korean-peninsula-summits"}).json()["appended"] is True
    assert len(_log(desk_db, "AlertStreamMuted")) == 2


@pytest.mark.parametrize("form, status, says", [
    ({"topic": "no-such-topic"}, 404, "no topic"),
    ({"topic": "arms-transfers", "actors": "PRK"}, 400, "pair"),
    ({"topic": "arms-transfers", "actors": "PRK,RUS,USA"}, 400, "actors"),
    ({"topic": "arms-transfers", "until": "2001-01-01"}, 400, "not in the future"),
    ({"topic": "arms-transfers", "until": "soon"}, 400, "ISO"),
    ({}, 400, "topic"),
])
def test_a_bad_mute_is_refused_with_a_reason_and_appends_nothing(desk, desk_db, form, status, says):
    response = desk.post("/mutes", data=form)
    assert response.status_code == status and says in response.json()["detail"]
    assert _log(desk_db, "AlertStreamMuted") == []


def test_unmuting_a_stream_that_is_not_muted_appends_nothing(desk, desk_db):
    assert desk.post("/mutes/unmute", data={"topic": "arms-transfers"}).json()["appended"] is False
    assert _log(desk_db, "AlertStreamUnmuted") == []


def test_the_desk_never_updates_a_table_it_appends(analyst, desk_db):
    """Everything it changed is in the log; replaying the log rebuilds the same inbox."""
    from newswatch import projections

    alert = analyst.get("/?format=json").json()["rows"][0]
    analyst.post(f"/alerts/{alert['alert_id']}/acknowledge", data={"csrf_token": analyst.csrf})
    analyst.post("/mutes", data={"csrf_token": analyst.csrf, "topic": "korean-peninsula-summits"})
    before = analyst.get("/?format=json").json()["rows"]
    with EventStore.open(desk_db) as store:
        projections.rebuild_all(store)
    assert analyst.get("/?format=json").json()["rows"] == before
