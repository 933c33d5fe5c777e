"""Readings of actors and places that held-out news needs (issue 13): who did it and to whom, and where.
Every sentence here is written for these tests."""

import datetime as dt

import pytest

from newswatch.extract import extract_events
from newswatch.extract.roles import before_place

PUBLISHED = dt.date(2005, 3, 14)


def coded(text: str) -> list[tuple]:
    return [(e.event_type, e.actor1_code, e.actor2_code) for e in extract_events(text, PUBLISHED)]


def located(text: str) -> list[str | None]:
    return [e.location_code for e in extract_events(text, PUBLISHED)]


# ---- "the town of X": a place written with its kind ----------------------------------------------------


@pytest.mark.parametrize("words, expected", [
    ("killed two near the town of Mosul", 2),  # the "near"
    ("in the northern city of Mosul", 0),
    ("in the southern port city of Basra", 0),
    ("rallied in the province of Kandahar", 1),
    ("in southern Lebanon", 0),  # as before: past the adjective
])
def test_the_word_before_a_place_is_found_past_the_kind_of_place(words, expected):
    low = words.split()
    assert before_place(low, len(low) - 1) == expected


@pytest.mark.parametrize("words", [
    "a city of Iraq",  # no article or adjective before the noun: "of" is no part of a name
    "the mayor of Mosul",  # a person's office, not a kind of place
    "talks of Mosul",
])
def test_an_of_phrase_that_names_no_kind_of_place_stays_as_it_was(words):
    low = words.split()
    assert low[before_place(low, len(low) - 1)] == "of"


@pytest.mark.parametrize("text, event", [
    ("A roadside bomb near the town of Kirkuk killed one U.S. soldier.", ("ASSAULT", "IRQ", "USA")),
    ("A car bomb exploded in the southern port city of Basra, killing two British soldiers.", ("ASSAULT", "IRQ", "GBR")),
    ("Thousands of Nigerians rallied in the city of Lagos.", ("PROTEST", "NGA", "NGA")),
])
def test_a_place_written_with_its_kind_locates_the_event(text, event):
    assert event in coded(text), coded(text)


def test_a_place_in_an_actors_title_locates_nothing():
    found = extract_events("The mayor of the city of Kirkuk met Turkish officials.", PUBLISHED)
    assert not [e for e in found if e.event_type == "ASSAULT"], found
    assert all(e.location_code is None for e in found), found


# ---- cities coded to their country (actors_places.yaml, from GeoNames) ----------------------------------


@pytest.mark.parametrize("text, event", [
    ("A roadside bombing near Samarra on Sunday killed one U.S. soldier.", ("ASSAULT", "IRQ", "USA")),
    ("Gunmen ambushed a convoy of American soldiers near the town of Bannu.", ("ASSAULT", "PAK", "USA")),
    ("Thousands of Turks protested in Sivas on Monday.", ("PROTEST", "TUR", "TUR")),
])
def test_a_city_codes_its_country_as_the_place_of_the_event(text, event):
    assert event in coded(text), coded(text)


def names(text: str) -> dict[str, tuple]:
    from newswatch.extract.layout import compiled_coder

    return {m.text: (m.code, m.kind) for m in compiled_coder().gazetteer.find(text)}


@pytest.mark.parametrize("text, name", [
    ("Officials in Granada said the talks would resume.", "Granada"),  # a city of Spain and of Nicaragua
    ("Valencia signed the deal on Monday.", "Valencia"),  # of Spain and of Venezuela
    ("The talks in Nice ended on Monday.", "Nice"),  # an English word as well
    ("Reading police arrested two men.", "Reading"),
])
def test_a_city_name_of_two_states_or_an_english_word_is_no_place(text, name):
    found = names(text)
    assert found.get(name, (None, None))[1] != "place", found


def test_a_city_is_a_place_never_a_party():
    # "Samarra" says where: the parties are the ones named
    assert names("Samarra was quiet on Monday.") == {"Samarra": ("IRQ", "place")}
    assert not [c for c in coded("Samarra attacked the convoy.") if c[1] == "IRQ"]


def test_the_places_converter_keeps_only_names_safe_to_read_as_one_city():
    from newswatch.extract.convert.geonames_places import convert

    def city(name, cc, population=200_000):
        return {"name": name, "countrycode": cc, "population": population}

    cities = dict(enumerate([
        city("Sāmarrā’", "IQ"),  # accents and hamza dropped
        city("Al Fallujah", "IQ"),  # also without its article
        city("Granada", "ES"), city("Granada", "NI"),  # two states
        city("Mobile", "US", 400_000),  # an English word
        city("Putin", "RU"),  # a word of a known person's name
        city("Smalltown", "IQ", 20_000),  # too small
        city("Leicester", "GB", 250_000),  # English-speaking state: the higher floor
        city("Baghdad", "IQ", 7_000_000),  # the gazetteer knows it
    ]))
    places = convert(cities, {"mobile"}, {"baghdad"}, {"putin"}, 100_000, 300_000)
    assert places == {"IRQ": ["Al Fallujah", "Fallujah", "Samarra"]}


# ---- PETRARCH2 conversion: a CountryInfo person's block of names ----------------------------------------


def test_a_countryinfo_persons_plain_name_lines_before_its_roles_are_its_aliases():
    from newswatch.extract.convert.petrarch_actors import convert

    source = """\
# A TABARI actors file

FREEDONIA_  [FRE]
RUFUS_T_FIREFLY_  # CountryInfo.txt
RUFUS_T._FIREFLY
PRESIDENT_FIREFLY
\t[FREGOV 300101-351231]
SYLVANIA_ISLANDS_  [FRESYL]
+SYLVANIAN_ISLANDER_
CHICOLINI_MARX_  # CountryInfo.txt
\t[FREELI 300101-351231]
TRENTINO_AMBASSADOR_  # CountryInfo.txt
+AMBASSADOR_TRENTINO_
"""
    people = convert(source, since=2015, former=True, known=set())["people"]
    # the three lines of the block are one person's names, coded by the role after them
    assert {"names": ["Rufus T Firefly", "Rufus T. Firefly", "President Firefly"], "code": "FRE", "sector": None} in people
    # a line with its own code, or another CountryInfo head, starts an entry of its own: the islands'
    # names never become a person's, and no person takes the next one's role
    assert not [p for p in people if any("Sylvania" in n for n in p["names"])], people
    assert not [p for p in people if "Chicolini Marx" in p["names"] and len(p["names"]) > 1], people


# ---- peoples of one state (actors_peoples.yaml) --------------------------------------------------------


@pytest.mark.parametrize("text, event", [
    ("The Kremlin denounced Chechen separatists.", ("ACCUSE", "RUS", "RUS")),
    ("Basque separatists bombed a police station in Bilbao.", ("ASSAULT", "ESP", "ESP")),
    ("Greek Cypriots protested against Turkey.", ("PROTEST", "CYP", "TUR")),
    ("Chinese police arrested dozens of Tibetan monks in Lhasa.", ("COERCE", "CHN", "CHN")),
])
def test_a_people_of_one_state_codes_as_that_state(text, event):
    assert event in coded(text), coded(text)


def test_a_people_keeps_the_sector_of_its_phrase():
    e = next(e for e in extract_events("Russian troops killed 12 Chechen rebels.", PUBLISHED) if e.actor2_code)
    assert (e.actor2_code, e.actor2_sector) == ("RUS", "REB")


@pytest.mark.parametrize("text, name", [
    ("Kurdish fighters attacked a Turkish post.", "Kurdish"),  # a people of several states
    ("Tamil rebels attacked an army camp.", "Tamil"),
    ("Karen Smith said the talks would resume.", "Karen"),  # a given name
])
def test_a_people_of_several_states_or_a_given_name_codes_no_state(text, name):
    assert name not in names(text), names(text)


# ---- organisations of the Cold War and the 1990s (actors_igo.yaml) ---------------------------------------


@pytest.mark.parametrize("text, event", [
    ("Serbia rejected the Contact Group's peace plan.", ("REJECT", "SRB", "CONTACTGROUP")),
    ("The Paris Club agreed to reschedule Peru's debt.", ("AGREE", "PARISCLUB", "PER")),
])
def test_a_bloc_or_club_of_states_is_a_party(text, event):
    assert event in coded(text), coded(text)


@pytest.mark.parametrize("text, name, code", [
    ("The CSCE sent observers to the region.", "CSCE", "OSCE"),  # renamed: its successor's code
    ("China applied to rejoin GATT.", "GATT", "WTO"),
    ("The Hague tribunal indicted two generals.", "The Hague tribunal", "UNO"),
    ("Cuba hosted the Non-Aligned Movement summit.", "Non-Aligned Movement", "NAM"),
])
def test_older_names_of_organisations_take_their_code(text, name, code):
    assert names(text).get(name, (None,))[0] == code, names(text)


def test_the_city_of_a_club_is_still_its_city():
    assert names("Officials met in Paris on Monday.")["Paris"][0] == "FRA"


# ---- "X, along with Y, ...": the subject and its companion -----------------------------------------------


@pytest.mark.parametrize("text, sources", [
    ("The United States, along with Britain, launched air strikes on Iraq.", {"USA", "GBR"}),
    ("Japan, alongside South Korea, protested to China.", {"JPN", "KOR"}),
    ("Washington along with its allies demanded that Iran halt enrichment.", {"USA"}),
])
def test_a_companion_after_along_with_acts_with_the_subject(text, sources):
    assert {c[1] for c in coded(text)} >= sources, coded(text)


def test_the_word_window_finds_the_host_of_a_comitative_phrase():
    from newswatch.extract.layout import layouts
    from newswatch.extract.roles import fill

    p = next(layouts("The United States, along with Britain, launched strikes on Iraq.")).parsed
    assert [a.mention.code for a in fill("subj", p, p.low.index("launched"), p.low.index("launched") + 1)] == ["USA", "GBR"]
    p = next(layouts("Officials said that troops, along with Britain, launched strikes on Iraq.")).parsed
    # no actor right before the phrase: the companion stays the only one named
    assert [a.mention.code for a in fill("subj", p, p.low.index("launched"), p.low.index("launched") + 1)] == ["GBR"]


@pytest.mark.parametrize("text, source, not_source", [
    ("Pakistan, India's archrival, tested a nuclear missile.", "PAK", "IND"),
    ("Syria, Israel's arch-enemy, rejected the proposal.", "SYR", "ISR"),
])
def test_an_archrival_named_in_apposition_is_not_the_doer(text, source, not_source):
    found = coded(text)
    assert any(c[1] == source for c in found) and not any(c[1] == not_source for c in found), found


# ---- "ethnic X": a people living in another state than its name's ---------------------------------------


@pytest.mark.parametrize("text, event", [
    ("Ethnic Albanian rebels attacked Macedonian police in Tetovo.", ("ASSAULT", "MKD", "MKD")),
    ("Indonesian troops killed ethnic Chinese shopkeepers.", ("ASSAULT", "IDN", "IDN")),
    ("Ethnic Russians in Estonia protested against the language law.", ("PROTEST", "EST", "EST")),
    ("Croatian forces shelled ethnic Serb villages.", ("ASSAULT", "HRV", "HRV")),
])
def test_an_ethnic_people_codes_as_the_state_it_lives_in(text, event):
    assert event in coded(text), coded(text)


@pytest.mark.parametrize("text, event", [
    ("Ethnic Albanians protested on Monday.", ("PROTEST", "ALB", None)),  # no other state named
    ("Albanian rebels attacked Macedonian police.", ("ASSAULT", "ALB", "MKD")),  # not called ethnic
])
def test_with_no_host_state_or_no_ethnic_the_name_keeps_its_code(text, event):
    assert event in coded(text), coded(text)


def test_an_ethnic_people_is_the_host_states_civilians_not_its_government():
    found = extract_events("Ethnic Albanians have sworn to fight the Macedonian army.", dt.date(2001, 3, 20))
    assert [(e.actor1_code, e.actor1_sector, e.actor2_code, e.actor2_sector) for e in found] == [
        ("MKD", "CVL", "MKD", "MIL")]
    (rebels,) = extract_events("Ethnic Albanian rebels attacked Macedonian police.", dt.date(2001, 3, 20))
    assert (rebels.actor1_code, rebels.actor1_sector) == ("MKD", "REB")


def test_with_two_other_states_the_host_is_unknown():
    found = coded("Ethnic Albanians clashed with Macedonian police near the Bulgarian border.")
    assert not [c for c in found if "MKD" == c[1] or "BGR" == c[1]], found


@pytest.mark.parametrize("text, event", [
    ("The Hungarian minority in Romania demanded autonomy.", ("REQUEST", "ROU", "ROU")),
    ("Bulgaria's Turkish minority protested against the name changes.", ("PROTEST", "BGR", "BGR")),
])
def test_a_national_minority_codes_as_the_state_it_lives_in(text, event):
    assert event in coded(text), coded(text)


def test_a_minority_with_no_host_named_keeps_its_code():
    found = coded("The Hungarian minority demanded autonomy on Monday.")
    assert found and all(c[1] == "HUN" for c in found), found


# ---- "pro-X", "anti-X", "X-backed": the patron or cause is not the party ---------------------------------


@pytest.mark.parametrize("text, event", [
    ("Pro-Russian separatists attacked Ukrainian troops in Donetsk.", ("ASSAULT", "UKR", "UKR")),
    ("Anti-American protesters rallied in Karachi.", ("PROTEST", "PAK", "PAK")),
    ("Pro-Syrian militiamen shelled Christian areas of Beirut.", ("ASSAULT", "LBN", "LBN")),
])
def test_a_patron_or_cause_written_before_a_group_is_not_the_group(text, event):
    assert event in coded(text), coded(text)


def test_a_backed_group_is_not_its_backer():
    assert not [c for c in coded("Iranian-backed militias attacked U.S. forces in Iraq.") if c[1] == "IRN"]


@pytest.mark.parametrize("text, event", [
    ("US-led forces attacked Iraq.", ("ASSAULT", "USA", "IRQ")),  # a leader is the party
    ("Pro-government militias attacked rebels in Darfur.", ("ASSAULT", "SDN", "SDN")),  # the government's own
    ("Russia backed the separatists.", ("SUPPORT", "RUS", "RUS")),
])
def test_a_leader_or_a_pro_government_group_keeps_its_state(text, event):
    assert event in coded(text), coded(text)
