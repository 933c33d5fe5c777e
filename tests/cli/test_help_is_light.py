"""`newswatch --help` and `newswatch <cmd> --help` load no heavy module: not numpy, not
great_expectations, not the extractor, not the database driver, not rich. Measured structurally
(``python -X importtime`` lists every module a process imports), not with a clock."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("numpy", "great_expectations", "newswatch.extract", "newswatch.store", "newswatch.projections",
         "psycopg2", "pandas", "rich", "yaml", "httpx", "trafilatura", "argcomplete")
COMMANDS = [[], ["init"], ["run"], ["alerts"], ["ack"], ["mute"], ["unmute"], ["alerts-feed"], ["feeds"],
            ["feeds", "check"], ["feeds", "status"], ["feeds", "enable"], ["topics", "check"], ["sql"], ["extract"],
            ["timex"], ["recode"], ["replay"], ["validation-report"], ["samples", "serve"], ["config"],
            ["config", "schema"], ["completion"]]


def imported_modules(*args: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "newswatch", *args], capture_output=True,
                            text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT / "include")})
    names = {line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    return result, names


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "newswatch")
def test_help_imports_nothing_heavy(command):
    result, modules = imported_modules(*command, "--help")
    assert result.returncode == 0 and "usage: newswatch" in result.stdout
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY))
    assert heavy == []
    assert "newswatch.cli.main" in modules  # the measure sees our own imports


def test_the_measure_would_see_a_heavy_import():
    _, modules = imported_modules("extract", str(ROOT / "tests" / "fixtures" / "articles" / "shells_for_russia.txt"),
                                  "--published", "2023-11-08")
    assert "newswatch.extract.coder" in modules
