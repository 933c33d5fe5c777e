"""Webhook channel: a JSON POST, signed with HMAC-SHA256 when a secret is configured.

Receivers verify ``X-Newswatch-Signature: sha256=<hex HMAC-SHA256 of the raw body>`` and
deduplicate on ``X-Newswatch-Alert-Id`` (stable per alert; delivery is at-least-once).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

import httpx

from newswatch import __version__
from newswatch.alerts.channels import DeliveryFailed
from newswatch.config import env_secret
from newswatch.store import to_json

SIGNATURE_HEADER = "X-Newswatch-Signature"
ALERT_ID_HEADER = "X-Newswatch-Alert-Id"


def sign(body: bytes, secret: str) -> str:
    """The signature header value: ``sha256=`` + hex HMAC-SHA256 of the exact request body."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def send_webhook(channel: Any, payload: Mapping[str, Any], *, client: httpx.Client) -> str:
    return post_json(channel, payload, {ALERT_ID_HEADER: payload["alert_id"]}, client=client)


def post_json(channel: Any, payload: Mapping[str, Any], headers: Mapping[str, str], *, client: httpx.Client) -> str:
    """POST ``payload`` as JSON to the channel's URL with ``headers`` (the id a receiver
    deduplicates on), signed when the channel has a secret; returns a receipt."""
    url = env_secret(channel.url_env or "")
    if not url:
        raise DeliveryFailed(f"channel {channel.name!r} is not configured: set {channel.url_env}")
    body = to_json(payload).encode()
    headers = {"Content-Type": "application/json", "User-Agent": f"newswatch/{__version__}", **headers}
    secret = env_secret(channel.secret_env or "")
    if secret:
        headers[SIGNATURE_HEADER] = sign(body, secret)
    try:
        response = client.post(url, content=body, headers=headers)
    except httpx.HTTPError as e:
        raise DeliveryFailed(f"{type(e).__name__}: {e}") from e
    if not response.is_success:
        raise DeliveryFailed(f"HTTP {response.status_code} from the webhook")
    return f"HTTP {response.status_code}"
