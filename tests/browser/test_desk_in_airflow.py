"""The desk inside Airflow, as an analyst finds it: sign in on Airflow's own login page, choose
"newswatch" in Airflow's navigation, and the desk opens inside Airflow's UI, under the Airflow
user's name (a real `airflow api-server`, a real Chromium)."""

from __future__ import annotations

import importlib.util
import re
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.dags


def _airflow_server():
    spec = importlib.util.spec_from_file_location("newswatch_desk_airflow_server",
                                                  ROOT / "tests" / "desk" / "airflow_server.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_newswatch_is_in_airflows_navigation_and_opens_the_desk_for_the_signed_in_user(
        chromium, browser_demo_db, tmp_path, shoot, copy_db):
    server = _airflow_server()
    store = copy_db(browser_demo_db)
    with server.api_server(tmp_path / "airflow", store) as base:
        page = chromium.new_page()
        page.goto(f"{base}/")
        page.get_by_label("Username").fill(server.USER)
        page.get_by_label("Password").fill(server.PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        entry = page.get_by_role("link", name="newswatch")
        entry.wait_for()
        entry.click()
        page.wait_for_url(re.compile(r"/plugin/newswatch"))
        desk = page.frame_locator("iframe")
        desk.get_by_role("heading", name="Alerts").wait_for()
        assert desk.locator("table.alerts tbody tr").count() == 2
        assert desk.locator(".who").inner_text().startswith(server.USER)  # Airflow's user, not a desk login
        time.sleep(0.5)  # let Airflow's navigation finish drawing
        shoot(page, "desk-in-airflow-1280")
