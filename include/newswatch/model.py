"""The domain's plain data: frozen dataclasses passed between the pipeline's pure steps.

Library objects (feedparser dicts, httpx responses, GX results) are converted into these at the
boundary, once, so every later step works on the same small vocabulary.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timezone
from typing import Any

from newswatch import __version__

# Deterministic ids (uuid5 of natural keys) make every append idempotent: a retried task
# produces the same ids and the store turns the second append into a no-op.
NAMESPACE = uuid.UUID("6f1d6c1e-3b1a-5c55-9a0e-6e6577737761")


def stable_id(*parts: object) -> str:
    """uuid5 over the natural key ``parts`` (joined with a separator no part contains)."""
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(str(p) for p in parts)))


@dataclass(frozen=True, slots=True)
class RunContext:
    """Who is running and "when" the run is, by its schedule rather than the wall clock.

    ``now`` is the run's reference time (under Airflow: the data interval's end), used for
    validation bounds, relative-date anchors, novelty windows and next-poll times, so a retried
    task sees the same time as its first try.
    """

    run_id: str
    now: datetime
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.now.tzinfo is None:
            raise ValueError("RunContext.now must be timezone-aware")

    def metadata(self, stage: str, **more: Any) -> dict[str, Any]:
        return {"run_id": self.run_id, "stage": stage, "newswatch_version": __version__, **self.extra, **more}

    @classmethod
    def for_cli(cls) -> RunContext:
        now = datetime.now(timezone.utc).replace(microsecond=0)
        return cls(run_id=f"cli__{now.isoformat()}", now=now)


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """One entry of a feed list (feeds.yaml)."""

    name: str
    url: str
    source: str  # the outlet, e.g. "Harbour Times"
    language: str | None = None
    tags: tuple[str, ...] = ()
    allow_private: bool = False  # permit a private/loopback address for this feed (SSRF guard)
    full_text: bool = False

    @property
    def feed_id(self) -> str:
        return stable_id("feed", self.name)


@dataclass(frozen=True, slots=True)
class ParsedEntry:
    guid: str | None
    link: str | None  # absolute (resolved against the feed URL)
    title: str  # plain text; "" when the entry has none
    # Always HTML (plain-text summaries are escaped), as the feed served it: not sanitized, so
    # only ever read through normalize.html_to_text, never rendered.
    summary_html: str | None
    content_html: str | None
    published_at: datetime | None  # tz-aware UTC
    date_raw: str | None  # the date string as the feed wrote it
    date_problem: str | None  # None, "missing" or "unparsed"
    author: str | None
    problem: str | None = None  # "no_link_or_title": kept so the pipeline can record a rejection
    truncated: tuple[str, ...] = ()  # fields cut to the parser's size limits ("content_html", ...)


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    entries: tuple[ParsedEntry, ...]
    is_feed: bool
    problem: str | None  # None, "not_a_feed", "malformed_xml" or "empty_feed"
    detail: str
    title: str | None
    version: str  # feedparser's, e.g. "rss20", "atom10"; "" when not recognised
    skipped_entries: int = 0  # entries beyond the parser's cap, not read (a hostile or huge feed)

    @property
    def failure_kind(self) -> str | None:
        """"soft" when the body was not a usable feed (the fetch taxonomy's kind), else None."""
        return None if self.is_feed else "soft"


@dataclass(frozen=True, slots=True)
class Article:
    """A normalized news item as newswatch first sees it."""

    article_id: str  # stable_id("article", canonical_url)
    feed: str  # FeedSpec.name
    source: str  # outlet
    url: str
    canonical_url: str
    guid: str | None
    title: str
    text: str  # plain text, no markup
    text_basis: str  # which text the extractor sees: "summary" | "content" | "full"
    published_at: datetime | None  # tz-aware UTC; None when the feed gave none we could parse
    date_problem: str | None  # None, "missing" or "unparsed: <raw value>"
    fetched_at: datetime  # tz-aware UTC
    language: str | None
    content_hash: str  # sha256 hex of the normalized text
    # Where published_at came from: "feed" (the feed's date), "page" (the page's own date, found by
    # trafilatura when the feed's was missing or unparseable), "fetch" (neither: the fetch time
    # stands in, see reported_at); None for articles recorded before it was kept
    published_basis: str | None = None
    # Fields cut to their size limit (normalize.FIELD_LIMITS) before anything was recorded, e.g.
    # ("title", "text"); recorded in ArticleDiscovered only when not empty.
    truncated: tuple[str, ...] = ()

    @property
    def reported_at(self) -> datetime:
        """The report time used to anchor relative dates: publication, else fetch time."""
        return self.published_at or self.fetched_at

    def to_data(self) -> dict[str, Any]:
        """The article as recorded in ArticleDiscovered (JSON-ready but for the datetimes)."""
        # Every field is a scalar, so a shallow copy equals dataclasses.asdict (which deep-copies,
        # and cost a fifth of a poll's time).
        data = {name: getattr(self, name) for name in _ARTICLE_FIELDS}
        if not data["truncated"]:  # recorded only when something was cut, so other payloads are as before
            del data["truncated"]
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Article:
        """Rebuild the Article recorded in an ArticleDiscovered event (unknown keys ignored)."""
        values = {k: v for k, v in data.items() if k in _ARTICLE_FIELD_SET}
        for key in ("published_at", "fetched_at"):
            if isinstance(values.get(key), str):
                values[key] = datetime.fromisoformat(values[key])
        if "truncated" in values:
            values["truncated"] = tuple(values["truncated"])
        return cls(**values)


_ARTICLE_FIELDS = tuple(f.name for f in fields(Article))
_ARTICLE_FIELD_SET = frozenset(_ARTICLE_FIELDS)


@dataclass(frozen=True, slots=True)
class ArmsTransfer:
    """Arms-transfer detail of an AID/AGREE event with military context."""

    weapon_class: str | None  # "artillery shells", "small arms", "ballistic missiles", ...
    quantity: str | None  # as stated ("1 million", "thousands of")
    supplier: str | None  # actor code
    recipient: str | None  # actor code
    stage: str  # "planned" | "agreed" | "delivered" | "suspected"

    def to_data(self) -> dict[str, Any]:
        """The detail as a dict. Every field is a scalar, so this equals dataclasses.asdict,
        whose recursive deep copy was a tenth of joining mentions to world events."""
        return {name: getattr(self, name) for name in _ARMS_FIELDS}


_ARMS_FIELDS = tuple(f.name for f in fields(ArmsTransfer))


@dataclass(frozen=True, slots=True)
class ExtractedEvent:
    """One event mention coded from one sentence (who did what to whom, when, where, says who)."""

    event_type: str  # PLOVER: AID, CONSULT, ACCUSE, ...
    event_mode: str | None
    contexts: tuple[str, ...]
    actor1: str  # surface text of the source actor
    actor1_code: str  # ISO 3166 alpha-3 or organisation code
    actor1_sector: str | None  # GOV, MIL, ...
    actor2: str | None
    actor2_code: str | None
    actor2_sector: str | None
    event_date: date
    date_precision: str  # "day" | "month" | "year"
    # "text" (stated in the clause) | "context" (stated in the sentence before, which the clause
    # clearly refers to) | "publication" (fell back to the report date)
    date_basis: str
    date_text: str | None
    location: str | None
    location_code: str | None
    claim_status: str  # "reported" | "alleged" | "confirmed" | "denied" | "planned"
    claimed_by: str | None  # code of the claimant ("USA"), None when reported as fact
    claimed_by_text: str | None
    sentence: str
    start: int  # character offsets of the sentence in the article text
    end: int
    confidence: float  # 0..1
    pattern_id: str
    extractor_version: str
    arms: ArmsTransfer | None = None
    in_title: bool = False  # coded from the headline: start/end are offsets into the title
    event_date_end: date | None = None  # inclusive last day of a stated period; None for a point at date_precision
    date_open: bool = False  # an ongoing period ("since August"): started at event_date, not ended


@dataclass(frozen=True, slots=True)
class WatchTopic:
    """An analyst's standing question, matched against world events (watch_topics.yaml)."""

    name: str
    description: str = ""
    event_types: frozenset[str] = frozenset()
    contexts: frozenset[str] = frozenset()
    actors: frozenset[str] = frozenset()  # codes; empty = any
    actor_match: str = "any"  # "any": either side is in `actors`; "both": both sides are
    keywords: tuple[str, ...] = ()
    min_confidence: float = 0.0
    claim_statuses: frozenset[str] = frozenset()
    novelty_window_days: int = 30  # the quiet spell after which a report is "first in a long while"
    channels: tuple[str, ...] = ("log",)
    extra: dict = field(default_factory=dict, compare=False, hash=False)
    # Issue 15: who must be involved, how widely reported, and what rules an event out.
    actor_sectors: frozenset[str] = frozenset()  # GOV, MIL...; empty = any
    actor_roles: frozenset[str] = frozenset()  # head, minister, military, official (ontology); empty = any
    role_match: str = "both"  # "both": every actor of the event; "any": at least one
    min_sources: int = 1
    exclude_contexts: frozenset[str] = frozenset()
    exclude_actors: frozenset[str] = frozenset()
    locations: frozenset[str] = frozenset()  # location codes; empty = anywhere
    alert_on_denials: bool = False  # a denial by an accused party is a development too
    agreements_need_weapons: bool = False  # an AGREE passes only when it names the weapons it promises
