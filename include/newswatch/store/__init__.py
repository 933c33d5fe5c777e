"""The event store and its schema: the append-only log (``eventstore``), versioned migrations and
read-model views (``migrations``, ``sql/``), the logins and the reader connection (``roles``:
``connect_reader`` is what the desk and the console read through), and the analysts' read-only
SQL console (``console``).
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
from newswatch.store.roles import PrivilegedLogin, connect_reader

__all__ = ["AppendResult", "EventStore", "PrivilegedLogin", "RecordedEvent", "connect", "connect_reader",
           "insert_events", "redact_url", "to_json"]
