"""The analyst's desk inside Airflow 3: the newswatch desk app (`newswatch.desk`) mounted on the
api-server at /newswatch, and a "newswatch" entry in the navigation that shows it.

Airflow does not protect a plugin's endpoints by itself, so every page and action requires the
user signed in to Airflow, through the api-server's own dependency (`get_user`: the JWT from the
``Authorization`` header or the UI's ``_token`` cookie), and records that user as ``by`` on
acknowledgements and mutes. Forms are signed with the api-server's ``[api] secret_key``, so every
api-server worker accepts them.

The app is built at its first request, not when Airflow imports this file: schedulers and
dag-processors load plugins too, and need none of it. The store is the Airflow connection
``newswatch_db`` (else NEWSWATCH_DATABASE_URL), read as the role newswatch_reader.
"""

from __future__ import annotations

import threading
from typing import Any

from airflow.plugins_manager import AirflowPlugin

URL_PREFIX = "/newswatch"


def airflow_user() -> Any:
    """The dependency naming the signed-in Airflow user (401 when there is none)."""
    from airflow.api_fastapi.core_api.security import get_user
    from fastapi import Depends

    async def signed_in_user(user: Any = Depends(get_user)) -> str:
        return user.get_name()

    return signed_in_user


def build_desk() -> Any:
    from airflow.configuration import conf

    from newswatch.desk import DeskSettings, create_app
    from newswatch_airflow import database_url

    secret = conf.get("api", "secret_key", fallback="") or conf.get("api_auth", "jwt_secret", fallback="")
    return create_app(DeskSettings(database_url=database_url, auth="external", secret=secret),
                      identify=airflow_user())


class LazyDesk:
    """An ASGI app that builds the desk when the first request arrives."""

    def __init__(self) -> None:
        self._app: Any = None
        self._lock = threading.Lock()

    @property
    def app(self) -> Any:
        if self._app is None:
            with self._lock:
                if self._app is None:
                    self._app = build_desk()
        return self._app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)


class NewswatchDeskPlugin(AirflowPlugin):
    name = "newswatch"
    fastapi_apps = [{"app": LazyDesk(), "url_prefix": URL_PREFIX, "name": "newswatch desk"}]
    external_views = [{
        "name": "newswatch",
        "href": f"{URL_PREFIX}/",
        "url_route": "newswatch",  # shown inside Airflow's UI at /plugin/newswatch
        "destination": "nav",
        "nav_top_level": True,
        "icon": f"{URL_PREFIX}/static/newswatch.svg",
    }]
