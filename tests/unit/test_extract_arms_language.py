"""Arms transfers and their look-alikes, as language: approved sales and orders are transfers to come,
equipping and donating are transfers, announced aid lies ahead, a plan's act is planned; fire received
is an attack, a truce abandoned is rejected, and a game, a vote or a market is no violence."""

import datetime as dt

import pytest

from newswatch.extract import extract_events

PUBLISHED = dt.date(2025, 3, 10)


def _coded(text: str) -> set[tuple]:
    return {(e.event_type, e.actor1_code, e.actor2_code, e.claim_status) for e in extract_events(text, PUBLISHED)}


def _facts(text: str, event_type: str) -> list:
    return [e for e in extract_events(text, PUBLISHED) if e.event_type == event_type
            and e.claim_status in ("reported", "confirmed", "alleged")]


@pytest.mark.parametrize("text, supplier, recipient, weapon", [
    ("Washington approved the sale of F-16 jets to Turkey.", "USA", "TUR", "combat aircraft"),
    ("Congress cleared a sale of Apache attack helicopters to Morocco.", "USA", "MAR", "combat aircraft"),
    ("Berlin authorised the export of Eurofighter jets to Saudi Arabia.", "DEU", "SAU", "combat aircraft"),
])
def test_an_approved_sale_is_a_transfer_agreed_not_made(text, supplier, recipient, weapon):
    coded = extract_events(text, PUBLISHED)
    assert not [e for e in coded if e.event_type == "AID" and e.claim_status in ("reported", "confirmed", "alleged")]
    agreed = [e for e in coded if e.event_type == "AGREE"]
    assert [(e.actor1_code, e.actor2_code) for e in agreed] == [(supplier, recipient)]
    assert (agreed[0].arms.weapon_class, agreed[0].arms.stage) == (weapon, "agreed")


def test_an_order_is_a_transfer_to_come():
    aid = [e for e in extract_events("Poland ordered 96 Apache helicopters from the United States.", PUBLISHED)
           if e.event_type == "AID"]
    assert [(e.actor1_code, e.actor2_code, e.claim_status) for e in aid] == [("USA", "POL", "planned")]
    assert (aid[0].arms.weapon_class, aid[0].arms.stage) == ("combat aircraft", "planned")


@pytest.mark.parametrize("text, supplier, recipient", [
    ("The United States equipped Taiwan with HIMARS launchers.", "USA", "TWN"),
    ("Armenia has been equipped by India with Pinaka rocket launchers.", "IND", "ARM"),
    ("Moscow re-armed Syria after the civil war.", "RUS", "SYR"),
    ("Lithuania gifted mortars to Ukraine.", "LTU", "UKR"),
    ("Canada donated armoured vehicles to Ukraine.", "CAN", "UKR"),
    ("Taiwan's receipt of the first Abrams tanks from the United States was celebrated in Taipei.", "USA", "TWN"),
])
def test_equipping_donating_and_receipt_are_transfers(text, supplier, recipient):
    assert ("AID", supplier, recipient, "reported") in _coded(text)


def test_announced_military_support_is_aid_to_come_and_plain_support_is_not_aid():
    assert ("AID", "DEU", "UKR", "planned") in _coded("Germany announced military support for Ukraine.")
    assert ("AID", "AUS", "UKR", "planned") in _coded(
        "Australia announced a new package of military aid for Ukraine.")
    assert not [e for e in extract_events("Germany announced its support for Ukraine's bid to join NATO.", PUBLISHED)
                if e.event_type == "AID"]


@pytest.mark.parametrize("text", [
    "The Kenyan parliament approved a plan for sending troops to Haiti.",
    "The parliament of Kenya approved a plan for sending police officers to Haiti.",
])
def test_a_plan_for_an_act_is_no_fact(text):
    assert not _facts(text, "AID") and not _facts(text, "MOBILIZE")


@pytest.mark.parametrize("text, shooter, target", [
    ("Ukrainian troops received heavy fire from Russian forces.", "RUS", "UKR"),
    ("Iraqi soldiers received fire from ISIS fighters near Mosul.", "ISIS", "IRQ"),
])
def test_fire_received_is_an_attack_by_the_shooter_not_aid(text, shooter, target):
    coded = _coded(text)
    assert ("ASSAULT", shooter, target, "reported") in coded
    assert not [c for c in coded if c[0] == "AID"]


def test_fire_trucks_received_stay_aid():
    assert ("AID", "FRA", "UKR", "reported") in _coded("Ukraine received fire trucks from France.")


@pytest.mark.parametrize("text", [
    "The Malian convoy received heavy fire from militants near Gao.",
    "Israel received sharp criticism from France over the raid.",
])
def test_fire_or_criticism_received_is_never_aid(text):
    assert not [c for c in _coded(text) if c[0] == "AID"]


def test_a_truce_abandoned_is_rejected_by_its_party():
    assert ("REJECT", "HAMAS", "ISR", "reported") in _coded("Hamas abandoned the truce with Israel.")
    assert ("REJECT", "USA", "IRN", "reported") in _coded(
        "The United States walked away from the nuclear deal with Iran.")


@pytest.mark.parametrize("text", [
    "The militants abandoned the truce with Israel.",
    "The militants violated the truce with Israel.",
    "Militants fired rockets at Israel.",
])
def test_an_unnamed_doer_is_none_of_the_state_it_acts_on(text):
    assert not [c for c in _coded(text) if c[1] == c[2] == "ISR"]


def test_unnamed_doers_at_home_stay_domestic():
    assert ("ASSAULT", "UGA", None, "reported") in _coded("Rebels attacked a village in northern Uganda.")


@pytest.mark.parametrize("text", [
    "Kenya's national football team beat Uganda 2-0 on Saturday.",
    "The national football team of Ghana beat Nigeria 2-1.",
    "India's cricket team beat Pakistan by six wickets.",
    "Brazil's football team defeated Argentina on Tuesday.",
    "Japan's striker shot a goal against Iran in the second half.",
    "Kenya's runners beat Ethiopia's in the marathon.",
])
def test_a_game_is_no_assault(text):
    assert not [c for c in _coded(text) if c[0] in ("ASSAULT", "COERCE")]


def test_an_attack_on_a_stadium_is_still_an_attack():
    assert any(c[0] == "ASSAULT" and c[1] == "RUS" for c in _coded("Russian troops shelled a football stadium in Kharkiv."))


def test_a_passive_accusation_names_the_accused_as_supplier_and_the_accuser_as_claimant():
    aid = [e for e in extract_events("Iran was accused by Israel of sending drones to Russia.", PUBLISHED)
           if e.event_type == "AID"]
    assert [(e.actor1_code, e.actor2_code, e.claim_status, e.claimed_by) for e in aid] == [
        ("IRN", "RUS", "alleged", "ISR")]


def test_coming_under_fire_is_an_attack_and_under_fire_over_words_is_criticism():
    assert ("ASSAULT", "HEZBOLLAH", "ISR", "reported") in _coded("The Israeli army came under fire from Hezbollah.")
    assert not [c for c in _coded("Macron came under fire from Germany over his remarks on troops.")
                if c[0] == "ASSAULT"]
    assert ("AID", "POL", "UKR", "reported") in _coded("Ukraine received fire engines and ambulances from Poland.")


def test_a_transfer_delayed_is_no_fact_however_the_participle_is_tagged():
    assert not _facts("The transfer of Leopard tanks from Germany to Ukraine was delayed again.", "AID")


def test_a_contract_to_buy_weapons_is_an_agreed_transfer():
    agreed = [e for e in extract_events("Indonesia signed a contract to buy 42 Rafale jets from France.", PUBLISHED)
              if e.event_type == "AGREE"]
    assert [(e.arms.supplier, e.arms.recipient, e.arms.stage) for e in agreed] == [("FRA", "IDN", "agreed")]


def test_a_gift_of_trade_goods_is_aid():
    assert ("AID", "QAT", "LBN", "reported") in _coded("Qatar sent fuel to Lebanon as a gift.")
    assert not [c for c in _coded("Qatar sold fuel to Lebanon.") if c[0] == "AID"]


@pytest.mark.parametrize("text", [
    "Gunmen attacked the Togolese national team's bus in Angola.",
    "Militants attacked voters at the polls in Nigeria.",
    "Gunmen attacked fans watching a football match in Somalia.",
])
def test_an_attack_on_a_team_at_a_match_or_at_the_polls_is_an_attack(text):
    assert any(c[0] == "ASSAULT" for c in _coded(text))


def test_winning_a_game_or_a_vote_is_no_violence():
    assert not _coded("Brazil defeated Argentina 1-0 in the World Cup qualifier.")
    assert not [c for c in _coded("The ruling party crushed the opposition in the elections in Rwanda.")
                if c[0] in ("ASSAULT", "COERCE")]


@pytest.mark.parametrize("text", [
    "The Malian team invaded the pitch after beating Mexico.",
    "Hanwha Aerospace attacked Rostec's bid as too low.",
    "Rheinmetall is fighting Baykar for a lucrative contract.",
])
def test_a_team_acting_or_companies_contesting_a_market_is_no_violence(text):
    assert not [c for c in _coded(text) if c[0] in ("ASSAULT", "COERCE")]


@pytest.mark.parametrize("text", [
    "Kenyan police, who had trained with the national team, attacked protesters in Nairobi.",
    "A team of Israeli commandos attacked a Hezbollah base.",
])
def test_a_team_named_in_passing_leaves_an_attack_an_attack(text):
    assert any(c[0] == "ASSAULT" for c in _coded(text))


def test_coordinated_makers_each_supply_the_recipient():
    coded = _coded("Ukraine received American, British and German tanks.")
    assert {("AID", s, "UKR", "reported") for s in ("USA", "GBR", "DEU")} <= coded
    assert {c[1] for c in _coded("Belarus received two dozen Russian tanks.") if c[0] == "AID"} == {"RUS"}


def test_an_order_needs_arms_and_fire_taken_over_words_is_criticism():
    assert not [c for c in _coded("France ordered its troops from Niger to return home.") if c[0] == "AID"]
    assert not [c for c in _coded("Biden took fire from Beijing after his remarks on Taiwan.") if c[0] == "ASSAULT"]
