"""The ontology file (data/ontology.yaml): PLOVER's types, modes and contexts, the orders novelty and
clustering rely on, every value the extractor's data files can produce, and a bad file refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from newswatch import ontology
from newswatch.errors import ConfigError
from newswatch.extract.dictionaries import load_dictionaries

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "include" / "newswatch" / "data"
PLOVER = ("AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN PROTEST "
          "SANCTION MOBILIZE COERCE ASSAULT").split()


@pytest.fixture(scope="module")
def shipped():
    return ontology.shipped()


@pytest.fixture(scope="module")
def dictionaries():
    return load_dictionaries()


def test_the_event_types_are_plovers_sixteen_in_its_order(shipped):
    assert shipped.event_types == tuple(PLOVER)
    assert shipped.symmetric_types == {"CONSULT", "COOPERATE"}
    assert ontology.is_symmetric("CONSULT") and not ontology.is_symmetric("AID")


def test_claim_statuses_are_ordered_weakest_first_and_a_denial_is_never_firmer(shipped):
    assert dict(shipped.claim_ranks) == {"denied": 0, "planned": 1, "alleged": 1, "reported": 2, "confirmed": 3}
    assert shipped.claim_statuses == ("denied", "planned", "alleged", "reported", "confirmed")
    assert ontology.claim_rank("confirmed") > ontology.claim_rank("reported") > ontology.claim_rank("alleged")
    assert ontology.claim_rank("planned") == ontology.claim_rank("alleged")  # neither moves the other on


def test_arms_transfer_stages_and_date_precisions_are_ordered(shipped):
    assert shipped.transfer_stages == ("planned", "agreed", "suspected", "delivered")
    assert [ontology.stage_rank(s) for s in shipped.transfer_stages] == [0, 1, 2, 3]
    assert shipped.date_precisions == ("year", "month", "day")
    assert shipped.date_bases == {"text", "context", "publication"}


def test_an_arms_transfer_is_aid_or_agree_with_a_military_context(shipped):
    assert shipped.arms_transfer_types == {"AID", "AGREE"} and shipped.arms_transfer_context == "military"
    assert shipped.generic_weapons == {"weapons", "arms", "munitions", "military equipment", "weaponry"}


def test_the_modules_that_used_their_own_copies_read_the_ontology(shipped):
    from newswatch.alerts import flagging
    from newswatch.worldevents import mention_checks, same_event

    assert same_event.SYMMETRIC_TYPES is shipped.symmetric_types
    assert same_event.CLAIM_RANK is shipped.claim_ranks and same_event.STAGE_RANK is shipped.stage_ranks
    assert same_event.PRECISION_RANK is shipped.precision_ranks
    assert same_event.GENERIC_WEAPONS is shipped.generic_weapons
    assert mention_checks.EVENT_TYPES == set(PLOVER)
    assert mention_checks.CLAIM_STATUSES == set(shipped.claim_ranks)
    assert mention_checks.TRANSFER_STAGES == set(shipped.stage_ranks)
    assert flagging.ARMS_TYPES is shipped.arms_transfer_types


def test_every_type_mode_and_context_the_extractor_patterns_code_is_in_the_ontology(shipped, dictionaries):
    unknown = []
    for pattern in dictionaries["patterns"]:
        types = {str(pattern["type"]).upper(), *([pattern["intent_as"]] if pattern.get("intent_as") else [])}
        for event_type in types:
            if event_type not in shipped.event_types:
                unknown.append((pattern["id"], "type", event_type))
            elif pattern.get("mode") and pattern["mode"] not in shipped.modes[event_type]:
                unknown.append((pattern["id"], f"{event_type} mode", pattern["mode"]))
        unknown += [(pattern["id"], "context", c) for c in pattern.get("contexts") or [] if c not in shipped.contexts]
    unknown += [("context_cues", "context", c) for c in dictionaries["context_cues"] if c not in shipped.contexts]
    assert unknown == []
    # weapon terms add the arms-transfer context
    assert shipped.arms_transfer_context in shipped.contexts


def test_the_converted_petrarch_verbs_code_only_known_values(shipped):
    patterns = json.loads((DATA / "extract" / "petrarch_verbs.json").read_text(encoding="utf-8"))["patterns"]
    assert patterns
    for p in patterns:
        assert p["type"] in shipped.event_types, p["id"]
        assert p.get("mode") is None or p["mode"] in shipped.modes[p["type"]], p["id"]
        assert set(p.get("contexts") or ()) <= shipped.contexts, p["id"]


def test_every_sector_the_gazetteer_assigns_is_in_the_ontology(shipped):
    sectors: set[str] = set()
    for name in ("actors.yaml", "petrarch_actors.json"):
        text = (DATA / "extract" / name).read_text(encoding="utf-8")
        d = json.loads(text) if name.endswith(".json") else yaml.safe_load(text)
        for info in (d.get("states") or {}).values():
            sectors.update(((info or {}).get("seats") or {}).values())
        sectors.update(item.get("sector") for item in [*(d.get("people") or []), *(d.get("organisations") or [])])
        sectors.update(d.get("agents") or {})
    sectors.discard(None)
    assert sectors and sectors <= shipped.sectors, sorted(sectors - shipped.sectors)


def test_every_claim_status_and_stage_the_extractor_produces_is_in_the_ontology(shipped, dictionaries):
    assert set(dictionaries["claims"]) <= set(shipped.claim_ranks)  # alleged, denied, confirmed cue classes
    assert {"reported", "planned"} <= set(shipped.claim_ranks)  # the coder's default and promises
    assert {"planned", "agreed", "suspected", "delivered"} == set(shipped.stage_ranks)  # extract/arms.py


def _copy(tmp_path: Path, edit) -> Path:
    document = yaml.safe_load((DATA / "ontology.yaml").read_text(encoding="utf-8"))
    edit(document)
    path = tmp_path / "ontology.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def test_a_copy_of_the_shipped_file_loads_the_same(tmp_path):
    assert ontology.load(_copy(tmp_path, lambda d: None)) == ontology.shipped()


def test_a_bad_ontology_names_every_problem(tmp_path):
    def edit(d):
        d["claim_statuses"]["rumoured"] = {"rank": -1, "description": "x"}
        d["event_types"]["AID"]["modez"] = {}
        d["contexts"]["Bad Context"] = "x"

    with pytest.raises(ConfigError) as caught:
        ontology.load(_copy(tmp_path, edit))
    lines = str(caught.value).splitlines()
    assert len(lines) == 3
    assert any("event_types.AID.modez: Extra inputs are not permitted" in line for line in lines)
    assert any("contexts.Bad Context" in line for line in lines)
    assert any("claim_statuses.rumoured.rank" in line for line in lines)


def test_an_arms_transfer_of_an_unknown_type_is_refused(tmp_path):
    path = _copy(tmp_path, lambda d: d["arms_transfer"].update(event_types=["AID", "SUPPLY"]))
    with pytest.raises(ConfigError, match=r"arms_transfer.event_types names unknown types \['SUPPLY'\]"):
        ontology.load(path)


def test_malformed_yaml_is_one_line_with_line_and_column(tmp_path):
    path = tmp_path / "ontology.yaml"
    path.write_text("event_types: [AID\ncontexts: {}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        ontology.load(path)
    assert str(caught.value).startswith(f"{path}:2:") and len(str(caught.value).splitlines()) == 1
