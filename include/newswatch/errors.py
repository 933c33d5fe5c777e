"""newswatch's small error taxonomy: one base class, one branch per concern.

Task boundaries catch `NewswatchError`; driver and library errors are re-raised as these `from e`.
"""

from __future__ import annotations

from collections.abc import Sequence


class NewswatchError(Exception):
    """Base of every error newswatch raises on purpose."""


class ConfigError(NewswatchError):
    """A configuration file or setting is missing or invalid; retrying will not help."""


class NotFound(NewswatchError):
    """Something asked for by id or name (an alert, a world event, a topic, a run) does not exist."""


class FeedListError(ConfigError):
    """The feed list (feeds.yaml) is invalid.

    The message lists every problem, one per line; `problems` holds them one by one.
    """

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems: tuple[str, ...] = tuple(problems) or (message,)

    def __reduce__(self):
        return (type(self), (str(self), self.problems))


class TopicsError(ConfigError):
    """The watch topics file (watch_topics.yaml) is invalid.

    The message lists every problem, one per line; `problems` holds them one by one.
    """

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems: tuple[str, ...] = tuple(problems) or (message,)

    def __reduce__(self):
        return (type(self), (str(self), self.problems))


class StoreError(NewswatchError):
    """The event store refused or failed an operation."""


class StoreUnavailable(StoreError):
    """The event store cannot be reached (transient: worth a retry)."""


class WrongExpectedVersion(StoreError):
    """An append expected the stream at one version and found it at another (optimistic concurrency)."""

    def __init__(self, stream: str, expected: int | None, actual: int | None) -> None:
        self.stream = stream
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"wrong expected version for stream {stream!r}: expected {expected}, actual {actual}"
        )

    def __reduce__(self):
        # Keep the error picklable (Airflow and multiprocessing pickle exceptions across processes).
        return (type(self), (self.stream, self.expected, self.actual))
