"""Converts PETRARCH2/TABARI actor dictionaries into newswatch's actors format: the country file
(Phoenix.Countries.actors.txt) and the organisation files (Phoenix.International.actors.txt,
Phoenix.MilNonState.actors.txt), told apart by file name.

    python -m newswatch.extract.convert_petrarch PATH/Phoenix.*.actors.txt [--since 2015] [--former] > petrarch.yaml

People keep their most recent role (state code + sector, e.g. RUSGOV -> RUS/GOV) and are written only
when that role is open-ended or ended in or after ``--since``; with ``--former`` the others are kept
too, with their state and no sector (a former minister still speaks for no government). Country
aliases become state names, as PETRARCH codes cities as their country, and adjectives ("ZIMBABWEAN")
demonyms. Organisations coded to a state (FRAREB) keep state and sector; international ones (IGOUNO,
NGOHRIAMN, IMGMUSALQ) take their last CAMEO segment as code (UNO, AMN, ALQ); companies (MNC) are
left out. Names the hand-curated gazetteer already knows are skipped. The sources' MIT notice is
copied into the output, as the licence requires.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
import yaml

from newswatch.extract.dictionaries import load_dictionaries

_COUNTRY = re.compile(r"^([^\s#\[]+)\s*\[([A-Z]{3})\]")
_ROLE = re.compile(r"^\s+\[([A-Z]{3})([A-Z]{0,6})\s*(>?)(\d{6,8})?(?:-(\d{6,8}))?\]")
_NOTICE = re.compile(r"^#\s?(.*)$")
# CAMEO country codes that differ from ISO 3166 alpha-3
# CAMEO codes of ours spelt otherwise: EEC is CAMEO's European Community/Union, our EU (actors_igo.yaml)
_CAMEO_ISO = {"PAL": "PSE", "KSV": "XKX", "WBK": "PSE", "GZS": "PSE", "EEC": "EU"}
_SECTORS = {"GOV", "MIL", "LEG", "JUD", "MED", "COP", "CVL", "OPP", "BUS", "REB", "SPY", "ELI", "IGO", "NGO"}


@dataclass
class _Person:
    names: list[str]
    roles: list[tuple[str, str | None, int | None, bool]] = field(default_factory=list)  # code, sector, end year, open
    block: bool = False  # a CountryInfo entry's head line: the plain name lines after it are its aliases


def readable(token: str) -> str:
    """"VLADIMIR_PUTIN_" -> "Vladimir Putin"; "D.P.R.K._" -> "D.P.R.K."; a leading "THE" is dropped
    (the coder reads "the" before any name)."""
    words = token.strip().rstrip("_").replace("_", " ").split()
    if len(words) > 1 and words[0] == "THE":
        words = words[1:]
    out = []
    for w in words:
        if re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?\.?|[A-Z]{2,3}", w):
            out.append(w)  # acronyms stay upper-case ("D.P.R.K.", "ROK"); the source is all capitals
        else:
            out.append("-".join(part.capitalize() for part in w.lower().split("-")))
    return " ".join(out)


def _year(raw: str | None) -> int | None:
    if not raw:
        return None
    if len(raw) == 8:
        return int(raw[:4])
    yy = int(raw[:2])
    return 1900 + yy if yy >= 30 else 2000 + yy


def parse(text: str) -> tuple[dict[str, list[str]], list[_Person], list[str]]:
    """(country code -> aliases, people, licence notice lines) of a TABARI .actors file."""
    countries: dict[str, list[str]] = {}
    people: list[_Person] = []
    notice: list[str] = []
    current_country: str | None = None
    current_person: _Person | None = None
    in_header = True
    for line in text.splitlines():
        if in_header and line.startswith("#"):
            m = _NOTICE.match(line)
            notice.append(m.group(1) if m else "")
            continue
        in_header = in_header and not line.strip()
        body = line.split("#", 1)[0].rstrip()
        if not body.strip():
            continue
        if m := _COUNTRY.match(body):
            current_country, current_person = _CAMEO_ISO.get(m.group(2), m.group(2)), None
            countries.setdefault(current_country, []).append(readable(m.group(1)))
        elif body.startswith("+"):
            name = readable(body[1:])
            if current_person is not None:
                current_person.names.append(name)
            elif current_country is not None:
                countries[current_country].append(name)
        elif m := _ROLE.match(body):
            if current_person is not None:
                sector = m.group(2)[:3] or None
                end = _year(m.group(5))
                is_open = bool(m.group(3)) or (m.group(4) is None and m.group(5) is None)
                current_person.roles.append((_CAMEO_ISO.get(m.group(1), m.group(1)), sector if sector in _SECTORS else None, end, is_open))
        elif not body[0].isspace():
            if (current_person is not None and current_person.block and not current_person.roles and "[" not in body
                    and "CountryInfo" not in line):
                # a CountryInfo person's names before its role lines are all that person's, as TABARI
                # reads a block: "BORIS_YELTSIN_  # CountryInfo.txt", "BORIS_N._YELTSIN", then "[RUSGOV ...]"
                current_person.names.append(readable(body.split()[0]))
                continue
            current_person = _Person([readable(body.split()[0])])
            current_person.block = "[" not in body and "CountryInfo" in line
            people.append(current_person)
            current_country = None
    return countries, people, notice


# Single-word aliases in the source that read as something else in English news: common words at
# a sentence start ("Male", "Marches", "Tyre"), people's names ("Murray", "Nasser", "Constantine"),
# places elsewhere ("Phoenix", "Perth") or fiction ("Kinakuta"). Found by reading the converted list.
_AMBIGUOUS = frozenset("""male nile sava saga nara bara doris tara hondo aare aar sur goa qom qum ezo fez hippo sodom
    gomorrah gomorrha nasser hamelin constantine bale scot croat mongol fuego moonland kinakuta kinakutan natukali
    molokeakali murray moron eyre galan farah adelaide victoria buffalo phoenix jersey cork valencia waterloo perth
    tyre marches marche champagne chablis lascar soledad kingston georgetown toledo hanover brunswick orleans
    bergen naze bonete cachi laudo dominica guinea ithaca troy sparta argos olympus delphi thebes arcadia
    corinth doris liege gand luik lima nice reading split bath""".split())


def convert(text: str, since: int, *, former: bool = False, known: set[str] | None = None) -> dict:
    countries, people, _ = parse(text)
    known = _known_names() if known is None else known
    known = known | _AMBIGUOUS
    out: dict = {"states": {}, "people": []}
    for code, names in sorted(countries.items()):
        fresh = sorted({n for n in names if n.lower() not in known and len(n) > 2})
        if not fresh:
            continue
        country = fresh[0] if names[0] in fresh else names[0]
        demonyms = [n for n in fresh if _demonym(n, country)]
        entry = {"names": [n for n in fresh if n not in demonyms]}
        if demonyms:
            entry["demonyms"] = demonyms
        out["states"][code] = {k: v for k, v in entry.items() if v}
    for person in people:
        roles = [r for r in person.roles if r[1] != "ELI"]
        current = [r for r in roles if r[3] or (r[2] or 0) >= since]
        if current:
            code, sector, _, _ = current[-1]
        elif former and roles:
            code, sector = roles[-1][0], None
        else:
            continue
        names = [n for n in dict.fromkeys(person.names) if n.lower() not in known and " " in n]
        if names:
            out["people"].append({"names": names, "code": code, "sector": sector})
            known.update(n.lower() for n in names)
    return out


def _demonym(name: str, country: str) -> bool:
    """"Zimbabwean" beside "Zimbabwe": one word with an adjective ending that shares the country's
    stem (so "Durban" stays a name)."""
    stem = country.lower()[: max(4, len(country) - 3)]
    return (" " not in name and name != country and name.lower().startswith(stem)
            and name.lower().endswith(("an", "ese", "ish", "i", "ic")))


_ORG_LINE = re.compile(r"^([^\s#\[+]+)\s*(?:\[([A-Z]{3,})[^\]]*\])?")


def convert_organisations(text: str, known: set[str] | None = None) -> dict:
    """International and non-state actor files -> ``organisations`` (code, sector)."""
    known = _known_names() if known is None else known
    states = {c.alpha_3 for c in pycountry.countries} | {"KSV", "PSE"}
    out: list[dict] = []
    current: dict | None = None

    def close() -> None:
        if current and current["code"] and current["names"]:
            out.append(current)

    for line in text.splitlines():
        body = line.split("#", 1)[0].rstrip()
        if not body.strip():
            continue
        if body.startswith("+"):
            if current is not None:
                name = readable(body[1:].split("[")[0])
                if name.lower() not in known and len(name) > 2:
                    current["names"].append(name)
            continue
        if body[0].isspace():
            m = re.search(r"\[([A-Z]{3,})", body)
            if current is not None and m and not current["code"]:
                current.update(_org_code(m.group(1), states))
            continue
        close()
        m = _ORG_LINE.match(body)
        current = None
        if m:
            name = readable(m.group(1))
            current = {"names": [name] if name.lower() not in known and len(name) > 2 else [], "code": None,
                       "sector": None}
            if m.group(2):
                current.update(_org_code(m.group(2), states))
    close()
    kept = []
    for org in out:
        if org["code"] == "MNC":
            continue  # companies: not political actors for this coder
        org["names"] = list(dict.fromkeys(org["names"]))
        known.update(n.lower() for n in org["names"])
        kept.append(org)
    return {"organisations": kept}


def _org_code(cameo: str, states: set[str]) -> dict:
    """IGOUNO -> UNO; NGOHRIAMN -> AMN; FRAREB -> FRA/REB; MNCUSA -> MNC (dropped)."""
    segments = [_CAMEO_ISO.get(cameo[i : i + 3], cameo[i : i + 3]) for i in range(0, len(cameo) - len(cameo) % 3, 3)]
    if not segments:
        return {"code": None}
    if segments[0] in states:
        sector = next((s for s in segments[1:] if s in _SECTORS), None)
        return {"code": segments[0], "sector": sector}
    if segments[0] == "MNC":
        return {"code": "MNC"}
    sector = next((s for s in segments[1:] if s in _SECTORS), None)
    if segments[0] not in ("IGO", "NGO", "IMG"):
        # a region or creed first ("MEAREB", "INTREB", "HINRAD"): no state, no own code, only its class
        return {"code": "IMG" if sector == "REB" or "REB" in segments else "NGO", "sector": sector}
    rest = [s for s in segments[1:] if s not in states and s not in _SECTORS and s not in _ISSUES]
    return {"code": rest[-1] if rest else segments[0], "sector": sector}


# CAMEO's issue/type segments inside organisation codes: never an organisation's own name
_ISSUES = {"HRI", "HLH", "DEV", "EDU", "ENV", "MED", "BUS", "REF", "LAB", "AGR", "CHR", "MUS", "JEW",
           "BUD", "HIN", "SEC", "PRO", "WST", "NAT", "AFR", "ASA", "EUR", "LAM", "MEA", "WAF", "EAF",
           "SAF", "NAF", "CAS", "SAS", "SEA", "CAU", "BLK", "BAL", "SCN", "NMR", "CRB", "UAF", "CRM",
           "INT", "IGO", "NGO", "IMG", "MNC", "UIS", "SHI", "SUN", "ITH", "ALE", "RAD", "MOD", "GRN",
           "TOP", "MID", "LOW", "SPY", "PTY", "DIP", "CTH", "MOS", "REL", "KAS", "KKL", "ARB", "EEU",
           "WEU", "CNY", "SAM", "NAM", "CAM", "MDS", "ELI", "CFR", "JMA", "TAM", "UIG", "ASF"}


def _known_names() -> set[str]:
    d = load_dictionaries(shipped=_CURATED)
    names: set[str] = set()
    for info in (d.get("states") or {}).values():
        for key in ("names", "demonyms", "capitals", "places"):
            names.update(str(n).lower() for n in (info or {}).get(key, []))
        names.update(str(n).lower() for n in ((info or {}).get("seats") or {}))
    for key in ("people", "organisations"):
        for item in d.get(key) or []:
            names.update(str(n).lower() for n in item.get("names", []) + item.get("short", []))
    return names


_CURATED = ("actors.yaml",)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", type=Path, nargs="+",
                        help="Phoenix.Countries.actors.txt and/or organisation .actors files")
    parser.add_argument("--since", type=int, default=2015, help="keep people whose last role ended in or after this year")
    parser.add_argument("--former", action="store_true", help="also keep earlier office holders, with no sector")
    parser.add_argument("--json", action="store_true",
                        help="write JSON (loads far faster; the notice goes under the key _notice)")
    args = parser.parse_args(argv)
    known = _known_names()
    merged: dict = {}
    notices: list[tuple[str, list[str]]] = []
    for path in args.paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        notices.append((path.name, parse(text)[2]))
        if any(word in path.name.lower() for word in ("international", "nonstate")):
            part = convert_organisations(text, known=known)
        else:
            part = convert(text, args.since, former=args.former, known=known)
        for key, value in part.items():
            if isinstance(value, dict):
                merged.setdefault(key, {}).update(value)
            else:
                merged.setdefault(key, []).extend(value)
    header: list[str] = []
    for name, notice in notices:
        header.append(f"Converted from {name} (PETRARCH2 / Phoenix dictionaries) by newswatch.")
        header.append("Original notice, kept as its MIT licence requires:")
        header.extend(f"  {line}".rstrip() for line in notice)
    if args.json:
        print(json.dumps({"_notice": header, **merged}, ensure_ascii=False, separators=(",", ":")))
        return 0
    for line in header:
        print(f"# {line}".rstrip())
    print(yaml.safe_dump(merged, sort_keys=False, allow_unicode=True, width=110))
    return 0


if __name__ == "__main__":
    sys.exit(main())
