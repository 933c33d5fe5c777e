"""Converts a PETRARCH2/TABARI country-actor dictionary (Phoenix.Countries.actors.txt) into an
analyst dictionary file in newswatch's actors format, for ``NEWSWATCH_DICTIONARY_DIR``.

    python -m newswatch.extract.convert_petrarch PATH/Phoenix.Countries.actors.txt [--since 2015] > petrarch.yaml

People keep their most recent role (state code + sector, e.g. RUSGOV -> RUS/GOV) and are written only
when that role is open-ended or ended in or after ``--since``. Country aliases become state names,
as PETRARCH codes cities as their country. Names the shipped gazetteer already knows are skipped.
The source's MIT notice is copied into the output, as its licence requires.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .dictionaries import load_dictionaries

_COUNTRY = re.compile(r"^([^\s#\[]+)\s*\[([A-Z]{3})\]")
_ROLE = re.compile(r"^\s+\[([A-Z]{3})([A-Z]{0,6})\s*(>?)(\d{6,8})?(?:-(\d{6,8}))?\]")
_NOTICE = re.compile(r"^#\s?(.*)$")
_SECTORS = {"GOV", "MIL", "LEG", "JUD", "MED", "COP", "CVL", "OPP", "BUS", "REB", "SPY", "ELI", "IGO", "NGO"}


@dataclass
class _Person:
    names: list[str]
    roles: list[tuple[str, str | None, int | None, bool]] = field(default_factory=list)  # code, sector, end year, open


def readable(token: str) -> str:
    """"VLADIMIR_PUTIN_" -> "Vladimir Putin"; "D.P.R.K._" -> "D.P.R.K."."""
    words = token.strip().rstrip("_").replace("_", " ").split()
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
            current_country, current_person = m.group(2), None
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
                current_person.roles.append((m.group(1), sector if sector in _SECTORS else None, end, is_open))
        elif not body[0].isspace():
            current_person = _Person([readable(body.split()[0])])
            people.append(current_person)
            current_country = None
    return countries, people, notice


def convert(text: str, since: int) -> dict:
    countries, people, _ = parse(text)
    known = _known_names()
    out: dict = {"states": {}, "people": []}
    for code, names in sorted(countries.items()):
        fresh = sorted({n for n in names if n.lower() not in known and len(n) > 2})
        if fresh:
            out["states"][code] = {"names": fresh}
    for person in people:
        roles = [r for r in person.roles if r[1] != "ELI" and (r[3] or (r[2] or 0) >= since)]
        if not roles:
            continue
        code, sector, _, _ = roles[-1]
        names = [n for n in dict.fromkeys(person.names) if n.lower() not in known and " " in n]
        if names:
            out["people"].append({"names": names, "code": code, "sector": sector})
    return out


def _known_names() -> set[str]:
    d = load_dictionaries()
    names: set[str] = set()
    for info in (d.get("states") or {}).values():
        for key in ("names", "demonyms", "capitals", "places"):
            names.update(str(n).lower() for n in (info or {}).get(key, []))
    for item in d.get("people") or []:
        names.update(str(n).lower() for n in item.get("names", []))
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="Phoenix.Countries.actors.txt (or another TABARI .actors file)")
    parser.add_argument("--since", type=int, default=2015, help="keep people whose last role ended in or after this year")
    args = parser.parse_args(argv)
    text = args.path.read_text(encoding="utf-8", errors="replace")
    _, _, notice = parse(text)
    print(f"# Converted from {args.path.name} (PETRARCH2 / Phoenix dictionaries) by newswatch.")
    print("# Original notice, kept as its MIT licence requires:")
    for line in notice:
        print(f"#   {line}".rstrip())
    print(yaml.safe_dump(convert(text, args.since), sort_keys=False, allow_unicode=True, width=110))
    return 0


if __name__ == "__main__":
    sys.exit(main())
