"""Apprise channel: Slack, Microsoft Teams, Matrix, Telegram, ... through the apprise library.

The channel names an environment variable (``url_env``) holding one or more apprise URLs
(space- or comma-separated), e.g. ``slack://T000/B000/XXXX`` or ``msteams://...``: URLs carry
tokens, so they never live in watch_topics.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from newswatch.alerts.channels import DeliveryFailed, render_subject, render_text
from newswatch.config import env_secret


def send_apprise(channel: Any, payload: Mapping[str, Any]) -> str:
    return notify(channel, render_subject(payload), render_text(payload))


def notify(channel: Any, title: str, body: str) -> str:
    raw = env_secret(channel.url_env or "")
    if not raw:
        raise DeliveryFailed(f"channel {channel.name!r} is not configured: set {channel.url_env}")
    try:
        import apprise
    except ImportError as e:  # an optional dependency (pip install apprise)
        raise DeliveryFailed("the apprise library is not installed") from e
    urls = [u for u in re.split(r"[\s,]+", raw) if u]
    notifier = apprise.Apprise()
    bad = [u.split("://", 1)[0] for u in urls if not notifier.add(u)]
    if bad:
        raise DeliveryFailed(f"channel {channel.name!r}: apprise does not understand URL scheme(s) {bad}")
    if not notifier.notify(title=title, body=body):
        raise DeliveryFailed(f"apprise could not notify {len(urls)} URL(s) (see the task log)")
    return f"notified {len(urls)} apprise URL(s)"
