"""An event told inside a noun phrase: a phrase's verb read backwards as a clause on its noun. A reduced
passive ("sanctions imposed by X on Y") takes its doer from "by" and its target from the preposition
the pattern names; a relative clause, with or without "that" ("the embargo (that) X imposed on Y"),
takes its subject as the doer; the noun is the patient. The outer clause's modality still applies.

Every sentence here is written for these tests.
"""

import pytest
from coding_checks import FACTS, PUBLISHED, coded

from newswatch.extract import extract_events
from newswatch.extract.layout import compiled_coder, layouts


@pytest.mark.parametrize("text, event", [
    # reduced passive relatives on the phrase's noun, the by-phrase before or after the target
    ("Sanctions imposed by the European Union on Belarus came into force on Tuesday.", ("SANCTION", "EU", "BLR")),
    ("Sanctions imposed on Belarus by the European Union came into force on Tuesday.", ("SANCTION", "EU", "BLR")),
    ("The trade embargo imposed by the United States against Cuba is still in place.", ("SANCTION", "USA", "CUB")),
    # relative clauses: with "that", and with no relative word at all
    ("The sanctions that Washington imposed on Venezuela have damaged its economy.", ("SANCTION", "USA", "VEN")),
    ("The embargo the UN has imposed on Iraq hurt its farmers.", ("SANCTION", "UNO", "IRQ")),
    # the noun is the patient and names the target itself
    ("German diplomats expelled by Russia flew home on Monday.", ("SANCTION", "RUS", "DEU")),
    # goods sent by one party to another (read by the participle's own verb pattern)
    ("Drones supplied by Iran to Russia were used in the strike.", ("AID", "IRN", "RUS")),
    ("Tanks sent by Poland to Ukraine reached the front.", ("AID", "POL", "UKR")),
])
def test_an_event_inside_a_noun_phrase_keeps_its_roles(text, event):
    found = coded(text)
    assert [c for c in found if c[:3] == event and c[3] in FACTS], found


@pytest.mark.parametrize("text", [
    "Brussels denied that sanctions imposed by the European Union on Belarus had come into force.",
    "There is no evidence that drones supplied by Iran to Russia were used in the strike.",
    "Were drones supplied by Iran to Russia used in the strike?",
    "If sanctions imposed by the European Union on Belarus come into force, prices will rise.",
    "The sanctions the European Union did not impose on Belarus were discussed.",
    "Sanctions that the European Union plans to impose on Belarus were discussed.",
])
def test_the_outer_clause_keeps_a_non_fact(text):
    found = coded(text)
    assert not [c for c in found if c[0] in ("SANCTION", "AID") and c[3] in FACTS], found


@pytest.mark.parametrize("text, wrong_source", [
    ("An embargo against Cuba has hurt the island.", "CUB"),  # no imposer named
    ("The embargo imposed on Iraq has hurt its people.", "IRQ"),  # no by-phrase: the target is no doer
])
def test_a_target_is_never_made_the_imposer(text, wrong_source):
    found = coded(text)
    assert not [c for c in found if c[0] == "SANCTION" and c[1] == wrong_source], found


def test_the_noun_and_verb_must_be_one_phrase_in_the_parse():
    # the noun stands before the verb, but the verb heads a clause of its own (conj, not acl): the
    # words alone suggest the backwards reading, the parse keeps it out
    text = "Sanctions worried Minsk, and the European Union imposed a fine on Belarus."
    assert [t for lay in layouts(text, compiled_coder()) for t in lay.triggers if t.patient is not None]
    assert not [e for e in extract_events(text, PUBLISHED) if e.pattern_id == "sanction.impose"]


# ---- a relative clause of harm on the sanction noun names its target ---------------------------------


def test_the_party_an_embargo_keeps_in_a_box_is_its_target():
    found = coded("It is the American embargo which has kept Cuba in a box.")
    assert ("SANCTION", "USA", "CUB", "reported") in found, found


def test_a_relative_clause_of_another_verb_names_no_target():
    # an embargo that angers a third party is not aimed at it (whatever else the model may read)
    found = [e for e in extract_events("The American embargo which angered Mexico is decades old.", PUBLISHED)
             if e.pattern_id == "sanction.noun"]
    assert not [e for e in found if e.actor2_code == "MEX"], found
