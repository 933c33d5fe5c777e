"""Reading the YAML configuration files (feeds.yaml, watch_topics.yaml) and saying what is wrong
with them in plain words: one line per problem, naming the file and line, the entry and the field.

The files' shapes are pydantic models (in ingest/feedlist.py and alerts/topics.py); this module
turns a model's validation errors, and the checks a model cannot make alone (duplicate names,
references between sections), into lines such as
``feeds.yaml:12: feeds[3] (name 'coastal-wire'): 'tags' must be a list, got 'weather'``.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

import yaml
from pydantic import ValidationError

from newswatch.errors import ConfigError

# libyaml's loader when PyYAML was built with it: ten times faster on a list of hundreds of feeds.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Loc = tuple[str | int, ...]
# Where a problem is, for the reader: (the entry's label, e.g. "feeds[3] (name 'x')", and the
# rest of the location inside that entry); the label is "" for a top-level key.
Entry = Callable[[Loc], tuple[str, Loc]]


@dataclass(frozen=True, slots=True)
class Problem:
    loc: Loc  # where in the document: ("feeds", 3, "tags")
    text: str  # what is wrong, naming the field: "'tags' must be a list, got 'weather'"


def read_yaml(path: str | os.PathLike[str], what: str, error: type[ConfigError]) -> tuple[Any, str]:
    """The document at ``path`` and its text; ``error`` (one line, naming file, line and column for a
    YAML syntax error) when it cannot be read or parsed. ``what`` names the file: "the feed list"."""
    label = os.fspath(path)
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except OSError as e:
        raise error(f"{label}: cannot read {what}: {e.strerror or e}") from e
    except UnicodeDecodeError as e:
        raise error(f"{label}: {what} is not UTF-8 text ({e.reason} at byte {e.start})") from e
    try:
        return yaml.load(text, Loader=_YAML_LOADER), text  # noqa: S506 - a safe loader
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{label}:{mark.line + 1}:{mark.column + 1}" if mark is not None else label
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise error(f"{where}: not valid YAML: {problem}") from e


def validation_problems(error: ValidationError, schema: Mapping[str, Any], entry: Entry) -> list[Problem]:
    """One Problem per pydantic error, in plain words; ``schema`` (the model's JSON Schema) supplies
    the help for a missing key and the known keys for an unknown one."""
    problems = []
    for err in error.errors():
        loc = _document_loc(schema, tuple(err["loc"]))
        _, inner = entry(loc)
        problems.append(Problem(loc, _plain(err, _field(inner), tuple(err["loc"]), schema)))
    return problems


def report(label: str, text: str, problems: Sequence[Problem], entry: Entry) -> list[str]:
    """``problems`` as lines "file:line: entry: text", in document order."""
    lines = _line_numbers(text)
    out = []
    for p in problems:
        line = next((lines[p.loc[:n]] for n in range(len(p.loc), -1, -1) if p.loc[:n] in lines), None)
        where = f"{label}:{line}" if line else label
        name, _ = entry(p.loc)
        out.append((line or 0, f"{where}: {name}: {p.text}" if name else f"{where}: {p.text}"))
    return [line for _, line in sorted(out, key=lambda pair: pair[0])]


def raise_problems(error: type[ConfigError], what: str, lines: Sequence[str]) -> NoReturn:
    """Raise ``error`` listing every problem, one per line (a single problem is a single line)."""
    if len(lines) == 1:
        raise error(lines[0], lines)
    raise error(f"{what} has {len(lines)} problems:\n" + "\n".join(f"  {line}" for line in lines), lines)


def show(value: Any) -> str:
    """A value as a problem line quotes it: short, and by kind for containers."""
    if value is None:
        return "nothing"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _field(inner: Loc) -> str:
    out = ""
    for part in inner:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# pydantic's error kinds in plain words ("Input should be a valid string" says less than this).
_MUST = {
    "string_type": "must be a string", "string_too_short": "must not be empty",
    "bool_type": "must be true or false", "bool_parsing": "must be true or false",
    "int_type": "must be a whole number", "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number", "float_type": "must be a number",
    "float_parsing": "must be a number", "list_type": "must be a list",
    "dict_type": "must be a mapping", "model_type": "must be a mapping", "model_attributes_type": "must be a mapping",
}
_BOUNDS = {"greater_than": ("gt", "greater than"), "greater_than_equal": ("ge", "at least"),
           "less_than": ("lt", "less than"), "less_than_equal": ("le", "at most")}


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _plain(err: Mapping[str, Any], field: str, loc: Loc, schema: Mapping[str, Any]) -> str:
    kind, ctx, got = err["type"], err.get("ctx") or {}, err.get("input")
    name = f"'{field}'" if field else "the entry"
    if kind in ("dict_type", "model_type", "model_attributes_type") and not field:
        return f"expected a mapping of keys to values, got {show(got)}"
    if kind == "missing":
        help_ = (_subschema(schema, loc) or {}).get("description")
        return f"missing required key {name}" + (f": {_help_line(help_)}" if help_ else "")
    if kind == "extra_forbidden":
        known = sorted((_subschema(schema, loc[:-1]) or {}).get("properties") or ())
        close = difflib.get_close_matches(str(loc[-1]), known, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(known)}"
        return f"unknown key {name} ({hint})" if known else f"unknown key {name}"
    if kind == "value_error":
        message = str(ctx.get("error") or err["msg"])
        return f"{name} {message}" if field else message
    if kind in _MUST:
        return f"{name} {_MUST[kind]}, got {show(got)}"
    if kind == "too_short":
        return f"{name} must have at least {ctx['min_length']} item(s), got {ctx.get('actual_length', 0)}"
    if kind in _BOUNDS:
        key, words = _BOUNDS[kind]
        return f"{name} must be {words} {_number(ctx[key])}, got {show(got)}"
    if kind == "literal_error":
        return f"{name} must be {ctx['expected']}, got {show(got)}"
    discriminator = str(ctx.get("discriminator", "type")).strip("'")
    tag = f"'{field}.{discriminator}'" if field else f"'{discriminator}'"
    if kind == "union_tag_invalid":
        return f"{tag} must be one of {ctx['expected_tags']}, got {ctx['tag']!r}"
    if kind == "union_tag_not_found":
        return f"missing required key {tag}"
    return f"{name}: {err['msg']}"  # pydantic's own words, for kinds not covered above


def _help_line(text: str) -> str:
    """A field's help as the tail of a problem line: its first line, starting lower case."""
    first = text.strip().split("\n")[0].rstrip(".")
    word = first.split(" ")[0]
    return first[:1].lower() + first[1:] if len(word) == 1 or not word.isupper() else first


def _subschema(schema: Mapping[str, Any], loc: Loc) -> Mapping[str, Any] | None:
    """The JSON Schema of the value at the pydantic location ``loc``, or None."""
    return _walk(schema, loc)[0]


def _document_loc(schema: Mapping[str, Any], loc: Loc) -> Loc:
    """A pydantic location without the tags of discriminated unions: where it is in the file."""
    return _walk(schema, loc)[1]


def _walk(schema: Mapping[str, Any], loc: Loc) -> tuple[Mapping[str, Any] | None, Loc]:
    """Follow ``loc`` through ``schema`` ($ref, list items, mapping values, and discriminated unions,
    whose tag is part of a pydantic location but not of the document)."""
    def resolve(node: Any) -> Any:
        while isinstance(node, Mapping) and "$ref" in node:
            node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
        if isinstance(node, Mapping) and "anyOf" in node:  # X | None: follow X
            options = [o for o in node["anyOf"] if o.get("type") != "null"]
            node = resolve(options[0]) if len(options) == 1 else node
        return node

    node, document = resolve(schema), []
    for i, part in enumerate(loc):
        if not isinstance(node, Mapping):
            return None, (*document, *loc[i:])
        mapping = (node.get("discriminator") or {}).get("mapping") or {}
        if part in mapping:
            node = resolve({"$ref": mapping[part]})
            continue
        document.append(part)
        if isinstance(part, str) and part in (node.get("properties") or {}):
            node = resolve(node["properties"][part])
        elif isinstance(part, int) and isinstance(node.get("items"), Mapping):
            node = resolve(node["items"])
        elif isinstance(node.get("additionalProperties"), Mapping):
            node = resolve(node["additionalProperties"])
        else:
            node = None
    return (node if isinstance(node, Mapping) else None), tuple(document)


def _line_numbers(text: str) -> dict[Loc, int]:
    """The line (1-based) of every key and list item of a YAML document, by location."""
    try:
        root = yaml.compose(text, Loader=_YAML_LOADER)
    except yaml.YAMLError:
        return {}
    lines: dict[Loc, int] = {}

    def walk(node: Any, loc: Loc) -> None:
        lines.setdefault(loc, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    lines[(*loc, key.value)] = key.start_mark.line + 1
                    walk(value, (*loc, key.value))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*loc, i))

    if root is not None:
        walk(root, ())
    return lines
