"""World-event identity (pure functions)."""

from datetime import date

from newswatch.cluster import best_match, date_range, is_same_event
from newswatch.model import ExtractedEvent


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
