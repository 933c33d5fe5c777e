"""Projections: the read-model tables, folded from the event log with a checkpoint each.

One module per read model; ``base`` runs them (catch up from a checkpoint, rebuild from 0).
"""

from __future__ import annotations

from newswatch.projections import base
from newswatch.projections.alerts import ALERTS
from newswatch.projections.articles import ARTICLES
from newswatch.projections.base import Projection, catch_up, rebuild
from newswatch.projections.feeds import FEEDS
from newswatch.projections.quality import QUALITY
from newswatch.projections.world_events import WORLD_EVENTS
from newswatch.store import EventStore

ALL: tuple[Projection, ...] = (FEEDS, ARTICLES, WORLD_EVENTS, ALERTS, QUALITY)


def catch_up_all(store: EventStore) -> dict[str, int]:
    return base.catch_up_all(store, ALL)


def rebuild_all(store: EventStore) -> dict[str, int]:
    return base.rebuild_all(store, ALL)


__all__ = ["ALL", "ALERTS", "ARTICLES", "FEEDS", "QUALITY", "WORLD_EVENTS", "Projection", "catch_up",
           "catch_up_all", "rebuild", "rebuild_all"]
