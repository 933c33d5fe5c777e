"""What the command groups share: opening the event store (and refusing one that is not migrated),
argument types that fail as usage errors with a clear message, and errors as one line.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone
from typing import Any

from newswatch.errors import ConfigError, NotFound

ISO_DATE_HINT = "an ISO date such as 2026-11-29"
ISO_TIME_HINT = "an ISO date or time such as 2026-11-29 or 2026-11-29T18:00Z (UTC unless it says otherwise)"


class UsageError(ConfigError):
    """Arguments that parse one by one but not together (``--since`` after ``--until``): exit 2."""


# --- argument types: argparse reports an ArgumentTypeError as a usage error (exit 2) -----------

def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {ISO_DATE_HINT}, got {value!r}") from None


def iso_datetime(value: str) -> datetime:
    """A date (midnight) or a date and time; without a zone it is UTC."""
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {ISO_TIME_HINT}, got {value!r}") from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=timezone.utc)


def positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {n}")
    return n


def positive_float(value: str) -> float:
    try:
        x = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {value!r}") from None
    if not x > 0 or x == float("inf"):
        raise argparse.ArgumentTypeError(f"must be more than 0, got {value}")
    return x


def port_number(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {value!r}") from None
    if not 0 <= n <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 0-65535 (0 picks a free one), got {n}")
    return n


def date_range(since: date, until: date) -> None:
    if since > until:
        raise UsageError(f"--since {since} is after --until {until}")


# --- the event store ---------------------------------------------------------------------------

def open_store(url: str) -> Any:
    """An EventStore for ``url``; a database that does not exist yet is a configuration error
    (run ``newswatch init``), a server that cannot be reached is StoreUnavailable (exit 3)."""
    from newswatch.errors import StoreUnavailable
    from newswatch.store import EventStore

    try:
        return EventStore.open(url, application_name="newswatch-cli")
    except StoreUnavailable as e:
        if "does not exist" in str(e):
            raise ConfigError(f"{e}: run `newswatch init` to create it") from e
        raise


@contextmanager
def migrated_store(url: str) -> Iterator[Any]:
    """``open_store`` that also refuses a store lacking any shipped migration."""
    with open_store(url) as store:
        require_migrated(store, url)
        yield store


def require_migrated(store: Any, url: str) -> None:
    from newswatch.store import redact_url
    from newswatch.store.migrations import available_migrations

    with store.transaction() as cur:
        cur.execute("SELECT to_regclass('newswatch.schema_migrations') IS NOT NULL"
                    " AND to_regclass('newswatch.events') IS NOT NULL")
        if not cur.fetchone()[0]:
            raise ConfigError(f"the event store at {redact_url(url)} is not initialised: run `newswatch init`")
        cur.execute("SELECT version FROM newswatch.schema_migrations")
        applied = {row[0] for row in cur.fetchall()}
    pending = [m.name for m in available_migrations() if m.version not in applied]
    if pending:
        raise ConfigError(f"the event store at {redact_url(url)} lacks {len(pending)} migration(s), "
                          f"from {pending[0]}: run `newswatch init`")


def known_topics(store: Any | None = None) -> list[str]:
    """Topics of the watch-topics file in use, and (given a store) topics that have raised alerts,
    so a retired topic's history can still be read and unmuted."""
    from newswatch import config
    from newswatch.alerts.topics import load_topics

    names = [t.name for t in load_topics(config.topics_file()).topics]
    if store is not None:
        with store.transaction() as cur:
            cur.execute("SELECT DISTINCT topic FROM newswatch.alerts ORDER BY topic")
            names += [row[0] for row in cur.fetchall() if row[0] not in names]
    return names


def require_topic(topic: str, store: Any | None = None) -> None:
    names = known_topics(store)
    if topic not in names:
        raise NotFound(f"no topic named {topic!r}; topics: {', '.join(names) or 'none'}")


# --- shell completion (argcomplete calls these with keyword arguments; never raise) ---------------

def complete_topics(**_: Any) -> list[str]:
    from newswatch import config
    from newswatch.alerts.topics import load_topics

    try:
        return [t.name for t in load_topics(config.topics_file()).topics]
    except Exception:  # a broken topics file must not break the shell's tab key
        return []


def complete_feeds(**_: Any) -> list[str]:
    from newswatch import config
    from newswatch.ingest.feedlist import load_feed_list

    try:
        return [f.name for f in load_feed_list(config.feeds_file())]
    except Exception:  # a broken feed list must not break the shell's tab key
        return []


# --- errors as one line --------------------------------------------------------------------------

_YAML_MARK = re.compile(r'^\s*in "[^"]*", (line \d+, column \d+):?\s*$')


def one_line(message: str) -> str:
    """A multi-line message folded onto one line. YAML errors (problem, then ``in "<file>",
    line N, column M:``, then a two-line snippet with a caret) keep the problem and its position."""
    lines = message.strip().splitlines()
    out: list[str] = []
    skip = 0
    for line in lines:
        if skip:
            skip -= 1
            continue
        mark = _YAML_MARK.match(line)
        if mark:
            if out:
                out[-1] += f" ({mark.group(1)})"
            skip = 2 if line.rstrip().endswith(":") else 0
            continue
        if line.strip():
            out.append(line.strip())
    return "; ".join(out)
