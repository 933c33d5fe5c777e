"""Coder readings added for common news constructions: ultimatums, mediation, renewed talks, restored
ties, eased restrictions, called-off protests, refusals, organisations, ethnic communities, nouns that
look like verbs, and domestic targets.

Every sentence here is written for these tests.
"""

import pytest
from coding_checks import FACTS, coded, types

# ---- ultimatums: a stated hostile act on a condition is a THREATEN, never the act --------------------


@pytest.mark.parametrize("text, event", [
    ("Russia said it will attack Ukraine if Kyiv joins the alliance.", ("THREATEN", "RUS", "UKR", "reported")),
    ("Unless Iran halts enrichment, Israel would strike its sites, an Israeli minister warned.",
     ("THREATEN", "ISR", "IRN", "reported")),
])
def test_a_reported_conditional_hostile_act_is_a_threat(text, event):
    found = coded(text)
    assert event in found, found
    assert not [c for c in found if c[0] == "ASSAULT" and c[3] in FACTS + ("planned",)], found


def test_a_threat_names_the_party_of_its_condition():
    found = coded("Chadian farmers threatened on Monday to block the border unless Niger reopened the market.")
    assert ("THREATEN", "TCD", "NER", "reported") in found, found


def test_a_threat_against_ones_own_place_takes_the_party_named_after():
    found = coded("Turkey threatened to close roads in Ankara if Greece held the drills.")
    assert ("THREATEN", "TUR", "GRC", "reported") in found, found


@pytest.mark.parametrize("text", [
    "Japan said it would provide patriot missiles to the United States if Washington asked.",
    "If China supplies weapons to Russia, the European Union will impose sanctions on Chinese firms.",
])
def test_a_conditional_offer_or_an_unreported_condition_stays_no_fact(text):
    found = coded(text)
    assert not [c for c in found if c[0] in ("AID", "SANCTION") and c[3] in FACTS], found


# ---- new triggers -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text, event", [
    ("Norway launched a mediation effort between Sudan and Chad.", ("CONSULT", "NOR", "SDN", "reported")),
    ("Qatar will mediate between Israel and Hamas, officials said.", ("CONSULT", "QAT", "ISR", "planned")),
    ("Peru and Chile resumed talks on Monday.", ("CONSULT", "PER", "CHL", "reported")),
    ("Egypt and Iran restored diplomatic relations last week.", ("SUPPORT", "EGY", "IRN", "reported")),
    ("Kenya lifted a state of emergency in the north on Friday.", ("CONCEDE", "KEN", None, "reported")),
    ("The Ghanaian government eased restrictions on foreign media.", ("CONCEDE", "GHA", None, "reported")),
    # a domestic group's concession or refusal with no party named is towards its own state (test_extract_domestic)
    ("Chilean students called off their strike after talks with the government.", ("CONCEDE", "CHL", "CHL", "reported")),
    ("Bolivian rebels declined to lay down their arms.", ("REJECT", "BOL", "BOL", "reported")),
])
def test_common_news_phrases_code_their_plover_type(text, event):
    found = coded(text)
    assert event in found, found


def test_declining_to_comment_is_no_rejection():
    assert "REJECT" not in types("Kenyan officials declined to comment on the report.")


def test_lifting_sanctions_stays_a_retreat():
    assert "RETREAT" in types("The European Union lifted sanctions on Belarus.")


# ---- actors -----------------------------------------------------------------------------------------


def test_apec_is_an_organisation():
    assert ("AGREE", "APEC", None, "planned") in coded("APEC agreed to set up a trade office.") or \
        any(c[1] == "APEC" for c in coded("APEC agreed to set up a trade office."))


def test_an_ethnic_community_is_coded_by_the_state_it_lives_in():
    found = coded("Bosnian Serbs demanded a ceasefire from Croatia.")
    assert ("REQUEST", "BIH", "HRV", "reported") in found, found


def test_an_own_place_is_no_target_but_the_event_stands():
    found = coded("Bosnian Serbs completed their withdrawal from the Bosnian town on Monday.")
    assert any(c[0] == "RETREAT" and c[1] == "BIH" and c[2] is None for c in found), found


def test_a_state_acting_on_its_own_opposition_is_an_event():
    found = coded("Argentina lifted its ban on the Argentine opposition on Tuesday.")
    assert ("CONCEDE", "ARG", "ARG", "reported") in found, found


# ---- a verb form the parse reads as a noun in a noun's role is no verb trigger --------------------------


def test_forces_as_a_noun_is_no_coercion():
    found = coded("Serbian police launched an investigation into crimes committed by Croatian forces.")
    assert "COERCE" not in {c[0] for c in found}, found


# ---- attackers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, event", [
    ("Turkey today mounted an offensive against Kurdish rebels in Iraq.", ("ASSAULT", "TUR", "IRQ", "reported")),
    ("Kenya launched its long-planned invasion of Somalia on Sunday.", ("ASSAULT", "KEN", "SOM", "reported")),
])
def test_a_light_verb_and_an_attack_noun_name_the_attacker(text, event):
    found = coded(text)
    assert any(c[:2] == event[:2] and c[0] == "ASSAULT" for c in found), found


def test_a_reduced_clause_with_a_party_as_object_is_active():
    found = coded("French jets using guided bombs killed 12 Malians in a raid near the border.")
    assert ("ASSAULT", "FRA", "MLI", "reported") in found, found


def test_a_blockade_in_a_place_targets_the_places_state():
    found = coded("Egypt reimposed a blockade in Gaza after the shooting deaths of two Egyptians.")
    assert ("COERCE", "EGY", "PSE", "reported") in found, found


# ---- what a party says another must do is its demand ------------------------------------------------


@pytest.mark.parametrize("text, event", [
    ("Germany said on Monday that Iran must free the detained journalists.", ("REQUEST", "DEU", "IRN")),
    ("The Red Cross said Israeli and Egyptian forces must open the crossing.", ("REQUEST", "IRC", "ISR")),
])
def test_a_party_saying_another_must_act_demands_it(text, event):
    found = coded(text)
    assert any(c[:3] == event for c in found), found


@pytest.mark.parametrize("text", [
    "Iran must stop enriching uranium.",
    "Putin said Russia must strengthen its army.",
])
def test_one_party_and_must_is_no_demand(text):
    assert "REQUEST" not in types(text), coded(text)


# ---- occupational and opposition groups are a state's people ----------------------------------------


def test_opposition_groups_in_a_state_are_its_opposition():
    found = coded("Opposition groups in Zimbabwe are demanding new elections.")
    assert any(c[0] == "REQUEST" and c[1] == "ZWE" for c in found), found


def test_farmers_threatening_their_own_capital_is_a_domestic_threat():
    found = coded("Angry Spanish farmers said they would blockade Madrid next week.")
    assert any(c[0] == "THREATEN" and c[1:3] == ("ESP", "ESP") for c in found), found


# ---- opposing a plan, halting a mediation ------------------------------------------------------------


def test_opposing_a_partys_plan_is_a_rejection():
    assert ("REJECT", "RUS", "UKR", "reported") in coded("Russia opposes Ukraine's membership in the alliance.")


def test_being_opposed_to_a_mediation_is_a_stance_not_a_passive():
    found = coded("Turkey is opposed to Swedish mediation in the dispute.")
    assert any(c[0] == "REJECT" and c[1] == "TUR" for c in found), found


def test_halting_a_mediation_reduces_relations():
    found = coded("Washington halted its mediation between Egypt and Ethiopia.")
    assert any(c[0] == "SANCTION" and c[1] == "USA" for c in found), found
    assert "CONSULT" not in types("Washington halted its mediation between Egypt and Ethiopia.")


# ---- targets behind a noun ---------------------------------------------------------------------------


def test_the_owner_of_the_struck_object_is_the_target():
    found = coded("Russian tanks shelled positions of the Ukrainian army near the town.")
    assert ("ASSAULT", "RUS", "UKR", "reported") in found, found


def test_a_counted_object_names_no_owner():
    found = coded("Greece deployed thousands of riot police in Athens.")
    assert not [c for c in found if c[2] == "GRC"], found  # the police are deployed, not struck


def test_troops_mobilized_against_a_state_target_it():
    found = coded("Egypt mobilized army reservists against Libya on Tuesday.")
    assert ("MOBILIZE", "EGY", "LBY", "reported") in found, found


def test_a_converted_demonyms_plural_names_its_people():
    assert ("REJECT", "BEN", "GHA", "reported") in coded("Benin refused entry to Ghanaians on Monday.")


def test_reducing_aid_is_a_sanction():
    found = coded("The World Bank slashed aid to Malawi.")
    assert any(c[0] == "SANCTION" and c[2] == "MWI" for c in found), found
    assert "AID" not in types("The World Bank slashed aid to Malawi.")


# ---- withdrawals, repression, alerts ------------------------------------------------------------------


def test_a_withdrawal_from_a_state_is_from_it_not_by_it():
    found = coded("Russia speeded up the withdrawal of some forces from Georgia on Monday.")
    assert ("RETREAT", "RUS", "GEO", "reported") in found, found


@pytest.mark.parametrize("text, event", [
    ("Kenyan police dispersed a protest by opposition supporters in Nairobi.", ("COERCE", "KEN")),
    ("Egyptian police prevented the march on Sunday.", ("COERCE", "EGY")),
    ("Iraqi troops remained on alert near the border on Monday.", ("MOBILIZE", "IRQ")),
])
def test_repression_and_alerts(text, event):
    found = coded(text)
    assert any(c[:2] == event for c in found), found


def test_a_protest_not_dispersed_is_no_coercion():
    assert "COERCE" not in types("Turkish police did not disperse the protest.")


@pytest.mark.parametrize("text", [
    "Kenyan teachers held a general strike on Monday.",
    "Nigerian workers began a four-day strike over pay.",
])
def test_a_labour_strike_is_no_attack(text):
    assert "ASSAULT" not in types(text), coded(text)


def test_a_strike_on_a_place_stays_an_attack():
    assert "ASSAULT" in types("Russian missiles struck Kyiv on Monday.")
    assert "ASSAULT" in types("Israel carried out a 24-hour strike on Gaza.")


def test_accepting_a_partys_proposal_is_agreeing():
    assert ("AGREE", "SRB", "EU", "reported") in coded("Serbia accepted the EU's proposal on Monday.")


def test_accepting_demands_stays_a_concession():
    found = coded("Chad accepted the demands of Sudan on Monday.")
    assert "AGREE" not in {c[0] for c in found}, found


# ---- lawsuits and inspectors ---------------------------------------------------------------------


def test_a_lawsuit_is_an_accusation_not_an_arrest():
    found = coded("A Kenyan farmer is suing the British government over land seizures.")
    assert any(c[0] == "ACCUSE" and c[1:3] == ("KEN", "GBR") for c in found), found
    assert "COERCE" not in {c[0] for c in found}, found


def test_sending_inspectors_to_a_party_investigates_it():
    found = coded("The IAEA sent inspectors to Syria on Monday.")
    assert any(c[0] == "ACCUSE" and c[1:3] == ("IAEA", "SYR") for c in found), found
    assert "AID" not in {c[0] for c in found}, found


def test_an_organisation_and_its_own_spokesman_are_one_party():
    found = coded("The United Nations will investigate the camp, a UN spokesman said.")
    assert not [c for c in found if c[1] == c[2] == "UNO"], found
