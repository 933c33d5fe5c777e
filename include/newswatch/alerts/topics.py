"""Watch topics (watch_topics.yaml): load and validate them, and decide which events they match.

A topic is defined on coded events (types, contexts, actors, claim statuses, confidence), with
optional keywords over the evidence, so "arms transfers" means AID/AGREE with a military context,
not every article that says "weapons".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from newswatch.errors import ConfigError
from newswatch.model import WatchTopic

PLOVER_TYPES = frozenset(
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN PROTEST "
    "SANCTION MOBILIZE COERCE ASSAULT".split()
)
CLAIM_STATUSES = frozenset({"reported", "alleged", "confirmed", "denied", "planned"})
CHANNEL_TYPES = frozenset({"log", "webhook", "email", "apprise", "atom"})
_CHANNEL_KEYS = {"type", "url_env", "secret_env", "from", "to", "directory"}
_TOPIC_KEYS = {
    "name", "description", "event_types", "contexts", "actors", "actor_match", "keywords",
    "min_confidence", "claim_statuses", "novelty_window_days", "channels",
}


@dataclass(frozen=True, slots=True)
class ChannelSpec:
    """Where alerts go. Secrets and URLs are named by environment variable, never inlined."""

    name: str
    type: str  # "log" | "webhook" | "email" | "apprise" | "atom"
    url_env: str | None = None  # webhook URL, SMTP server URL, or apprise URL(s)
    secret_env: str | None = None  # webhook HMAC key
    sender: str | None = None  # email: From
    recipients: tuple[str, ...] = ()  # email: To
    directory: str | None = None  # atom: where <topic>.xml is written (${VAR} expanded)


@dataclass(frozen=True, slots=True)
class TopicConfig:
    topics: tuple[WatchTopic, ...]
    channels: Mapping[str, ChannelSpec]


def load_topics(path: str | Path) -> TopicConfig:
    """Parse and validate a watch-topics file; ConfigError lists every problem found."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise ConfigError(f"watch topics file not found: {path}") from e
    except yaml.YAMLError as e:
        raise ConfigError(f"{path}: not valid YAML: {e}") from e
    problems: list[str] = []
    config = _build(raw, problems)
    if problems:
        raise ConfigError(f"{path}: " + "; ".join(problems))
    return config


def _build(raw: Any, problems: list[str]) -> TopicConfig:
    if not isinstance(raw, dict) or not isinstance(raw.get("topics"), list):
        problems.append("expected a mapping with a 'topics:' list")
        return TopicConfig((), {})
    channels = {"log": ChannelSpec("log", "log")}
    for name, spec in (raw.get("channels") or {}).items():
        if not isinstance(spec, dict) or spec.get("type") not in CHANNEL_TYPES:
            problems.append(f"channel {name!r}: 'type' must be one of {sorted(CHANNEL_TYPES)}")
            continue
        _check_channel(name, spec, problems)
        to = spec.get("to") or []
        channels[name] = ChannelSpec(name, spec["type"], spec.get("url_env"), spec.get("secret_env"),
                                     spec.get("from"), tuple([to] if isinstance(to, str) else to),
                                     spec.get("directory"))
    topics, names = [], set()
    for i, entry in enumerate(raw["topics"]):
        label = f"topic #{i + 1}" + (f" ({entry.get('name')!r})" if isinstance(entry, dict) else "")
        if not isinstance(entry, dict) or not entry.get("name"):
            problems.append(f"{label}: needs a 'name'")
            continue
        if entry["name"] in names:
            problems.append(f"{label}: duplicate name")
        names.add(entry["name"])
        unknown = set(entry) - _TOPIC_KEYS
        if unknown:
            problems.append(f"{label}: unknown keys {sorted(unknown)}")
        topic = _topic(entry, label, problems)
        for channel in topic.channels:
            if channel not in channels:
                problems.append(f"{label}: channel {channel!r} is not defined under 'channels:'")
        topics.append(topic)
    return TopicConfig(tuple(topics), channels)


def _check_channel(name: str, spec: Mapping[str, Any], problems: list[str]) -> None:
    kind = spec["type"]
    unknown = set(spec) - _CHANNEL_KEYS
    if unknown:
        problems.append(f"channel {name!r}: unknown keys {sorted(unknown)}")
    if kind in ("webhook", "email", "apprise") and not spec.get("url_env"):
        what = {"webhook": "its URL", "email": "the SMTP server URL", "apprise": "the apprise URL(s)"}[kind]
        problems.append(f"channel {name!r}: {kind} needs 'url_env' (the variable holding {what})")
    if kind == "email":
        to = spec.get("to")
        if not spec.get("from") or not to:
            problems.append(f"channel {name!r}: email needs 'from' and 'to' (an address or a list)")
        elif any("@" not in str(a) for a in ([to] if isinstance(to, str) else to)):
            problems.append(f"channel {name!r}: 'to' must hold email addresses")
    if kind == "atom" and not spec.get("directory"):
        problems.append(f"channel {name!r}: atom needs 'directory' (where <topic>.xml is written)")


def _strings(entry: Mapping[str, Any], key: str, label: str, problems: list[str]) -> list[str]:
    value = entry.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"{label}: '{key}' must be a list of strings")
        return []
    return value


def _topic(entry: Mapping[str, Any], label: str, problems: list[str]) -> WatchTopic:
    types = {t.upper() for t in _strings(entry, "event_types", label, problems)}
    if types - PLOVER_TYPES:
        problems.append(f"{label}: unknown event types {sorted(types - PLOVER_TYPES)}")
    statuses = set(_strings(entry, "claim_statuses", label, problems))
    if statuses - CLAIM_STATUSES:
        problems.append(f"{label}: unknown claim statuses {sorted(statuses - CLAIM_STATUSES)}")
    actor_match = entry.get("actor_match", "any")
    if actor_match not in ("any", "both"):
        problems.append(f"{label}: 'actor_match' must be 'any' or 'both'")
    min_conf = entry.get("min_confidence", 0.0)
    if not isinstance(min_conf, (int, float)) or not 0 <= min_conf <= 1:
        problems.append(f"{label}: 'min_confidence' must be a number between 0 and 1")
        min_conf = 0.0
    window = entry.get("novelty_window_days", 30)
    if not isinstance(window, int) or window < 1:
        problems.append(f"{label}: 'novelty_window_days' must be a positive integer")
        window = 30
    return WatchTopic(
        name=entry["name"],
        description=str(entry.get("description", "")),
        event_types=frozenset(types),
        contexts=frozenset(_strings(entry, "contexts", label, problems)),
        actors=frozenset(a.upper() for a in _strings(entry, "actors", label, problems)),
        actor_match=actor_match,
        keywords=tuple(k.lower() for k in _strings(entry, "keywords", label, problems)),
        min_confidence=float(min_conf),
        claim_statuses=frozenset(statuses),
        novelty_window_days=window,
        channels=tuple(_strings(entry, "channels", label, problems) or ["log"]),
    )


def matches(topic: WatchTopic, event: Mapping[str, Any], evidence: Sequence[str] = ()) -> bool:
    """Does a world event (a ``newswatch.world_events``-shaped mapping) fall under ``topic``?"""
    if topic.event_types and event["event_type"] not in topic.event_types:
        return False
    if topic.contexts and not topic.contexts & set(event.get("contexts") or ()):
        return False
    if topic.claim_statuses and event["claim_status"] not in topic.claim_statuses:
        return False
    if float(event.get("confidence") or 0) < topic.min_confidence:
        return False
    if topic.actors:
        sides = [event.get("actor1_code"), event.get("actor2_code")]
        hits = [code in topic.actors for code in sides]
        if not (all(hits) if topic.actor_match == "both" else any(hits)):
            return False
    if topic.keywords:
        # A plain whole-word match, for callers without the store; flagging matches keywords with
        # PostgreSQL full-text search over the evidence instead (stemmed: 'shell' finds "shells").
        text = " ".join([event.get("summary") or "", *evidence]).lower()
        if not any(re.search(rf"\b{re.escape(k)}\b", text) for k in topic.keywords):
            return False
    return True
