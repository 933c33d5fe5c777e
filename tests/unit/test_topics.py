"""Watch topics: loading with clear errors, matching, and novelty (pure functions)."""

from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from newswatch.alerts.flagging import alert_state, assess_novelty, novelty_reason
from newswatch.alerts.topics import load_topics, matches
from newswatch.errors import ConfigError

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
    assert str(caught.value).splitlines() == [
        f"the watch topics file {path} has 3 problems:",
        f"  {path}:3: topics[0] (name 'x'): 'event_types' has unknown event types ['AIDE'] (did you mean 'AID'?)",
        f"  {path}:4: topics[0] (name 'x'): channel 'pager' is not defined under 'channels:' (defined: log)",
        f"  {path}:5: topics[0] (name 'x'): unknown key 'colour' (known: actor_match, actors, channels, "
        "claim_statuses, contexts, description, event_types, keywords, min_confidence, name, novelty_window_days)",
    ]


def test_the_first_event_for_an_actor_pair_is_new_and_a_repeat_is_not(arms):
    assert novelty_reason(arms, _event(), []) == "first AID PRK->RUS for arms-transfers in 30 days"
    prior = [{"world_event_id": "w0", "event_type": "AID", "actor1_code": "PRK", "actor2_code": "RUS",
              "event_date": date(2023, 10, 20), "claim_status": "alleged", "contexts": ["military"]}]
    assert novelty_reason(arms, _event(), prior) is None
    assert novelty_reason(arms, _event(), [{**prior[0], "world_event_id": "w1"}]) is None


def test_history_recounted_as_background_is_not_a_development(arms):
    old = _event(event_date=date(2019, 1, 1), date_precision="year", date_basis="text")
    assert novelty_reason(arms, old, []) is None


def _alerted(**over):
    """An earlier alert of the topic: the state of the world event it was raised on."""
    return {**alert_state(_event(**over)), "world_event_id": over.get("world_event_id", "w1")}


def test_a_confirmation_of_an_alleged_transfer_is_a_claim_status_development(arms):
    found = assess_novelty(arms, _event(claim_status="confirmed", claimed_by="KOR"), [_alerted()])
    assert found.kind == "claim status"
    assert found.reason == "claim status: alleged -> confirmed (by KOR)"
    assert found.key == "claim status=confirmed"
    # ...and the same confirmation reported again is not
    assert assess_novelty(arms, _event(claim_status="confirmed"), [_alerted(), _alerted(claim_status="confirmed")]) is None


def test_delivery_after_an_agreement_is_a_stage_change_and_a_new_weapon_a_new_class(arms):
    agreed = _alerted(world_event_id="w0", event_type="AGREE", claim_status="planned",
                      arms={"stage": "agreed", "weapon_class": "artillery shells"})
    delivered = _event(claim_status="reported", arms={"stage": "delivered", "weapon_class": "artillery shells"})
    found = assess_novelty(arms, delivered, [agreed])
    assert (found.kind, found.reason) == ("stage change", "stage change: agreed -> delivered")
    missiles = _event(arms={"stage": "delivered", "weapon_class": "ballistic missiles"})
    prior = [_alerted(arms={"stage": "delivered", "weapon_class": "artillery shells"})]
    found = assess_novelty(arms, missiles, prior)
    assert (found.kind, found.reason) == ("new weapon class", "new weapon class: ballistic missiles")


def test_a_new_supplier_to_a_known_recipient_is_named_as_such(arms):
    prior = [_alerted(world_event_id="w0")]
    found = assess_novelty(arms, _event(world_event_id="w2", actor1_code="IRN"), prior)
    assert found.kind == "new supplier" and "IRN" in found.reason and "PRK" in found.reason
    found = assess_novelty(arms, _event(world_event_id="w2", actor2_code="SYR"), prior)
    assert found.kind == "new recipient"


def test_outside_the_window_the_same_pair_is_new_again(arms):
    old = _alerted(world_event_id="w0", event_date=date(2023, 8, 1))
    assert assess_novelty(arms, _event(), [old]).kind == "first in window"
