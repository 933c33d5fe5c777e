"""Dictionary gaps: ways news states PLOVER events that the dictionaries lacked ("called for", "ruled
out", "out of the question", "will no longer tolerate", ...), and the sentences they must not code.

Every sentence here is written for these tests.
"""

import pytest
from coding_checks import FACTS, PUBLISHED, coded, types

from newswatch.extract import extract_events

# ---- "call for": a demand (CAMEO 1x), and what is called for is no fact -----------------------------


@pytest.mark.parametrize("text, event", [
    ("Kenya called for sanctions against Sudan on Monday.", ("REQUEST", "KEN", "SDN", "reported")),
    ("Norway called for talks with Venezuela.", ("REQUEST", "NOR", "VEN", "reported")),
    ("France called for calm in Lebanon.", ("REQUEST", "FRA", None, "reported")),
])
def test_calling_for_an_act_is_a_request(text, event):
    found = coded(text)
    assert event in found, found


def test_sanctions_called_for_are_not_imposed():
    found = coded("Kenya called for sanctions against Sudan on Monday.")
    assert not [c for c in found if c[0] == "SANCTION" and c[3] in FACTS], found


def test_a_plan_that_calls_for_elections_is_no_request():
    assert "REQUEST" not in types("The plan calls for elections in Iraq next year.")


# ---- "rule out": a refusal, and the act ruled out is no fact ----------------------------------------


@pytest.mark.parametrize("text, event", [
    ("Germany ruled out talks with Russia.", ("REJECT", "DEU", "RUS", "reported")),
    ("Hungary ruled out sending troops to Ukraine.", ("REJECT", "HUN", "UKR", "reported")),
])
def test_ruling_out_is_a_rejection(text, event):
    found = coded(text)
    assert event in found, found


@pytest.mark.parametrize("text", [
    "Hungary ruled out sending troops to Ukraine.",
    "Germany ruled out talks with Russia.",
])
def test_what_is_ruled_out_is_no_fact(text):
    found = coded(text)
    assert not [c for c in found if c[0] in ("AID", "CONSULT") and c[3] in FACTS], found


def test_not_ruling_out_is_no_rejection():
    assert "REJECT" not in types("Hungary has not ruled out sending troops to Ukraine.")


# ---- "out of the question": a refusal stated as a predicate, by the speaker --------------------------


def test_out_of_the_question_is_the_speakers_rejection():
    found = coded("Japan said new talks with North Korea were out of the question.")
    assert ("REJECT", "JPN", None, "confirmed") in found, found


# ---- "will no longer tolerate": a warning of a crackdown (CAMEO 13) ----------------------------------


@pytest.mark.parametrize("text, event", [
    ("Kenya will no longer tolerate attacks by Somalia.", ("THREATEN", "KEN", "SOM", "planned")),
    ("Kenya said Nairobi would no longer tolerate attacks by Somalia.", ("THREATEN", "KEN", "SOM", "planned")),
])
def test_no_longer_tolerating_is_a_threat(text, event):
    found = coded(text)
    assert event in found, found


def test_no_longer_accepting_refugees_is_no_threat():
    assert "THREATEN" not in types("The ministry said Ghana would no longer accept refugees from Togo.")


def test_calling_off_a_visit_stays_a_sanction():
    found = coded("Norway called off the visit to Venezuela.")
    assert ("SANCTION", "NOR", "VEN", "reported") in found, found
    assert "SANCTION" not in types("Norway called for talks with Venezuela.")


# ---- contributing troops to a force: AID/peacekeeping (CAMEO 074) -----------------------------------


@pytest.mark.parametrize("text, event", [
    ("Nepal contributed 800 peacekeepers to the UN force in Lebanon.", ("AID", "NPL", "UNO", "reported")),
    ("Ghana will contribute 500 troops to the UN mission in Mali.", ("AID", "GHA", "UNO", "planned")),
    # a stated readiness to contribute is an intent: AGREE (the project's convention for commitments)
    ("Ghana is ready to contribute 500 troops to a peacekeeping force in Mali.", ("AGREE", "GHA", "MLI", "planned")),
])
def test_contributing_troops_is_peacekeeping_aid(text, event):
    found = coded(text)
    assert event in found, found


@pytest.mark.parametrize("text", [
    "Analysts said the policy contributed to tensions with China.",
    "The company committed funds to the project in Kenya.",
])
def test_contributing_to_an_outcome_is_no_aid(text):
    assert "AID" not in types(text)


# ---- violating a ceasefire: ASSAULT (CAMEO 196) ----------------------------------------------------


@pytest.mark.parametrize("text, event", [
    ("Russia broke the ceasefire in eastern Ukraine.", ("ASSAULT", "RUS", "UKR", "reported")),
    ("Ethiopian forces violated the ceasefire with Eritrea, monitors said.", ("ASSAULT", "ETH", "ERI", "alleged")),
    ("Both the Sudanese army and the rebels are accused of violating the truce.", ("ASSAULT", "SDN", None, "alleged")),
])
def test_violating_a_ceasefire_is_an_assault(text, event):
    found = coded(text)
    assert event in found, found


def test_a_ceasefire_not_violated_is_no_assault():
    found = coded("Russia has not violated the ceasefire in eastern Ukraine.")
    assert not [c for c in found if c[0] == "ASSAULT" and c[3] in FACTS], found


# ---- allowing a protest: CONCEDE (CAMEO 0811/082, easing restrictions on dissent) ------------------


def test_allowing_rallies_is_a_concession():
    found = coded("The Egyptian government allowed opposition rallies in Cairo.")
    assert ("CONCEDE", "EGY", "EGY", "reported") in found, found


def test_not_allowing_rallies_is_no_concession():
    assert "CONCEDE" not in types("The Egyptian government did not allow opposition rallies in Cairo.")


# ---- fighting named as a noun between two parties: ASSAULT ------------------------------------------


@pytest.mark.parametrize("text, event", [
    ("Fierce fighting broke out between Armenian and Azerbaijani forces.", ("ASSAULT", "ARM", "AZE", "reported")),
    ("Serbian police reported clashes with Albanian rebels in Kosovo.", ("ASSAULT", "SRB", "ALB", "confirmed")),
])
def test_fighting_between_two_parties_is_an_assault(text, event):
    found = coded(text)
    assert event in found, found


@pytest.mark.parametrize("text", [
    "Fighting against poverty is a priority for Kenya.",
    "The Ukrainian president vowed to keep fighting corruption.",
])
def test_fighting_a_social_ill_is_no_assault(text):
    assert "ASSAULT" not in types(text)


def test_opening_fire_on_a_party_is_an_assault():
    found = coded("Syrian troops opened fire on Turkish soldiers at the border.")
    assert ("ASSAULT", "SYR", "TUR", "reported") in found, found
    assert "ASSAULT" not in types("The new museum opened to fire enthusiasts in London.")


# ---- declaring a ceasefire: RETREAT/ceasefire (CAMEO 0871) -----------------------------------------


@pytest.mark.parametrize("text, event", [
    ("Israel and Syria declared a ceasefire on Tuesday.", ("RETREAT", "ISR", "SYR", "reported")),
    ("Hamas declared a unilateral truce with Israel.", ("RETREAT", "HAMAS", "ISR", "reported")),
])
def test_declaring_a_ceasefire_is_a_retreat(text, event):
    found = coded(text)
    assert event in found, found


def test_a_ceasefire_not_declared_is_no_fact():
    found = coded("Israel has not declared a ceasefire with Syria.")
    assert not [c for c in found if c[0] == "RETREAT" and c[3] in FACTS], found


# ---- appealing for help: REQUEST ---------------------------------------------------------------------


def test_appealing_for_aid_is_a_request():
    found = coded("Iraq appealed for aid from Kuwait.")
    assert ("REQUEST", "IRQ", "KWT", "reported") in found, found
    assert not [c for c in found if c[0] == "AID" and c[3] in FACTS], found


# ---- welcoming another party's decision: SUPPORT (CAMEO 051); a visitor welcomed is hosted ---------


def test_welcoming_a_decision_is_support():
    found = coded("The United States welcomed the decision by India.")
    assert ("SUPPORT", "USA", "IND", "reported") in found, found


def test_welcoming_a_visitor_is_no_support():
    assert "SUPPORT" not in types("Romania welcomed the Moldovan president in Bucharest.")


# ---- drills held by two named parties: COOPERATE; one party alone: nothing here ---------------------


@pytest.mark.parametrize("text, event", [
    ("Russia and China held war games in the Pacific.", ("COOPERATE", "RUS", "CHN", "reported")),
    ("Japan held naval drills with Australia.", ("COOPERATE", "JPN", "AUS", "reported")),
])
def test_drills_of_two_parties_are_cooperation(text, event):
    found = coded(text)
    assert event in found, found


def test_drills_of_one_party_are_no_cooperation():
    assert "COOPERATE" not in types("Russia held drills near Ukraine.")


# ---- administrative restrictions and closed borders: COERCE/restrict (CAMEO 172) --------------------


@pytest.mark.parametrize("text, event", [
    ("The United States imposed travel restrictions on Cuban officials.", ("COERCE", "USA", "CUB", "reported")),
    ("Poland sealed its border with Belarus on Friday.", ("COERCE", "POL", "BLR", "reported")),
    ("Nigeria closed its border with Benin.", ("COERCE", "NGA", "BEN", "reported")),
])
def test_restrictions_and_closed_borders_are_coercion(text, event):
    found = coded(text)
    assert event in found, found


@pytest.mark.parametrize("text", [
    "The company closed its factory in Kenya.",
    "Egypt has not closed the Rafah crossing into Gaza.",
])
def test_a_closed_factory_or_a_border_not_closed_is_no_coercion(text):
    found = coded(text)
    assert not [c for c in found if c[0] == "COERCE" and c[3] in FACTS], found


def test_easing_restrictions_stays_a_concession():
    assert "COERCE" not in types("The Kenyan central bank eased restrictions on foreign currency.")


# ---- lifting a blockade or a closure: RETREAT/withdraw (CAMEO 0872) ---------------------------------


def test_lifting_a_closure_is_a_retreat():
    found = coded("Israel lifted the closure of the West Bank.")
    assert ("RETREAT", "ISR", "PSE", "reported") in found, found
    assert "RETREAT" not in types("Israel reimposed the closure of the West Bank.")


# ---- seeking an act or help from a party: REQUEST ---------------------------------------------------


@pytest.mark.parametrize("text, event", [
    ("Kenya sought extradition of the suspects from Uganda.", ("REQUEST", "KEN", "UGA", "reported")),
    ("Iran sought an apology from Britain for the seizure.", ("REQUEST", "IRN", "GBR", "reported")),
    ("Ghana is seeking financial assistance from the IMF.", ("REQUEST", "GHA", "IMF", "reported")),
])
def test_seeking_an_act_from_a_party_is_a_request(text, event):
    found = coded(text)
    assert event in found, found


# ---- returning or swapping captives: RETREAT/release (CAMEO 0841) -----------------------------------


@pytest.mark.parametrize("text, event", [
    ("Ethiopia returned the captured soldiers to Eritrea.", ("RETREAT", "ETH", "ERI", "reported")),
    ("Russia and Ukraine swapped dozens of prisoners of war.", ("RETREAT", "RUS", None, "reported")),
])
def test_returning_captives_is_a_release(text, event):
    found = coded(text)
    assert event in found, found


@pytest.mark.parametrize("text", [
    "The soldiers returned to their barracks in Mali.",
    "Kenya did not return the prisoners to Uganda.",
])
def test_soldiers_going_home_or_captives_kept_are_no_release(text):
    found = coded(text)
    assert not [c for c in found if c[0] == "RETREAT" and c[3] in FACTS], found


# ---- "house arrest" is a noun: placing under it is COERCE/arrest, freeing from it is none ---------------


def test_placing_under_house_arrest_is_an_arrest():
    found = coded("The Burmese junta placed the Thai journalist under house arrest.")
    assert ("COERCE", "MMR", "THA", "reported") in found, found


def test_release_from_house_arrest_is_no_arrest():
    assert "COERCE" not in types("The Burmese junta released Aung San Suu Kyi from house arrest.")


# ---- onlookers: the subject of "dispersed/allowed/criticised the protest" did not protest ----------


@pytest.mark.parametrize("text, onlooker", [
    ("Egyptian police dispersed a rally in Cairo on Friday.", "EGY"),
    ("Georgian authorities allowed the demonstration in Tbilisi on Sunday.", "GEO"),
    ("The Polish government criticised the protests in Warsaw.", "POL"),
    ("Hungarian police monitored the march in Budapest.", "HUN"),
    ("Chile condemned the talks with Bolivia.", "CHL"),  # nor does the classifier make it a party
])
def test_an_onlooker_is_not_the_doer_of_the_event_it_acts_on(text, onlooker):
    found = coded(text)
    assert not [c for c in found if c[0] in ("PROTEST", "CONSULT") and c[1] == onlooker], found


@pytest.mark.parametrize("text, event", [
    ("Kenyan opposition supporters staged a protest in Nairobi on Tuesday.", ("PROTEST", "KEN", "KEN", "reported")),
    ("Cuban dissidents held a rally outside the Spanish embassy.", ("PROTEST", "CUB", "ESP", "reported")),
    ("Chile held talks with Bolivia on Monday.", ("CONSULT", "CHL", "BOL", "reported")),
])
def test_the_subject_of_a_support_verb_still_does_the_event(text, event):
    found = coded(text)
    assert event in found, found


def test_who_an_onlooker_watches_keeps_the_event():
    found = coded("China condemned the talks between Japan and Taiwan.")
    assert ("CONSULT", "JPN", "TWN", "reported") in found, found
    assert not [c for c in found if c[0] == "CONSULT" and c[1] == "CHN"], found


# ---- official complaints and stated disapproval (CAMEO 111/114): ACCUSE ------------------------------


@pytest.mark.parametrize("text, event", [
    ("Chile lodged a formal complaint with Peru over the fishing boats.", ("ACCUSE", "CHL", "PER", "reported")),
    ("Norway voiced concern over Russia's military build-up.", ("ACCUSE", "NOR", "RUS", "reported")),
    ("Thailand complained to Cambodia about the border shelling.", ("ACCUSE", "THA", "KHM", "reported")),
    ("The Greek premier lashed out at Turkey on Wednesday.", ("ACCUSE", "GRC", "TUR", "reported")),
    ("Ghana held Togo responsible for the border incident.", ("ACCUSE", "GHA", "TGO", "reported")),
    ("Bolivia alleged that Chile was spying on its navy.", ("ACCUSE", "BOL", "CHL", "reported")),
    ("Uganda deplored Kenya's decision to close the border.", ("ACCUSE", "UGA", "KEN", "reported")),
])
def test_complaints_and_disapproval_are_accusations(text, event):
    found = coded(text)
    assert event in found, found


def test_a_formal_protest_is_no_demonstration():
    found = coded("Chile lodged a formal protest with Peru over the fishing boats.")
    assert ("ACCUSE", "CHL", "PER", "reported") in found, found
    assert "PROTEST" not in {c[0] for c in found}, found


@pytest.mark.parametrize("text", [
    "Norway did not voice concern over Russia's military build-up.",
    "Will Thailand complain to Cambodia about the shelling?",
])
def test_a_complaint_not_made_is_no_fact(text):
    found = coded(text)
    assert not [c for c in found if c[0] == "ACCUSE" and c[3] in FACTS], found


def test_concern_about_no_party_codes_nothing():
    assert "ACCUSE" not in types("Norway voiced concern over the rising oil price.")


# ---- fighting stated as a verb, and the rest of the violence family (CAMEO 18x/19x/20x) ---------------


@pytest.mark.parametrize("text, event", [
    ("Eritrean troops clashed with Ethiopian forces near the border.", ("ASSAULT", "ERI", "ETH", "reported")),
    ("Sudanese soldiers fought against Chadian rebels on Sunday.", ("ASSAULT", "SDN", "TCD", "reported")),
    ("Thai troops exchanged fire with Cambodian soldiers.", ("ASSAULT", "THA", "KHM", "reported")),
    ("Indonesian police stormed the Australian embassy compound.", ("ASSAULT", "IDN", "AUS", "reported")),
    ("Turkish artillery fired shells at targets in northern Syria.", ("ASSAULT", "TUR", "SYR", "reported")),
])
def test_fighting_verbs_are_assaults(text, event):
    found = coded(text)
    assert event in found, found


@pytest.mark.parametrize("text", [
    "Kenya promised to fight corruption.",
    "Chile will battle the forest fires with new aircraft.",
    "Eritrean troops did not clash with Ethiopian forces, Asmara said.",
])
def test_fighting_an_ill_or_a_fire_is_no_assault(text):
    found = coded(text)
    assert not [c for c in found if c[0] == "ASSAULT" and c[3] in FACTS], found


# ---- places: "in southern Lebanon" is a place, as "in Lebanon" is ---------------------------------------


@pytest.mark.parametrize("text, event", [
    ("Syrian jets bombed villages in northern Lebanon.", ("ASSAULT", "SYR", "LBN", "reported")),
    ("Kenyan aircraft struck camps in southern Somalia.", ("ASSAULT", "KEN", "SOM", "reported")),
])
def test_a_compass_adjective_keeps_the_place(text, event):
    found = coded(text)
    assert event in found, found


# ---- demonyms of every state ("Eritrean", "Croat", "Icelandic") ----------------------------------------


@pytest.mark.parametrize("text, event", [
    ("Eritrean forces attacked Djiboutian troops.", ("ASSAULT", "ERI", "DJI", "reported")),
    ("Croat forces shelled the town.", ("ASSAULT", "HRV", None, "reported")),
    ("Iceland accused British trawlers of fishing in its waters.", ("ACCUSE", "ISL", "GBR", "reported")),
])
def test_demonyms_of_smaller_states_name_them(text, event):
    found = coded(text)
    assert event in found, found


# ---- a number with thousands separators is one token ("4,000 troops") ---------------------------------


def test_a_thousands_number_does_not_cut_the_phrase():
    found = coded("Ghana will contribute 1,200 troops to the peacekeeping force in Mali.")
    assert [c for c in found if c[:3] == ("AID", "GHA", "MLI")], found


def test_a_readiness_to_contribute_troops_is_an_agreement():
    found = coded("Senegal is ready to contribute up to 2,500 soldiers to a peacekeeping force in Gambia.")
    assert [c for c in found if c[:3] == ("AGREE", "SEN", "GMB")], found
    assert not [c for c in found if c[0] == "AID" and c[3] in FACTS], found


# ---- verb families added for unseen news: repression, protest, settlement, compliance, defiance -------


@pytest.mark.parametrize("text, event", [
    ("Algerian police rounded up dozens of Islamist activists.", ("COERCE", "DZA")),
    ("Uzbek security forces cracked down on the opposition.", ("COERCE", "UZB")),
    ("Tunisia outlawed the main Islamist party.", ("COERCE", "TUN")),
    ("Belarus shut down two independent newspapers.", ("COERCE", "BLR")),
    ("Turkish prisoners began a hunger strike on Monday.", ("PROTEST", "TUR")),
    ("Thousands of Bolivians gathered for a rally in La Paz.", ("PROTEST", "BOL")),
    ("Peru and Ecuador settled their border dispute.", ("AGREE", "PER")),
    ("Libya complied with the UN demands.", ("CONCEDE", "LBY")),
    ("Serbia defied the UN resolution.", ("REJECT", "SRB")),
    ("Japan apologised to China for the wartime abuses.", ("SUPPORT", "JPN")),
    ("Germany recognised the independence of Slovenia.", ("SUPPORT", "DEU")),
    ("Bosnian Muslims pleaded with NATO for protection.", ("REQUEST", "BIH")),
])
def test_verb_families_of_unseen_news(text, event):
    found = coded(text)
    assert [c for c in found if c[:2] == event and c[3] in FACTS], found


@pytest.mark.parametrize("text, kind", [
    ("Tunisia did not outlaw the Islamist party.", "COERCE"),
    ("Will Peru and Ecuador settle their border dispute?", "AGREE"),
    ("Libya refused to comply with the UN demands.", "CONCEDE"),
    ("Japan has never apologised to China for the abuses.", "SUPPORT"),
    ("Belarus plans to shut down two newspapers.", "COERCE"),
])
def test_those_families_negated_planned_or_asked_are_no_fact(text, kind):
    found = coded(text)
    assert not [c for c in found if c[0] == kind and c[3] in FACTS], found


def test_exchanging_fire_is_no_prisoner_release():
    found = coded("Thai troops exchanged fire with Cambodian soldiers.")
    assert "RETREAT" not in {c[0] for c in found}, found


# ---- actor classes: peacekeeping forces, armed groups and parties of the 1990s-2000s -------------------


@pytest.mark.parametrize("text, event", [
    ("KFOR troops arrested two Serbs in Mitrovica.", ("COERCE", "NATO")),
    ("ECOMOG troops attacked rebel positions in Liberia.", ("ASSAULT", "WAS")),
    ("The GIA attacked a police post in Algeria.", ("ASSAULT", "DZA")),
    ("Likud rejected the peace plan on Sunday.", ("REJECT", "ISR")),
    ("Likud called for talks with Egypt.", ("REQUEST", "ISR")),
])
def test_forces_groups_and_parties_are_actors(text, event):
    found = coded(text)
    assert [c for c in found if c[:2] == event], found


# ---- a sentence led by an acronym actor ("The SPLA called for ...") has its main verb ------------------


@pytest.mark.parametrize("text, event", [
    ("The MILF called for talks with Malaysia.", ("REQUEST", "PHL", "MYS", "reported")),
    ("The KFOR detained two Serb gunmen.", ("COERCE", "NATO", "SRB", "reported")),
])
def test_an_acronym_subject_keeps_its_verb_active(text, event):
    found = coded(text)
    assert event in found, found


def test_a_request_for_a_later_act_was_made():
    found = coded("Chile urged Bolivia to hold talks next year.")
    assert ("REQUEST", "CHL", "BOL", "reported") in found, found


def test_a_request_still_to_be_made_is_planned():
    found = coded("Chile will urge Bolivia to hold talks next year.")
    assert not [c for c in found if c[0] == "REQUEST" and c[3] in FACTS], found


# ---- an attack with no named doer: the unidentified armed force of the place (CAMEO's UAF) ------------


@pytest.mark.parametrize("text, source, target", [
    ("Gunmen killed twelve villagers in northern Burundi.", "BDI", None),
    ("A suicide bomber stormed a police station in Peshawar.", "PAK", None),
    ("Four Afghan soldiers were killed in a roadside bombing in Kandahar.", "AFG", "AFG"),
])
def test_an_unnamed_attacker_is_the_places_unidentified_force(text, source, target):
    found = [e for e in extract_events(text, PUBLISHED) if e.event_type == "ASSAULT"]
    assert [(e.actor1_code, e.actor1_sector) for e in found] and found[0].actor1_code == source, found
    assert found[0].actor1_sector == "UAF", found
    assert target is None or target in {e.actor2_code for e in found}, found


@pytest.mark.parametrize("text", [
    "Two people were killed in a car crash in Kandahar.",
    "Floods killed forty people in northern Burundi.",
    "The government plans new roads in Peshawar.",
    "Gunmen may attack polling stations in Peshawar, officials fear.",
])
def test_no_unnamed_attacker_for_a_mishap_or_a_fear(text):
    found = coded(text)
    assert not [c for c in found if c[0] == "ASSAULT" and c[3] in FACTS], found


# ---- a bare agent noun as the doer, in a sentence about one state only (CAMEO's EGYCOP, UGAREB) --------


@pytest.mark.parametrize("text, source, sector", [
    ("Police detained forty students in Lagos on Monday.", "NGA", "COP"),
    ("Rebels attacked an army post in eastern Chad.", "TCD", "REB"),
    ("Militants stormed a police station in Peshawar.", "PAK", "REB"),
    ("Protesters burned tyres in Kathmandu to demand new elections.", "NPL", "OPP"),
])
def test_a_bare_agent_is_the_one_named_states(text, source, sector):
    found = [e for e in extract_events(text, PUBLISHED) if e.claim_status in FACTS]
    assert [(e.actor1_code, e.actor1_sector) for e in found if (e.actor1_code, e.actor1_sector) == (source, sector)], \
        [(e.event_type, e.actor1_code, e.actor1_sector) for e in found]


@pytest.mark.parametrize("text", [
    "Police detained forty Kenyan students in Lagos.",  # two states: whose police is a guess
    "Police said rebels attacked an army post in Chad.",  # the police speak, the rebels act
    "Police did not detain the students in Lagos.",
    "Two people were killed in a car crash in Kandahar.",  # the people are the victims
])
def test_no_bare_agent_doer_when_unsure(text):
    found = [e for e in extract_events(text, PUBLISHED) if e.claim_status in FACTS]
    assert not [e for e in found if e.actor1_sector == "COP"], [(e.event_type, e.actor1_code, e.actor1_sector) for e in found]


# ---- a stated refusal of one's own cooperative act ("will not allow", "said it would not send") --------


@pytest.mark.parametrize("text, event", [
    ("Libya will not allow UN inspectors into its sites, Tripoli said.", ("REJECT", "LBY")),
    ("Norway said it would not send troops to Mali.", ("REJECT", "NOR")),
    ("Chile said it would not accept the observers proposed by Peru.", ("REJECT", "CHL")),
])
def test_a_stated_refusal_is_a_rejection(text, event):
    found = coded(text)
    assert [c for c in found if c[:2] == event and c[3] == "reported"], found
    assert not [c for c in found if c[0] in ("AID", "RETREAT", "AGREE") and c[3] in FACTS], found


@pytest.mark.parametrize("text", [
    "US officials said Libya would not allow inspectors into its sites.",  # a guess about Libya
    "Norway did not send troops to Mali.",  # a past negation: no act, and no refusal stated
    "Norway would not send troops to Mali if asked.",  # a conditional
])
def test_no_refusal_from_a_guess_a_past_negation_or_a_condition(text):
    assert "REJECT" not in types(text), coded(text)


# ---- sending an army into a state; handing over captives or remains; a protest note -------------------


@pytest.mark.parametrize("text, event", [
    ("Vietnam sent troops into Cambodia.", ("ASSAULT", "VNM", "KHM")),
    ("Iran handed over the remains of Iraqi soldiers.", ("RETREAT", "IRN", "IRQ")),
    ("Peru delivered a protest to Chile over the border incident.", ("ACCUSE", "PER", "CHL")),
])
def test_intervention_handover_and_protest_note(text, event):
    found = coded(text)
    assert [c for c in found if c[:3] == event], found


def test_troops_sent_to_a_state_stay_aid():
    found = coded("Vietnam sent troops to Cambodia to help with the floods.")
    assert "ASSAULT" not in {c[0] for c in found}, found


# ---- more families: restoring ties promised, closures, warnings of consequences, restated support ------


@pytest.mark.parametrize("text, event", [
    ("Egypt and Iran agreed to restore diplomatic relations.", ("AGREE", "EGY")),
    ("Israel imposed a closure on the Gaza Strip.", ("COERCE", "ISR")),
    ("Moscow warned Tbilisi of grave consequences.", ("THREATEN", "RUS")),
    ("Britain reiterated its support for Kuwait.", ("SUPPORT", "GBR")),
    ("Syrian warplanes bombed suspected rebel positions in northern Lebanon.", ("ASSAULT", "SYR")),
])
def test_more_families_of_unseen_news(text, event):
    found = coded(text)
    assert [c for c in found if c[:2] == event], found


def test_a_warning_of_consequences_is_no_criticism():
    assert "ACCUSE" not in types("Moscow warned Tbilisi of grave consequences.")


# ---- treaties ratified, consent, deployments accepted, culprits named, evictions, strikes called -------


@pytest.mark.parametrize("text, event", [
    ("The Ukrainian parliament ratified the border treaty with Romania.", ("AGREE", "UKR")),
    ("Peru and Chile initialled a fisheries accord.", ("AGREE", "PER")),
    ("A border accord was signed by Peru and Ecuador.", ("AGREE", "PER")),
    ("Mali consented to the deployment of UN troops.", ("AGREE", "MLI")),
    ("Haiti accepted the deployment of UN peacekeepers.", ("RETREAT", "HTI")),
    ("Kenya said Somalia was responsible for the raid.", ("ACCUSE", "KEN")),
    ("Kabul said Pakistani militants were behind the bombing.", ("ACCUSE", "AFG")),
    ("Zambian police evicted hundreds of traders in Lusaka.", ("COERCE", "ZMB")),
    ("Nigerian oil workers began an indefinite strike.", ("PROTEST", "NGA")),
    ("Havana brushed aside US calls for elections.", ("REJECT", "CUB")),
])
def test_treaties_consent_culprits_and_strikes(text, event):
    found = coded(text)
    assert [c for c in found if c[:2] == event and c[3] in FACTS], found


@pytest.mark.parametrize("text, kind", [
    ("The ministry responsible for defence in Kenya issued a statement.", "ACCUSE"),
    ("Kenya said it was not responsible for the raid.", "ACCUSE"),
    ("Nigerian oil workers may call a strike next week.", "PROTEST"),
    ("Ukraine will not ratify the treaty with Romania.", "AGREE"),
])
def test_no_culprit_no_strike_no_ratification(text, kind):
    found = coded(text)
    assert not [c for c in found if c[0] == kind and c[3] in FACTS], found


def test_a_bare_agent_subject_set_off_by_a_phrase_is_still_the_doer():
    found = [e for e in extract_events("Riot police, armed with batons and shields, detained forty activists in Harare.",
                                       PUBLISHED) if e.event_type == "COERCE"]
    assert [(e.actor1_code, e.actor1_sector) for e in found] == [("ZWE", "COP")], found


def test_gunmen_are_the_one_named_states_unidentified_force():
    found = [e for e in extract_events("Gunmen shot dead a judge in Karachi on Tuesday.", PUBLISHED)
             if e.event_type == "ASSAULT"]
    assert [(e.actor1_code, e.actor1_sector) for e in found] == [("PAK", "UAF")], found


@pytest.mark.parametrize("text, event", [
    ("Soldiers shot dead three protesters in Conakry.", ("ASSAULT", "GIN")),
    ("Masked men gunned down a journalist in Dhaka.", ("ASSAULT", "BGD")),
    ("Rebels hacked to death twelve villagers in eastern Chad.", ("ASSAULT", "TCD")),
])
def test_killing_verbs_and_phrases(text, event):
    found = coded(text)
    assert [c for c in found if c[:2] == event and c[3] in FACTS], found


def test_a_shot_not_fired_is_no_assault():
    found = coded("Guinean soldiers did not shoot the protesters, the army said.")
    assert not [c for c in found if c[0] == "ASSAULT" and c[3] in FACTS], found


# ---- requests for permission, suspended contacts, one party's exercises, conceding demands, oaths -----


@pytest.mark.parametrize("text, event", [
    ("Libya sought UN permission to fly pilgrims to Mecca.", ("REQUEST", "LBY", "UNO")),
    ("Beijing suspended military contacts with Washington.", ("SANCTION", "CHN", "USA")),
    ("Turkey staged military exercises near the Greek islands.", ("MOBILIZE", "TUR", "GRC")),
    ("Iran said it would close the Strait of Hormuz if attacked.", ("THREATEN", "IRN", None)),
])
def test_requests_suspensions_exercises_and_closures(text, event):
    found = coded(text)
    assert [c for c in found if c[:3] == event], found


def test_joint_exercises_stay_cooperation():
    found = coded("Turkey and Pakistan staged joint military exercises.")
    assert ("COOPERATE", "TUR", "PAK", "reported") in found, found
    assert "MOBILIZE" not in {c[0] for c in found}, found


def test_an_oath_to_fight_is_no_fight():
    found = coded("Kurdish rebels in Turkey have sworn to fight Turkish troops until they win autonomy.")
    assert not [c for c in found if c[0] == "ASSAULT" and c[3] in FACTS], found


@pytest.mark.parametrize("text, source, sector", [
    ("Shiites rioted in Basra after the arrest of a cleric.", "IRQ", "CVL"),
    ("Militiamen attacked an army post in northern Mali.", "MLI", "REB"),
])
def test_communities_and_fighters_are_the_named_states(text, source, sector):
    found = [(e.actor1_code, e.actor1_sector) for e in extract_events(text, PUBLISHED)]
    assert (source, sector) in found, found


def test_praise_for_a_partys_deed_names_the_party():
    found = coded("Washington praised the efforts of Egypt to end the crisis.")
    assert ("SUPPORT", "USA", "EGY", "reported") in found, found


def test_praise_that_is_denied_is_no_fact():
    found = coded("Washington denied that it had praised the efforts of Egypt.")
    assert not [c for c in found if c[0] == "SUPPORT" and c[3] in ("reported", "confirmed")], found


def test_a_bare_agent_after_by_does_a_passive_event():
    found = [e for e in extract_events("Forty students were detained by police in Lagos.", PUBLISHED)
             if e.event_type == "COERCE"]
    assert [(e.actor1_code, e.actor1_sector) for e in found] == [("NGA", "COP")], found


def test_a_passive_with_no_agent_has_no_bare_doer():
    found = coded("Forty students were detained in Lagos.")
    assert not [c for c in found if c[0] == "COERCE" and c[3] in FACTS], found


def test_a_treaty_with_a_long_name_is_signed():
    found = coded("Kenya and Ethiopia concluded a new border security treaty.")
    assert ("AGREE", "KEN", "ETH", "reported") in found, found


def test_a_treaty_not_signed_is_no_agreement():
    found = coded("Kenya and Ethiopia failed to conclude a new border security treaty.")
    assert not [c for c in found if c[0] == "AGREE" and c[3] in FACTS], found
