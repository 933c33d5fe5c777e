"""Load and validate the feed list (feeds.yaml) into `FeedSpec`s.

Validation happens on load, so a typo fails the run up front with a message naming the entry,
instead of surfacing later as a mysterious fetch failure.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import yaml

from newswatch.errors import FeedListError
from newswatch.ingest.scheduling import DEFAULT_POLICY, PollPolicy, policy_from_mapping
from newswatch.model import FeedSpec

REQUIRED_KEYS = ("name", "url", "source")
# libyaml's loader when PyYAML was built with it: ten times faster on a list of hundreds of feeds,
# which every poll_shard task reads.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ALLOWED_SCHEMES = ("http", "https")
# ${VAR} or ${VAR:-default} inside a url, so one feed list serves several hosts (e.g. the demo's
# local sample server: ${NEWSWATCH_SAMPLES_URL:-http://127.0.0.1:8765}/feed.xml).
_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")


def expand_env(value: str, environ: Mapping[str, str] | None = None) -> str:
    """Replace ${VAR} / ${VAR:-default} from the environment; unset without default stays as is."""
    env = os.environ if environ is None else environ

    def sub(match: re.Match[str]) -> str:
        name, default = match.group(1), match.group(2)
        value = env.get(name) or default
        return value if value is not None else match.group(0)

    return _ENV_REF.sub(sub, value)


def load_feed_list(path: str | os.PathLike[str]) -> list[FeedSpec]:
    """Read the feed list at `path`; raise `FeedListError` naming the first bad entry."""
    specs, problems = _read(path)
    if problems:
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise FeedListError(problems[0] + more, problems)
    return specs


def check_feed_list(path: str | os.PathLike[str]) -> list[str]:
    """Every problem in the feed list at `path` (empty when it is valid); never raises for bad input."""
    return _read(path)[1] + [f"{os.fspath(path)}: {p}" for p in _read_policy(path)[1]]


def load_feed_config(path: str | os.PathLike[str]) -> tuple[list[FeedSpec], PollPolicy]:
    """The feed list and its `polling:` policy, from one read of the file."""
    document, problem = _load_yaml(path)
    if problem:
        raise FeedListError(problem, [problem])
    specs, problems = _validate(document, os.fspath(path))
    policy, policy_problems = _policy(document)
    problems += [f"{os.fspath(path)}: {p}" for p in policy_problems]
    if problems:
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise FeedListError(problems[0] + more, problems)
    return specs, policy


def load_poll_policy(path: str | os.PathLike[str]) -> PollPolicy:
    """The feed list's optional `polling:` section (intervals, disabling, concurrency)."""
    policy, problems = _read_policy(path)
    if problems:
        raise FeedListError(f"{os.fspath(path)}: {problems[0]}", problems)
    return policy


def _read_policy(path: str | os.PathLike[str]) -> tuple[PollPolicy, list[str]]:
    return _policy(_load_yaml(path)[0])


def _policy(document: Any) -> tuple[PollPolicy, list[str]]:
    raw = document.get("polling") if isinstance(document, Mapping) else None
    if raw is None:
        return DEFAULT_POLICY, []
    if not isinstance(raw, Mapping):
        return DEFAULT_POLICY, [f"'polling' must be a mapping, got {type(raw).__name__}"]
    return policy_from_mapping(raw)


def _read(path: str | os.PathLike[str]) -> tuple[list[FeedSpec], list[str]]:
    document, problem = _load_yaml(path)
    if problem:
        return [], [problem]
    return _validate(document, os.fspath(path))


def _load_yaml(path: str | os.PathLike[str]) -> tuple[Any, str | None]:
    label = os.fspath(path)
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_YAML_LOADER), None
    except OSError as e:
        return None, f"{label}: cannot read feed list: {e.strerror or e}"
    except UnicodeDecodeError as e:
        return None, f"{label}: feed list is not UTF-8: {e}"
    except yaml.YAMLError as e:
        return None, f"{label}: invalid YAML: {e}"


def _validate(document: Any, label: str) -> tuple[list[FeedSpec], list[str]]:
    if not isinstance(document, Mapping) or "feeds" not in document:
        return [], [f"{label}: expected a top-level 'feeds:' list"]
    entries = document["feeds"]
    if not isinstance(entries, list):
        return [], [f"{label}: 'feeds' must be a list, got {type(entries).__name__}"]

    specs: list[FeedSpec] = []
    problems: list[str] = []
    first_by_name: dict[str, int] = {}
    first_by_url: dict[str, int] = {}
    for index, entry in enumerate(entries):
        if isinstance(entry, Mapping) and isinstance(entry.get("url"), str):
            entry = {**entry, "url": expand_env(entry["url"])}
        where = _where(label, index, entry)
        entry_problems = _entry_problems(entry)
        if not entry_problems:
            name, url = entry["name"].strip(), entry["url"].strip()
            if name in first_by_name:
                entry_problems.append(f"duplicate name, first used by feeds[{first_by_name[name]}]")
            if url in first_by_url:
                entry_problems.append(f"duplicate url, first used by feeds[{first_by_url[url]}]")
            first_by_name.setdefault(name, index)
            first_by_url.setdefault(url, index)
        if entry_problems:
            problems.extend(f"{where}: {p}" for p in entry_problems)
        else:
            specs.append(_to_spec(entry))
    return specs, problems


def _where(label: str, index: int, entry: Any) -> str:
    name = entry.get("name") if isinstance(entry, Mapping) else None
    suffix = f" (name {name!r})" if isinstance(name, str) and name.strip() else ""
    return f"{label}: feeds[{index}]{suffix}"


def _entry_problems(entry: Any) -> list[str]:
    if not isinstance(entry, Mapping):
        return [f"expected a mapping with {', '.join(REQUIRED_KEYS)}, got {type(entry).__name__}"]
    problems: list[str] = []
    for key in REQUIRED_KEYS:
        value = entry.get(key)
        if key not in entry or value is None:
            problems.append(f"missing required key {key!r}")
        elif not isinstance(value, str) or not value.strip():
            problems.append(f"{key!r} must be a non-empty string")
    if isinstance(entry.get("url"), str) and entry["url"].strip():
        problems.extend(_url_problems(entry["url"].strip()))
    problems.extend(_optional_problems(entry))
    return problems


def _url_problems(url: str) -> list[str]:
    unresolved = _ENV_REF.search(url)
    if unresolved:
        return [f"url {url!r} uses the unset environment variable {unresolved.group(1)}"]
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port  # raises ValueError for a non-numeric or out-of-range port
    except ValueError as e:
        return [f"url {url!r} is not a valid URL ({e})"]
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        return [f"url {url!r} must start with http:// or https://"]
    if not host:
        return [f"url {url!r} has no host"]
    return []


def _optional_problems(entry: Mapping[str, Any]) -> list[str]:
    problems: list[str] = []
    language = entry.get("language")
    if language is not None and (not isinstance(language, str) or not language.strip()):
        problems.append("'language' must be a non-empty string such as 'en'")
    tags = entry.get("tags")
    if tags is not None and (
        not isinstance(tags, list) or not all(isinstance(t, str) and t.strip() for t in tags)
    ):
        problems.append("'tags' must be a list of non-empty strings")
    for key in ("allow_private", "full_text"):
        # YAML already turns true/false/yes/no into bools; a string here is a quoting mistake.
        if key in entry and entry[key] is not None and not isinstance(entry[key], bool):
            problems.append(f"{key!r} must be true or false, got {entry[key]!r}")
    return problems


def _to_spec(entry: Mapping[str, Any]) -> FeedSpec:
    language = entry.get("language")
    return FeedSpec(
        name=entry["name"].strip(),
        url=entry["url"].strip(),
        source=entry["source"].strip(),
        language=language.strip() if language else None,
        tags=tuple(t.strip() for t in entry.get("tags") or ()),
        allow_private=bool(entry.get("allow_private") or False),
        full_text=bool(entry.get("full_text") or False),
    )
