"""Novelty (pure): what makes a world event a new development for a topic, judged against the
whole story however old, each kind in its precedence, and what is not new."""

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from newswatch.alerts.novelty import PRECEDENCE, alert_state, fact_from_alert, fact_from_world_event, judge
from newswatch.alerts.topics import load_topics
from newswatch.worldevents.same_event import quantity_value

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2023, 11, 8, 9, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def arms():
    config = load_topics(ROOT / "include" / "config" / "watch_topics.yaml")
    return next(t for t in config.topics if t.name == "arms-transfers")  # quiet spell 90 days


def _event(wid="w1", at=T0, **over):
    arms_detail = over.pop("arms", {"stage": "delivered", "weapon_class": "artillery shells",
                                    "weapon_classes": ["artillery shells"]})
    event = {"world_event_id": wid, "event_type": "AID", "contexts": ["military"], "actor1_code": "PRK",
             "actor2_code": "RUS", "claim_status": "alleged", "claimed_by": None, "confidence": 0.8,
             "summary": "s", "event_date": at.date(), "date_precision": "day", "date_basis": "publication",
             "first_reported_at": at, "last_reported_at": at, "arms": arms_detail}
    event.update(over)
    return event


def _alert(event, alert_id="a0", raised_at=None, kind="first report"):
    """An earlier alert of the topic, raised on ``event`` as it stood."""
    return fact_from_alert({**alert_state(event), "alert_id": alert_id, "world_event_id": event["world_event_id"],
                            "raised_at": raised_at or event["first_reported_at"], "novelty_kind": kind,
                            "first_reported_at": event["first_reported_at"]})


def _known(event):
    """An earlier world event of the story (no alert of its own)."""
    return fact_from_world_event(event)


def _arms(stage="delivered", weapon="artillery shells", quantity=None):
    return {"stage": stage, "weapon_class": weapon, "weapon_classes": [weapon] if weapon else [], "quantity": quantity}


def test_the_first_report_of_a_story_is_new_and_a_repeat_within_the_quiet_spell_is_not(arms):
    assert judge(arms, _event(), []).novelty.kind == "first report"
    earlier = _event("w0", T0 - timedelta(days=20))
    repeat = judge(arms, _event(), [_alert(earlier)])
    assert repeat.novelty is None and repeat.outcome == "repeat"
    assert "alert a0" in repeat.explanation and repeat.repeat_of[0].id == "a0"


def test_history_recounted_as_background_is_not_a_development(arms):
    old = _event(event_date=date(2019, 1, 1), date_precision="year", date_basis="text")
    judged = judge(arms, old, [])
    assert judged.novelty is None and judged.outcome == "background"
    # an open period ("since August", issue 14's date_open) is still going on: never background
    assert judge(arms, {**old, "date_open": True}, []).novelty.kind == "first report"


def test_the_story_is_remembered_however_old_a_supplier_known_for_a_year_is_not_new(arms):
    a_year_ago = _event("w0", T0 - timedelta(days=365))
    iran = _event("w2", actor1_code="IRN")
    found = judge(arms, iran, [_alert(a_year_ago)]).novelty
    assert found.kind == "new supplier" and "known suppliers: PRK" in found.reason
    found = judge(arms, _event("w3", actor2_code="BLR"), [_alert(a_year_ago)]).novelty
    assert found.kind == "new recipient"
    # ...and a known pair a year later, with nothing new, is first in a long while, not first report
    assert judge(arms, _event(), [_alert(a_year_ago)]).novelty.kind == "first in a long while"


def test_a_confirmation_is_a_claim_status_change_however_long_after_the_allegation(arms):
    alleged = _event("w0", T0 - timedelta(days=270))
    confirmed = _event(claim_status="confirmed", claimed_by="KOR", claimed_by_text="Seoul's spy agency")
    found = judge(arms, confirmed, [_alert(alleged)]).novelty
    assert (found.kind, found.reason) == ("claim status", "claim status: alleged -> confirmed (by Seoul's spy agency)")
    assert found.key == "claim status=confirmed"
    # re-reported without attribution is not firming up (alleged -> reported), nor a delivery stage
    assert judge(arms, _event(claim_status="reported"), [_alert(alleged)]).novelty.kind == "first in a long while"
    recent = _event("w0", T0 - timedelta(days=10))
    assert judge(arms, _event(claim_status="reported"), [_alert(recent)]).novelty is None
    # and a confirmation already known is no news
    assert judge(arms, confirmed, [_alert(alleged), _alert(_event("w4", T0 - timedelta(days=5), claim_status="confirmed"), "a4")]).novelty is None


def test_a_promise_then_a_delivery_months_later_is_a_stage_change(arms):
    promise = _event("w0", T0 - timedelta(days=150), event_type="AGREE", claim_status="planned",
                     arms=_arms("agreed", "tanks"))
    delivered = _event(claim_status="reported", arms=_arms("delivered", "tanks"))
    found = judge(arms, delivered, [_alert(promise)]).novelty
    assert (found.kind, found.reason) == ("stage change", "stage change: agreed -> delivered")
    # a promise repeated is not a delivery, nor is a plan
    again = _event(event_type="AID", claim_status="planned", arms=_arms("planned", "tanks"))
    assert judge(arms, again, [_alert(_event("w0", T0 - timedelta(days=5), event_type="AGREE",
                                             claim_status="planned", arms=_arms("agreed", "tanks")))]).novelty is None


def test_a_suspected_delivery_becoming_reported_is_not_a_stage_change(arms):
    suspected = _event("w0", T0 - timedelta(days=10), arms=_arms("suspected"))
    assert judge(arms, _event(claim_status="reported", arms=_arms("delivered")), [_alert(suspected)]).novelty is None


def test_a_new_weapon_class_and_a_tenfold_quantity_are_developments_of_the_pair(arms):
    shells = _event("w0", T0 - timedelta(days=10), arms=_arms(quantity="thousands of"))
    missiles = _event(arms=_arms(weapon="ballistic missiles"))
    found = judge(arms, missiles, [_alert(shells)]).novelty
    assert found.kind == "new weapon class" and found.reason.startswith("new weapon class: ballistic missiles")
    more = _event(arms=_arms(quantity="more than 1 million"))
    found = judge(arms, more, [_alert(shells)]).novelty
    assert (found.kind, found.reason) == ("quantity escalation", "quantity escalation: thousands of -> more than 1 million")
    assert judge(arms, _event(arms=_arms(quantity="5,000")), [_alert(shells)]).novelty is None  # not ten times


def test_several_reasons_are_kept_and_the_kind_is_the_most_important(arms):
    alleged = _event("w0", T0 - timedelta(days=10), arms=_arms(quantity="dozens"))
    big = _event(claim_status="confirmed", arms=_arms(weapon="ballistic missiles", quantity="300"))
    shells_and_missiles = {**big, "arms": {**_arms(quantity="300"), "weapon_classes": ["artillery shells",
                                                                                       "ballistic missiles"]}}
    found = judge(arms, shells_and_missiles, [_alert(alleged)]).novelty
    assert found.reasons == ("claim status", "new weapon class", "quantity escalation")
    assert found.kind == "claim status"
    assert list(PRECEDENCE[:3]) == ["claim status", "stage change", "new weapon class"]


def test_a_second_event_of_the_same_report_is_no_change_to_the_first(arms):
    """A promise coded as AGREE and AID from one article: the story is known, nothing changed."""
    agree = _event("w0", event_type="AGREE", claim_status="planned", arms=_arms("agreed", "tanks"))
    aid = _event("w1", claim_status="planned", arms=_arms("planned", "tanks"))
    judged = judge(arms, agree, [_alert(aid, raised_at=T0 + timedelta(hours=14))])
    assert judged.novelty is None


def test_a_denial_by_the_accused_is_a_development_only_where_the_topic_asks(arms):
    alleged = _event("w0", T0 - timedelta(days=10))
    assert judge(arms, _event(), [_alert(alleged)], denials=["RUS"]).novelty is None
    opted = replace(arms, alert_on_denials=True)
    found = judge(opted, _event(), [_alert(alleged)], denials=["RUS", "USA"]).novelty
    assert (found.kind, found.reason) == ("claim status", "claim status: denied by RUS")  # USA is no party
    denied = _alert({**alleged, "world_event_id": "w5"}, "a5")
    assert judge(opted, _event(), [replace(denied, denied_by=("RUS",))], denials=["RUS"]).novelty is None


def test_the_knowledge_includes_world_events_that_never_raised_an_alert(arms):
    history = _event("w0", T0 - timedelta(days=400), event_date=date(2019, 5, 1), arms=_arms(weapon="tanks"))
    tanks = _event(arms=_arms(weapon="tanks"))
    found = judge(arms, tanks, [_known(history)]).novelty
    assert found.kind == "first in a long while"  # not a first report, not a new weapon class


def test_summits_planned_then_held_is_a_stage_change_and_a_later_summit_a_long_while():
    topics = load_topics(ROOT / "include" / "config" / "watch_topics.yaml")
    summits = next(t for t in topics.topics if t.name == "korean-peninsula-summits")
    planned = _event("w0", T0 - timedelta(days=12), event_type="CONSULT", contexts=[], claim_status="planned",
                     event_date=date(2023, 11, 1), date_precision="month", date_basis="text", arms=None)
    held = _event(event_type="CONSULT", contexts=[], claim_status="reported", arms=None)
    found = judge(summits, held, [_alert(planned)]).novelty
    assert (found.kind, found.reason) == ("stage change", "stage change: planned -> took place")
    much_later = _event("w9", T0 + timedelta(days=270), event_type="CONSULT", contexts=[], claim_status="reported",
                        arms=None)
    assert judge(summits, much_later, [_alert(planned), _alert(held, "a1")]).novelty.kind == "first in a long while"


@pytest.mark.parametrize(("text", "value"), [
    ("1 million", 1e6), ("more than one million", 1e6), ("about 1,000", 1000), ("300", 300), ("thousands of", 2000),
    ("dozens", 24), ("several dozen", 36), ("tens of thousands", 20000), ("1.5m", 1.5e6), ("several million", 3e6),
    ("a million", 1e6), (None, None), ("a shipment", None),
])
def test_quantities_are_read_as_numbers(text, value):
    assert quantity_value(text) == value


def test_one_weapon_class_confirmed_after_another_is_a_claim_status_change(arms):
    """A transfer with shells confirmed and missiles only alleged: a report confirming the missiles
    firms up the claim about them, though the world event was confirmed already."""
    both = {"stage": "delivered", "weapon_class": "artillery shells",
            "weapon_classes": ["artillery shells", "ballistic missiles"]}
    shells_confirmed = _event(claim_status="confirmed", arms={**_arms(), "confirmed_classes": ["artillery shells"]})
    missiles_alleged = _event(claim_status="confirmed", arms={**both, "confirmed_classes": ["artillery shells"]})
    known = [_alert(shells_confirmed, "a0", T0 - timedelta(days=120)),
             _alert(missiles_alleged, "a1", T0 - timedelta(days=30), kind="new weapon class")]
    now = _event(claim_status="confirmed", claimed_by="UKR",
                 arms={**both, "confirmed_classes": ["artillery shells", "ballistic missiles"]})
    found = judge(arms, now, known).novelty
    assert found.kind == "claim status" and "ballistic missiles" in found.reason, found
    assert found.key == "claim status=confirmed:ballistic missiles"
    # once raised, the same state is a repeat; and shells confirmed again are no change either
    again = judge(arms, now, [*known, _alert(now, "a2", T0)])
    assert again.novelty is None and again.outcome == "repeat"
    assert judge(arms, shells_confirmed, [_alert(shells_confirmed, "a0", T0 - timedelta(days=10))]).novelty is None


def test_a_class_confirmed_with_its_first_report_is_a_new_class_not_a_firmer_claim(arms):
    shells = _event(claim_status="confirmed", arms={**_arms(), "confirmed_classes": ["artillery shells"]})
    both = {"stage": "delivered", "weapon_class": "artillery shells",
            "weapon_classes": ["artillery shells", "ballistic missiles"],
            "confirmed_classes": ["artillery shells", "ballistic missiles"]}
    found = judge(arms, _event(claim_status="confirmed", arms=both), [_alert(shells, "a0", T0 - timedelta(days=30))])
    assert found.novelty.kind == "new weapon class" and "claim status" not in found.novelty.reasons


def test_alerts_recorded_before_confirmed_classes_were_kept_count_every_class_of_a_confirmed_state(arms):
    state = alert_state(_event(claim_status="confirmed"))
    del state["confirmed_classes"]
    old = fact_from_alert({**state, "alert_id": "a0", "world_event_id": "w1", "raised_at": T0,
                           "novelty_kind": "first report", "first_reported_at": T0})
    assert old.confirmed_classes == ("artillery shells",)
