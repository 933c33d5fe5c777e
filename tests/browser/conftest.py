"""A real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright; never a browser
Playwright downloads) against the desk served over HTTP by uvicorn, on a copy of the demo's data.

Screenshots go to each test's temporary folder; with NEWSWATCH_UPDATE_SCREENSHOTS=1 the
viewport-sized ones the README shows are also copied to include/docs/screenshots/ (a plain test run
leaves the checkout clean: the pages show times and ports that change from run to run).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
DOCS = ROOT / "include" / "docs" / "screenshots"
TOKEN = "browser-test-token-0123456789"
README_SHOTS = {f"desk-{page}-1280" for page in ("inbox", "event", "timeline", "search", "feeds", "in-airflow")} | \
    {f"desk-{page}-390" for page in ("inbox", "event", "timeline")}
# Flags that work in this sandbox (no GPU, no network beyond the desk itself).
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

_spec = importlib.util.spec_from_file_location("newswatch_desk_demo_data", ROOT / "tests" / "desk" / "demo_data.py")
demo_data = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(demo_data)


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def browser_demo_db(template_db) -> str:
    yield from demo_data.demo_database(template_db, "browserdemo")


@pytest.fixture
def copy_db():
    """copy_db(name): the URL of a fresh copy of that database, dropped after the test."""
    made = []

    def copy(template: str) -> str:
        name = f"newswatch_test_{os.getpid()}_browser{time.monotonic_ns()}"
        made.append(name)
        return demo_data.copy_db(template, name)

    yield copy
    for name in made:
        demo_data.drop_db(name)


@pytest.fixture
def desk_url(browser_demo_db, copy_db):
    """The standalone desk (token mode) over a fresh copy of the demo's data, served by uvicorn on
    a free local port: its base URL."""
    import uvicorn

    from newswatch.desk import DeskSettings, create_app

    url = copy_db(browser_demo_db)
    app = create_app(DeskSettings(database_url=url, auth="token", token=TOKEN))
    sock = socket.create_server(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the desk did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=30)
    app.state.desk.pool.close()


@pytest.fixture
def chromium(tmp_path):
    """A fresh Chromium profile per test: a Playwright browser context."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium; .ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, args=FLAGS, headless=True,
            viewport={"width": 1280, "height": 800})
        context.set_default_timeout(20_000)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def shoot(tmp_path):
    """shoot(page, name): a full-page screenshot in the test's folder; for the pages the README
    shows, the visible part is also copied to include/docs/screenshots/<name>.png when
    NEWSWATCH_UPDATE_SCREENSHOTS=1."""
    def take(page, name: str) -> Path:
        full = tmp_path / f"{name}-full.png"
        page.screenshot(path=str(full), full_page=True)
        visible = tmp_path / f"{name}.png"
        page.screenshot(path=str(visible))
        if name in README_SHOTS and os.environ.get("NEWSWATCH_UPDATE_SCREENSHOTS") == "1":
            DOCS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(visible, DOCS / f"{name}.png")
        return full

    return take


@pytest.fixture
def sign_in():
    """sign_in(page, base, name): through the login page, as an analyst does once."""
    def go(page, base: str, name: str = "Ana Analyst") -> None:
        page.goto(f"{base}/")
        assert "/login" in page.url
        page.get_by_label("Desk token").fill(TOKEN)
        page.get_by_label("Your name").fill(name)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{base}/")

    return go
