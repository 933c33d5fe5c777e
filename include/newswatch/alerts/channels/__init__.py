"""Alert channels: where a flagged development is sent. One module per kind of receiver; each
``send_*`` returns a short receipt or raises DeliveryFailed with a readable reason.

The payload every channel gets is ``alerts.payload.alert_payload``: the alert, its world event and the
evidence sentences with their articles' links.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newswatch.errors import NewswatchError


class DeliveryFailed(NewswatchError):
    """One attempt to deliver one alert to one channel did not succeed."""


def render_subject(payload: Mapping[str, Any]) -> str:
    return f"[newswatch] {payload['topic']}: {payload['summary']}"


def render_text(payload: Mapping[str, Any]) -> str:
    """The alert as plain text (email, chat): what, who, when, the claim, why new, evidence."""
    e = payload.get("event") or {}
    who = e.get("actor1") or e.get("actor1_code") or "?"
    if e.get("actor1_code"):
        who += f" [{e['actor1_code']}]"
    if e.get("actor2_code"):
        who += f" -> {e.get('actor2') or e['actor2_code']} [{e['actor2_code']}]"
    claim = e.get("claim_status", "?")
    if e.get("claimed_by"):
        claim += f" by {e.get('claimed_by_text') or e['claimed_by']} [{e['claimed_by']}]"
    lines = [
        f"What: {e.get('event_type', '?')}" + (f" ({', '.join(e.get('contexts') or [])})" if e.get("contexts") else ""),
        f"Who: {who}",
        f"When: {e.get('event_date')} ({e.get('date_precision')}, {e.get('date_basis')})"
        + (f" in {e['location']}" if e.get("location") else ""),
        f"Claim: {claim}",
    ]
    if e.get("weapon_class"):
        lines.append(f"Arms: {e['weapon_class']}" + (f" x {e['quantity']}" if e.get("quantity") else "")
                     + (f", stage {e['transfer_stage']}" if e.get("transfer_stage") else ""))
    lines += [
        f"Why new: {payload['novelty_reason']}",
        f"Reports: {e.get('num_mentions')} from {e.get('num_sources')} source(s), first {e.get('first_reported_at')}",
        "Evidence:",
    ]
    for ev in payload.get("evidence") or []:
        lines.append(f"  - \"{ev['sentence']}\" ({ev.get('source')}, {ev.get('title') or ''}) {ev.get('url') or ''}")
    if payload.get("event_url"):
        lines.append(f"On the desk: {payload['event_url']}")
    lines.append(f"Alert {payload['alert_id']} / world event {e.get('event_id')}")
    return "\n".join(lines)
