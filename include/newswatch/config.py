"""Configuration: one place that reads the environment, with typed getters that fail fast.

Secrets (database passwords, webhook secrets) come only from the environment or, under Airflow,
from connections resolved in ``dags/``; see ``.env.example`` for every variable.
"""

from __future__ import annotations

import os
from pathlib import Path

from newswatch.errors import ConfigError

DEFAULT_DATABASE_URL = "postgresql://localhost:5432/newswatch"


def _checkout_root() -> Path | None:
    """The project checkout this package runs from (an editable install, or PYTHONPATH=include),
    else None: installed into site-packages, the folders above the package are not the project."""
    here = Path(__file__).resolve()
    root = here.parents[2]
    if here.parents[1].name == "include" and (root / "pyproject.toml").is_file():
        return root
    return None


def project_root() -> Path:
    """The project this process serves: the checkout the package runs from, else the current
    directory (a deployment's project folder, e.g. an Airflow project run from its root)."""
    return _checkout_root() or Path.cwd()


def database_url() -> str:
    return os.environ.get("NEWSWATCH_DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL


def reader_database_url() -> str | None:
    """The SQL console's and the desk's login (only newswatch_reader); None when unset, and then
    the event store's URL with the login `newswatch init` creates is used (store.roles)."""
    return os.environ.get("NEWSWATCH_READER_DATABASE_URL", "").strip() or None


def owner_database_url() -> str | None:
    """The login migrations run as (`newswatch init`); None when unset: the event store's URL."""
    return os.environ.get("NEWSWATCH_OWNER_DATABASE_URL", "").strip() or None


def config_dir() -> Path:
    """Where feeds.yaml, watch_topics.yaml and dictionary overrides live, found the same way
    however the package was installed: NEWSWATCH_CONFIG_DIR; else $AIRFLOW_HOME/include/config
    when that folder exists (the Airflow image and Astro-style projects); else include/config of
    the project (the checkout the package runs from, or the current directory)."""
    configured = os.environ.get("NEWSWATCH_CONFIG_DIR", "").strip()
    if configured:
        return Path(configured)
    airflow_home = os.environ.get("AIRFLOW_HOME", "").strip()
    if airflow_home and (Path(airflow_home) / "include" / "config").is_dir():
        return Path(airflow_home) / "include" / "config"
    return project_root() / "include" / "config"


def feeds_file() -> Path:
    configured = os.environ.get("NEWSWATCH_FEEDS_FILE", "").strip()
    return Path(configured) if configured else config_dir() / "feeds.yaml"


def topics_file() -> Path:
    configured = os.environ.get("NEWSWATCH_TOPICS_FILE", "").strip()
    return Path(configured) if configured else config_dir() / "watch_topics.yaml"


def desk_url() -> str | None:
    """Where analysts reach the desk (NEWSWATCH_DESK_URL, e.g. https://airflow.example.org/newswatch):
    delivered alerts then link to their event's page. None when unset."""
    configured = os.environ.get("NEWSWATCH_DESK_URL", "").strip().rstrip("/")
    return configured or None


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError as e:
        raise ConfigError(f"{name} must be an integer, got {raw!r}") from e
    if value < minimum:
        raise ConfigError(f"{name} must be >= {minimum}, got {value}")
    return value


def env_secret(name: str) -> str | None:
    """A secret from the environment, or None when unset (callers decide if that is an error)."""
    value = os.environ.get(name, "").strip()
    return value or None
