"""Watch topics: loading with clear errors, matching, and novelty (pure functions)."""

from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from newswatch.errors import ConfigError
from newswatch.flagging import novelty_reason
from newswatch.topics import load_topics, matches

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def arms():
    config = load_topics(ROOT / "include" / "config" / "watch_topics.yaml")
    return next(t for t in config.topics if t.name == "arms-transfers")


def _event(**over):
    event = {"world_event_id": "w1", "event_type": "AID", "contexts": ["military"], "actor1_code": "PRK",
             "actor2_code": "RUS", "claim_status": "alleged", "confidence": 0.8, "summary": "s",
             "event_date": date(2023, 11, 8), "date_precision": "day", "date_basis": "publication",
             "first_reported_at": datetime(2023, 11, 8, 9, tzinfo=timezone.utc)}
    event.update(over)
    return event


def test_the_shipped_topics_file_is_valid_and_has_arms_transfers(arms):
    assert arms.event_types == {"AID", "AGREE"} and "desk-webhook" in arms.channels


def test_arms_transfers_match_military_aid_but_not_humanitarian_aid_or_denials(arms):
    assert matches(arms, _event())
    assert not matches(arms, _event(contexts=["humanitarian"]))
    assert not matches(arms, _event(claim_status="denied"))
    assert not matches(arms, _event(event_type="CONSULT"))
    assert not matches(arms, _event(confidence=0.2))


def test_a_bad_topics_file_names_every_problem(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("topics:\n  - name: x\n    event_types: [AIDE]\n    channels: [pager]\n    colour: red\n")
    with pytest.raises(ConfigError) as caught:
        load_topics(path)
    message = str(caught.value)
    assert "unknown event types ['AIDE']" in message
    assert "channel 'pager' is not defined" in message
    assert "unknown keys ['colour']" in message


def test_the_first_event_for_an_actor_pair_is_new_and_a_repeat_is_not(arms):
    assert novelty_reason(arms, _event(), []) == "first AID PRK->RUS for arms-transfers in 30 days"
    prior = [{"world_event_id": "w0", "event_type": "AID", "actor1_code": "PRK", "actor2_code": "RUS",
              "event_date": date(2023, 10, 20)}]
    assert novelty_reason(arms, _event(), prior) is None
    assert novelty_reason(arms, _event(), [{**prior[0], "world_event_id": "w1"}]) is None


def test_history_recounted_as_background_is_not_a_development(arms):
    old = _event(event_date=date(2019, 1, 1), date_precision="year", date_basis="text")
    assert novelty_reason(arms, old, []) is None
