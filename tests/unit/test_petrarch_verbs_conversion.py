"""The shipped petrarch_verbs.json is exactly what the converter makes, and can be remade.

The PETRARCH2 and CAMEO2PLOVER sources are not shipped, so a fresh conversion cannot run here: the
file's ``_conversion`` header records the digests of everything the conversion read (the converter's
own source, the frozen curated snapshot, both sources) and of what it made. These tests check that
the content still has that digest (no hand edit), that the converter and the snapshot are the ones
that made it (edit either and the file must be regenerated: see the converter's docstring), and
that its text is the converter's deterministic layout. The conversion itself is checked on small
excerpts in the format of the sources.
"""

from __future__ import annotations

import json
from pathlib import Path

from newswatch.extract.convert import petrarch_verbs as pv

SHIPPED = Path(pv.__file__).resolve().parents[2] / "data" / "extract" / "petrarch_verbs.json"


def _shipped() -> tuple[str, dict]:
    text = SHIPPED.read_text(encoding="utf-8")
    return text, json.loads(text)


def test_the_shipped_verbs_are_the_conversion_unedited_and_in_its_layout():
    text, data = _shipped()
    header = data["_conversion"]
    assert header["content"] == pv.content_digest(data), "petrarch_verbs.json was edited by hand: regenerate it"
    converted = {"irregular": data["irregular"], "patterns": data["patterns"]}
    assert text == pv.dump(data["_notice"], header, converted)
    assert list(data["irregular"]) == sorted(data["irregular"])
    for p in data["patterns"]:
        for key in ("verbs", "phrases"):
            assert p.get(key, []) == sorted(p.get(key, [])), p["id"]


def test_the_shipped_verbs_were_made_by_this_converter_from_this_snapshot():
    header = _shipped()[1]["_conversion"]
    assert header["converter"] == pv._sha(Path(pv.__file__).read_bytes()), (
        "convert/petrarch_verbs.py changed since petrarch_verbs.json was made: regenerate it")
    assert header["curated_snapshot"] == pv._sha(pv.CURATED_SNAPSHOT.read_bytes()), (
        "the curated snapshot changed since petrarch_verbs.json was made: regenerate it")
    assert sorted(header["sources"]) == ["CAMEO.verbpatterns.150430.txt", "CAMEO2PLOVER-2021.txt"]


def test_the_conversion_is_deterministic_and_the_snapshot_round_trips():
    known, alone, phrases = pv.curated_snapshot()
    assert known and alone <= known and phrases
    assert pv.dump_snapshot(known, alone, phrases) == pv.CURATED_SNAPSHOT.read_text(encoding="utf-8")
    verbs = "--- GIFT [070] ---\nTITHE\nDONATE\nBESTOW {BESTOWED BESTOWING}\n"
    table = "070: AID,   ,  # Provide aid\n"
    first = pv.dump(["n"], {}, pv.convert(verbs, table, known=set()))
    assert first == pv.dump(["n"], {}, pv.convert(verbs, table, known=set()))


_SYNSETS = """\
&CEASEFIRE
+TRUCE
+ARMISTICE
+CEASE_FIRE

&BLADE
+BLADE
+KNIFE_
+F/A-18

&AUXVERB1_
+WAS

--- ABANDON [080] ---
ABANDON
- * &CEASEFIRE [196]  # ABANDON
- * &AUXVERB1 SEEN [196]  # ABANDON
- * &UNDEFINED [196]  # ABANDON
--- SEIZE [---] ---
SEIZE
- * &BLADE FROM + [1721]  # SEIZE
- * CURB SMUGGL [1721]  # SEIZE
"""
_TABLE = "196: RETREAT, ceasefire, military # x\n1721: COERCE, seize, military # x\n"


def test_a_synset_after_the_verb_becomes_alternatives():
    patterns = {p["id"]: p for p in pv.convert(_SYNSETS, _TABLE, known=set(), synsets=True)["patterns"]}
    assert patterns["petrarch.phrase.retreat.ceasefire.military"]["phrases"] == [
        "abandon * armistice/armistices/truce/truces",  # plurals as PETRARCH makes them
        # a member of two words ("cease fire") is left out
    ]
    # "knife_" takes no plural, "F/A-18" cannot be spelled in a phrase; an auxiliary or undefined
    # synset makes no phrase
    assert patterns["petrarch.phrase.coerce.seize.military"]["phrases"] == [
        "seize * blade/blades/knife * from", "seize * curb/curbs * smuggl/smuggls"]
    # without synsets: as the extractor 1.0 conversion
    plain = pv.convert(_SYNSETS, _TABLE, known=set())["patterns"]
    assert [p["phrases"] for p in plain] == [["seize * curb/curbs * smuggl/smuggls"]]


def test_a_truncated_stem_becomes_its_words():
    stems = {"smuggl": "smuggle/smuggled/smuggler/smugglers/smuggles/smuggling"}
    patterns = pv.convert(_SYNSETS, _TABLE, known=set(), stems=stems)["patterns"]
    assert patterns[0]["phrases"] == ["seize * curb/curbs * smuggle/smuggled/smuggler/smugglers/smuggles/smuggling"]


def test_a_synset_phrase_sharing_a_word_with_a_curated_phrase_gives_way():
    kept = pv.convert(_SYNSETS, _TABLE, known=set(), synsets=True, curated_phrases={"abandon": {"truce"}})
    phrases = [x for p in kept["patterns"] for x in p.get("phrases", [])]
    assert "abandon * armistice/armistices/truce/truces" not in phrases
    assert not any("cease" in x for x in phrases)


def test_a_role_right_after_the_verb_stands_in_its_gap():
    verbs = """--- INVITE [---] ---
INVITE
- * + TO TALKS [046]  # INVITE
- * + + TO TALKS [046]  # INVITE
- * + TO TALKS WITH + ON TRADE [046]  # INVITE
"""
    table = "046: CONSULT, , # Engage in negotiation\n"
    phrases = [x for p in pv.convert(verbs, table, known=set(), roles=True)["patterns"] for x in p["phrases"]]
    assert phrases == ["invite * to * talks"]  # the two roles, and the words after a role, make none
    assert pv.convert(verbs, table, known=set())["patterns"] == []  # the extractor 1.0 conversion
