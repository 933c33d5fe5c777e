"""Event types the coder missed on held-out news wording (issue 13): constructions rather than
sentences (an oath to act against someone, ...), each with the sentences it must not code.

Every sentence here is written for these tests.
"""

import pytest
from coding_checks import FACTS, coded, types

# ---- an oath to act against someone is a threat (CAMEO 13: PLOVER THREATEN) ----------------------


@pytest.mark.parametrize("text, event", [
    ("Hamas fighters vowed to attack Israel.", ("THREATEN", "HAMAS", "ISR", "reported")),
    ("The Taliban vowed to strike American bases.", ("THREATEN", "TALIBAN", "USA", "reported")),
    # (an "ethnic" people is coded to the state it lives in: test_extract_gsr_actors)
    ("Ethnic Albanians have sworn to fight the Macedonian army.", ("THREATEN", "MKD", "MKD", "reported")),
    ("Officials said Hamas had vowed to attack Israel.", ("THREATEN", "HAMAS", "ISR", "reported")),
])
def test_an_oath_to_attack_is_a_threat(text, event):
    found = coded(text)
    assert event in found, found
    assert not [c for c in found if c[0] == "ASSAULT" and c[3] in FACTS], found


@pytest.mark.parametrize("text, event", [
    # a cooperative oath stays a promise; a pledge or promise of a hostile act stays AGREE (planned)
    ("Iran vowed to hold talks with Saudi Arabia.", ("AGREE", "IRN", "SAU", "planned")),
    ("Israel promised to release Palestinian prisoners.", ("AGREE", "ISR", "PSE", "planned")),
    ("Russia pledged to impose sanctions on Georgia.", ("AGREE", "RUS", "GEO", "planned")),
])
def test_other_promises_stay_agree(text, event):
    found = coded(text)
    assert event in found, found
    assert "THREATEN" not in {c[0] for c in found}, found


def test_a_negated_oath_is_no_threat():
    assert not types("Hamas did not vow to attack Israel.") & {"THREATEN", "ASSAULT"}


@pytest.mark.parametrize("text, event", [
    # an oath of revenge or retaliation is a threat against its object
    ("Hamas vowed revenge on Israel.", ("THREATEN", "HAMAS", "ISR", "reported")),
    ("The Taliban swore vengeance against the United States.", ("THREATEN", "TALIBAN", "USA", "reported")),
    ("Hezbollah promised retaliation against Israel.", ("THREATEN", "HEZBOLLAH", "ISR", "reported")),
])
def test_an_oath_of_revenge_is_a_threat(text, event):
    assert event in coded(text)


# ---- destroying property: ASSAULT (CAMEO 1712, mode destroy) ----------------------------------------


@pytest.mark.parametrize("text, source", [
    ("Afghan guerillas blew up three main electric power lines leading into Kabul last month.", "AFG"),
    ("Rebels sabotaged an oil pipeline in Colombia.", "COL"),
    ("Guerrillas blew up a bridge near the Peruvian capital.", "PER"),
])
def test_blowing_up_or_sabotaging_property_is_an_assault(text, source):
    found = coded(text)
    assert [c for c in found if c[0] == "ASSAULT" and c[1] == source], found


@pytest.mark.parametrize("text", [
    "The deal could blow up in Germany's face.",
    "The dispute blew up after talks between Russia and Ukraine failed.",
    "Brazil did not sabotage the pipeline to Argentina, officials said.",
])
def test_a_figurative_or_negated_blow_up_is_no_assault(text):
    assert not [c for c in coded(text) if c[0] == "ASSAULT" and c[3] in FACTS]


# ---- rallying support is SUPPORT (CAMEO 053), mobilizing civilians is no MOBILIZE ------------------


@pytest.mark.parametrize("text, event", [
    ("Poland rallied support for Ukraine at the summit.", ("SUPPORT", "POL", "UKR", "reported")),
    ("Kenya rallied lobby groups behind Somalia.", ("SUPPORT", "KEN", "SOM", "reported")),
])
def test_rallying_support_for_a_party_is_support(text, event):
    found = coded(text)
    assert event in found, found
    assert "MOBILIZE" not in {c[0] for c in found}, found


@pytest.mark.parametrize("text", [
    "Turkey mobilized its reservists near the Syrian border.",
    "Russia mobilized troops along the border with Ukraine.",
])
def test_mobilizing_forces_stays_mobilize(text):
    assert "MOBILIZE" in types(text)


def test_support_for_a_measure_against_a_party_is_not_support_of_that_party():
    assert not [c for c in coded("Ukraine mobilized support for sanctions against Russia.")
                if c[0] == "SUPPORT" and "RUS" in c[1:3]]


@pytest.mark.parametrize("text", [
    "The government mobilized aid for Syria.",
    "Saudi Arabia has mobilized pressure groups in the United States to help support the Palestinians.",
    "Greek unions mobilized workers against the pension reform.",
])
def test_mobilizing_civilians_or_aid_is_no_mobilization(text):
    assert "MOBILIZE" not in types(text)


# ---- a petition or signature drive is political dissent (CAMEO 140) ---------------------------------


def test_collecting_signatures_is_a_protest():
    found = coded("The opposition in Lithuania began collecting signatures in a drive to amend the constitution.")
    assert ("PROTEST", "LTU", None, "reported") in found, found


def test_signatures_not_collected_are_no_protest():
    assert "PROTEST" not in types("The opposition in Lithuania did not collect signatures for the referendum.")


# ---- ordering a party to leave is an expulsion (CAMEO 166) ------------------------------------------


def test_telling_an_envoy_to_leave_is_an_expulsion():
    assert ("SANCTION", "NER", "FRA", "reported") in coded("Niger told the French ambassador to leave.")


def test_telling_someone_to_leave_a_room_names_no_party():
    assert not coded("The teacher told the students to leave the room.")


@pytest.mark.parametrize("text, event", [
    ("Eritrea drove the UN monitors out of the country in 2005.", ("SANCTION", "ERI", "UNO", "reported")),
    ("Mali threw the French ambassador out of the country.", ("SANCTION", "MLI", "FRA", "reported")),
    ("Russia kicked the OSCE mission out of its territory.", ("SANCTION", "RUS", "OSCE", "reported")),
])
def test_forcing_a_party_out_of_the_country_is_an_expulsion(text, event):
    assert event in coded(text), coded(text)


@pytest.mark.parametrize("text", [
    "Floods forced thousands of Pakistanis out of their homes.",  # no party does it, and homes are no country
    "The army forced the president out of office.",  # an ouster, not an expulsion
    "Sudan did not force the aid agencies out of the country.",  # negated
])
def test_out_of_office_homes_or_a_negated_expulsion_is_none(text):
    assert not [c for c in coded(text) if c[0] == "SANCTION" and c[3] in FACTS], coded(text)


# ---- a protest addressed to a party, an envoy summoned: an official complaint (CAMEO 114) ------------


@pytest.mark.parametrize("text, event", [
    ("Japan protested to China over the incursion.", ("ACCUSE", "JPN", "CHN", "reported")),
    ("Vietnam protested to Beijing about the new map.", ("ACCUSE", "VNM", "CHN", "reported")),
    ("Germany summoned Russia's ambassador over the cyber attack.", ("ACCUSE", "DEU", "RUS", "reported")),
    ("Poland summoned the Belarusian charge d'affaires on Tuesday.", ("ACCUSE", "POL", "BLR", "reported")),
])
def test_an_official_protest_is_an_accusation(text, event):
    found = coded(text)
    assert event in found, found
    assert "PROTEST" not in {c[0] for c in found}, found


@pytest.mark.parametrize("text", [
    "Kenyan students protested outside the embassy to demand visas from the United States.",
    "The court summoned the French ambassador as a witness.",
])
def test_a_street_protest_or_a_court_summons_is_no_official_complaint(text):
    assert "ACCUSE" not in types(text)


# ---- "may/might/could X if Y", said by the party itself: a conditional threat (CAMEO 13) -------------


@pytest.mark.parametrize("text, event", [
    ("The European Union may suspend aid to Niger if the junta does not release the president, the EU said.",
     ("THREATEN", "EU", "NER", "reported")),
    ("Turkey said it might close its border with Iraq if the attacks continued.", ("THREATEN", "TUR", "IRQ", "reported")),
])
def test_a_party_warning_it_may_act_on_a_condition_threatens(text, event):
    found = coded(text)
    assert event in found, found
    assert not [c for c in found if c[0] in ("SANCTION", "COERCE") and c[3] in FACTS], found


@pytest.mark.parametrize("text", [
    "Analysts said Russia may invade Ukraine if talks fail.",  # a guess by no party
    "Chinese officials said Japan might impose sanctions on North Korea if it tested a missile.",  # another's guess
    "The United States should impose sanctions on Iran if it enriches uranium, senators said.",  # an obligation
    "Japan said it may send aid to Turkey if asked.",  # a cooperative act: no threat, and not done
])
def test_a_guess_an_obligation_or_an_offer_on_a_condition_is_no_threat_and_no_fact(text):
    found = coded(text)
    assert "THREATEN" not in {c[0] for c in found}, found
    assert not [c for c in found if c[3] in FACTS and c[0] in ("ASSAULT", "SANCTION", "AID")], found


# ---- an actor's name inside a phrase's gap counts as one word -----------------------------------------


def test_an_actor_name_in_a_gap_counts_as_one_word():
    assert ("AGREE", "SRB", "EU", "reported") in coded("Serbia accepted the European Union's peace plan.")


def test_a_gap_still_stops_at_three_other_words():
    from newswatch.extract.patterns import GAP, _match_rest

    low = "accepted the very old and tired plan".split()
    assert _match_rest(low, 1, (GAP, frozenset(["plan"]))) is None
    # with "very old and" an actor's name (its first word counted), the plan is in reach
    assert _match_rest(low, 1, (GAP, frozenset(["plan"])), {3, 4}) == 7


# ---- granting asylum is AID (CAMEO 075, context asylum) ------------------------------------------------


@pytest.mark.parametrize("text, event", [
    ("Peru has granted diplomatic asylum to five Panamanian army officers.", ("AID", "PER", "PAN", "reported")),
    ("Germany gave refuge to 300 Afghan interpreters.", ("AID", "DEU", "AFG", "reported")),
    ("Sweden granted political asylum to two Russian journalists.", ("AID", "SWE", "RUS", "reported")),
])
def test_granting_asylum_is_aid(text, event):
    assert event in coded(text)


@pytest.mark.parametrize("text", [
    "Britain refused to grant asylum to the Nigerian dissident.",
    "Canada has not granted asylum to any Chinese diplomat.",
    "The court ruled that France must grant asylum to the Syrian family.",
])
def test_asylum_refused_denied_or_owed_is_no_aid(text):
    assert not [c for c in coded(text) if c[0] == "AID" and c[3] in FACTS]


# ---- "charged X with": an accusation; a crowd dispersed, political activity banned: repression ------


@pytest.mark.parametrize("text, event", [
    ("China charged Japan with distorting history.", ("ACCUSE", "CHN", "JPN", "reported")),
    ("Iran charged the United States with backing the rioters.", ("ACCUSE", "IRN", "USA", "reported")),
    ("Japan was charged by China with hiding the truth about the war.", ("ACCUSE", "CHN", "JPN", "reported")),
])
def test_charging_a_party_with_a_deed_is_an_accusation(text, event):
    assert event in coded(text)


def test_a_price_charged_is_no_accusation():
    assert "ACCUSE" not in types("Kenya charged Ugandan truck drivers with higher fees.")


@pytest.mark.parametrize("text, event", [
    ("Kenyan police dispersed opposition supporters with tear gas in Nairobi.", ("COERCE", "KEN", "KEN", "reported")),
    ("Turkish police dispersed thousands of Kurdish demonstrators in Istanbul.", ("COERCE", "TUR", "TUR", "reported")),
    ("The Nigerian government banned all political activity.", ("COERCE", "NGA", None, "reported")),
    ("The Egyptian government banned public gatherings in Cairo.", ("COERCE", "EGY", None, "reported")),
])
def test_dispersing_a_crowd_or_banning_political_activity_is_coercion(text, event):
    assert event in coded(text)


@pytest.mark.parametrize("text", [
    "The crowd dispersed peacefully after the speech in Nairobi.",
    "The Nigerian government did not ban political activity.",
])
def test_a_crowd_leaving_or_a_ban_not_made_is_no_coercion(text):
    assert not [c for c in coded(text) if c[0] == "COERCE" and c[3] in FACTS]


# ---- letting relief in is RETREAT/access (CAMEO 0863) -------------------------------------------------


def test_allowing_aid_flights_in_is_access():
    assert ("RETREAT", "SDN", "UNO", "reported") in coded("The Sudanese government allowed UN aid flights into the south.")


@pytest.mark.parametrize("text", [
    "Ethiopia did not allow aid convoys into Tigray.",
    "Egypt urged Israel to allow aid trucks into Gaza.",
])
def test_access_refused_or_asked_for_is_no_retreat(text):
    assert not [c for c in coded(text) if c[0] == "RETREAT" and c[3] in FACTS]


def test_a_criminal_charge_in_court_is_no_accusation_between_parties():
    assert "ACCUSE" not in types("The Kenyan court charged two Ugandans with murder.")


# ---- "critical of", "said no to", approving a deal, giving up a claim, a magazine closed ---------------


@pytest.mark.parametrize("text, event", [
    ("India has been critical of Pakistan's support for militants in Kashmir.", ("ACCUSE", "IND", "PAK", "reported")),
    ("Germany was highly critical of the Russian plan.", ("ACCUSE", "DEU", "RUS", "reported")),
    ("Iran said no to American demands.", ("REJECT", "IRN", "USA", "reported")),
    ("Serbia said no to the international peace plan.", ("REJECT", "SRB", None, "reported")),
    ("The Ukrainian parliament endorsed the agreement with Russia on the fleet.", ("AGREE", "UKR", "RUS", "reported")),
    ("The Serbs gave up their claim to the territory.", ("CONCEDE", "SRB", None, "reported")),
    ("The Chinese government closed down a pro-democracy magazine in Hong Kong.", ("COERCE", "CHN", "HKG", "reported")),
])
def test_more_wordings_of_disapproval_refusal_agreement_concession_and_censorship(text, event):
    assert event in coded(text)


@pytest.mark.parametrize("text, not_type", [
    ("The report was critical of the police in Kenya.", "ACCUSE"),
    ("It is critical of the talks with Iran that Europe stays united.", "ACCUSE"),
    ("Kenya said no further talks were planned with Somalia.", "REJECT"),
    ("Morocco gave up its bid to host the World Cup.", "CONCEDE"),
])
def test_the_same_words_in_another_sense_code_nothing(text, not_type):
    assert not_type not in types(text)


# ---- a treaty of friendship states a relationship: SUPPORT (CAMEO 057/050); a deal with content: AGREE --


@pytest.mark.parametrize("text, pair", [
    ("Russia and China signed a treaty of good-neighbourliness and friendly cooperation.", {"RUS", "CHN"}),
    ("India signed a friendship treaty with Bangladesh.", {"IND", "BGD"}),
    ("Russia and Belarus signed a friendship pact on Friday.", {"RUS", "BLR"}),
])
def test_a_friendship_treaty_is_support(text, pair):
    found = coded(text)
    assert [c for c in found if c[0] == "SUPPORT" and {c[1], c[2]} == pair and c[3] in FACTS], found
    assert "AGREE" not in {c[0] for c in found}, found


@pytest.mark.parametrize("text", [
    "Russia and India signed an arms deal worth 5 billion dollars.",
    "Egypt and Israel signed a peace treaty.",
    "Germany and France signed a cooperation agreement on energy.",
])
def test_a_deal_with_content_stays_agree(text):
    assert "AGREE" in types(text) and "SUPPORT" not in types(text)


def test_a_friendship_treaty_not_signed_is_no_event():
    assert not [c for c in coded("Russia and Ukraine did not sign the friendship treaty.") if c[3] in FACTS]


# ---- an oath to fight on, with or without a named enemy, is a threat of force ------------------------


@pytest.mark.parametrize("text, event", [
    ("Kurdish rebels vowed to fight on until Turkey grants them autonomy.", ("THREATEN", "TUR", None, "reported")),
    ("Hezbollah swore to fight on until Israel leaves the Shebaa Farms.", ("THREATEN", "HEZBOLLAH", None, "reported")),
    ("The Taliban vowed to keep fighting the Afghan government.", ("THREATEN", "TALIBAN", "AFG", "reported")),
])
def test_an_oath_to_fight_is_a_threat_made(text, event):
    found = coded(text)
    assert event in found, found
    assert not [c for c in found if c[0] == "ASSAULT" and c[3] in FACTS], found


@pytest.mark.parametrize("text", [
    "The Kenyan president vowed to fight corruption.",
    "Brazil vowed to fight the ruling in court.",
    "Chechen rebels vowed to fight for independence.",
    "Hamas did not vow to fight.",
])
def test_a_fight_against_an_ill_or_a_ruling_or_for_a_cause_or_not_vowed_is_no_threat(text):
    assert "THREATEN" not in types(text)


# ---- "dismissed": a proposal rejected, never an official removed from office; a hunger strike announced --


@pytest.mark.parametrize("text, event", [
    ("Serbia dismissed the ultimatum from NATO.", ("REJECT", "SRB", "NATO", "reported")),
    ("Israel dismissed the Palestinian proposal.", ("REJECT", "ISR", "PSE", "reported")),
    ("Belarus opposition activists announced a hunger strike.", ("PROTEST", "BLR", None, "reported")),
])
def test_a_dismissed_proposal_is_a_rejection_and_an_announced_hunger_strike_a_protest(text, event):
    assert event in coded(text)


@pytest.mark.parametrize("text", [
    "The Nepalese king dismissed the government and assumed power.",
    "Russian President Boris Yeltsin dismissed his prime minister.",
    "Syria dismissed the report by the UN.",  # a claim dismissed is a denial, not a REJECT
])
def test_an_official_dismissed_from_office_or_a_report_dismissed_is_no_rejection(text):
    assert "REJECT" not in types(text)


# ---- condolences are no promise; proposing talks is an intent to meet; blocking a bid is a refusal ------


@pytest.mark.parametrize("text", [
    "Russia offered condolences to the United States after the attacks.",
    "Japan offered sympathy to the Turkish people.",
])
def test_condolences_offered_are_no_agreement(text):
    assert "AGREE" not in types(text)


@pytest.mark.parametrize("text, event", [
    ("Iran proposed talks with Saudi Arabia on regional security.", ("AGREE", "IRN", "SAU", "planned")),
    ("Greece blocked Macedonia's bid to join NATO.", ("REJECT", "GRC", "MKD", "reported")),
    ("China blocked the UN resolution on Syria.", ("REJECT", "CHN", "UNO", "reported")),
])
def test_a_proposal_to_meet_is_agree_and_a_blocked_bid_is_reject(text, event):
    assert event in coded(text)


@pytest.mark.parametrize("text, not_type", [
    ("Iran did not propose talks with Saudi Arabia.", "AGREE"),
    ("Turkey did not block Finland's accession to NATO.", "REJECT"),
    ("Protesters blocked the road to the Turkish border.", "REJECT"),
])
def test_no_proposal_no_block_or_a_road_blocked(text, not_type):
    assert not [c for c in coded(text) if c[0] == not_type and c[3] in FACTS + ("planned",)]


def test_a_threat_to_block_is_a_threat_not_a_refusal():
    found = coded("Hungary threatened to block Sweden's NATO membership.")
    assert ("THREATEN", "HUN", "SWE", "reported") in found, found
    assert "REJECT" not in {c[0] for c in found}, found


# ---- shooting aimed at a party, the weapon unsaid ----------------------------------------------------


@pytest.mark.parametrize("text, event", [
    ("Palestinian gunmen fired at an Israeli bus near Hebron.", ("ASSAULT", "PSE", "ISR", "reported")),
    ("Greek coastguards shot at a Turkish fishing boat.", ("ASSAULT", "GRC", "TUR", "reported")),
])
def test_firing_at_a_party_is_an_assault(text, event):
    assert event in coded(text)


@pytest.mark.parametrize("text", [
    "The Kenyan minister was fired at the weekend.",
    "Israeli soldiers did not fire at the Lebanese protesters, the army said.",
])
def test_a_dismissal_or_a_denied_shooting_is_no_assault(text):
    assert not [c for c in coded(text) if c[0] == "ASSAULT" and c[3] in FACTS]


# ---- light verbs: a march led, a protest mounted, a military operation against a party ----------------


@pytest.mark.parametrize("text, event", [
    ("Iraqi Shiites led a march through Baghdad against the occupation.", ("PROTEST", "IRQ", "IRQ", "reported")),
    ("Kenyan opposition parties mounted a protest outside parliament in Nairobi.", ("PROTEST", "KEN", "KEN", "reported")),
    ("Turkey conducted a military operation against Kurdish rebels in Iraq.", ("ASSAULT", "TUR", "IRQ", "reported")),
])
def test_light_verbs_with_a_march_a_protest_or_an_operation_against(text, event):
    assert event in coded(text)


@pytest.mark.parametrize("text, not_type", [
    ("Turkey held elections in March in Ankara.", "PROTEST"),  # the month, never the march
    ("Kenya will hold a referendum in March on the constitution.", "PROTEST"),
    ("Kenya launched a rescue operation in Somalia.", "ASSAULT"),
    ("The UN began a peacekeeping operation in Congo.", "ASSAULT"),
    ("Iraq did not launch an operation against Kuwait.", "ASSAULT"),
])
def test_a_month_a_rescue_a_peacekeeping_or_a_negated_operation_codes_nothing(text, not_type):
    assert not [c for c in coded(text) if c[0] == not_type and c[3] in FACTS + ("planned",)]


# ---- forces withdrawing from a place (CAMEO 0874: retreat or surrender militarily) ------------------


@pytest.mark.parametrize("text, event", [
    ("Ethiopian troops withdrew from Somalia in January.", ("RETREAT", "ETH", "SOM", "reported")),
    ("Russian forces pulled back from Kherson on Friday.", ("RETREAT", "RUS", "UKR", "reported")),
    ("Israel pulled out of Gaza in 2005.", ("RETREAT", "ISR", "PSE", "reported")),
])
def test_forces_withdrawing_from_a_place_retreat_from_its_state(text, event):
    assert event in coded(text), coded(text)


@pytest.mark.parametrize("text", [
    "Iran withdrew from the talks.",  # no party to retreat from
    "Russia did not withdraw from Ukraine.",  # negated
])
def test_withdrawing_from_talks_or_a_negated_withdrawal_is_no_retreat(text):
    assert not [c for c in coded(text) if c[0] == "RETREAT" and c[3] in FACTS], coded(text)


def test_regret_or_reservations_voiced_over_a_partys_act_is_a_complaint_but_regret_for_ones_own_is_not():
    assert ("ACCUSE", "KEN", "UGA", "reported") in coded("Kenya expressed regret over Uganda's decision to close the border.")
    assert ("ACCUSE", "JPN", "CHN", "reported") in coded("Japan voiced reservations about China's plan.")
    assert not [c for c in coded("Germany expressed regret for its colonial crimes in Namibia.") if c[0] == "ACCUSE"]
