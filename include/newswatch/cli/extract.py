"""``newswatch extract`` and ``newswatch timex``: run the coder or the date finder over text files and
print one JSON object per line, for analysts tuning dictionaries and for evaluation scripts.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

from newswatch.cli.common import ISO_DATE_HINT, iso_date
from newswatch.errors import ConfigError, NewswatchError

_EVENT_FIELDS = ("event_type", "event_mode", "contexts", "actor1", "actor1_code", "actor1_sector", "actor2",
                 "actor2_code", "actor2_sector", "event_date", "date_precision", "date_basis", "date_text",
                 "location", "location_code", "claim_status", "claimed_by", "claimed_by_text", "sentence",
                 "start", "end", "confidence", "pattern_id", "extractor_version")


def register(subparsers: Any) -> None:
    # The extractor (dictionaries, patterns) loads only when a command runs, never for --help.
    p = subparsers.add_parser("extract", help="code text files into events, one JSON object per line")
    p.add_argument("paths", nargs="+", type=Path, metavar="FILE", help="plain-text article(s); '-' reads stdin")
    p.add_argument("--published", required=True, type=iso_date, metavar="YYYY-MM-DD",
                   help=f"publication date that relative dates are resolved against: {ISO_DATE_HINT}")
    p.add_argument("--extractor-version", default=None,
                   help="recorded version (default: the installed extractor's)")
    p.set_defaults(func=cmd_extract)
    p = subparsers.add_parser("timex", help="temporal expressions of a text file, one JSON object per line")
    p.add_argument("path", type=Path, metavar="FILE", help="plain-text article; '-' reads stdin")
    p.add_argument("--published", required=True, type=iso_date, metavar="YYYY-MM-DD",
                   help=f"publication date that relative dates are resolved against: {ISO_DATE_HINT}")
    p.set_defaults(func=cmd_timex)


def cmd_extract(args: argparse.Namespace) -> int:
    from newswatch.extract.coder import EXTRACTOR_VERSION, extract_events
    from newswatch.extract.dictionaries import DictionaryError

    version = args.extractor_version or EXTRACTOR_VERSION
    for path in args.paths:
        text = _read(path)
        try:
            found = extract_events(text, args.published, extractor_version=version)
        except DictionaryError as e:
            raise ConfigError(str(e)) from e
        for event in found:
            print(json.dumps({"file": str(path), **event_record(event)}, ensure_ascii=False))
    return 0


def cmd_timex(args: argparse.Namespace) -> int:
    from newswatch.extract.timex import find_timexes

    text = _read(args.path)
    for t in find_timexes(text, args.published):
        print(json.dumps({"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value,
                          "precision": t.precision, "date": t.date.isoformat() if t.date else None},
                         ensure_ascii=False))
    return 0


def event_record(event) -> dict:
    """An ExtractedEvent as flat JSON-ready fields, with the arms-transfer detail when present."""
    record = {name: getattr(event, name) for name in _EVENT_FIELDS}
    record["contexts"] = list(event.contexts)
    record["event_date"] = event.event_date.isoformat()
    if event.arms is not None:
        arms = dataclasses.asdict(event.arms)
        record.update({"weapon_class": arms["weapon_class"], "quantity": arms["quantity"],
                       "supplier": arms["supplier"], "recipient": arms["recipient"],
                       "transfer_stage": arms["stage"]})
    return record


def _read(path: Path) -> str:
    if str(path) == "-":
        return sys.stdin.read()
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError as e:
        raise NewswatchError(f"cannot read {path}: {e.strerror or e}") from e
