"""The curated actor files actors_*.yaml (organisations, historical names, armed groups, companies):
the gazetteer finds every name they list and codes it as the file documents, whatever the converted
PETRARCH2 names say, and the coder uses them."""

from __future__ import annotations

import datetime as dt
from importlib import resources

import pytest
import yaml

from newswatch.extract import extract_events
from newswatch.extract.dictionaries import SHIPPED_FILES, load_dictionaries
from newswatch.extract.gazetteer import Gazetteer
from newswatch.ontology import shipped

FILES = ("actors_igo.yaml", "actors_historical.yaml", "actors_armed_groups.yaml", "actors_peoples.yaml",
         "actors_companies.yaml")


def _file(name: str) -> dict:
    return yaml.safe_load((resources.files("newswatch") / "data" / "extract" / name).read_text(encoding="utf-8"))


def _listed(name: str) -> list[tuple[str, str, str | None]]:
    """(name, code, sector) for every name the file lists; sector None where the file gives none."""
    d = _file(name)
    out = []
    for code, info in (d.get("states") or {}).items():
        for key in ("names", "demonyms", "capitals"):
            out.extend((n, code, None) for n in (info or {}).get(key, []))
        out.extend((n, code, sector) for n, sector in ((info or {}).get("seats") or {}).items())
    for key in ("organisations", "people"):
        for item in d.get(key) or []:
            out.extend((n, item["code"], item.get("sector")) for n, in zip(item["names"]))
    return out


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(load_dictionaries())


def _codes(gazetteer: Gazetteer, text: str, name: str) -> list[tuple[str, str | None]]:
    """The readings of the mentions that cover ``name`` inside ``text``."""
    start = text.index(name)
    return [(m.code, m.sector) for m in gazetteer.find(text) if m.start <= start + 1 and m.end >= start + len(name) - 1]


def test_the_curated_actor_files_load_before_the_converted_names():
    order = list(SHIPPED_FILES)
    assert all(order.index("actors.yaml") < order.index(f) < order.index("petrarch_actors.json") for f in FILES)


@pytest.mark.parametrize("name", FILES)
def test_every_listed_name_is_found_with_its_documented_code(gazetteer, name):
    wrong = []
    for surface, code, sector in _listed(name):
        text = f"On Monday {surface} said it would respond."
        readings = _codes(gazetteer, text, surface)
        if not any(c == code and (sector is None or s == sector) for c, s in readings):
            wrong.append((surface, code, sector, readings))
    assert not wrong, wrong


@pytest.mark.parametrize("name", FILES)
def test_every_sector_and_code_is_well_formed(name):
    sectors = shipped().sectors
    for surface, code, sector in _listed(name):
        assert sector is None or sector in sectors, (surface, sector)
        assert code and code == code.upper() and " " not in code, (surface, code)


@pytest.mark.parametrize(("text", "name", "code", "sector"), [
    # one organisation, one code: aliases agree with the code actors.yaml gives the organisation
    ("The European Community imposed an embargo.", "European Community", "EU", None),
    ("The European Parliament voted on Tuesday.", "European Parliament", "EU", None),
    ("The Organisation of African Unity met in Addis Ababa.", "Organisation of African Unity", "AU", None),
    ("Leaders of the Association of South East Asian Nations met.", "Association of South East Asian Nations", "ASEAN", None),
    ("The UN nuclear watchdog said Iran had enriched uranium.", "UN nuclear watchdog", "IAEA", None),
    # the converted file's readings are overridden where they were wrong
    ("Ansar Allah fired a missile.", "Ansar Allah", "HOUTHIS", None),
    ("Hizballah fighters crossed the border.", "Hizballah", "HEZBOLLAH", None),
    ("ECOWAS suspended Niger.", "ECOWAS", "WAS", None),
    ("The World Bank approved a loan.", "World Bank", "WBK", None),
    ("Islamic State of Iraq and the Levant claimed the attack.", "Islamic State of Iraq and the Levant", "ISIS", None),
    # historical states: dissolved ones take their ISO 3166-3 code, renamed ones today's
    ("The Soviet Union invaded Afghanistan.", "Soviet Union", "SUN", None),
    ("Soviet troops left Kabul.", "Soviet troops", "SUN", "MIL"),
    ("Yugoslavia broke apart in 1991.", "Yugoslavia", "YUG", None),
    ("Czechoslovakia split in 1993.", "Czechoslovakia", "CSK", None),
    ("East Germany opened its border.", "East Germany", "DDR", None),
    ("West Germany joined NATO in 1955.", "West Germany", "DEU", None),
    ("Zaire sent troops to Rwanda.", "Zaire", "COD", None),
    # armed groups coded to a state carry their sector; lower-case "al-" prefixes still find the group
    ("Fighters of al-Shabaab attacked a base.", "Shabaab", "SOM", "REB"),
    ("A statement by al-Qaeda claimed the attack.", "Qaeda", "ALQ", None),
    ("The Rapid Support Forces shelled El Fasher.", "Rapid Support Forces", "SDN", "REB"),
    ("Kataib Hezbollah fired rockets.", "Kataib Hezbollah", "IRQ", "PRM"),
    ("Russia's Africa Corps arrived in Bamako.", "Africa Corps", "RUS", "PRM"),
    # arms makers: their state, sector BUS
    ("Rosoboronexport signed a contract.", "Rosoboronexport", "RUS", "BUS"),
    ("Norinco shipped rifles.", "Norinco", "CHN", "BUS"),
    ("Hanwha Aerospace will build howitzers.", "Hanwha Aerospace", "KOR", "BUS"),
    ("Lockheed Martin delivered the jets.", "Lockheed Martin", "USA", "BUS"),
    ("Rafael supplied interceptors.", "Rafael", "ISR", "BUS"),
])
def test_documented_readings(gazetteer, text, name, code, sector):
    assert (code, sector) in _codes(gazetteer, text, name)


def test_a_person_named_like_a_company_stays_the_person(gazetteer):
    assert _codes(gazetteer, "Rafael Grossi said on Monday.", "Rafael Grossi") == [("IAEA", None)]


@pytest.mark.parametrize(("sentence", "event"), [
    ("The European Community imposed sanctions on Iraq.", ("SANCTION", "EU", "IRQ")),
    ("Rosoboronexport delivered two air defence batteries to India.", ("AID", "RUS", "IND")),
    ("The Soviet Union invaded Afghanistan in 1979.", ("ASSAULT", "SUN", "AFG")),
    ("The Gulf Cooperation Council condemned Iran.", ("ACCUSE", "GCC", "IRN")),
])
def test_the_coder_codes_events_of_the_new_actors(sentence, event):
    coded = {(e.event_type, e.actor1_code, e.actor2_code) for e in extract_events(sentence, dt.date(2024, 5, 1))}
    assert event in coded
