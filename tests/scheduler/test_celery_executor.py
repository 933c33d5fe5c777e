"""Scale-out for real: the same recipe with the CeleryExecutor (Redis broker, result backend on
the metadata DB) and two workers."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.scheduler


def test_mapped_poll_shards_ran_on_both_celery_workers(celery_run):
    hosts = {host for _, host, state in celery_run["poll_shard_hosts"] if state == "success"}
    assert hosts == {"worker-1", "worker-2"}, celery_run["poll_shard_hosts"]


@pytest.mark.parametrize("model", ["world_events", "articles", "feeds", "alerts"])
def test_celery_and_local_executor_runs_leave_the_same_read_models(celery_run, local_run, model):
    assert celery_run["read_models"][model] == local_run["read_models"][model]
