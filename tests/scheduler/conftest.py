"""One LocalExecutor and one CeleryExecutor run of the README's recipe per session, shared by the
tests that check them (each stack takes minutes on two cores)."""

from __future__ import annotations

import pytest

from .stack import Stack
from .test_local_executor import check_sample_alert_and_quiet_retrigger


@pytest.fixture(scope="session")
def local_run(tmp_path_factory):
    with Stack(tmp_path_factory.mktemp("airflow-local"), ["settings", "start"], label="local") as stack:
        stack.start()
        yield check_sample_alert_and_quiet_retrigger(stack)


@pytest.fixture(scope="session")
def celery_run(tmp_path_factory):
    import redis

    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as e:
        pytest.fail(f"the Celery test needs Redis on 127.0.0.1:6379 (.ci/run starts it): {e}")
    with Stack(tmp_path_factory.mktemp("airflow-celery"), ["settings", "celery", "start"], label="celery") as stack:
        stack.start()
        workers_ready = lambda: all(  # noqa: E731
            "ready." in (stack.home / f"worker-{n}.log").read_text(errors="replace")
            for n in (1, 2) if (stack.home / f"worker-{n}.log").exists()
        ) and (stack.home / "worker-2.log").exists()
        stack.wait_for("two ready Celery workers", workers_ready, timeout=120)
        outcome = check_sample_alert_and_quiet_retrigger(stack)
        outcome["task_hosts"] = stack.metadata(
            "SELECT dag_id, task_id, map_index, hostname, state::text FROM task_instance"
            " WHERE dag_id LIKE %s ORDER BY start_date", ("newswatch\\_%",))
        yield outcome
