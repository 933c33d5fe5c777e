"""Loads the extractor's dictionaries: the YAML files shipped in ``newswatch/data/extract`` plus any
analyst additions in the directory named by ``NEWSWATCH_DICTIONARY_DIR`` (same format, merged in).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import yaml

# the C loader when PyYAML has it: a converted PETRARCH file has thousands of entries
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SHIPPED_FILES = ("actors.yaml", "patterns.yaml", "claims.yaml", "weapons.yaml")
DICTIONARY_DIR_ENV = "NEWSWATCH_DICTIONARY_DIR"


class DictionaryError(ValueError):
    """A dictionary file could not be read or has the wrong shape; the message names the file."""


def extra_files_signature(directory: str | None = None) -> tuple[tuple[str, int], ...]:
    """(path, mtime) of every analyst dictionary file, so cached compilations notice edits."""
    directory = directory if directory is not None else os.environ.get(DICTIONARY_DIR_ENV)
    if not directory:
        return ()
    root = Path(directory)
    if not root.is_dir():
        raise DictionaryError(f"{DICTIONARY_DIR_ENV}={directory!r} is not a directory")
    files = sorted(p for p in root.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    return tuple((str(p), p.stat().st_mtime_ns) for p in files)


def load_dictionaries(extra: tuple[tuple[str, int], ...] = ()) -> dict:
    """The merged dictionary: shipped files first, then each extra file in name order."""
    merged: dict = {}
    package = resources.files("newswatch") / "data" / "extract"
    for name in SHIPPED_FILES:
        _merge(merged, _parse((package / name).read_text(encoding="utf-8"), name))
    for path, _mtime in extra:
        _merge(merged, _parse(Path(path).read_text(encoding="utf-8"), path))
    return merged


def _parse(text: str, name: str) -> dict:
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
            else:
                old.extend(v for v in value if v not in old)
        else:
            into[key] = value
