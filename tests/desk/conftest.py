"""Fixtures for the desk's tests: the demo's data in a real PostgreSQL, a fresh copy per test that
writes, and the desk app over it in FastAPI's test client."""

from __future__ import annotations

import importlib.util
import itertools
import os
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("newswatch_desk_demo_data", Path(__file__).with_name("demo_data.py"))
demo_data = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(demo_data)

TOKEN = "desk-test-token-0123456789"
_copies = itertools.count(1)


@pytest.fixture
def token() -> str:
    """The standalone desk's token in these tests."""
    return TOKEN


@pytest.fixture(scope="session")
def demo_db(template_db) -> str:
    """The name of a database holding the demo's data (never written by a test)."""
    yield from demo_data.demo_database(template_db, "deskdemo")


@pytest.fixture
def desk_db(demo_db):
    """A fresh copy of the demo's data for one test: (its URL)."""
    name = f"newswatch_test_{os.getpid()}_desk{next(_copies)}"
    url = demo_data.copy_db(demo_db, name)
    yield url
    demo_data.drop_db(name)


@pytest.fixture
def client_for():
    """Build a TestClient over a desk app; closes them (and their reader pools) afterwards."""
    from fastapi.testclient import TestClient

    made = []

    def make(app, **kwargs):
        client = TestClient(app, **kwargs)
        made.append((client, app))
        return client

    yield make
    for client, app in made:
        client.close()
        app.state.desk.pool.close()


@pytest.fixture
def desk(desk_db, client_for):
    """The standalone desk (token mode) over a copy of the demo's data, signed in by Bearer header."""
    from newswatch.desk import DeskSettings, create_app

    app = create_app(DeskSettings(database_url=desk_db, auth="token", token=TOKEN))
    return client_for(app, headers={"Authorization": f"Bearer {TOKEN}"})
