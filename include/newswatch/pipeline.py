"""One full cycle (poll -> screen -> code -> flag -> deliver) for the CLI. Airflow tasks call the
same stage functions one by one, with the same `RunContext`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from newswatch.alerts.topics import TopicConfig
from newswatch.model import FeedSpec, RunContext
from newswatch.store import EventStore

log = logging.getLogger(__name__)


def run_cycle(
    store: EventStore, feeds: Sequence[FeedSpec], topics: TopicConfig, ctx: RunContext
) -> dict[str, Any]:
    """Everything one scheduled pass does, in order; returns each stage's summary."""
    from newswatch.alerts.delivery import deliver_alerts
    from newswatch.alerts.flagging import flag_developments
    from newswatch.ingest.feedlist import FeedList
    from newswatch.ingest.polling import poll_feeds
    from newswatch.ingest.scheduling import DEFAULT_POLICY
    from newswatch.screen.screening import screen_articles
    from newswatch.worldevents.coding import code_articles

    summary = {
        # The feed list's own `polling:` settings, when it came from a feeds.yaml.
        "poll": poll_feeds(store, feeds, ctx, policy=feeds.policy if isinstance(feeds, FeedList) else DEFAULT_POLICY),
        "screen": screen_articles(store, ctx),
        "code": code_articles(store, ctx),
        "flag": flag_developments(store, topics, ctx),
        "deliver": deliver_alerts(store, topics, ctx),
    }
    log.info("cycle %s: %s", ctx.run_id, summary)
    return summary
