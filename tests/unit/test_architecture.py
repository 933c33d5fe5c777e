"""The layer contracts in pyproject.toml hold for the package as it is, and they are not a test
that cannot fail: the same checker run over a copy with one upward import refuses it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(include_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(include_dir)}
    return subprocess.run([str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def test_the_package_keeps_its_layer_contracts():
    result = _lint_imports(ROOT / "include")
    assert result.returncode == 0, result.stdout[-3000:]
    assert "BROKEN" not in result.stdout


def _copy_package(tmp_path: Path) -> Path:
    include = tmp_path / "include"
    for package in ("newswatch", "newswatch_airflow"):
        shutil.copytree(ROOT / "include" / package, include / package,
                        ignore=shutil.ignore_patterns("__pycache__", "data"))
    return include


def test_an_upward_import_breaks_the_layers(tmp_path):
    include = _copy_package(tmp_path)
    store = include / "newswatch" / "store" / "eventstore.py"
    store.write_text(store.read_text() + "\nfrom newswatch.alerts import flagging  # upward\n")
    result = _lint_imports(include)
    assert result.returncode != 0
    assert "newswatch.store is not allowed to import newswatch.alerts" in result.stdout


def test_a_cycle_between_sibling_modules_is_refused(tmp_path):
    include = _copy_package(tmp_path)
    parse = include / "newswatch" / "ingest" / "normalize.py"
    parse.write_text(parse.read_text() + "\nfrom newswatch.ingest import parse  # back edge\n")
    result = _lint_imports(include)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout


def test_the_domain_package_never_imports_airflow(tmp_path):
    include = _copy_package(tmp_path)
    model = include / "newswatch" / "model.py"
    model.write_text(model.read_text() + "\nimport airflow.sdk  # the glue's business\n")
    result = _lint_imports(include)
    assert result.returncode != 0
    assert "the domain package never imports Airflow BROKEN" in result.stdout
