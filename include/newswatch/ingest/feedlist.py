"""Load and validate the feed list (feeds.yaml): its feeds as `FeedSpec`s and its polling policy.

The file's shape is a pydantic model (`FeedListFile`, exported as JSON Schema for editors by
`feed_list_json_schema`). Validation happens on load, so a typo fails the run up front with every
problem at once, one per line naming the file and line, the entry and the field, instead of
surfacing later as a mysterious fetch failure.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StringConstraints, ValidationError, field_validator

from newswatch import configfile
from newswatch.configfile import Loc, Problem
from newswatch.errors import FeedListError
from newswatch.ingest.scheduling import DEFAULT_POLICY, PollingSettings, PollPolicy
from newswatch.model import FeedSpec

ALLOWED_SCHEMES = ("http", "https")
# ${VAR} or ${VAR:-default} inside a url, so one feed list serves several hosts (e.g. the demo's
# local sample server: ${NEWSWATCH_SAMPLES_URL:-http://127.0.0.1:8765}/feed.xml).
_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")
_WHAT = "the feed list"


def expand_env(value: str, environ: Mapping[str, str] | None = None) -> str:
    """Replace ${VAR} / ${VAR:-default} from the environment; unset without default stays as is."""
    env = os.environ if environ is None else environ

    def sub(match: re.Match[str]) -> str:
        name, default = match.group(1), match.group(2)
        value = env.get(name) or default
        return value if value is not None else match.group(0)

    return _ENV_REF.sub(sub, value)


class FeedEntry(BaseModel):
    """One feed to poll."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, use_attribute_docstrings=True,
                              title="feed")

    name: str = Field(min_length=1)
    """A short name, unique in the list; it keys the feed's history, so keep it once chosen."""
    url: str = Field(min_length=1)
    """The feed's http(s) URL. ${VAR} and ${VAR:-default} are replaced from the environment."""
    source: str = Field(min_length=1)
    """The outlet, as analysts should see it (e.g. Harbour Times)."""
    language: str | None = Field(default=None, min_length=1)
    """The language of the feed's articles (e.g. en), when the feed does not say it right."""
    tags: list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]] | None = None
    """Free labels for the people who run newswatch (e.g. [world, asia])."""
    allow_private: StrictBool | None = None
    """Allow a private or loopback address for this feed (refused otherwise, against SSRF)."""
    full_text: StrictBool | None = None
    """Fetch each new article's page, for feeds that only carry teasers."""

    @field_validator("url")
    @classmethod
    def _http_url(cls, url: str) -> str:
        """The URL with its environment variables expanded; http(s), with a host."""
        expanded = expand_env(url)
        unresolved = _ENV_REF.search(expanded)
        if unresolved:
            raise ValueError(f"uses the unset environment variable {unresolved.group(1)} ({url!r})")
        try:
            parts = urlsplit(expanded)
            host = parts.hostname
            _ = parts.port  # raises ValueError for a non-numeric or out-of-range port
        except ValueError as e:
            raise ValueError(f"is not a valid URL ({e}): {expanded!r}") from None
        if parts.scheme.lower() not in ALLOWED_SCHEMES:
            raise ValueError(f"must start with http:// or https://, got {expanded!r}")
        if not host:
            raise ValueError(f"has no host: {expanded!r}")
        return expanded

    def spec(self) -> FeedSpec:
        return FeedSpec(name=self.name, url=self.url, source=self.source, language=self.language,
                        tags=tuple(self.tags or ()), allow_private=bool(self.allow_private),
                        full_text=bool(self.full_text))


class FeedListFile(BaseModel):
    """newswatch's feed list (feeds.yaml): the feeds to poll, and optionally how to poll them.
    Check a file with `newswatch feeds check`."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True,
                              title="newswatch feed list (feeds.yaml)")

    polling: PollingSettings | None = None
    """How often to poll and when to give up on a feed; every key is optional."""
    feeds: list[FeedEntry] = Field(json_schema_extra={"minItems": 1})
    """The feeds to poll: at least one, each with a name, url and source."""


@dataclass(frozen=True, slots=True)
class FeedList(Sequence[FeedSpec]):
    """A loaded feed list: a sequence of its feeds, with the `polling:` policy beside them."""

    feeds: tuple[FeedSpec, ...]
    policy: PollPolicy = DEFAULT_POLICY

    def __getitem__(self, index):  # type: ignore[override]
        return self.feeds[index]

    def __len__(self) -> int:
        return len(self.feeds)

    def __iter__(self) -> Iterator[FeedSpec]:
        return iter(self.feeds)


def load_feed_list(path: str | os.PathLike[str]) -> FeedList:
    """Read the feed list at `path`: its feeds and polling policy. `FeedListError` lists every
    problem, one per line (its `problems` holds them one by one); an empty list is one of them,
    since a run that polls nothing is a mistake, not a quiet success."""
    label = os.fspath(path)
    document, text = configfile.read_yaml(path, _WHAT, FeedListError)
    if not isinstance(document, Mapping):
        raise FeedListError(f"{label}: expected a top-level 'feeds:' list, got {configfile.show(document)}")
    entry = _entry_namer(document)
    problems = _cross_checks(document)
    try:
        parsed = FeedListFile.model_validate(document)
    except ValidationError as e:
        problems = configfile.validation_problems(e, feed_list_json_schema(), entry) + problems
    else:
        if not problems:
            return FeedList(tuple(f.spec() for f in parsed.feeds),
                            parsed.polling.policy() if parsed.polling else DEFAULT_POLICY)
    configfile.raise_problems(FeedListError, f"{_WHAT} {label}", configfile.report(label, text, problems, entry))


def feed_list_json_schema() -> dict[str, Any]:
    """The JSON Schema of feeds.yaml, with each key's help, for editors (`newswatch config schema`)."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            **FeedListFile.model_json_schema(by_alias=True)}


def _cross_checks(document: Mapping[str, Any]) -> list[Problem]:
    """What the model cannot check entry by entry: an empty list, and names or urls used twice."""
    entries = document.get("feeds")
    if not isinstance(entries, list):
        return []
    if not entries:
        return [Problem(("feeds",), f"{_WHAT} has no feeds: list at least one under 'feeds:', each with a "
                                    "name, url and source (include/samples/feeds.yaml shows the shape)")]
    problems: list[Problem] = []
    first: dict[tuple[str, str], int] = {}
    for index, item in enumerate(entries):
        if not isinstance(item, Mapping):
            continue
        for key in ("name", "url"):
            value = item.get(key)
            if not isinstance(value, str) or not value.strip():
                continue
            value = expand_env(value.strip()) if key == "url" else value.strip()
            if (key, value) in first:
                problems.append(Problem(("feeds", index, key),
                                        f"duplicate {key}, first used by feeds[{first[key, value]}]"))
            first.setdefault((key, value), index)
    return problems


def _entry_namer(document: Mapping[str, Any]) -> configfile.Entry:
    """Names the entry a location is in: "feeds[3] (name 'x')", "polling", or "" (top level)."""
    entries = document.get("feeds")

    def entry(loc: Loc) -> tuple[str, Loc]:
        if len(loc) >= 2 and loc[0] == "feeds" and isinstance(loc[1], int):
            index = loc[1]
            item = entries[index] if isinstance(entries, list) and index < len(entries) else None
            name = item.get("name") if isinstance(item, Mapping) else None
            suffix = f" (name {name.strip()!r})" if isinstance(name, str) and name.strip() else ""
            return f"feeds[{index}]{suffix}", loc[2:]
        if loc and loc[0] == "polling":
            return "polling", loc[1:]
        return "", loc

    return entry
