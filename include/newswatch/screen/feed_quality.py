"""Batch-level checks per feed: after a poll, does what the feed served look like a working feed?

A feed breaks silently: it serves its HTML home page, bodies go empty, markup leaks into text,
clocks drift into the future, it repeats other outlets' items, or its item count collapses.
Each polled feed becomes one row of statistics (from its poll and the verdicts on the articles it
brought), and a great-expectations suite judges the rows; a failing row marks the feed's quality
as degraded (``newswatch.feed_quality``) through a FeedBatchValidated event.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newswatch.screen.validation import Check, Failure, clip, run_checks

SUITE_NAME = "newswatch_feed_batches"
MAX_EMPTY_BODY_SHARE = 0.5
MAX_MARKUP_SHARE = 0.5
MAX_FUTURE_DATE_SHARE = 0.2
MAX_DUPLICATE_RATIO = 0.8
# Items per poll against the feed's own mean over earlier polls (needs 3 earlier polls).
MIN_ITEMS_VS_HISTORY = 0.2
MAX_ITEMS_VS_HISTORY = 5.0


def _share(value: object) -> str:
    return f"{float(value):.0%}" if isinstance(value, (int, float)) else clip(value)


CHECKS: tuple[Check, ...] = (
    Check("the feed served a feed, not an HTML page", "ExpectColumnValuesToNotBeInSet",
           {"column": "poll_problem", "value_set": ["not_a_feed"]}, clip),
    Check(f"at most {MAX_EMPTY_BODY_SHARE:.0%} of items have an empty body", "ExpectColumnValuesToBeBetween",
           {"column": "empty_body_share", "min_value": 0, "max_value": MAX_EMPTY_BODY_SHARE}, _share),
    Check(f"at most {MAX_MARKUP_SHARE:.0%} of items carry leftover markup", "ExpectColumnValuesToBeBetween",
           {"column": "markup_share", "min_value": 0, "max_value": MAX_MARKUP_SHARE}, _share),
    Check(f"at most {MAX_FUTURE_DATE_SHARE:.0%} of items are dated in the future (clock skew)",
           "ExpectColumnValuesToBeBetween",
           {"column": "future_date_share", "min_value": 0, "max_value": MAX_FUTURE_DATE_SHARE}, _share),
    Check(f"at most {MAX_DUPLICATE_RATIO:.0%} of items are duplicates", "ExpectColumnValuesToBeBetween",
           {"column": "duplicate_ratio", "min_value": 0, "max_value": MAX_DUPLICATE_RATIO}, _share),
    Check(f"items per poll within {MIN_ITEMS_VS_HISTORY}x-{MAX_ITEMS_VS_HISTORY:g}x of the feed's history",
           "ExpectColumnValuesToBeBetween",
           {"column": "items_vs_history", "min_value": MIN_ITEMS_VS_HISTORY,
            "max_value": MAX_ITEMS_VS_HISTORY}, lambda v: f"{float(v):.2f}x"),
)
COLUMNS = ("poll_problem", "empty_body_share", "markup_share", "future_date_share", "duplicate_ratio",
           "items_vs_history")


@dataclass(frozen=True, slots=True)
class FeedBatch:
    """What one feed delivered since its last batch check."""

    feed_id: str
    name: str
    poll_position: int  # the first unchecked poll's global_position
    poll_problem: str | None
    poll_detail: str | None
    entries: int | None
    items_vs_history: float | None
    articles: int  # articles discovered since that poll
    empty_bodies: int
    with_markup: int
    future_dated: int
    duplicates: int
    rejected: int

    def statistics(self) -> dict[str, Any]:
        stats = dataclasses.asdict(self)
        for key in ("feed_id", "name", "poll_position"):
            stats.pop(key)
        stats.update({c: self.row()[c] for c in COLUMNS if c != "poll_problem"})
        return stats

    def row(self) -> dict[str, Any]:
        def share(n: int) -> float | None:
            # No articles, no share: a null is skipped by the expectation rather than passing 0%.
            return round(n / self.articles, 4) if self.articles else None

        return {
            "poll_problem": self.poll_problem,
            "empty_body_share": share(self.empty_bodies),
            "markup_share": share(self.with_markup),
            "future_date_share": share(self.future_dated),
            "duplicate_ratio": share(self.duplicates),
            "items_vs_history": self.items_vs_history,
        }


@dataclass(frozen=True, slots=True)
class FeedVerdict:
    batch: FeedBatch
    failures: tuple[Failure, ...]

    @property
    def passed(self) -> bool:
        return not self.failures


def check_feed_batches(batches: Sequence[FeedBatch]) -> list[FeedVerdict]:
    """Run the feed-batch suite over one row per feed."""
    if not batches:
        return []
    import pandas as pd

    rows = [b.row() for b in batches]
    frame = pd.DataFrame(
        {c: pd.Series([r[c] for r in rows], dtype=object) for c in COLUMNS},
        index=pd.RangeIndex(len(rows)),
    )
    result = run_checks(SUITE_NAME, CHECKS, frame)
    return [FeedVerdict(b, tuple(_with_detail(f, b) for f in result.rows.get(i, ())))
            for i, b in enumerate(batches)]


# What was wrong, per column, for logs and notices (the labels above say what should hold).
PROBLEMS = {
    "poll_problem": "it served something other than a feed ({observed})",
    "empty_body_share": f"{{observed}} of its items have an empty body (at most {MAX_EMPTY_BODY_SHARE:.0%} allowed)",
    "markup_share": f"{{observed}} of its items carry leftover markup (at most {MAX_MARKUP_SHARE:.0%} allowed)",
    "future_date_share": (f"{{observed}} of its items are dated in the future (at most "
                          f"{MAX_FUTURE_DATE_SHARE:.0%} allowed; is its clock wrong?)"),
    "duplicate_ratio": f"{{observed}} of its items are duplicates (at most {MAX_DUPLICATE_RATIO:.0%} allowed)",
    "items_vs_history": (f"it served {{observed}} its usual number of items (expected "
                         f"{MIN_ITEMS_VS_HISTORY}x-{MAX_ITEMS_VS_HISTORY:g}x)"),
}


def describe(failure: Failure) -> str:
    """A failed batch check as the problem seen: "it served something other than a feed
    (not_a_feed: an HTML page)", "60% of its items have an empty body (at most 50% allowed)"."""
    template = PROBLEMS.get(failure.column or "")
    if template is None:
        return f"{failure.label}: failed (observed {failure.observed})"
    return template.format(observed=failure.observed)


def _with_detail(failure: Failure, batch: FeedBatch) -> Failure:
    # "not_a_feed" alone does not say what came instead; the parser's detail does.
    if failure.column == "poll_problem" and batch.poll_detail:
        return dataclasses.replace(failure, observed=clip(f"{batch.poll_problem}: {batch.poll_detail}"))
    return failure
