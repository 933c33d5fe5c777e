"""A watch topic's structured filters applied to a world event: `matches` (does it pass them all?)
and `filter_results` (each filter with pass or fail and what it saw, for `newswatch topics
explain`). Keywords are matched afterwards, in PostgreSQL (alerts.flagging.keywords_hit)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from newswatch.alerts.roles import actor_role
from newswatch.model import WatchTopic


@dataclass(frozen=True, slots=True)
class FilterResult:
    """One filter of a topic applied to one world event: its name, pass or fail, and what it saw."""

    name: str
    passed: bool
    detail: str


def _show(values: Any) -> str:
    return "[" + ", ".join(sorted(str(v) for v in values)) + "]"


def _sides(event: Mapping[str, Any]) -> list[tuple[str | None, str | None, str | None]]:
    """(code, name as the text gives it, sector) of each actor the event has."""
    sides = [(event.get("actor1_code"), event.get("actor1"), event.get("actor1_sector"))]
    if event.get("actor2_code"):
        sides.append((event.get("actor2_code"), event.get("actor2"), event.get("actor2_sector")))
    return sides


def _per_actor(topic: WatchTopic, hits: list[bool]) -> bool:
    return all(hits) if topic.role_match == "both" else any(hits)


def _event_types(topic: WatchTopic, event: Mapping[str, Any]) -> tuple[bool, str]:
    return event["event_type"] in topic.event_types, f"{event['event_type']} in {_show(topic.event_types)}"


def _contexts(topic: WatchTopic, event: Mapping[str, Any]) -> tuple[bool, str]:
    have = set(event.get("contexts") or ())
    return bool(topic.contexts & have), f"contexts {_show(have)} meet {_show(topic.contexts)}"


def _excluded_contexts(topic: WatchTopic, event: Mapping[str, Any]) -> tuple[bool, str]:
    hit = topic.exclude_contexts & set(event.get("contexts") or ())
    return not hit, f"excluded contexts {_show(hit)}" if hit else f"none of {_show(topic.exclude_contexts)}"


def _claim(topic: WatchTopic, event: Mapping[str, Any]) -> tuple[bool, str]:
    status = event["claim_status"]
    # A topic that alerts on denials lets a denied event through; novelty decides if it is news.
    ok = status in topic.claim_statuses or (status == "denied" and topic.alert_on_denials)
    return ok, f"{status} in {_show(topic.claim_statuses)}" + (" (denials opted in)" if topic.alert_on_denials else "")


def _confidence(topic: WatchTopic, event: Mapping[str, Any]) -> tuple[bool, str]:
    value = float(event.get("confidence") or 0)
    return value >= topic.min_confidence, f"{value:.2f} >= {topic.min_confidence:.2f}"


def _actors(topic: WatchTopic, event: Mapping[str, Any]) -> tuple[bool, str]:
    codes = [event.get("actor1_code"), event.get("actor2_code")]
    hits = [code in topic.actors for code in codes]
    ok = all(hits) if topic.actor_match == "both" else any(hits)
    return ok, f"{actor_match_words(topic)} of {[c for c in codes if c]} in {_show(topic.actors)}"


def actor_match_words(topic: WatchTopic) -> str:
    return "both" if topic.actor_match == "both" else "either"


def _excluded_actors(topic: WatchTopic, event: Mapping[str, Any]) -> tuple[bool, str]:
    hit = topic.exclude_actors & {event.get("actor1_code"), event.get("actor2_code")}
    return not hit, f"excluded actors {_show(hit)}" if hit else f"none of {_show(topic.exclude_actors)}"


def _sectors(topic: WatchTopic, event: Mapping[str, Any]) -> tuple[bool, str]:
    sides = _sides(event)
    hits = [sector in topic.actor_sectors for _, _, sector in sides]
    seen = ", ".join(f"{code} {sector or 'no sector'}" for code, _, sector in sides)
    return _per_actor(topic, hits), f"{topic.role_match} of ({seen}) in {_show(topic.actor_sectors)}"


def _roles(topic: WatchTopic, event: Mapping[str, Any]) -> tuple[bool, str]:
    sides = [(code, name, actor_role(name, sector)) for code, name, sector in _sides(event)]
    hits = [role in topic.actor_roles for _, _, role in sides]
    seen = ", ".join(f"{name or code!r} is {role or 'no known role'}" for code, name, role in sides)
    return _per_actor(topic, hits), f"{topic.role_match} of ({seen}) in {_show(topic.actor_roles)}"


def _locations(topic: WatchTopic, event: Mapping[str, Any]) -> tuple[bool, str]:
    where = event.get("location_code")
    return where in topic.locations, f"location {where or 'not stated'} in {_show(topic.locations)}"


def _sources(topic: WatchTopic, event: Mapping[str, Any]) -> tuple[bool, str]:
    n = int(event.get("num_sources") or 0)
    return n >= topic.min_sources, f"{n} source(s) >= {topic.min_sources}"


def _agreement_goods(topic: WatchTopic, event: Mapping[str, Any]) -> tuple[bool, str]:
    if event["event_type"] != "AGREE":
        return True, f"{event['event_type']} is no agreement"
    arms = event.get("arms") or {}
    named = arms.get("weapon_class") or arms.get("weapon_classes")
    return bool(named), f"the agreement names weapons ({named})" if named else "the agreement names no weapons"


# (name, applies to the topic?, check), in the order they are reported.
_FILTERS: tuple[tuple[str, Callable[[WatchTopic], Any], Callable[..., tuple[bool, str]]], ...] = (
    ("event_types", lambda t: t.event_types, _event_types),
    ("contexts", lambda t: t.contexts, _contexts),
    ("exclude_contexts", lambda t: t.exclude_contexts, _excluded_contexts),
    ("claim_statuses", lambda t: t.claim_statuses, _claim),
    ("min_confidence", lambda t: t.min_confidence > 0, _confidence),
    ("actors", lambda t: t.actors, _actors),
    ("exclude_actors", lambda t: t.exclude_actors, _excluded_actors),
    ("actor_sectors", lambda t: t.actor_sectors, _sectors),
    ("actor_roles", lambda t: t.actor_roles, _roles),
    ("locations", lambda t: t.locations, _locations),
    ("min_sources", lambda t: t.min_sources > 1, _sources),
    ("agreements_need_weapons", lambda t: t.agreements_need_weapons, _agreement_goods),
)


def filter_results(topic: WatchTopic, event: Mapping[str, Any]) -> list[FilterResult]:
    """Every structured filter ``topic`` sets, applied to ``event`` (a ``newswatch.world_events``-
    shaped mapping), in order, each with pass or fail and what it saw."""
    return [FilterResult(name, *check(topic, event)) for name, applies, check in _FILTERS if applies(topic)]


def matches(topic: WatchTopic, event: Mapping[str, Any]) -> bool:
    """Does a world event pass every structured filter of ``topic`` (types, contexts and excluded
    contexts, claim statuses, confidence, actors and excluded actors, sectors, roles, locations,
    sources)? Keywords are not looked at here: flagging matches them in PostgreSQL (see the module
    docstring)."""
    return all(check(topic, event)[0] for _, applies, check in _FILTERS if applies(topic))
