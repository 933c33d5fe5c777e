"""World-event identity (pure functions)."""

from datetime import date

from newswatch.model import ExtractedEvent
from newswatch.worldevents.same_event import best_match, date_range, is_same_event


def _mention(event_type="AID", a1="PRK", a2="RUS", day=date(2023, 11, 8), precision="day",
             basis="publication", location_code=None):
    return ExtractedEvent(
        event_type=event_type, event_mode=None, contexts=("military",), actor1=a1, actor1_code=a1,
        actor1_sector=None, actor2=a2, actor2_code=a2, actor2_sector=None, event_date=day,
        date_precision=precision, date_basis=basis, date_text=None, location=None,
        location_code=location_code, claim_status="alleged", claimed_by="USA", claimed_by_text="US",
        sentence="s", start=0, end=1, confidence=0.8, pattern_id="p", extractor_version="v")


def _row(event_type="AID", a1="PRK", a2="RUS", day=date(2023, 11, 8), precision="day",
         basis="publication", location_code=None, position=1):
    return {"event_type": event_type, "actor1_code": a1, "actor2_code": a2, "event_date": day,
            "date_precision": precision, "date_basis": basis, "location_code": location_code,
            "updated_position": position}


def test_date_ranges_follow_precision_and_basis():
    assert date_range(date(2019, 1, 1), "year", "text") == (date(2019, 1, 1), date(2019, 12, 31))
    assert date_range(date(2023, 2, 1), "month", "text") == (date(2023, 2, 1), date(2023, 2, 28))
    assert date_range(date(2023, 11, 8), "day", "publication") == (date(2023, 10, 25), date(2023, 11, 8))


def test_a_later_report_of_the_same_transfer_joins_the_event():
    assert is_same_event(_row(), _mention(day=date(2023, 11, 12)))


def test_direction_matters_for_aid_but_not_for_meetings():
    assert not is_same_event(_row(a1="RUS", a2="PRK"), _mention())
    assert is_same_event(_row("CONSULT", "RUS", "PRK"), _mention("CONSULT"))


def test_incompatible_dates_or_places_are_different_events():
    assert not is_same_event(_row("CONSULT", "USA", "PRK", date(2019, 1, 1), "year", "text"),
                             _mention("CONSULT", "USA", "PRK", date(2018, 6, 12), "day", "text"))
    assert not is_same_event(_row(location_code="VNM"), _mention(location_code="SGP"))


def test_best_match_prefers_the_closest_date():
    near, far = _row(day=date(2023, 11, 7), position=2), _row(day=date(2023, 10, 30), position=1)
    assert best_match([far, near], _mention()) is near
    assert best_match([_row("ASSAULT")], _mention()) is None


def test_a_follow_up_dated_by_its_report_joins_an_event_still_in_the_news():
    stated = {**_row(day=date(2023, 9, 13), basis="text"), "last_reported_at": date(2023, 11, 8)}
    assert is_same_event(stated, _mention(day=date(2023, 11, 12)))
    assert not is_same_event({**stated, "last_reported_at": date(2023, 9, 14)}, _mention(day=date(2023, 11, 12)))


def _current(**over):
    row = {**_row(), "claim_status": "alleged", "confidence": 0.8,
           "arms": {"weapon_class": "weapons", "stage": "suspected", "quantity": None,
                    "supplier": "PRK", "recipient": "RUS", "weapon_classes": []}}
    row.update(over)
    return row


def _armed(stage="delivered", weapon="artillery shells", quantity=None, **kw):
    from dataclasses import replace

    from newswatch.model import ArmsTransfer

    return replace(_mention(**kw), arms=ArmsTransfer(weapon, quantity, "PRK", "RUS", stage))


def test_a_confirmed_delivery_of_shells_refines_claim_stage_and_weapon_class():
    from dataclasses import replace

    from newswatch.worldevents.same_event import refinement

    changes = refinement(_current(), replace(_armed(), claim_status="confirmed", claimed_by="KOR"))
    assert changes["reasons"] == ["claim status", "stage", "weapon class"]
    assert (changes["claim_status"], changes["claimed_by"]) == ("confirmed", "KOR")
    assert changes["arms"]["weapon_class"] == "artillery shells" and changes["arms"]["stage"] == "delivered"


def test_repeat_coverage_and_weaker_claims_refine_nothing():
    from dataclasses import replace

    from newswatch.worldevents.same_event import refinement

    assert refinement(_current(), _mention()) == {}
    confirmed = _current(claim_status="confirmed")
    assert refinement(confirmed, replace(_mention(), claim_status="denied")) == {}


def test_a_stated_date_refines_a_publication_date_and_a_day_refines_a_month():
    from newswatch.worldevents.same_event import refinement

    changes = refinement(_current(), _mention(day=date(2023, 11, 2), basis="text"))
    assert (changes["event_date"], changes["date_basis"], changes["reasons"]) == (date(2023, 11, 2), "text", ["date"])
    month = _current(day=date(2023, 11, 1), precision="month", basis="text")
    month = {**month, "event_date": date(2023, 11, 1), "date_precision": "month", "date_basis": "text"}
    assert refinement(month, _mention(day=date(2023, 11, 13), basis="text"))["date_precision"] == "day"
    assert refinement(month, _mention(day=date(2023, 12, 13), basis="text")) == {}


def test_an_ongoing_period_stands_for_every_date_from_its_start_and_a_stated_one_for_its_days():
    from newswatch.worldevents.same_event import OPEN_END

    assert date_range(date(2021, 2, 1), "month", "text", None, True) == (date(2021, 2, 1), OPEN_END)
    assert date_range(date(2023, 3, 1), "month", "text", date(2023, 5, 31)) == (date(2023, 3, 1), date(2023, 5, 31))


def test_a_confirmed_class_on_an_already_confirmed_event_is_kept_apart():
    from dataclasses import replace

    from newswatch.worldevents.same_event import confirmed_classes, refinement

    shells = _current(claim_status="confirmed", arms={
        "weapon_class": "artillery shells", "stage": "delivered", "quantity": None, "supplier": "PRK",
        "recipient": "RUS", "weapon_classes": ["artillery shells", "ballistic missiles"],
        "confirmed_classes": ["artillery shells"]})
    missiles = replace(_armed(weapon="ballistic missiles"), claim_status="confirmed", claimed_by="UKR")
    changes = refinement(shells, missiles)
    assert changes["reasons"] == ["claim status"] and "claim_status" not in changes  # the event's stays
    assert changes["arms"]["confirmed_classes"] == ["artillery shells", "ballistic missiles"]
    # an allegation confirms nothing; a class confirmed again changes nothing
    assert refinement(shells, _armed(weapon="ballistic missiles")) == {}
    assert refinement(shells, replace(_armed(), claim_status="confirmed")) == {}
    # arms detail recorded before the classes were kept: all confirmed with a confirmed event
    legacy = {"weapon_classes": ["artillery shells"], "weapon_class": "artillery shells"}
    assert confirmed_classes(legacy, "confirmed") == ["artillery shells"]
    assert confirmed_classes(legacy, "alleged") == []
