"""The event ontology (PLOVER types, modes and contexts; claim statuses, arms-transfer stages and date
precisions with their order; generic weapon words; actor sectors and roles), read once from
``data/ontology.yaml``.

Watch topics, mention checks, world-event clustering and novelty all read these values from here, so a
type or a status is defined in one place. The file is checked on load; a bad one is a ConfigError
that names every problem.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from newswatch.errors import ConfigError

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_Code = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z_]*$")]  # AID, GOV
_Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$")]  # military, third-party
_Word = Annotated[str, StringConstraints(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _EventTypeSpec(_Strict):
    description: str
    symmetric: bool = False  # either actor order is the same event (A met B = B met A)
    modes: dict[_Name, str] = {}


class _Ranked(_Strict):
    rank: int = Field(ge=0)
    description: str


class _ArmsTransfer(_Strict):
    event_types: list[_Code] = Field(min_length=1)
    context: _Name


class _ActorRole(_Strict):
    description: str
    sectors: list[_Code] = []
    titles: list[_Word] = []
    people: list[_Word] = []


class _RoleQualifiers(_Strict):
    lower: list[_Word] = []  # "vice foreign minister": the next role down
    former: list[_Word] = []  # "former president": no role


@dataclass(frozen=True, slots=True)
class ActorRole:
    """A role an actor can hold (watch topics' actor_roles): the titles and people that give it."""

    name: str
    sectors: frozenset[str]
    titles: tuple[str, ...]  # lower case
    people: tuple[str, ...]


class _OntologyFile(_Strict):
    event_types: dict[_Code, _EventTypeSpec] = Field(min_length=1)
    contexts: dict[_Name, str] = Field(min_length=1)
    claim_statuses: dict[_Name, _Ranked] = Field(min_length=1)
    transfer_stages: dict[_Name, _Ranked] = Field(min_length=1)
    arms_transfer: _ArmsTransfer
    generic_weapons: list[_Word]
    date_precisions: dict[_Name, _Ranked] = Field(min_length=1)
    date_bases: dict[_Name, str] = Field(min_length=1)
    sectors: dict[_Code, str] = Field(min_length=1)
    actor_roles: dict[_Name, _ActorRole] = {}
    role_qualifiers: _RoleQualifiers = _RoleQualifiers()

    @model_validator(mode="after")
    def _arms_transfer_is_coded_with_known_values(self) -> _OntologyFile:
        unknown = [t for t in self.arms_transfer.event_types if t not in self.event_types]
        if unknown:
            raise ValueError(f"arms_transfer.event_types names unknown types {unknown}")
        if self.arms_transfer.context not in self.contexts:
            raise ValueError(f"arms_transfer.context {self.arms_transfer.context!r} is not a context")
        for name, role in self.actor_roles.items():
            unknown_sectors = [s for s in role.sectors if s not in self.sectors]
            if unknown_sectors:
                raise ValueError(f"actor_roles.{name}.sectors names unknown sectors {unknown_sectors}")
        return self


@dataclass(frozen=True, slots=True)
class Ontology:
    """The ontology's values, frozen. Ranks: higher is firmer (claims), further (stages), finer (dates)."""

    event_types: tuple[str, ...]  # in the file's order
    modes: Mapping[str, frozenset[str]]  # event type -> its modes
    symmetric_types: frozenset[str]
    contexts: frozenset[str]
    claim_ranks: Mapping[str, int]
    stage_ranks: Mapping[str, int]
    precision_ranks: Mapping[str, int]
    date_bases: frozenset[str]
    arms_transfer_types: frozenset[str]
    arms_transfer_context: str
    generic_weapons: frozenset[str]  # lower case
    sectors: frozenset[str]
    actor_roles: tuple[ActorRole, ...] = ()  # highest first
    lowering_qualifiers: tuple[str, ...] = ()  # lower case
    former_qualifiers: tuple[str, ...] = ()

    @property
    def claim_statuses(self) -> tuple[str, ...]:
        """Weakest first (file order among equals)."""
        return _by_rank(self.claim_ranks)

    @property
    def transfer_stages(self) -> tuple[str, ...]:
        return _by_rank(self.stage_ranks)

    @property
    def date_precisions(self) -> tuple[str, ...]:
        return _by_rank(self.precision_ranks)


def _by_rank(ranks: Mapping[str, int]) -> tuple[str, ...]:
    return tuple(sorted(ranks, key=ranks.__getitem__))


DEFAULT_FILE = "ontology.yaml"


@functools.cache
def shipped() -> Ontology:
    """The shipped ontology, read and checked once per process."""
    source = resources.files("newswatch") / "data" / DEFAULT_FILE
    return parse(source.read_text(encoding="utf-8"), f"newswatch/data/{DEFAULT_FILE}")


def load(path: str | Path) -> Ontology:
    """An ontology file other than the shipped one (for tests and for checking a modified copy)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigError(f"cannot read the ontology {path}: {e.strerror or e}") from e
    return parse(text, str(path))


def parse(text: str, label: str) -> Ontology:
    """Check the ontology YAML ``text`` (``label`` names it in errors) and freeze its values."""
    try:
        raw = yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{label}:{mark.line + 1}:{mark.column + 1}" if mark else label
        raise ConfigError(f"{where}: not valid YAML: {getattr(e, 'problem', None) or e}") from e
    try:
        spec = _OntologyFile.model_validate(raw)
    except ValidationError as e:
        problems = [f"{label}: {'.'.join(str(p) for p in err['loc']) or 'top level'}: {err['msg']}"
                    for err in e.errors()]
        raise ConfigError("\n".join(problems)) from None
    return Ontology(
        event_types=tuple(spec.event_types),
        modes=MappingProxyType({t: frozenset(s.modes) for t, s in spec.event_types.items()}),
        symmetric_types=frozenset(t for t, s in spec.event_types.items() if s.symmetric),
        contexts=frozenset(spec.contexts),
        claim_ranks=MappingProxyType({k: v.rank for k, v in spec.claim_statuses.items()}),
        stage_ranks=MappingProxyType({k: v.rank for k, v in spec.transfer_stages.items()}),
        precision_ranks=MappingProxyType({k: v.rank for k, v in spec.date_precisions.items()}),
        date_bases=frozenset(spec.date_bases),
        arms_transfer_types=frozenset(spec.arms_transfer.event_types),
        arms_transfer_context=spec.arms_transfer.context,
        generic_weapons=frozenset(w.lower() for w in spec.generic_weapons),
        sectors=frozenset(spec.sectors),
        actor_roles=tuple(ActorRole(name, frozenset(r.sectors), tuple(t.lower() for t in r.titles),
                                    tuple(r.people)) for name, r in spec.actor_roles.items()),
        lowering_qualifiers=tuple(q.lower() for q in spec.role_qualifiers.lower),
        former_qualifiers=tuple(q.lower() for q in spec.role_qualifiers.former),
    )


# Short spellings for the questions callers ask most.

def is_symmetric(event_type: str) -> bool:
    """Does either actor order describe the same event (CONSULT: A met B = B met A)?"""
    return event_type in shipped().symmetric_types


def claim_rank(status: str) -> int:
    """How firm a claim status is (denied 0 ... confirmed 3); KeyError for an unknown status."""
    return shipped().claim_ranks[status]


def stage_rank(stage: str) -> int:
    """How far an arms transfer has gone (planned 0 ... delivered 3); KeyError for an unknown stage."""
    return shipped().stage_ranks[stage]
