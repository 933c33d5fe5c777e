"""Scale-out for real: the same recipe with the CeleryExecutor (Redis broker, result backend on
the metadata DB) and two workers."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.scheduler


def test_the_runs_tasks_ran_on_both_celery_workers(celery_run):
    """Both workers took tasks of the chain's runs (the mapped poll shards among them). Which worker
    takes which task is the broker's business: Celery does not promise to spread two given tasks over
    two idle workers (one in five runs put both poll shards on one worker while the other was still
    reporting its previous task done), so the test asks only what scale-out needs: both worked."""
    tasks = celery_run["task_hosts"]
    assert {host for *_, host, state in tasks if state == "success"} == {"worker-1", "worker-2"}, tasks
    assert any(task == "poll_shard" for _, task, *_ in tasks), tasks


@pytest.mark.parametrize("model", ["world_events", "articles", "feeds", "alerts"])
def test_celery_and_local_executor_runs_leave_the_same_read_models(celery_run, local_run, model):
    assert celery_run["read_models"][model] == local_run["read_models"][model]
