"""The catalogue of domain events: one frozen dataclass per fact a pipeline step learns (past tense),
the streams they go to, and their deterministic ids.

Ids are uuid5 of the event's natural key, so re-running a step (an Airflow retry, a restarted CLI
run) appends nothing new. A class's fields are its payload exactly as recorded in
``newswatch.events.data``; a field with a default is one that older events lack, and `upcast` is
the one place that turns an older payload into today's shape (projections apply it to every event
they read, so a rebuild over an old log gives the same rows).
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import MISSING, dataclass, field, fields
from datetime import date, datetime
from typing import Any, ClassVar, Self

from newswatch.model import Article, stable_id

ANY: int | None = None  # expected_version: append whatever the stream's version
NO_STREAM = -1  # expected_version: the stream must not exist yet


@dataclass(frozen=True, slots=True)
class NewEvent:
    """An event to append. ``event_id`` should be deterministic (see ``model.stable_id``)."""

    type: str
    data: Mapping[str, Any]
    event_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    metadata: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StreamAppend:
    """Events for one stream, with the version the writer believes the stream is at."""

    stream: str
    events: Sequence[NewEvent]
    expected_version: int | None = ANY


# -- streams ---------------------------------------------------------------------------------------

def feed_stream(feed_id: str) -> str:
    return f"feed-{feed_id}"


def article_stream(article_id: str) -> str:
    return f"article-{article_id}"


def world_event_stream(world_event_id: str) -> str:
    return f"world_event-{world_event_id}"


def alert_stream(alert_id: str) -> str:
    return f"alert-{alert_id}"


def digest_stream(digest_id: str) -> str:
    """One digest period of one topic and channel: its claims and their outcomes."""
    return f"digest-{digest_id}"


def topic_stream(topic: str) -> str:
    """An analyst's actions on a topic's alert stream (mutes)."""
    return f"topic-{topic}"


def validation_stream(run_id: str) -> str:
    """The stream of a run's validation results (ArticleBatchValidated)."""
    return f"validation-{stable_id('validation', run_id)}"


# -- the catalogue ---------------------------------------------------------------------------------

CATALOGUE: dict[str, type[DomainEvent]] = {}


@dataclass(frozen=True, kw_only=True)
class DomainEvent:
    """Base of every domain event. ``TYPE`` is the name recorded in the log."""

    TYPE: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.TYPE:
            CATALOGUE[cls.TYPE] = cls

    def to_data(self) -> dict[str, Any]:
        """The payload as recorded: every field by name (a shallow copy, not asdict: payloads
        are built by the thousand per run and a recursive copy cost a fifth of a poll)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def recorded(self, *key: object, metadata: Mapping[str, Any] | None = None) -> NewEvent:
        """This fact as a NewEvent with id uuid5(TYPE, *key): the same fact, the same id."""
        return NewEvent(type=self.TYPE, data=self.to_data(), event_id=stable_id(self.TYPE, *key),
                        metadata=dict(metadata or {}))

    @classmethod
    def upcast(cls, data: Mapping[str, Any]) -> Mapping[str, Any]:
        """An older payload in today's shape: fields it lacks take their default (today's
        payloads come back as they are, uncopied: projections upcast every event they read)."""
        missing = [f for f in _optional_fields(cls) if f.name not in data]
        if not missing:
            return data
        out = dict(data)
        for f in missing:
            out[f.name] = f.default_factory() if f.default is MISSING else f.default  # type: ignore[misc]
        return out

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        """The typed event from a recorded payload (upcast first; unknown keys ignored)."""
        data = cls.upcast(data)
        return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})  # type: ignore[arg-type]


@functools.cache
def _optional_fields(cls: type) -> tuple[Any, ...]:
    """The fields older payloads may lack: those with a default."""
    return tuple(f for f in fields(cls) if f.default is not MISSING or f.default_factory is not MISSING)


def upcast(type_: str, data: Mapping[str, Any]) -> Mapping[str, Any]:
    """A recorded payload in today's shape (unchanged for types outside the catalogue)."""
    cls = CATALOGUE.get(type_)
    return cls.upcast(data) if cls is not None else data


def decode(type_: str, data: Mapping[str, Any]) -> DomainEvent:
    """The typed event behind a recorded (type, data); KeyError for a type not in the catalogue."""
    return CATALOGUE[type_].from_data(data)


# -- feeds -------------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class _FeedPoll(DomainEvent):
    feed_id: str
    name: str
    url: str
    source: str
    polled_at: datetime
    http_status: int | None
    elapsed_ms: int = 0
    next_poll_at: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class FeedPolled(_FeedPoll):
    """A poll that got an answer: new or unchanged content (a 304, or the same bytes again)."""

    TYPE: ClassVar[str] = "FeedPolled"
    not_modified: bool = False
    unchanged: str | None = None  # "not_modified" | "same_body" | None
    parsed: bool | None = None  # None on events recorded before it was: see upcast
    entries: int = 0
    new_articles: int = 0
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    poll_interval_s: int | None = None
    problem: str | None = None  # a soft problem of a feed that answered (not_a_feed, ...)
    detail: str = ""
    dates_missing_or_unparsed: int = 0
    full_text_fetched: int = 0
    full_text_failed: int = 0
    full_text_reasons: dict[str, int] = field(default_factory=dict)
    # Entries the feed held beyond this poll's caps, not taken (the oldest): why, and how many.
    overflow: int = 0
    overflow_reason: str | None = None  # "items_cap" | "bytes_budget"

    @classmethod
    def upcast(cls, data: Mapping[str, Any]) -> Mapping[str, Any]:
        out = super().upcast(data)
        if out["parsed"] is None:  # before "parsed" was recorded, every changed body was parsed
            out = {**out, "parsed": not out["not_modified"]}
        return out


@dataclass(frozen=True, kw_only=True)
class FeedPollFailed(_FeedPoll):
    TYPE: ClassVar[str] = "FeedPollFailed"
    failure_kind: str  # "temporary" | "soft" | "hard"
    reason: str
    detail: str
    consecutive_failures: int
    failure_weight: int = 1
    failure_score: int | None = None  # None before scores were kept: the projection adds one
    retry_after_s: int | None = None


@dataclass(frozen=True, kw_only=True)
class FeedDisabled(DomainEvent):
    TYPE: ClassVar[str] = "FeedDisabled"
    feed_id: str
    name: str
    url: str
    disabled_at: datetime
    reason: str
    failure_score: int
    threshold: int
    consecutive_failures: int


@dataclass(frozen=True, kw_only=True)
class FeedEnabled(DomainEvent):
    TYPE: ClassVar[str] = "FeedEnabled"
    feed_id: str
    name: str
    enabled_at: datetime
    was_disabled_at: datetime | None


@dataclass(frozen=True, kw_only=True)
class FeedBatchValidated(DomainEvent):
    """A feed's batch-level checks after a poll."""

    TYPE: ClassVar[str] = "FeedBatchValidated"
    feed_id: str
    name: str
    run_id: str
    poll_position: int
    checked_at: datetime
    passed: bool
    failures: list[dict[str, Any]]
    statistics: dict[str, Any]


# -- articles ----------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class ArticleDiscovered(DomainEvent):
    """A new article, recorded as normalized (the payload is the article's fields)."""

    TYPE: ClassVar[str] = "ArticleDiscovered"
    article: Article

    def to_data(self) -> dict[str, Any]:
        return self.article.to_data()

    @classmethod
    def upcast(cls, data: Mapping[str, Any]) -> Mapping[str, Any]:
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> ArticleDiscovered:
        return cls(article=Article.from_data(data))


@dataclass(frozen=True, kw_only=True)
class ArticleAccepted(DomainEvent):
    TYPE: ClassVar[str] = "ArticleAccepted"
    article_id: str
    keys: dict[str, str] = field(default_factory=dict)  # exact dedup keys by kind
    minhash: str | None = None  # the near-duplicate signature (projections.near_index)


@dataclass(frozen=True, kw_only=True)
class ArticleRejected(DomainEvent):
    TYPE: ClassVar[str] = "ArticleRejected"
    article_id: str
    failures: list[dict[str, Any]]  # each failed expectation, with a readable label


@dataclass(frozen=True, kw_only=True)
class ArticleDuplicateDetected(DomainEvent):
    TYPE: ClassVar[str] = "ArticleDuplicateDetected"
    article_id: str
    duplicate_of: str
    method: str
    similarity: float | None = None


@dataclass(frozen=True, kw_only=True)
class ArticleBatchValidated(DomainEvent):
    """One great-expectations run over a batch of articles."""

    TYPE: ClassVar[str] = "ArticleBatchValidated"
    batch_id: str
    run_id: str
    suite: str
    validated_at: datetime
    article_ids: list[str]
    statistics: dict[str, Any]
    batch_failures: list[Any]


@dataclass(frozen=True, kw_only=True)
class ArticleCoded(DomainEvent):
    TYPE: ClassVar[str] = "ArticleCoded"
    article_id: str
    extractor_version: str
    num_events: int
    coded_at: datetime
    via_duplicate_of: str | None = None  # a duplicate takes its original's mentions

    def to_data(self) -> dict[str, Any]:
        data = DomainEvent.to_data(self)
        if data["via_duplicate_of"] is None:  # recorded only for duplicates, as it always was
            del data["via_duplicate_of"]
        return data


@dataclass(frozen=True, kw_only=True)
class EventMentionRejected(DomainEvent):
    """An extracted mention that failed its checks before projection."""

    TYPE: ClassVar[str] = "EventMentionRejected"
    article_id: str
    mention_id: str
    mention: dict[str, Any]
    failures: list[dict[str, Any]]


# -- world events ------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class WorldEventIdentified(DomainEvent):
    """A real-world event seen for the first time, as its first mention describes it."""

    TYPE: ClassVar[str] = "WorldEventIdentified"
    world_event_id: str
    event_type: str
    event_mode: str | None
    contexts: list[str]
    actor1: str
    actor1_code: str
    actor1_sector: str | None
    actor2: str | None
    actor2_code: str | None
    actor2_sector: str | None
    event_date: date
    date_precision: str
    date_basis: str
    location: str | None
    location_code: str | None
    claim_status: str
    claimed_by: str | None
    claimed_by_text: str | None
    confidence: float
    arms: dict[str, Any] | None
    summary: str
    reported_at: datetime
    event_date_end: date | None = None  # inclusive last day of a stated period (None: a point)
    date_open: bool = False  # an ongoing period ("since August") starting at event_date


@dataclass(frozen=True, kw_only=True)
class WorldEventMentioned(DomainEvent):
    """One sentence of one article reports a world event (the evidence)."""

    TYPE: ClassVar[str] = "WorldEventMentioned"
    world_event_id: str
    mention_id: str
    article_id: str
    source: str
    sentence: str
    start: int
    end: int
    extractor_version: str
    pattern_id: str
    claim_status: str
    claimed_by: str | None
    event_date: date
    date_precision: str
    date_basis: str
    confidence: float
    reported_at: datetime
    via_duplicate_of: str | None = None  # the original article, when a duplicate reports it
    in_title: bool = False  # the sentence is the article's headline (start/end index the title)
    event_date_end: date | None = None  # the mention's stated period, as in WorldEventIdentified
    date_open: bool = False


@dataclass(frozen=True, kw_only=True)
class WorldEventRefined(DomainEvent):
    """A later mention moved a world event on (a more precise date, a firmer claim, a later
    stage, a new weapon class): what changed, from what, and why."""

    TYPE: ClassVar[str] = "WorldEventRefined"
    world_event_id: str
    mention_id: str
    article_id: str
    source: str
    reasons: list[str]
    changes: dict[str, Any]
    previous: dict[str, Any]
    summary: str
    reported_at: datetime


# -- alerts ------------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class DevelopmentFlagged(DomainEvent):
    """A watch topic's new development: an alert, with the world event's state it was raised on."""

    TYPE: ClassVar[str] = "DevelopmentFlagged"
    alert_id: str
    topic: str
    world_event_id: str
    raised_at: datetime
    summary: str
    novelty_reason: str
    channels: list[str]
    novelty_kind: str | None = None  # the most important of novelty_reasons (alerts.novelty.PRECEDENCE)
    muted: bool = False
    state: dict[str, Any] = field(default_factory=dict)  # empty on alerts raised before it was kept
    novelty_reasons: list[str] = field(default_factory=list)  # every kind that applied; [] before issue 15
    digests: list[str] = field(default_factory=list)  # digest channels that will list it (not muted)

    @classmethod
    def upcast(cls, data: Mapping[str, Any]) -> Mapping[str, Any]:
        out = super().upcast(data)
        if not out["novelty_reasons"] and out.get("novelty_kind"):  # one kind was all an alert had
            out = {**out, "novelty_reasons": [out["novelty_kind"]]}
        return out


@dataclass(frozen=True, kw_only=True)
class AlertDeliveryClaimed(DomainEvent):
    """A run took one delivery of an alert to a channel: it alone may send it until
    ``lease_until`` (its AlertDelivered or AlertDeliveryFailed settles the claim sooner). The id is
    keyed on ``claim`` (0, 1, 2 ... per alert and channel), so of two runs that read the same
    state only one can append it; the other sends nothing."""

    TYPE: ClassVar[str] = "AlertDeliveryClaimed"
    alert_id: str
    channel: str
    claim: int
    attempt: int
    claimed_at: datetime
    lease_until: datetime
    run_id: str


@dataclass(frozen=True, kw_only=True)
class AlertDelivered(DomainEvent):
    TYPE: ClassVar[str] = "AlertDelivered"
    alert_id: str
    channel: str
    attempt: int
    attempted_at: datetime
    receipt: str


@dataclass(frozen=True, kw_only=True)
class AlertDeliveryFailed(DomainEvent):
    TYPE: ClassVar[str] = "AlertDeliveryFailed"
    alert_id: str
    channel: str
    attempt: int
    attempted_at: datetime
    error: str


@dataclass(frozen=True, kw_only=True)
class AlertAcknowledged(DomainEvent):
    TYPE: ClassVar[str] = "AlertAcknowledged"
    alert_id: str
    acknowledged_at: datetime
    by: str | None = None
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class AlertStreamMuted(DomainEvent):
    """A topic's alerts (or one actor pair's within it) are no longer delivered; still flagged."""

    TYPE: ClassVar[str] = "AlertStreamMuted"
    topic: str
    actor1_code: str = ""
    actor2_code: str = ""
    muted_at: datetime
    until: datetime | None = None
    by: str | None = None
    reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class AlertStreamUnmuted(DomainEvent):
    TYPE: ClassVar[str] = "AlertStreamUnmuted"
    topic: str
    actor1_code: str = ""
    actor2_code: str = ""
    unmuted_at: datetime
    by: str | None = None


# -- digests ------------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class _Digest(DomainEvent):
    digest_id: str  # stable_id("digest", topic, channel, period_start)
    topic: str
    channel: str
    period_start: datetime
    period_end: datetime
    attempt: int


@dataclass(frozen=True, kw_only=True)
class DigestClaimed(_Digest):
    """A run took a digest period for sending (appended at the stream's expected version, so
    only one of two concurrent runs gets it)."""

    TYPE: ClassVar[str] = "DigestClaimed"
    claimed_at: datetime
    run_id: str
    alert_ids: list[str]


@dataclass(frozen=True, kw_only=True)
class DigestDelivered(_Digest):
    TYPE: ClassVar[str] = "DigestDelivered"
    delivered_at: datetime
    alert_ids: list[str]
    receipt: str


@dataclass(frozen=True, kw_only=True)
class DigestDeliveryFailed(_Digest):
    TYPE: ClassVar[str] = "DigestDeliveryFailed"
    attempted_at: datetime
    error: str


# The names recorded in the log, for SQL filters (``WHERE type = %s``) and projection handlers.
FEED_POLLED = FeedPolled.TYPE
FEED_POLL_FAILED = FeedPollFailed.TYPE
FEED_DISABLED = FeedDisabled.TYPE
FEED_ENABLED = FeedEnabled.TYPE
FEED_BATCH_VALIDATED = FeedBatchValidated.TYPE
ARTICLE_DISCOVERED = ArticleDiscovered.TYPE
ARTICLE_ACCEPTED = ArticleAccepted.TYPE
ARTICLE_REJECTED = ArticleRejected.TYPE
ARTICLE_DUPLICATE_DETECTED = ArticleDuplicateDetected.TYPE
ARTICLE_BATCH_VALIDATED = ArticleBatchValidated.TYPE
ARTICLE_CODED = ArticleCoded.TYPE
EVENT_MENTION_REJECTED = EventMentionRejected.TYPE
WORLD_EVENT_IDENTIFIED = WorldEventIdentified.TYPE
WORLD_EVENT_MENTIONED = WorldEventMentioned.TYPE
WORLD_EVENT_REFINED = WorldEventRefined.TYPE
DEVELOPMENT_FLAGGED = DevelopmentFlagged.TYPE
ALERT_DELIVERY_CLAIMED = AlertDeliveryClaimed.TYPE
ALERT_DELIVERED = AlertDelivered.TYPE
ALERT_DELIVERY_FAILED = AlertDeliveryFailed.TYPE
ALERT_ACKNOWLEDGED = AlertAcknowledged.TYPE
ALERT_STREAM_MUTED = AlertStreamMuted.TYPE
ALERT_STREAM_UNMUTED = AlertStreamUnmuted.TYPE
DIGEST_CLAIMED = DigestClaimed.TYPE
DIGEST_DELIVERED = DigestDelivered.TYPE
DIGEST_DELIVERY_FAILED = DigestDeliveryFailed.TYPE
