"""The analyst's desk: a web app over the store's views, served by the Airflow plugin
(plugins/newswatch_desk.py) or alone by `newswatch serve`.

Pages: the alerts inbox (``/``), a world event (``/events/{id}``), timelines, search, feed health,
each list exportable as CSV or JSON, and each topic's Atom feed. Reads as newswatch_reader; the
only writes are acknowledgements and mutes, appended as events.
"""

from newswatch.desk.app import create_app
from newswatch.desk.settings import DeskSettings

__all__ = ["DeskSettings", "create_app"]
