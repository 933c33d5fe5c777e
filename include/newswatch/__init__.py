"""newswatch: an event-sourced news-monitoring pipeline (feeds -> dated world events -> alerts).

The package is the domain: pure functions over frozen dataclasses plus the PostgreSQL event store.
It never imports Airflow; the DAGs in ``dags/`` are thin callers of :mod:`newswatch.pipeline`.
"""

__version__ = "0.1.0"
