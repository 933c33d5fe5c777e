"""Loads the extractor's dictionaries: the files shipped in ``newswatch/data/extract`` plus any
analyst additions in the directory named by ``NEWSWATCH_DICTIONARY_DIR`` (same format, merged in).

Hand-curated files are YAML; the PETRARCH2 conversions (``petrarch_*.json``, regenerated with
``convert_petrarch`` / ``convert_verbs``) are JSON, which loads ~100x faster for their ~40,000 names.
Curated files come first, so their readings win over converted ones for the same name.
"""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path

import yaml

from newswatch.errors import ConfigError

# the C loader when PyYAML has it: a converted PETRARCH file has thousands of entries
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# The curated actor files (actors_*.yaml: organisations, historical names, armed groups, companies)
# come right after actors.yaml and before the converted names, so their readings win.
SHIPPED_FILES = ("actors.yaml", "actors_igo.yaml", "actors_historical.yaml", "actors_armed_groups.yaml", "actors_peoples.yaml",
                 "actors_companies.yaml", "petrarch_actors.json", "actors_places.yaml", "patterns.yaml", "petrarch_verbs.json",
                 "claims.yaml", "attitudes.yaml", "weapons.yaml")
DICTIONARY_DIR_ENV = "NEWSWATCH_DICTIONARY_DIR"


class DictionaryError(ConfigError, ValueError):
    """A dictionary file could not be read or has the wrong shape; the message names the file.

    A configuration error (an analyst's override file is bad): the CLI exits 2, and under Airflow
    the task fails at once rather than retrying what a retry cannot fix."""


def extra_files_signature(directory: str | None = None) -> tuple[tuple[str, int], ...]:
    """(path, mtime) of every analyst dictionary file, so cached compilations notice edits."""
    directory = directory if directory is not None else os.environ.get(DICTIONARY_DIR_ENV)
    if not directory:
        return ()
    root = Path(directory)
    if not root.is_dir():
        raise DictionaryError(f"{DICTIONARY_DIR_ENV}={directory!r} is not a directory")
    files = sorted(p for p in root.iterdir() if p.suffix in (".yaml", ".yml", ".json") and p.is_file())
    return tuple((str(p), p.stat().st_mtime_ns) for p in files)


def load_dictionaries(extra: tuple[tuple[str, int], ...] = (), shipped: tuple[str, ...] | None = None) -> dict:
    """The merged dictionary: shipped files (or the ones named) first, then each extra file in name order."""
    merged: dict = {}
    package = resources.files("newswatch") / "data" / "extract"
    for name in SHIPPED_FILES if shipped is None else shipped:
        _merge(merged, _parse((package / name).read_text(encoding="utf-8"), name))
    for path, _mtime in extra:
        _merge(merged, _parse(Path(path).read_text(encoding="utf-8"), path))
    return merged


def _parse(text: str, name: str) -> dict:
    if str(name).endswith(".json"):
        # generated dictionaries (PETRARCH conversions) ship as JSON: it loads 100x faster than YAML
        try:
            data = json.loads(text)
        except ValueError as e:
            raise DictionaryError(f"{name}: not valid JSON: {e}") from e
    else:
        try:
            data = yaml.load(text, Loader=_Loader) or {}  # noqa: S506 - a safe loader
        except yaml.YAMLError as e:
            raise DictionaryError(f"{name}: not valid YAML: {e}") from e
    if not isinstance(data, dict):
        raise DictionaryError(f"{name}: expected a mapping of sections at top level")
    return data


def _merge(into: dict, new: dict) -> None:
    """Lists extend (patterns with a known id replace it), mappings merge key by key."""
    for key, value in new.items():
        old = into.get(key)
        if old is None:
            into[key] = value
        elif isinstance(old, dict) and isinstance(value, dict):
            _merge(old, value)
        elif isinstance(old, list) and isinstance(value, list):
            if key == "patterns":
                ids = {p.get("id"): i for i, p in enumerate(old) if isinstance(p, dict)}
                for p in value:
                    if isinstance(p, dict) and p.get("id") in ids:
                        old[ids[p["id"]]] = p
                    else:
                        old.append(p)
            elif value and isinstance(value[0], dict):
                old.extend(value)  # entries (people, organisations): a repeated name is harmless
            else:
                seen = set(old)  # a set: converted files hold tens of thousands of entries
                old.extend(v for v in value if v not in seen)
        else:
            into[key] = value
