"""How one desk is served: where the store is, who may come in, and what the pages may show.

Three ways in: ``token`` (standalone `newswatch serve`: the token in NEWSWATCH_DESK_TOKEN, sent as
``Authorization: Bearer`` or entered once on the login page), ``none`` (`newswatch serve
--no-auth`, only on a loopback address), and ``external`` (a host that signs users in itself, such
as Airflow's api-server: the plugin hands `create_app` the dependency that names the user).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass

from newswatch.errors import ConfigError

AUTH_MODES = ("token", "none", "external")
MIN_TOKEN_LENGTH = 16
LOOPBACK_NAMES = ("localhost",)
TOKEN_HINT = "e.g. export NEWSWATCH_DESK_TOKEN=$(python -c 'import secrets; print(secrets.token_urlsafe(32))')"


@dataclass(frozen=True)
class DeskSettings:
    """``database_url`` is a string or a function returning one (under Airflow the connection is
    looked up at the first request, not when the plugin is imported)."""

    database_url: str | Callable[[], str]
    auth: str = "token"
    token: str | None = None
    # Signs the per-form CSRF tokens (and, in token mode, the session cookie: the desk token
    # itself). Under Airflow, the api-server's own secret, so every worker agrees.
    secret: str | None = None
    # The name recorded as `by` when nobody signs in (--no-auth on a loopback address).
    local_user: str = "local"
    statement_timeout_ms: int = 10_000
    pool_size: int = 4
    session_days: int = 7
    # Host names the app answers to in `none` mode (a DNS-rebinding page cannot reach it).
    allowed_hosts: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.auth not in AUTH_MODES:
            raise ConfigError(f"desk auth must be one of {', '.join(AUTH_MODES)}, got {self.auth!r}")
        if self.auth == "token":
            check_token(self.token)
        if self.auth == "external" and not self.secret:
            raise ConfigError("an externally authenticated desk needs a secret to sign its forms")

    def resolve_url(self) -> str:
        return self.database_url() if callable(self.database_url) else self.database_url


def check_token(token: str | None) -> str:
    """The desk token, or ConfigError saying why it will not do."""
    if not token or not token.strip():
        raise ConfigError(f"no desk token: set NEWSWATCH_DESK_TOKEN ({TOKEN_HINT}), or serve on 127.0.0.1 "
                          "with --no-auth")
    if len(token.strip()) < MIN_TOKEN_LENGTH:
        raise ConfigError(f"NEWSWATCH_DESK_TOKEN is too short: at least {MIN_TOKEN_LENGTH} characters ({TOKEN_HINT})")
    return token.strip()


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or localhost: an address only this machine can reach."""
    if host.strip().lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False
