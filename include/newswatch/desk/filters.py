"""The query string of each list page as a frozen filter, checked once: a bad value is a 400 that
names the parameter and what it takes, never a 500 or a silently ignored filter. Pages, their CSV
and JSON exports and their pagination links all read the same filter, so an export holds what
the page shows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

from newswatch import ontology

FORMATS = ("html", "csv", "json")
PAGE_SIZE = 50
MAX_PAGE = 500
EXPORT_MAX = 10_000  # rows in one CSV/JSON export; the response says when there were more
_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")
_YES = ("yes", "true", "1", "on")
_NO = ("no", "false", "0", "off")


class BadParameter(ValueError):
    """A query parameter the page cannot use; the message says which and what it takes."""


class Params:
    """Typed reads of a query string (or a form), each refusing what it cannot use."""

    def __init__(self, values: Mapping[str, str]):
        self._values = values

    def text(self, name: str, *, max_len: int = 200) -> str | None:
        value = (self._values.get(name) or "").strip()
        if len(value) > max_len:
            raise BadParameter(f"{name}: at most {max_len} characters")
        return value or None

    def choice(self, name: str, allowed: tuple[str, ...]) -> str | None:
        value = self.text(name)
        if value is not None and value not in allowed:
            raise BadParameter(f"{name}: one of {', '.join(allowed)}; got {value!r}")
        return value

    def flag(self, name: str) -> bool | None:
        value = (self.text(name) or "").lower()
        if not value or value == "any":
            return None
        if value in _YES:
            return True
        if value in _NO:
            return False
        raise BadParameter(f"{name}: yes, no or any; got {value!r}")

    def day(self, name: str) -> date | None:
        value = self.text(name, max_len=20)
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise BadParameter(f"{name}: an ISO date such as 2026-11-29; got {value!r}") from None

    def number(self, name: str, *, default: int, lo: int, hi: int) -> int:
        value = self.text(name, max_len=12)
        if value is None:
            return default
        try:
            n = int(value)
        except ValueError:
            raise BadParameter(f"{name}: a whole number; got {value!r}") from None
        if not lo <= n <= hi:
            raise BadParameter(f"{name}: from {lo} to {hi}; got {n}")
        return n

    def codes(self, name: str) -> tuple[str, ...]:
        """One or two actor codes, comma-separated (PRK or PRK,RUS)."""
        value = self.text(name, max_len=40)
        if value is None:
            return ()
        codes = tuple(c.strip().upper() for c in value.split(",") if c.strip())
        if not 1 <= len(codes) <= 2 or not all(_CODE.match(c) for c in codes):
            raise BadParameter(f"{name}: one actor code or a pair, e.g. PRK or PRK,RUS; got {value!r}")
        return codes

    def output(self) -> str:
        return self.choice("format", FORMATS) or "html"


@dataclass(frozen=True)
class Page:
    """Which slice of a list: ``limit`` rows from ``offset``. Exports default to EXPORT_MAX."""

    limit: int
    offset: int

    @classmethod
    def read(cls, p: Params, output: str) -> Page:
        default = PAGE_SIZE if output == "html" else EXPORT_MAX
        return cls(limit=p.number("limit", default=default, lo=1, hi=MAX_PAGE if output == "html" else EXPORT_MAX),
                   offset=p.number("offset", default=0, lo=0, hi=10_000_000))


def _check_range(since: date | None, until: date | None) -> None:
    if since and until and since > until:
        raise BadParameter(f"since {since} is after until {until}")


@dataclass(frozen=True)
class AlertFilter:
    topic: str | None = None
    kind: str | None = None  # novelty_kind
    acknowledged: bool | None = None
    muted: bool | None = None  # raised while muted, or its stream is muted now
    since: date | None = None  # raised on or after (UTC)
    until: date | None = None  # raised on or before (UTC)

    @classmethod
    def read(cls, p: Params) -> AlertFilter:
        f = cls(topic=p.text("topic"), kind=p.text("kind"), acknowledged=p.flag("acknowledged"),
                muted=p.flag("muted"), since=p.day("since"), until=p.day("until"))
        _check_range(f.since, f.until)
        return f


@dataclass(frozen=True)
class SearchFilter:
    q: str | None = None
    event_type: str | None = None
    actors: tuple[str, ...] = ()
    claim_status: str | None = None
    since: date | None = None  # event date
    until: date | None = None

    @classmethod
    def read(cls, p: Params) -> SearchFilter:
        onto = ontology.shipped()
        f = cls(q=p.text("q", max_len=300), event_type=p.choice("type", onto.event_types),
                actors=p.codes("actors"), claim_status=p.choice("claim", onto.claim_statuses),
                since=p.day("since"), until=p.day("until"))
        _check_range(f.since, f.until)
        return f

    @property
    def empty(self) -> bool:
        return not (self.q or self.event_type or self.actors or self.claim_status or self.since or self.until)


@dataclass(frozen=True)
class TimelineFilter:
    topic: str | None = None
    actors: tuple[str, ...] = ()  # one code (everything it did or suffered) or a pair (either direction)
    since: date | None = None  # event date
    until: date | None = None

    @classmethod
    def read(cls, p: Params) -> TimelineFilter:
        f = cls(topic=p.text("topic"), actors=p.codes("actors"), since=p.day("since"), until=p.day("until"))
        _check_range(f.since, f.until)
        return f

    @property
    def chosen(self) -> bool:
        return bool(self.topic or self.actors)

    @property
    def title(self) -> str:
        parts = []
        if self.topic:
            parts.append(f"topic {self.topic}")
        if self.actors:
            parts.append(" – ".join(self.actors))
        return ", ".join(parts)


@dataclass(frozen=True)
class FeedFilter:
    health: str | None = None
    quality: str | None = None

    @classmethod
    def read(cls, p: Params) -> FeedFilter:
        return cls(health=p.choice("health", ("new", "ok", "failing", "disabled")),
                   quality=p.choice("quality", ("unchecked", "ok", "degraded")))


def query_string(filt: Any, **extra: Any) -> str:
    """The filter (and e.g. format, offset) back as a query string, for links and exports."""
    values = asdict(filt) if filt is not None else {}
    out: dict[str, str] = {}
    names = {"kind": "kind", "event_type": "type", "claim_status": "claim"}
    for key, value in {**values, **extra}.items():
        if value is None or value == () or value == "":
            continue
        if isinstance(value, bool):
            value = "yes" if value else "no"
        elif isinstance(value, tuple):
            value = ",".join(value)
        out[names.get(key, key)] = str(value)
    return urlencode(out)


def with_changes(filt: Any, **changes: Any) -> Any:
    return replace(filt, **changes)
