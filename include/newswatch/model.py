"""The domain's plain data: frozen dataclasses passed between the pipeline's pure steps.

Library objects (feedparser dicts, httpx responses, GX results) are converted into these at the
boundary, once, so every later step works on the same small vocabulary.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

# Deterministic ids (uuid5 of natural keys) make every append idempotent: a retried task
# produces the same ids and the store turns the second append into a no-op.
NAMESPACE = uuid.UUID("6f1d6c1e-3b1a-5c55-9a0e-6e6577737761")


def stable_id(*parts: object) -> str:
    """uuid5 over the natural key ``parts`` (joined with a separator no part contains)."""
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(str(p) for p in parts)))


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

    @property
    def reported_at(self) -> datetime:
        """The report time used to anchor relative dates: publication, else fetch time."""
        return self.published_at or self.fetched_at


@dataclass(frozen=True, slots=True)
class ArmsTransfer:
    """Arms-transfer detail of an AID/AGREE event with military context."""

    weapon_class: str | None  # "artillery shells", "small arms", "ballistic missiles", ...
    quantity: str | None  # as stated ("1 million", "thousands of")
    supplier: str | None  # actor code
    recipient: str | None  # actor code
    stage: str  # "planned" | "agreed" | "delivered" | "suspected"


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
    date_basis: str  # "text" (stated in the clause) | "publication" (fell back to the report date)
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
    novelty_window_days: int = 30
    channels: tuple[str, ...] = ("log",)
    extra: dict = field(default_factory=dict, compare=False, hash=False)
