"""Configuration: one place that reads the environment, with typed getters that fail fast.

Secrets (database passwords, webhook secrets) come only from the environment or, under Airflow,
from connections resolved in ``dags/``; see ``.env.example`` for every variable.
"""

from __future__ import annotations

import os
from pathlib import Path

from newswatch.errors import ConfigError

DEFAULT_DATABASE_URL = "postgresql://localhost:5432/newswatch"

# The project checkout this package was installed from (editable installs); deployments point
# NEWSWATCH_CONFIG_DIR at their own config folder instead.
_PROJECT_ROOT = Path(__file__).resolve().parents[2]


def project_root() -> Path:
    return _PROJECT_ROOT


def database_url() -> str:
    return os.environ.get("NEWSWATCH_DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL


def config_dir() -> Path:
    configured = os.environ.get("NEWSWATCH_CONFIG_DIR", "").strip()
    return Path(configured) if configured else _PROJECT_ROOT / "include" / "config"


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
