"""Who is at the desk, and whether a form really came from one of its pages.

Standalone (`token` mode) a request carries the desk token as ``Authorization: Bearer <token>``,
or the session cookie the login page sets after the token was typed once: the cookie holds the
analyst's name and an expiry signed with the token (HMAC-SHA256), never the token itself, and is
HttpOnly and SameSite=Strict. Every comparison of secrets is constant-time (hmac.compare_digest).

Forms that change something carry a CSRF token (an HMAC of the user's name and the day, keyed by
the desk's secret) besides the SameSite cookie; requests that authenticate with an
``Authorization`` header need none, since a browser never adds that header on its own.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from dataclasses import dataclass

from fastapi import Request

from newswatch.desk.settings import DeskSettings

SESSION_COOKIE = "newswatch_desk"
CSRF_FIELD = "csrf_token"
_DAY = 86_400


class NotSignedIn(Exception):
    """The request names nobody the desk lets in (no or a wrong token, an expired session)."""

    def __init__(self, reason: str = "sign in first") -> None:
        super().__init__(reason)
        self.reason = reason


class CsrfRefused(Exception):
    """A form that changes something came without this desk's token for it."""


@dataclass(frozen=True, slots=True)
class Principal:
    name: str  # recorded as `by` on acknowledgements and mutes
    via_header: bool  # authenticated by an Authorization header (an API client, not a form)


def _sign(secret: str, message: str) -> str:
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def same_secret(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def bearer_token(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def session_cookie(secret: str, name: str, *, days: int, now: float | None = None) -> str:
    expires = int((now if now is not None else time.time()) + days * _DAY)
    encoded = base64.urlsafe_b64encode(name.encode()).decode().rstrip("=")
    return f"{encoded}.{expires}.{_sign(secret, f'session|{name}|{expires}')}"


def read_session(secret: str, value: str | None, *, now: float | None = None) -> str | None:
    """The name in a valid, unexpired session cookie; None otherwise."""
    try:
        encoded, expires, signature = (value or "").split(".")
        name = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode()
        deadline = int(expires)
    except (ValueError, UnicodeDecodeError):
        return None
    if not same_secret(signature, _sign(secret, f"session|{name}|{deadline}")):
        return None
    return name if deadline > (now if now is not None else time.time()) else None


def csrf_token(secret: str, name: str, *, now: float | None = None) -> str:
    day = int((now if now is not None else time.time()) // _DAY)
    return _sign(secret, f"csrf|{name}|{day}")[:40]


def csrf_valid(secret: str, name: str, given: str | None, *, now: float | None = None) -> bool:
    """Today's token or yesterday's (a page left open overnight still works once)."""
    moment = now if now is not None else time.time()
    return bool(given) and any(same_secret(given, csrf_token(secret, name, now=moment - back * _DAY))
                               for back in (0, 1))


def token_principal(request: Request, settings: DeskSettings) -> Principal:
    """`token` mode: the Bearer header, else the session cookie; NotSignedIn otherwise."""
    assert settings.token is not None
    given = bearer_token(request)
    if given is not None:
        if not same_secret(given, settings.token):
            raise NotSignedIn("that is not the desk token")
        # An API client may say who it acts for; the token is what lets it in.
        return Principal(name=request.headers.get("x-newswatch-user", "").strip()[:80] or "api", via_header=True)
    name = read_session(settings.token, request.cookies.get(SESSION_COOKIE))
    if name is None:
        raise NotSignedIn("sign in with the desk token")
    return Principal(name=name, via_header=False)


def check_csrf(principal: Principal, secret: str, given: str | None) -> None:
    if principal.via_header:
        return
    if not csrf_valid(secret, principal.name, given):
        raise CsrfRefused("this form has expired or did not come from the desk: reload the page and try again")


def safe_next(target: str | None, default: str = "/") -> str:
    """A path inside the desk to go back to; anything else (another site, a scheme) is refused."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target
