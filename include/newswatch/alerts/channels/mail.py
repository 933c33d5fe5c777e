"""Email channel: a plain-text message over SMTP.

The server is a URL in the environment variable the channel names (``url_env``):
``smtp://[user:password@]host[:port]`` (STARTTLS when the server offers it),
``smtps://...`` (TLS from the start). Sender and recipients are in watch_topics.yaml.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from email.message import EmailMessage
from typing import Any
from urllib.parse import unquote, urlsplit

from newswatch.alerts.channels import DeliveryFailed, render_subject, render_text
from newswatch.config import env_secret
from newswatch.store import to_json

TIMEOUT_S = 20


def build_message(channel: Any, payload: Mapping[str, Any]) -> EmailMessage:
    # Stable per alert, so mail clients and archives see a re-sent alert as the same message.
    return compose(channel, render_subject(payload), render_text(payload), payload, payload["alert_id"],
                   {"X-Newswatch-Alert-Id": payload["alert_id"]}, f"alert-{payload['alert_id']}.json")


def compose(channel: Any, subject: str, text: str, attachment: Mapping[str, Any], message_id: str,
            headers: Mapping[str, str], filename: str) -> EmailMessage:
    """A plain-text message with ``attachment`` as JSON; Message-ID ``<message_id@newswatch>``."""
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = channel.sender
    msg["To"] = ", ".join(channel.recipients)
    msg["Message-ID"] = f"<{message_id}@newswatch>"
    for name, value in headers.items():
        msg[name] = value
    msg.set_content(text)
    msg.add_attachment(to_json(attachment).encode(), maintype="application", subtype="json", filename=filename)
    return msg


def send_email(channel: Any, payload: Mapping[str, Any]) -> str:
    return send_message(channel, build_message(channel, payload))


def send_message(channel: Any, msg: EmailMessage) -> str:
    url = env_secret(channel.url_env or "")
    if not url:
        raise DeliveryFailed(f"channel {channel.name!r} is not configured: set {channel.url_env}")
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise DeliveryFailed(f"channel {channel.name!r}: {channel.url_env} must be smtp://host:port or smtps://...")
    try:
        if parts.scheme == "smtps":
            server = smtplib.SMTP_SSL(parts.hostname, parts.port or 465, timeout=TIMEOUT_S,
                                      context=ssl.create_default_context())
        else:
            server = smtplib.SMTP(parts.hostname, parts.port or 25, timeout=TIMEOUT_S)
        with server:
            if parts.scheme == "smtp" and server.has_extn("starttls"):
                server.starttls(context=ssl.create_default_context())
            if parts.username:
                server.login(unquote(parts.username), unquote(parts.password or ""))
            refused = server.send_message(msg)
    except (smtplib.SMTPException, OSError) as e:
        raise DeliveryFailed(f"SMTP: {type(e).__name__}: {e}") from e
    if refused:
        raise DeliveryFailed(f"SMTP refused recipients: {sorted(refused)}")
    return f"mailed to {len(channel.recipients)} recipient(s)"
