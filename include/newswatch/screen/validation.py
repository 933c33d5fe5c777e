"""The quality gate before dedup and extraction: a great-expectations suite, written as code.

Each batch of articles is validated at once; an article failing a per-row expectation is rejected
with the expectations it failed and the value observed (quarantined, never dropped), the rest are
accepted. ``run_checks`` runs any suite of ``Check``s over a dataframe (the per-feed batch suite in
``feed_quality`` uses it too), in one ephemeral GX context per process.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from newswatch.errors import NewswatchError
from newswatch.model import Article

SUITE_NAME = "newswatch_articles"


class ValidationError(NewswatchError):
    """The suite itself failed to run (not: an article failed it)."""

# A 15-minute run sees hundreds of articles; tens of thousands means a runaway feed, which is
# worth a batch-level alarm even though each row is still judged on its own.
MAX_BATCH_ROWS = 50_000
MAX_TITLE_CHARS = 500
MAX_TEXT_CHARS = 200_000
# Earlier dates are parse errors (epoch zero, two-digit years), not news from before the web.
EARLIEST_PUBLISHED = datetime(1995, 1, 1, tzinfo=timezone.utc)
# Feeds whose clocks run a little fast are common; a date further ahead is a parse error.
FUTURE_TOLERANCE = timedelta(minutes=10)

# Tags, comments, CDATA and character entities that survived normalization. A tag name must
# follow "<" directly, as in HTML, so prose such as "prices < costs > 0" is not markup; the
# attribute run is bounded so a text full of "<" cannot make the scan quadratic; entity names
# need two characters so "AT&T;" is not taken for one.
MARKUP_PATTERN = (
    r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]{0,2000})?/?>|<!--|<!\[CDATA\["
    r"|&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});"
)
URL_PATTERN = r"^(?:https?://|urn:newswatch:)\S+$"


def known_languages() -> list[str]:
    """ISO 639-1 and 639-3 codes, lower case, as feeds declare them ("en", "ko", "rus")."""
    import pycountry  # loads its JSON tables (~0.2 s): only when the suite is built

    codes = {lang.alpha_3 for lang in pycountry.languages}
    codes |= {lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2")}
    # ISO 639-2/B spellings still common in feeds (fre, ger, chi ...).
    codes |= {lang.bibliographic for lang in pycountry.languages if hasattr(lang, "bibliographic")}
    return sorted(codes)


def known_languages_pattern() -> str:
    """A regex matching exactly the codes of ``known_languages``, grouped by their first two
    letters ("^(?:aa[aiklnqrtuz]?|ab[abcdeghijklmnopqrsuvwz]?|...)$").

    Why not ExpectColumnValuesToBeInSet: GX re-serializes each expectation's configuration,
    value by value through pydantic, about a hundred times per validation; with ~8,100 codes
    inline that cost 0.6 s per batch, whatever its size. One string costs nothing."""
    by_prefix: dict[str, set[str]] = {}
    for code in known_languages():
        if not re.fullmatch(r"[a-z]{2,3}", code):
            raise ValueError(f"unexpected ISO 639 code {code!r}")  # the pattern below assumes it
        by_prefix.setdefault(code[:2], set()).add(code[2:])
    branches = []
    for prefix, tails in sorted(by_prefix.items()):
        letters = "".join(sorted(t for t in tails if t))
        third = f"[{letters}]" if len(letters) > 1 else letters
        branches.append(prefix + (third + "?" if "" in tails else third) if letters else prefix)
    return "^(?:" + "|".join(branches) + ")$"


# Only the columns the suite reads; everything else about an article is irrelevant here.
COLUMNS = ("url", "title", "text", "published_at", "language")


@dataclass(frozen=True, slots=True)
class Failure:
    """One expectation an article (or the whole batch) did not meet."""

    expectation: str  # GX expectation type, e.g. "expect_column_values_to_not_be_null"
    column: str | None
    observed: str | None  # what was seen: the offending value, its length, the markup found
    label: str = ""  # a short human reading of the expectation


@dataclass(frozen=True, slots=True)
class Rejection:
    article: Article
    failures: tuple[Failure, ...]


@dataclass(frozen=True, slots=True)
class ValidationOutcome:
    accepted: tuple[Article, ...]
    rejected: tuple[Rejection, ...]
    batch_failures: tuple[Failure, ...]  # table-level expectations that failed (e.g. row count)
    # Counts and elapsed time differ between runs; they are not part of the verdict.
    statistics: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    suite_name: str = SUITE_NAME


def clip(value: object, limit: int = 120) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _length(value: object) -> str:
    return f"{len(value)} chars" if isinstance(value, str) else clip(value)


def _markup(value: object) -> str:
    found = re.search(MARKUP_PATTERN, str(value))
    return clip(found.group(0), 60) if found else clip(value)


def _timestamp(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else clip(value)


@dataclass(frozen=True, slots=True)
class Check:
    """One expectation of the suite, with how to describe the value that broke it."""

    label: str
    gx_class: str  # class name in great_expectations.expectations
    kwargs: dict[str, Any]
    observe: Callable[[object], str] | None = None  # None: a table-level expectation

    @property
    def column(self) -> str | None:
        return self.kwargs.get("column")


# The published_at ceiling depends on each call's `now`, so it is a suite parameter and the
# suite itself can be built once per process.
_LATEST_PUBLISHED = "latest_published_at"

CHECKS: tuple[Check, ...] = (
    Check("batch has 1 to 50,000 articles", "ExpectTableRowCountToBeBetween",
           {"min_value": 1, "max_value": MAX_BATCH_ROWS}),
    Check("url is present", "ExpectColumnValuesToNotBeNull", {"column": "url"}, lambda v: "missing"),
    Check("url is http(s):// or urn:newswatch:", "ExpectColumnValuesToMatchRegex",
           {"column": "url", "regex": URL_PATTERN}, clip),
    Check("title is present", "ExpectColumnValuesToNotBeNull", {"column": "title"}, lambda v: "missing"),
    Check(f"title has 1 to {MAX_TITLE_CHARS} chars", "ExpectColumnValueLengthsToBeBetween",
           {"column": "title", "min_value": 1, "max_value": MAX_TITLE_CHARS}, _length),
    Check("title has no markup", "ExpectColumnValuesToNotMatchRegex",
           {"column": "title", "regex": MARKUP_PATTERN}, _markup),
    Check("text is present", "ExpectColumnValuesToNotBeNull", {"column": "text"}, lambda v: "missing"),
    Check(f"text has 1 to {MAX_TEXT_CHARS:,} chars", "ExpectColumnValueLengthsToBeBetween",
           {"column": "text", "min_value": 1, "max_value": MAX_TEXT_CHARS}, _length),
    Check("text has no markup", "ExpectColumnValuesToNotMatchRegex",
           {"column": "text", "regex": MARKUP_PATTERN}, _markup),
    # Column-map expectations skip nulls, so an undated article passes; its date_problem is
    # recorded by the normalizer.
    Check("published_at is after 1995-01-01 and not in the future", "ExpectColumnValuesToBeBetween",
           {"column": "published_at", "min_value": EARLIEST_PUBLISHED,
            "max_value": {"$PARAMETER": _LATEST_PUBLISHED}}, _timestamp),
    Check("language, when given, is a known ISO 639 code", "ExpectColumnValuesToMatchRegex",
           {"column": "language", "regex": known_languages_pattern}, clip),
)


@dataclass(frozen=True, slots=True)
class _Runtime:
    batch_definition: Any
    suite: Any


_context: Any = None
_runtimes: dict[str, _Runtime] = {}
# Guards both the one-time setup and each validation: GX's context and batch definitions are
# shared process state, and a second thread's dataframe must not slip into the first one's batch.
_lock = threading.Lock()


def quiet_gx_logging() -> None:
    """GX logs each expectation and datasource class it registers at import: ~210 INFO lines
    per process, 214 of the screen task's 228 log lines. Keep its warnings; a level someone set
    on purpose stays."""
    gx_log = logging.getLogger("great_expectations")
    if gx_log.level == logging.NOTSET:
        gx_log.setLevel(logging.WARNING)


def _gx_runtime(suite_name: str = SUITE_NAME, checks: Sequence[Check] = CHECKS) -> _Runtime:
    """The ephemeral GX context, one pandas asset and suite per suite name, built on first use
    and then reused. Call with ``_lock`` held."""
    global _context
    if suite_name in _runtimes:
        return _runtimes[suite_name]
    # GX would otherwise phone home, and its import costs ~2.8 s: pay it only when validating.
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    quiet_gx_logging()
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig
    from tqdm import tqdm

    # GX creates its (disabled) bars anyway, and the first one starts tqdm's monitor thread, which
    # only watches for stalled bars: without it a pipeline process keeps a single thread and can
    # fork its extraction workers (worldevents/extraction_pool.py).
    tqdm.monitor_interval = 0

    if _context is None:
        _context = gx.get_context(mode="ephemeral")
        # tqdm bars would flood the Airflow task log with one line per metric.
        _context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
        _context.data_sources.add_pandas(name="newswatch")
    batch_definition = (
        _context.data_sources.get("newswatch")
        .add_dataframe_asset(name=suite_name)
        .add_batch_definition_whole_dataframe(name="batch")
    )
    # Not registered with context.suites: the suite lives in code, and registering writes
    # a store entry on every process start for nothing.
    suite = gx.ExpectationSuite(name=suite_name)
    for expectation in expectations_for(checks):
        suite.add_expectation(expectation)
    _runtimes[suite_name] = _Runtime(batch_definition=batch_definition, suite=suite)
    return _runtimes[suite_name]


def expectations_for(checks: Sequence[Check]) -> list[Any]:
    """The GX expectation objects of ``checks``, each carrying its label and suite position."""
    import great_expectations.expectations as gxe

    out = []
    for position, check in enumerate(checks):
        # A callable argument (the language pattern) is resolved only when the suite is built.
        kwargs = {k: v() if callable(v) else v for k, v in check.kwargs.items()}
        out.append(getattr(gxe, check.gx_class)(**kwargs, description=check.label, meta={"check": position}))
    return out


@dataclass(frozen=True, slots=True)
class SuiteResult:
    """One suite run, reduced to plain data: failures by row position and for the whole batch."""

    rows: dict[int, tuple[Failure, ...]]
    batch: tuple[Failure, ...]
    statistics: dict[str, Any]


def run_checks(suite_name: str, checks: Sequence[Check], frame: Any,
               parameters: dict[str, Any] | None = None) -> SuiteResult:
    """Validate ``frame`` (RangeIndex, dtype=object) against ``checks`` with great-expectations."""
    with _lock:
        runtime = _gx_runtime(suite_name, checks)
        batch = runtime.batch_definition.get_batch(batch_parameters={"dataframe": frame})
        result = batch.validate(runtime.suite, result_format={"result_format": "COMPLETE"},
                                expectation_parameters=parameters or {})
    row_failures: dict[int, list[tuple[int, Failure]]] = {}
    batch_failures: list[tuple[int, Failure]] = []
    for outcome in result.results:
        if outcome.success:
            continue
        config = outcome.expectation_config
        position = int(config.meta["check"])
        check = checks[position]
        rows = outcome.result.get("unexpected_index_list")
        if (outcome.exception_info or {}).get("raised_exception"):
            # A crashed expectation checked nothing: accepting the batch would let unchecked
            # rows through, so fail loudly (nothing has been recorded yet; a retry is safe).
            raise ValidationError(
                f"expectation {config.type} on {check.column!r} crashed: "
                f"{outcome.exception_info.get('exception_message')}"
            )
        if check.observe is None or rows is None:
            # A table-level miss speaks about the batch, not about any one row.
            observed = outcome.result.get("observed_value")
            batch_failures.append((position, Failure(
                config.type, check.column, None if observed is None else clip(observed), check.label)))
            continue
        for row in rows:
            value = frame.at[row, check.column]
            row_failures.setdefault(int(row), []).append(
                (position, Failure(config.type, check.column, check.observe(value), check.label))
            )
    # GX reports results in its own order; sorting by suite position keeps the outcome stable.
    return SuiteResult(
        rows={row: tuple(f for _, f in sorted(fs, key=lambda p: p[0])) for row, fs in sorted(row_failures.items())},
        batch=tuple(f for _, f in sorted(batch_failures, key=lambda p: p[0])),
        statistics={k: result.statistics[k] for k in
                    ("evaluated_expectations", "successful_expectations", "unsuccessful_expectations")},
    )


def _utc(value: datetime | None) -> Any:
    import pandas as pd

    if value is None:
        return None
    stamp = pd.Timestamp(value)
    # The model promises tz-aware UTC; a naive value is read as UTC rather than letting GX
    # fail the whole batch on a naive-vs-aware comparison.
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def _frame(articles: Sequence[Article]) -> Any:
    import pandas as pd

    # dtype=object throughout: pandas 3 would infer its `str` dtype and datetime64[us, UTC],
    # which trip GX's type handling; a RangeIndex makes GX's unexpected_index_list positions.
    values = {
        "url": [a.url for a in articles],
        "title": [a.title for a in articles],
        "text": [a.text for a in articles],
        "published_at": [_utc(a.published_at) for a in articles],
        "language": [a.language for a in articles],
    }
    return pd.DataFrame(
        {column: pd.Series(values[column], dtype=object) for column in COLUMNS},
        index=pd.RangeIndex(len(articles)),
    )


def suite_parameters(now: datetime) -> dict[str, Any]:
    """The article suite's parameters for a run whose reference time is ``now``."""
    now = datetime.fromtimestamp(now.timestamp(), tz=timezone.utc)
    return {_LATEST_PUBLISHED: now + FUTURE_TOLERANCE}


def articles_frame(articles: Sequence[Article]) -> Any:
    """The dataframe the article suite validates (one row per article, in order)."""
    return _frame(articles)


def validate_articles(articles: Sequence[Article], *, now: datetime) -> ValidationOutcome:
    """Run the article suite over one batch; split it into accepted and rejected articles."""
    if now.tzinfo is None:
        raise ValueError("validate_articles needs a tz-aware `now` (the run's data interval end)")
    # GX compares with the exact type it is given: a datetime subclass (pendulum's, from Airflow)
    # makes the date expectation crash, so hand it a plain datetime.
    now = datetime.fromtimestamp(now.timestamp(), tz=timezone.utc)
    articles = tuple(articles)
    if not articles:
        return ValidationOutcome(
            accepted=(), rejected=(), batch_failures=(),
            statistics={"articles": 0, "accepted": 0, "rejected": 0, "evaluated_expectations": 0,
                        "successful_expectations": 0, "unsuccessful_expectations": 0, "elapsed_ms": 0.0},
        )

    started = time.perf_counter()
    frame = _frame(articles)
    outcome = run_checks(SUITE_NAME, CHECKS, frame, suite_parameters(now))
    rejected = tuple(Rejection(articles[row], failures) for row, failures in outcome.rows.items())
    accepted = tuple(a for row, a in enumerate(articles) if row not in outcome.rows)
    statistics = {
        "articles": len(articles),
        "accepted": len(accepted),
        "rejected": len(rejected),
        **outcome.statistics,
        "elapsed_ms": round((time.perf_counter() - started) * 1000, 1),
    }
    return ValidationOutcome(
        accepted=accepted,
        rejected=rejected,
        batch_failures=outcome.batch,
        statistics=statistics,
    )
