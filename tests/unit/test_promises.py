"""A promise is never a delivery (worldevents.promises): transfers that a sentence only promises,
agrees or expects are settled as planned before they join a world event; deliveries stay."""

from datetime import date

import pytest

from newswatch.model import ArmsTransfer, ExtractedEvent
from newswatch.worldevents.promises import settle_promises

DAY = date(2024, 8, 6)


def _mention(sentence: str, event_type: str = "AID", claim: str = "confirmed", *, in_title: bool = False,
             stage: str = "delivered") -> ExtractedEvent:
    return ExtractedEvent(
        event_type=event_type, event_mode=None, contexts=("military",), actor1="Poland", actor1_code="POL",
        actor1_sector=None, actor2="Ukraine", actor2_code="UKR", actor2_sector=None, event_date=DAY,
        date_precision="day", date_basis="text", date_text=None, location=None, location_code=None,
        claim_status=claim, claimed_by=None, claimed_by_text=None, sentence=sentence, start=0, end=len(sentence),
        confidence=0.8, pattern_id="aid.give", extractor_version="test",
        arms=ArmsTransfer("tanks", "14", "POL", "UKR", stage), in_title=in_title)


def test_the_transfer_a_promise_names_is_planned_not_delivered():
    sentence = "Poland promised on Tuesday to send 14 Leopard tanks to Ukraine, the president said."
    promise = _mention(sentence, "AGREE", "planned", stage="agreed")
    aid = _mention(sentence)
    settled = settle_promises([promise, aid])
    assert settled[0] == promise  # the promise itself is untouched
    assert (settled[1].claim_status, settled[1].arms.stage, settled[1].pattern_id) == (
        "planned", "planned", "aid.give+promised")


@pytest.mark.parametrize("sentence", [
    "Russia's agreement to sell fighter jets to Algeria, reached in March, has worried Europe.",
    "Algeria, which agreed in March to buy fighter jets from Russia, held exercises this week.",
    "Russia is still expected to deliver the fighter jets to Algeria, officials said.",
    "Washington will ship the Patriot missiles to Kyiv within weeks.",
])
def test_a_transfer_governed_by_a_word_of_promise_or_expectation_is_planned(sentence):
    (settled,) = settle_promises([_mention(sentence, claim="reported")])
    assert settled.claim_status == "planned" and settled.arms.stage == "planned"


@pytest.mark.parametrize("sentence", [
    "Poland delivered the first Leopard tanks to Ukraine on Monday, the ministry said.",
    "The United States delivered the promised Patriot interceptor missiles to Ukraine last week.",
    "Germany has delivered an air defence system to Ukraine, fulfilling the pledge it made in March.",
    "Germany shipped the tanks it had agreed to send to Ukraine.",  # something was delivered: it stays
])
def test_a_delivery_stays_a_delivery(sentence):
    mention = _mention(sentence)
    assert settle_promises([mention]) == [mention]
