"""The event store and its schema: the append-only log (``eventstore``), versioned migrations and
read-model views (``migrations``, ``sql/``), and the analysts' read-only SQL console (``console``).
"""

from newswatch.store.eventstore import (
    AppendResult,
    EventStore,
    RecordedEvent,
    connect,
    insert_events,
    redact_url,
    to_json,
)

__all__ = ["AppendResult", "EventStore", "RecordedEvent", "connect", "insert_events", "redact_url", "to_json"]
