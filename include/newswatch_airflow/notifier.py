"""Tell someone when a pipeline task fails for good (after its retries): an Airflow notifier that
sends the failure to newswatch's own alert channels.

Which channels: ``NEWSWATCH_FAILURE_CHANNELS``, comma-separated names from the ``channels:``
section of the watch-topics file (webhook, email, apprise, log), so the desk's receivers and
their secrets are configured once. Unset: the failure is only in Airflow's task log and UI.
The Atom channel is left out: it reads the event store, which may be what failed.
"""

from __future__ import annotations

import logging
import os
import uuid
from typing import Any

from airflow.sdk.bases.notifier import BaseNotifier

log = logging.getLogger(__name__)

CHANNELS_ENV = "NEWSWATCH_FAILURE_CHANNELS"
TOPIC = "pipeline-failure"
# Failure notices have their own id space, apart from alert ids (uuid5 of the failed try).
_NAMESPACE = uuid.UUID("6e657773-7761-7463-682d-6661696c7572")


def failure_payload(context: Any) -> dict[str, Any]:
    """What the receiver gets, shaped like an alert (topic, summary, an id to deduplicate on)
    so every channel renders it, plus the failure's own fields."""
    ti = context["ti"]
    dag_run = context.get("dag_run")
    run_id = getattr(dag_run, "run_id", None) or getattr(ti, "run_id", "")
    error = context.get("exception")
    reason = f"{type(error).__name__}: {error}" if error is not None else "the task failed"
    map_index = getattr(ti, "map_index", -1)
    task = ti.task_id + (f"[{map_index}]" if map_index is not None and map_index >= 0 else "")
    try_number = getattr(ti, "try_number", None)
    failure = {"dag_id": ti.dag_id, "task_id": ti.task_id, "map_index": map_index, "run_id": run_id,
               "try_number": try_number, "error": reason[:2000], "log_url": getattr(ti, "log_url", None)}
    notice_id = uuid.uuid5(_NAMESPACE, f"{ti.dag_id}\n{task}\n{run_id}\n{try_number}")
    return {
        "alert_id": str(notice_id),
        "topic": TOPIC,
        "summary": f"{ti.dag_id}.{task} failed (run {run_id}, try {try_number}): {reason[:300]}",
        "novelty_reason": "a pipeline task failed after its retries",
        "event": {},
        "evidence": [],
        "failure": failure,
    }


def configured_channels() -> list[str]:
    return [name.strip() for name in os.environ.get(CHANNELS_ENV, "").split(",") if name.strip()]


class FailureNotifier(BaseNotifier):
    """``on_failure_callback`` of every newswatch task (DEFAULT_ARGS)."""

    def notify(self, context: Any) -> None:
        names = configured_channels()
        if not names:
            log.info("no failure channel configured (%s): the failure is in the task log only", CHANNELS_ENV)
            return
        import httpx

        from newswatch import config
        from newswatch.alerts.channels import DeliveryFailed
        from newswatch.alerts.delivery import send
        from newswatch.alerts.topics import load_topics
        from newswatch.errors import NewswatchError

        payload = failure_payload(context)
        try:
            channels = load_topics(config.topics_file()).channels
        except NewswatchError as e:
            log.error("cannot send the failure notice: %s", e)
            return
        with httpx.Client(timeout=httpx.Timeout(10.0, connect=5.0)) as client:
            for name in names:
                channel = channels.get(name)
                if channel is None or channel.type == "atom":
                    log.error("failure channel %r is not a webhook, email, apprise or log channel of %s",
                              name, config.topics_file())
                    continue
                try:
                    receipt = send(channel, payload, client=client)
                except DeliveryFailed as e:
                    # A callback must not raise: the task has failed already, say why the notice did not go.
                    log.error("failure notice to %s not delivered: %s", name, e)
                else:
                    log.info("failure notice sent to %s (%s)", name, receipt)
