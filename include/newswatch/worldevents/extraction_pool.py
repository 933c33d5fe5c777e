"""Extraction beside the coding loop.

Coding a batch is two kinds of work: extracting mentions from the articles' text (pure Python,
CPU-bound, about two thirds of coding) and joining them to world events and writing them (round
trips to PostgreSQL, which runs on the other core). With a backlog, worker processes extract the
next batch while the loop writes the current one, so both cores work; the results are the same
``extract_many`` output, in the same order, as extracting inline.

A batch goes to the workers in chunks of ``CHUNK_ARTICLES``, and when the loop needs a batch it
takes back every chunk no worker has started and extracts it itself, from the batch's end while
the workers go on from its front: the loop never waits idle on work nobody is doing. Measured
at 1,000 articles (bench/bench_pipeline.py), handing a whole batch to the worker and waiting for
it left one core idle a third of the coding stage (the worker's start-up, then the writing).

Workers are forked when this process runs no other Python thread (the CLI, the benchmarks): the
extractor is loaded here first, so a worker starts with the dictionaries and the parser already in
memory (shared copy-on-write; they are frozen out of the garbage collector, extract/longlived.py).
Spawning one re-imports and reloads them: about 2.5 s of CPU, a fifth of coding 1,000 articles on
two cores. With other threads running (an Airflow task may have some) a forked child could inherit
a lock one of them holds, so workers are spawned.

``NEWSWATCH_CODE_WORKERS`` sets how many worker processes (default 1: the loop's process and one
worker keep two cores busy). 0 extracts inline. Small runs (one batch or less) always extract
inline: starting a worker (a fresh interpreter loading the dictionaries) costs about a second.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from typing import Any

from newswatch.config import env_int
from newswatch.extract import extract_events, extract_many
from newswatch.extract.parser import parser
from newswatch.model import Article, ExtractedEvent

log = logging.getLogger(__name__)

WORKERS_ENV = "NEWSWATCH_CODE_WORKERS"
DEFAULT_WORKERS = 1
# Articles per piece of work handed to a worker: small, so that the loop rarely waits on a chunk
# a worker has only just taken (a worker holds two: the one it extracts and the next, queued).
# Measured: extracting 600 corpus articles in chunks of 12 costs no more CPU than in one call
# (5.8 against 6.2 ms an article), and at 1,000 articles the loop waited 0.4 s on workers with
# chunks of 12 against 0.9 s with chunks of 25.
CHUNK_ARTICLES = 12

Extracted = list[list[ExtractedEvent]]  # per article, in batch order


def configured_workers() -> int:
    return env_int(WORKERS_ENV, DEFAULT_WORKERS, minimum=0)


def extract_batch(articles: Sequence[Article], version: str) -> Extracted:
    """Inline: every article's mentions (its headline's first), dated against its report date."""
    return _extract_items(_items(articles), version)


def _items(articles: Sequence[Article]) -> list[tuple[str, date, str]]:
    return [(a.text, a.reported_at.date(), a.title) for a in articles]


def _extract_items(items: Sequence[tuple[str, date, str]], version: str) -> Extracted:
    return extract_many(items, extractor_version=version)  # the batch's sentences parsed together


def _warm_up(version: str) -> None:
    """Worker initializer: load and compile the dictionaries once, before the first batch."""
    extract_events("", date(2000, 1, 1), extractor_version=version)


def _start_method() -> str:
    """"fork" when no other Python thread runs here (and the platform forks), else "spawn"."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"


class ExtractionPool:
    """``submit(batch)`` starts extracting a batch and returns a function that waits for its
    result. Without workers (or before ``start``), the function extracts inline when called."""

    def __init__(self, version: str, workers: int | None = None):
        self.version = version
        self.workers = configured_workers() if workers is None else workers
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def start(self) -> None:
        """Start the worker processes (a no-op with 0 workers or when already started)."""
        if self._pool is None and self.workers > 0:
            method = _start_method()
            if method == "fork":  # load here what the workers inherit (this process codes too)
                _warm_up(self.version)
                parser()
            self._pool = ProcessPoolExecutor(max_workers=self.workers,
                                             mp_context=multiprocessing.get_context(method),
                                             initializer=_warm_up, initargs=(self.version,))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def submit(self, articles: Sequence[Article]) -> Callable[[], Extracted]:
        if self._pool is None or not articles:
            return lambda: extract_batch(articles, self.version)
        items = _items(articles)
        chunks = [items[i:i + CHUNK_ARTICLES] for i in range(0, len(items), CHUNK_ARTICLES)]
        try:
            futures: list[Future[Extracted]] = [
                self._pool.submit(_extract_items, chunk, self.version) for chunk in chunks]
        except BrokenProcessPool:
            self._broken()
            return lambda: extract_batch(articles, self.version)

        def result() -> Extracted:
            found: list[Extracted | None] = [None] * len(chunks)
            # Take back what no worker has started, from the end (the workers take from the
            # front), and extract it here; then collect what the workers did.
            for i in reversed(range(len(chunks))):
                if futures[i].cancel():
                    found[i] = _extract_items(chunks[i], self.version)
            try:
                for i, future in enumerate(futures):
                    if found[i] is None:
                        found[i] = future.result()
            except BrokenProcessPool:
                self._broken()
                return extract_batch(articles, self.version)
            return [mentions for chunk in found for mentions in chunk or []]

        return result

    def _broken(self) -> None:
        # A worker died (killed, out of memory): its batch is extracted inline instead, and the
        # rest of the run goes on without workers. An exception raised by extract_events itself
        # is not this: it reaches the caller as it would inline.
        if self._pool is not None:
            log.warning("an extraction worker died; extracting inline from here on")
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
