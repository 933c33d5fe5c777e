"""Splitting the feed list into shards (one Airflow task each) and running a shard's requests
concurrently with a cap per host, so one outlet is never hit by more than a few requests at once.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar
from urllib.parse import urlsplit

from newswatch.model import FeedSpec

T = TypeVar("T")
R = TypeVar("R")


def plan_shards(feeds: Sequence[FeedSpec], shard_size: int = 25) -> list[list[str]]:
    """Split the feed list into shards of about ``shard_size`` feed names, one mapped task each.

    Feeds are spread by a hash of their name rather than list order, so one outlet's many
    feeds (usually one host) do not all land in the same shard.
    """
    count = max(1, -(-len(feeds) // shard_size))
    shards: list[list[str]] = [[] for _ in range(count)]
    for feed in feeds:
        shards[int(hashlib.sha1(feed.name.encode()).hexdigest(), 16) % count].append(feed.name)
    return [sorted(s) for s in shards if s]


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or url).lower()
    except ValueError:
        return url


def map_by_host(items: Sequence[T], host: Callable[[T], Hashable], fn: Callable[[T], R], *,
                per_host: int, max_workers: int) -> list[R]:
    """``[fn(item) for item in items]``, run concurrently with at most ``per_host`` calls to one
    host and ``max_workers`` in all; results keep the items' order.

    Each host's items are dealt into ``per_host`` lanes that run one item after another, so the
    cap holds without threads parked on a lock; a slow host only slows its own lanes. ``fn`` must
    not raise (callers catch per item and return a recorded failure).
    """
    if not items:
        return []
    by_host: dict[Hashable, list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        by_host[host(item)].append(index)
    lanes = []
    for indexes in by_host.values():
        width = max(1, min(per_host, len(indexes)))
        lanes.extend(indexes[k::width] for k in range(width))
    lanes.sort(key=len, reverse=True)  # longest lanes first: the shard ends soonest
    results: list[R | None] = [None] * len(items)

    def run(lane: list[int]) -> None:
        for index in lane:
            results[index] = fn(items[index])

    with ThreadPoolExecutor(max(1, min(max_workers, len(lanes)))) as pool:
        for future in [pool.submit(run, lane) for lane in lanes]:
            future.result()  # re-raise a bug in fn here rather than lose it
    return results  # type: ignore[return-value]
