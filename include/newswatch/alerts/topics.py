"""Watch topics (watch_topics.yaml): load and validate them, and decide which events they match.

A topic is defined on coded events (types, contexts, actors with their sectors and roles, claim
statuses, confidence, sources, places, exclusions), with optional keywords over the evidence, so
"arms transfers" means AID/AGREE with a military context, not every article that says "weapons",
and "leader-level meetings" means meetings of heads of state or government, not of their
vice-ministers. Types, contexts, claim statuses, sectors and roles must be the ontology's
(data/ontology.yaml). The file's shape is a pydantic model (`TopicsFile`, exported as JSON Schema
by `topics_json_schema`); a bad file is a TopicsError listing every problem, one per line.
`filter_results` says, filter by filter, why an event passes a topic or not (`newswatch topics
explain`).

How keywords match: `matches` applies the structured filters only; the events that pass them are
then matched on keywords by PostgreSQL full-text search (alerts.flagging.keywords_hit), the one
keyword matcher, over the world event's summary and each of its current evidence sentences:

- the `english` text-search configuration: case-insensitive, words stemmed ("shell" finds "shells"
  and "shelling", "sanction" finds "sanctioned"), stop words ignored (a keyword of only stop words,
  such as "the", matches nothing);
- each keyword is a web-search query (websearch_to_tsquery): several words must all occur in the
  same sentence (or all in the summary), in any order; "a quoted phrase" must occur as written,
  its words adjacent and in order; `or` between words accepts either; `-word` excludes a word;
- a topic matches when any one of its keywords does.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from newswatch import configfile, ontology
from newswatch.alerts.filters import FilterResult, filter_results, matches
from newswatch.alerts.roles import role_names
from newswatch.configfile import Loc, Problem
from newswatch.errors import TopicsError
from newswatch.model import WatchTopic

_WHAT = "the watch topics file"
__all__ = ["ChannelSpec", "FilterResult", "TopicConfig", "TopicEntry", "TopicsFile", "filter_results",
           "load_topics", "matches", "topics_json_schema"]


@dataclass(frozen=True, slots=True)
class ChannelSpec:
    """Where alerts go. Secrets and URLs are named by environment variable, never inlined."""

    name: str
    type: str  # "log" | "webhook" | "email" | "apprise" | "atom" | "digest"
    url_env: str | None = None  # webhook URL, SMTP server URL, or apprise URL(s)
    secret_env: str | None = None  # webhook HMAC key
    sender: str | None = None  # email: From
    recipients: tuple[str, ...] = ()  # email: To
    directory: str | None = None  # atom: where <topic>.xml is written (${VAR} expanded)
    via: str | None = None  # digest: the channel that carries it
    period: str | None = None  # digest: "hourly" | "daily" | "weekly"


@dataclass(frozen=True, slots=True)
class TopicConfig:
    topics: tuple[WatchTopic, ...]
    channels: Mapping[str, ChannelSpec]


def _as_list(value: Any) -> Any:
    """A single value where a list is expected is a list of one; nothing is an empty list."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else value


_Word = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
_Words = Annotated[list[_Word], BeforeValidator(_as_list)]
_ENV_NAME = r"^[A-Za-z_][A-Za-z0-9_]*$"


def _env_name(value: str) -> str:
    if not re.match(_ENV_NAME, value):
        raise ValueError(f"must be the name of an environment variable (the URL or secret stays out of this "
                         f"file), got {configfile.show(value)}")
    return value


_EnvName = Annotated[str, AfterValidator(_env_name), Field(json_schema_extra={"pattern": _ENV_NAME})]


class _Channel(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)


class LogChannel(_Channel):
    """Alerts in the task log and the CLI output."""

    type: Literal["log"]


class WebhookChannel(_Channel):
    """A JSON POST per alert, signed with HMAC-SHA256 when a secret is set."""

    type: Literal["webhook"]
    url_env: _EnvName
    """The environment variable holding the webhook's URL."""
    secret_env: _EnvName | None = None
    """The environment variable holding the HMAC key that signs each request."""


class EmailChannel(_Channel):
    """Plain text with the JSON payload attached."""

    type: Literal["email"]
    url_env: _EnvName
    """The environment variable holding the SMTP server URL (smtp://user:pass@host:587 or smtps://...)."""
    sender: str = Field(alias="from", min_length=1)
    """The From address."""
    to: _Words = Field(min_length=1)
    """The recipients' addresses."""

    @field_validator("to")
    @classmethod
    def _addresses(cls, to: list[str]) -> list[str]:
        bad = [a for a in to if "@" not in a]
        if bad:
            raise ValueError(f"must hold email addresses, got {', '.join(repr(a) for a in bad)}")
        return to


class AppriseChannel(_Channel):
    """Slack, Teams, Matrix, Telegram... through apprise."""

    type: Literal["apprise"]
    url_env: _EnvName
    """The environment variable holding the apprise URL(s), space-separated."""


class AtomChannel(_Channel):
    """An Atom feed per topic, <directory>/<topic>.xml, for any feed reader."""

    type: Literal["atom"]
    directory: str = Field(min_length=1)
    """Where <topic>.xml is written; ${VAR} is replaced from the environment."""


DIGEST_VIA = ("log", "webhook", "email", "apprise")  # the channel types a digest can travel by


class DigestChannel(_Channel):
    """One message per topic and period listing the period's alerts (instead of one per alert),
    sent through another channel once the period has ended."""

    type: Literal["digest"]
    via: str = Field(min_length=1)
    """The channel (defined here, of type log, webhook, email or apprise) that carries the digest."""
    period: Literal["hourly", "daily", "weekly"] = "daily"
    """How much each digest covers: an hour, a day or a week (UTC; weeks start on Monday)."""


Channel = Annotated[LogChannel | WebhookChannel | EmailChannel | AppriseChannel | AtomChannel | DigestChannel,
                    Field(discriminator="type")]


def _enum(values: Any):
    """JSON Schema: a list's items are one of the ontology's values (read when the schema is made)."""
    def extra(schema: dict[str, Any]) -> None:
        schema["items"] = {**schema.get("items", {}), "enum": sorted(values())}
    return extra


class TopicEntry(BaseModel):
    """A standing question asked of every new world event. Lists left out or empty match anything."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, title="topic")

    name: str = Field(min_length=1)
    """The topic's name, unique in the file; alerts and mutes refer to it."""
    description: str = ""
    """What the topic watches, for people."""
    event_types: _Words = Field(default=[], json_schema_extra=_enum(lambda: ontology.shipped().event_types))
    """PLOVER event types (AID, AGREE, CONSULT...); an event must have one of them."""
    contexts: _Words = Field(default=[], json_schema_extra=_enum(lambda: ontology.shipped().contexts))
    """PLOVER contexts (military, economic...); an event must carry at least one of them."""
    actors: _Words = []
    """Actor codes: ISO 3166 alpha-3 for states (PRK, RUS), or organisation codes (NATO)."""
    actor_match: Literal["any", "both"] = "any"
    """any: either actor of the event is in `actors`; both: both of them are."""
    actor_sectors: _Words = Field(default=[], json_schema_extra=_enum(lambda: ontology.shipped().sectors))
    """Actor sectors (GOV, MIL...); the event's actors must be of one of them (see role_match)."""
    actor_roles: _Words = Field(default=[], json_schema_extra=_enum(role_names))
    """Actor roles (head: heads of state or government; minister; military; official), read from
    the actor's name and title as the text gives it; the event's actors must hold one (see role_match)."""
    role_match: Literal["both", "any"] = "both"
    """How actor_sectors and actor_roles apply: both (every actor of the event) or any (one of them)."""
    exclude_actors: _Words = []
    """Actor codes that rule an event out when either side is one of them."""
    exclude_contexts: _Words = Field(default=[], json_schema_extra=_enum(lambda: ontology.shipped().contexts))
    """Contexts that rule an event out (humanitarian, economic...)."""
    locations: _Words = []
    """Where the event happened: location codes (ISO 3166 alpha-3); an event with no stated place
    does not match a topic that lists locations."""
    min_sources: int = Field(default=1, ge=1, strict=True)
    """How many outlets must report an event before it can raise an alert (a headline and its body
    are one source)."""
    keywords: _Words = []
    """Words or "quoted phrases", any of which must occur in the event's summary or evidence
    (PostgreSQL full-text search: stemmed, so 'shell' finds "shells"; `or` and -word work too)."""
    min_confidence: float = Field(default=0.0, ge=0, le=1, strict=True)
    """The coder's confidence an event needs, from 0 to 1."""
    claim_statuses: _Words = Field(default=[], json_schema_extra=_enum(lambda: ontology.shipped().claim_ranks))
    """Claim statuses (reported, alleged, confirmed, denied, planned); an event must have one of them."""
    novelty_window_days: int = Field(default=30, ge=1, strict=True)
    """The quiet spell, in days: a story reported again after this long with nothing changed is
    "first in a long while"; sooner, it is a repeat. (What changed is judged however old the story.)"""
    alert_on_denials: bool = Field(default=False, strict=True)
    """Also alert when an accused party denies a story the topic knows (claim status -> denied)."""
    agreements_need_weapons: bool = Field(default=False, strict=True)
    """An AGREE passes only when the coder found the weapons it promises (an arms detail with a
    weapon class): a promise of tanks is an arms transfer to come, a defence pact or an accord on
    military cooperation is not."""
    channels: _Words = ["log"]
    """Where the topic's alerts go: names defined under `channels:` (log is always defined)."""

    @field_validator("event_types")
    @classmethod
    def _plover_types(cls, types: list[str]) -> list[str]:
        types = [t.upper() for t in types]
        _known(types, ontology.shipped().event_types, "event types")
        return types

    @field_validator("contexts")
    @classmethod
    def _plover_contexts(cls, contexts: list[str]) -> list[str]:
        _known(contexts, ontology.shipped().contexts, "contexts")
        return contexts

    @field_validator("claim_statuses")
    @classmethod
    def _claim_statuses(cls, statuses: list[str]) -> list[str]:
        _known(statuses, ontology.shipped().claim_statuses, "claim statuses")
        return statuses

    @field_validator("exclude_contexts")
    @classmethod
    def _excluded_contexts(cls, contexts: list[str]) -> list[str]:
        _known(contexts, ontology.shipped().contexts, "contexts")
        return contexts

    @field_validator("actor_sectors")
    @classmethod
    def _sectors(cls, sectors: list[str]) -> list[str]:
        sectors = [s.upper() for s in sectors]
        _known(sectors, ontology.shipped().sectors, "sectors")
        return sectors

    @field_validator("actor_roles")
    @classmethod
    def _roles(cls, roles: list[str]) -> list[str]:
        _known(roles, role_names(), "actor roles")
        return roles

    def topic(self) -> WatchTopic:
        return WatchTopic(
            name=self.name,
            description=self.description,
            event_types=frozenset(self.event_types),
            contexts=frozenset(self.contexts),
            actors=frozenset(a.upper() for a in self.actors),
            actor_match=self.actor_match,
            keywords=tuple(k.lower() for k in self.keywords),
            min_confidence=float(self.min_confidence),
            claim_statuses=frozenset(self.claim_statuses),
            novelty_window_days=self.novelty_window_days,
            channels=tuple(self.channels or ["log"]),
            actor_sectors=frozenset(self.actor_sectors),
            actor_roles=frozenset(self.actor_roles),
            role_match=self.role_match,
            min_sources=self.min_sources,
            exclude_contexts=frozenset(self.exclude_contexts),
            exclude_actors=frozenset(a.upper() for a in self.exclude_actors),
            locations=frozenset(code.upper() for code in self.locations),
            alert_on_denials=self.alert_on_denials,
            agreements_need_weapons=self.agreements_need_weapons,
        )


def _known(values: list[str], known: Any, what: str) -> None:
    """Refuse values the ontology does not define, naming the closest ones or listing the known."""
    unknown = [v for v in values if v not in known]
    if not unknown:
        return
    listed = list(known) if isinstance(known, tuple) else sorted(known)
    close = [c for v in unknown for c in difflib.get_close_matches(v, listed, n=1)]
    if close:
        hint = f"did you mean {', '.join(repr(c) for c in close)}?"
    elif len(listed) <= 20:
        hint = f"known: {', '.join(listed)}"
    else:
        hint = "newswatch/data/ontology.yaml lists the known ones"
    raise ValueError(f"has unknown {what} {unknown} ({hint})")


class TopicsFile(BaseModel):
    """newswatch's watch topics (watch_topics.yaml): where alerts go, and the standing questions that
    raise them. Check a file with `newswatch topics check`."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True,
                              title="newswatch watch topics (watch_topics.yaml)")

    channels: Annotated[dict[str, Channel], BeforeValidator(lambda v: {} if v is None else v)] = {}
    """Where alerts go, by name; a channel named log (the task log) is always defined."""
    topics: list[TopicEntry]
    """The watch topics; each new development matching one raises an alert."""


def load_topics(path: str | os.PathLike[str]) -> TopicConfig:
    """Parse and validate a watch-topics file; TopicsError lists every problem, one per line."""
    label = os.fspath(path)
    document, text = configfile.read_yaml(path, _WHAT, TopicsError)
    if not isinstance(document, Mapping):
        raise TopicsError(f"{label}: expected a top-level 'topics:' list, got {configfile.show(document)}")
    entry = _entry_namer(document)
    problems = _cross_checks(document)
    try:
        parsed = TopicsFile.model_validate(document)
    except ValidationError as e:
        problems = configfile.validation_problems(e, topics_json_schema(), entry) + problems
    else:
        if not problems:
            channels = {"log": ChannelSpec("log", "log")}
            channels.update((name, _channel_spec(name, spec)) for name, spec in parsed.channels.items())
            return TopicConfig(tuple(t.topic() for t in parsed.topics), channels)
    configfile.raise_problems(TopicsError, f"{_WHAT} {label}", configfile.report(label, text, problems, entry))


def _channel_spec(name: str, spec: BaseModel) -> ChannelSpec:
    return ChannelSpec(name, spec.type, url_env=getattr(spec, "url_env", None),
                       secret_env=getattr(spec, "secret_env", None), sender=getattr(spec, "sender", None),
                       recipients=tuple(getattr(spec, "to", ())), directory=getattr(spec, "directory", None),
                       via=getattr(spec, "via", None), period=getattr(spec, "period", None))


def topics_json_schema() -> dict[str, Any]:
    """The JSON Schema of watch_topics.yaml, with each key's help, for editors (`newswatch config schema`)."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            **TopicsFile.model_json_schema(by_alias=True)}


def _cross_checks(document: Mapping[str, Any]) -> list[Problem]:
    """What the model cannot check topic by topic: names used twice, channels not defined."""
    entries = document.get("topics")
    if not isinstance(entries, list):
        return []
    channels = document.get("channels")
    defined = {"log", *(channels if isinstance(channels, Mapping) else ())}
    problems: list[Problem] = []
    for name, spec in (channels.items() if isinstance(channels, Mapping) else ()):
        via = spec.get("via") if isinstance(spec, Mapping) and spec.get("type") == "digest" else None
        if not isinstance(via, str) or not via.strip():
            continue
        carrier = "log" if via == "log" else (channels.get(via) or {}).get("type") if isinstance(
            channels.get(via), Mapping) else None
        if carrier not in DIGEST_VIA:
            problems.append(Problem(("channels", name, "via"),
                                    f"must name a channel of type {', '.join(DIGEST_VIA)} defined under "
                                    f"'channels:', got {via!r}" + (f" (of type {carrier})" if carrier else "")))
    first: dict[str, int] = {}
    for index, item in enumerate(entries):
        if not isinstance(item, Mapping):
            continue
        name = item.get("name")
        if isinstance(name, str) and name.strip():
            if name.strip() in first:
                problems.append(Problem(("topics", index, "name"),
                                        f"duplicate name, first used by topics[{first[name.strip()]}]"))
            first.setdefault(name.strip(), index)
        used = _as_list(item.get("channels"))
        for channel in used if isinstance(used, list) else ():
            if isinstance(channel, str) and channel.strip() and channel.strip() not in defined:
                problems.append(Problem(("topics", index, "channels"),
                                        f"channel {channel.strip()!r} is not defined under 'channels:' "
                                        f"(defined: {', '.join(sorted(defined))})"))
    return problems


def _entry_namer(document: Mapping[str, Any]) -> configfile.Entry:
    """Names the entry a location is in: "topics[0] (name 'x')", "channel 'm'", or "" (top level)."""
    entries = document.get("topics")

    def entry(loc: Loc) -> tuple[str, Loc]:
        if len(loc) >= 2 and loc[0] == "topics" and isinstance(loc[1], int):
            index = loc[1]
            item = entries[index] if isinstance(entries, list) and index < len(entries) else None
            name = item.get("name") if isinstance(item, Mapping) else None
            suffix = f" (name {name.strip()!r})" if isinstance(name, str) and name.strip() else ""
            return f"topics[{index}]{suffix}", loc[2:]
        if len(loc) >= 2 and loc[0] == "channels":
            return f"channel {loc[1]!r}", loc[2:]
        return "", loc

    return entry
