"""`newswatch config`: what this installation uses (database, config files, channels, versions,
environment), secrets masked; and `newswatch config schema feeds|topics`: the files' JSON Schema.

`config` reports problems (an unreachable database, a missing or invalid file) as values and
still exits 0: it is the command to run when something else fails.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
from pathlib import Path
from typing import Any

from newswatch import __version__, config
from newswatch.cli.common import one_line
from newswatch.cli.output import Column, print_table
from newswatch.errors import NewswatchError

# NEWSWATCH_* variables whose values are not secret; any other one shows as "set (hidden)".
_PLAIN_VARIABLES = frozenset({
    "NEWSWATCH_CONFIG_DIR", "NEWSWATCH_FEEDS_FILE", "NEWSWATCH_TOPICS_FILE", "NEWSWATCH_DICTIONARY_DIR",
    "NEWSWATCH_ALLOWED_HOSTS", "NEWSWATCH_SAMPLES_URL", "NEWSWATCH_CODE_WORKERS", "NEWSWATCH_ATOM_DIR",
    "NEWSWATCH_DEBUG",
})
_DICTIONARY_DIR_ENV = "NEWSWATCH_DICTIONARY_DIR"  # newswatch.extract.DICTIONARY_DIR_ENV, without loading the extractor
HIDDEN = "(set, value hidden)"

# `config schema`: the file, and the function (module, name) that describes it.
_SCHEMAS = {
    "feeds": ("feeds.yaml", "newswatch.ingest.feedlist", "feed_list_json_schema"),
    "topics": ("watch_topics.yaml", "newswatch.alerts.topics", "topics_json_schema"),
}


def register(sub: Any) -> None:
    p = sub.add_parser("config", help="what is in use: database, config files, channels, versions",
                       description="Print the configuration in use, secrets masked. Problems are shown, "
                                   "not raised: the exit code is 0 unless the command itself is wrong.")
    p.add_argument("--json", action="store_true", help="the same as one JSON object on one line")
    p.set_defaults(func=cmd_config)
    commands = p.add_subparsers(dest="config_command", metavar="COMMAND")
    s = commands.add_parser("schema", help="the JSON Schema of feeds.yaml or watch_topics.yaml")
    s.add_argument("which", choices=sorted(_SCHEMAS), help="feeds (feeds.yaml) or topics (watch_topics.yaml)")
    s.add_argument("-o", "--output", type=Path, help="write to this file (default: stdout)")
    s.set_defaults(func=cmd_schema)


def cmd_config(args: argparse.Namespace) -> int:
    report = collect(args.database_url)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return 0
    print_table((Column("setting"), Column("value", wrap=True)), _rows(report))
    return 0


def collect(url: str) -> dict[str, Any]:
    """Everything `config` shows, as plain data (the --json form)."""
    from newswatch.store import redact_url

    dictionaries = os.environ.get(_DICTIONARY_DIR_ENV, "").strip()
    topics_path = config.topics_file()
    channels, topics_problem = _channels(topics_path)
    database = _database(url)
    return {
        "database": {"url": redact_url(url), **database},
        "config_dir": _path(config.config_dir()),
        "feeds_file": _path(config.feeds_file()),
        "topics_file": {**_path(topics_path), "problem": topics_problem},
        "dictionary_dir": _path(Path(dictionaries)) if dictionaries else None,
        "channels": channels,
        "versions": {"newswatch": __version__, "extractor": _extractor_version(),
                     "python": platform.python_version(), "postgresql": database["server_version"]},
        "environment": _environment(),
    }


def _path(path: Path) -> dict[str, Any]:
    return {"path": str(path), "exists": path.exists()}


def _database(url: str) -> dict[str, Any]:
    """Server version and migration state; an unreachable server is a value, not an error."""
    import psycopg2

    from newswatch.store import connect, redact_url
    from newswatch.store.migrations import available_migrations

    shipped = [m.name for m in available_migrations()]
    try:
        conn = connect(url, application_name="newswatch-config")
    except (NewswatchError, psycopg2.Error) as e:  # unreachable, or not a PostgreSQL URL at all
        return {"reachable": False, "error": redact_url(one_line(str(e))), "server_version": "unreachable",
                "migrations_applied": None, "migrations_shipped": len(shipped)}
    try:
        with conn.cursor() as cur:
            cur.execute("SHOW server_version")
            version = cur.fetchone()[0]
            cur.execute("SELECT to_regclass('newswatch.schema_migrations') IS NOT NULL")
            applied = None
            if cur.fetchone()[0]:
                cur.execute("SELECT count(*) FROM newswatch.schema_migrations")
                applied = cur.fetchone()[0]
    finally:
        conn.close()
    return {"reachable": True, "error": None, "server_version": version,
            "migrations_applied": applied, "migrations_shipped": len(shipped)}


def _channels(topics_path: Path) -> tuple[list[dict[str, Any]], str | None]:
    from newswatch.alerts.topics import load_topics

    try:
        loaded = load_topics(topics_path)
    except NewswatchError as e:
        return [], one_line(str(e))
    channels = []
    for name, spec in sorted(loaded.channels.items()):
        variables = [v for v in (getattr(spec, "url_env", None), getattr(spec, "secret_env", None)) if v]
        channels.append({"name": name, "type": spec.type,
                         "variables": {v: bool(os.environ.get(v, "").strip()) for v in variables},
                         "topics": [t.name for t in loaded.topics if name in t.channels]})
    return channels, None


def _extractor_version() -> str:
    from newswatch.extract import EXTRACTOR_VERSION  # loads the extractor: only `config` pays for it

    return EXTRACTOR_VERSION


def _environment() -> dict[str, str]:
    from newswatch.store import redact_url

    shown = {}
    for name in sorted(os.environ):
        if not name.startswith("NEWSWATCH_") or not os.environ[name].strip():
            continue
        value = os.environ[name]
        if name == "NEWSWATCH_DATABASE_URL":
            shown[name] = redact_url(value)
        else:
            shown[name] = value if name in _PLAIN_VARIABLES else HIDDEN
    return shown


def _rows(report: dict[str, Any]) -> list[tuple[str, str]]:
    db = report["database"]
    if db["reachable"]:
        applied, shipped = db["migrations_applied"], db["migrations_shipped"]
        store = ("not initialised: run `newswatch init`" if applied is None
                 else f"{applied} of {shipped} migrations applied"
                 + ("" if applied >= shipped else ": run `newswatch init`"))
    else:
        store = f"unreachable: {db['error']}"
    rows = [("database", db["url"]), ("event store", store)]
    for key, label in (("config_dir", "config dir"), ("feeds_file", "feeds file"), ("topics_file", "topics file")):
        rows.append((label, f"{report[key]['path']}" + ("" if report[key]["exists"] else " (missing)")))
    if report["topics_file"]["problem"]:
        rows.append(("topics problem", report["topics_file"]["problem"]))
    d = report["dictionary_dir"]
    rows.append(("dictionary dir", "shipped dictionaries only" if d is None
                 else d["path"] + ("" if d["exists"] else " (missing)")))
    for c in report["channels"]:
        variables = ", ".join(f"{v} {'set' if ok else 'NOT SET'}" for v, ok in c["variables"].items())
        rows.append((f"channel {c['name']}", f"{c['type']}" + (f"; {variables}" if variables else "")
                     + f"; topics: {', '.join(c['topics']) or 'none'}"))
    rows += [(f"{name} version", version) for name, version in report["versions"].items()]
    rows += [(name, value) for name, value in report["environment"].items()]
    return rows


def cmd_schema(args: argparse.Namespace) -> int:
    import importlib

    filename, module_name, function = _SCHEMAS[args.which]
    describe = getattr(importlib.import_module(module_name), function, None)
    if describe is None:
        raise NewswatchError(f"this newswatch has no JSON Schema for {filename} yet "
                             f"({module_name}.{function} is missing)")
    text = json.dumps(describe(), indent=2, ensure_ascii=False) + "\n"
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output}")
    else:
        print(text, end="")
    return 0
