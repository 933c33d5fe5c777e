"""The run context every stage shares, and one full cycle (poll -> screen -> code -> flag ->
deliver) for the CLI. Airflow tasks call the same stage functions one by one.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from newswatch import __version__
from newswatch.model import FeedSpec
from newswatch.store import EventStore
from newswatch.alerts.topics import TopicConfig

log = logging.getLogger(__name__)


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


def run_cycle(
    store: EventStore, feeds: Sequence[FeedSpec], topics: TopicConfig, ctx: RunContext
) -> dict[str, Any]:
    """Everything one scheduled pass does, in order; returns each stage's summary."""
    from newswatch.worldevents.coding import code_articles
    from newswatch.alerts.delivery import deliver_alerts
    from newswatch.alerts.flagging import flag_developments
    from newswatch.ingest.polling import poll_feeds
    from newswatch.screen.screening import screen_articles

    summary = {
        "poll": poll_feeds(store, feeds, ctx),
        "screen": screen_articles(store, ctx),
        "code": code_articles(store, ctx),
        "flag": flag_developments(store, topics, ctx),
        "deliver": deliver_alerts(store, topics, ctx),
    }
    log.info("cycle %s: %s", ctx.run_id, summary)
    return summary
