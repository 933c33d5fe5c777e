"""The desk inside Airflow: the plugin mounts it on the api-server at /newswatch with a "newswatch"
navigation entry, and lets in only the user signed in to Airflow (its own `get_user`), recorded as
``by``. First the app mounted in a test client with Airflow's dependency overridden, then a real
`airflow api-server` refusing an anonymous request and serving a signed-in one."""

from __future__ import annotations

import importlib.util
import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def plugin():
    return _load("newswatch_desk_plugin", ROOT / "plugins" / "newswatch_desk.py")


def test_the_plugin_mounts_the_desk_and_adds_newswatch_to_the_navigation(plugin):
    p = plugin.NewswatchDeskPlugin
    (app,) = p.fastapi_apps
    assert app["url_prefix"] == "/newswatch" and isinstance(app["app"], plugin.LazyDesk)
    (view,) = p.external_views
    assert view["name"] == "newswatch" and view["href"] == "/newswatch/" and view["destination"] == "nav"
    assert app["app"]._app is None  # nothing built (no Airflow security import) until a request comes


@pytest.fixture
def mounted(plugin, desk_db, monkeypatch):
    """The plugin's desk mounted at /newswatch of a parent app, as the api-server mounts it."""
    from fastapi import FastAPI

    monkeypatch.setenv("AIRFLOW_CONN_NEWSWATCH_DB", desk_db)
    desk_app = plugin.build_desk()
    parent = FastAPI()
    parent.mount("/newswatch", desk_app)
    yield desk_app, parent
    desk_app.state.desk.pool.close()


@pytest.mark.integration
def test_without_an_airflow_user_the_plugin_refuses_every_page_and_action(mounted):
    from fastapi.testclient import TestClient

    desk_app, parent = mounted
    client = TestClient(parent)
    assert client.get("/newswatch/").status_code == 401
    assert client.get("/newswatch/feeds?format=csv").status_code == 401
    assert client.post("/newswatch/mutes", data={"topic": "arms-transfers"}).status_code == 401


@pytest.mark.integration
def test_the_airflow_user_reads_the_desk_and_is_recorded_as_by(mounted, desk_db):
    from airflow.api_fastapi.auth.managers.simple.user import SimpleAuthManagerUser
    from airflow.api_fastapi.core_api.security import get_user
    from fastapi.testclient import TestClient

    from newswatch.desk.auth import csrf_token
    from newswatch.store import EventStore

    desk_app, parent = mounted
    desk_app.dependency_overrides[get_user] = lambda: SimpleAuthManagerUser(username="kim.analyst", role="admin")
    client = TestClient(parent, follow_redirects=False)
    page = client.get("/newswatch/", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "kim.analyst" in page.text
    assert 'href="/newswatch/events/' in page.text and 'href="/newswatch/static/desk.css' in page.text
    listing = client.get("/newswatch/?format=json").json()["rows"]
    assert listing[0]["event_page"] == f"http://testserver/newswatch/events/{listing[0]['event_id']}"
    alert_id = listing[0]["alert_id"]
    secret = desk_app.state.desk.secret
    done = client.post(f"/newswatch/alerts/{alert_id}/acknowledge",
                       data={"csrf_token": csrf_token(secret, "kim.analyst"), "next": "/?acknowledged=no"})
    assert done.status_code == 303 and done.headers["location"] == "/newswatch/?acknowledged=no"
    assert client.post(f"/newswatch/alerts/{alert_id}/acknowledge", data={"next": "/"}).status_code == 403  # no CSRF
    with EventStore.open(desk_db) as store, store.transaction() as cur:
        cur.execute("SELECT data ->> 'by' FROM newswatch.events WHERE type = 'AlertAcknowledged'")
        assert cur.fetchall() == [("kim.analyst",)]


@pytest.mark.dags
@pytest.mark.integration
def test_a_real_api_server_serves_the_desk_to_its_signed_in_user_only(desk_db, tmp_path):
    airflow_server = _load("newswatch_desk_airflow_server", Path(__file__).with_name("airflow_server.py"))
    from newswatch.store import EventStore

    with airflow_server.api_server(tmp_path, desk_db) as base:
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{base}/newswatch/?format=json", timeout=30)
        assert refused.value.code == 401
        forged = urllib.request.Request(f"{base}/newswatch/", headers={"Authorization": "Bearer forged.jwt.token"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(forged, timeout=30)
        assert refused.value.code in (401, 403)
        token = airflow_server.jwt(base)
        auth = {"Authorization": f"Bearer {token}"}
        listing = json.load(urllib.request.urlopen(
            urllib.request.Request(f"{base}/newswatch/?format=json", headers=auth), timeout=30))
        assert {r["topic"] for r in listing["rows"]} == {"arms-transfers", "korean-peninsula-summits"}
        alert_id = listing["rows"][0]["alert_id"]
        ack = urllib.request.Request(f"{base}/newswatch/alerts/{alert_id}/acknowledge", data=b"", headers=auth,
                                     method="POST")
        assert json.load(urllib.request.urlopen(ack, timeout=30))["by"] == airflow_server.USER
        plugins = json.load(urllib.request.urlopen(
            urllib.request.Request(f"{base}/api/v2/plugins", headers=auth), timeout=30))
        (ours,) = [p for p in plugins["plugins"] if p["name"] == "newswatch"]
        assert ours["external_views"][0]["href"] == "/newswatch/"
    with EventStore.open(desk_db) as store, store.transaction() as cur:
        cur.execute("SELECT data ->> 'by' FROM newswatch.events WHERE type = 'AlertAcknowledged'")
        assert cur.fetchall() == [(airflow_server.USER,)]
