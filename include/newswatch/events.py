"""The catalogue of domain events: their names (past tense), streams and deterministic ids.

Every fact a pipeline step learns is one of these. Ids are uuid5 of the event's natural key, so
re-running a step (an Airflow retry, a restarted CLI run) appends nothing new.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from newswatch.model import stable_id

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

FEED_POLLED = "FeedPolled"
FEED_POLL_FAILED = "FeedPollFailed"
FEED_DISABLED = "FeedDisabled"
FEED_ENABLED = "FeedEnabled"
ARTICLE_DISCOVERED = "ArticleDiscovered"
ARTICLE_ACCEPTED = "ArticleAccepted"
ARTICLE_REJECTED = "ArticleRejected"
ARTICLE_DUPLICATE_DETECTED = "ArticleDuplicateDetected"
ARTICLE_CODED = "ArticleCoded"
ARTICLE_BATCH_VALIDATED = "ArticleBatchValidated"  # one GX run over a batch of articles
FEED_BATCH_VALIDATED = "FeedBatchValidated"  # a feed's batch-level checks after a poll
EVENT_MENTION_REJECTED = "EventMentionRejected"  # an extracted mention that failed its checks
WORLD_EVENT_IDENTIFIED = "WorldEventIdentified"
WORLD_EVENT_MENTIONED = "WorldEventMentioned"
DEVELOPMENT_FLAGGED = "DevelopmentFlagged"
ALERT_DELIVERED = "AlertDelivered"
ALERT_DELIVERY_FAILED = "AlertDeliveryFailed"
WORLD_EVENT_REFINED = "WorldEventRefined"
ALERT_ACKNOWLEDGED = "AlertAcknowledged"
ALERT_STREAM_MUTED = "AlertStreamMuted"
ALERT_STREAM_UNMUTED = "AlertStreamUnmuted"


def feed_stream(feed_id: str) -> str:
    return f"feed-{feed_id}"


def article_stream(article_id: str) -> str:
    return f"article-{article_id}"


def world_event_stream(world_event_id: str) -> str:
    return f"world_event-{world_event_id}"


def alert_stream(alert_id: str) -> str:
    return f"alert-{alert_id}"


def domain_event(
    type_: str, data: Mapping[str, Any], *key: object, metadata: Mapping[str, Any] | None = None
) -> NewEvent:
    """A NewEvent whose id is uuid5(type, *key): the same fact always gets the same id."""
    return NewEvent(type=type_, data=dict(data), event_id=stable_id(type_, *key), metadata=metadata or {})


def validation_stream(run_id: str) -> str:
    """The stream of a run's validation results (ArticleBatchValidated)."""
    return f"validation-{stable_id('validation', run_id)}"

