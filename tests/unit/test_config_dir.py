"""The config folder is found the same way however the package is installed: NEWSWATCH_CONFIG_DIR,
then $AIRFLOW_HOME/include/config, then the project (the checkout the package runs from, or the
current directory); an installed copy never looks beside site-packages."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = "from newswatch import config; print(config.config_dir()); print(config.project_root())"


def probe(package_parent: Path, cwd: Path, **env: str) -> list[str]:
    """config_dir() and project_root() in a fresh interpreter importing newswatch from ``package_parent``."""
    environ = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(package_parent), **env}
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=cwd, env=environ, capture_output=True,
                         text=True, check=True)
    return out.stdout.splitlines()


@pytest.fixture(scope="module")
def site_packages(tmp_path_factory) -> Path:
    """A non-editable install's layout: the package copied into …/lib/python3.11/site-packages."""
    site = tmp_path_factory.mktemp("venv") / "lib" / "python3.11" / "site-packages"
    shutil.copytree(ROOT / "include" / "newswatch", site / "newswatch",
                    ignore=shutil.ignore_patterns("__pycache__", "data"))
    return site


def test_from_a_checkout_the_config_is_the_checkouts(tmp_path):
    assert probe(ROOT / "include", cwd=tmp_path) == [str(ROOT / "include" / "config"), str(ROOT)]


def test_an_installed_copy_never_points_beside_site_packages(site_packages, tmp_path):
    config_dir, project = probe(site_packages, cwd=tmp_path)
    assert config_dir == str(tmp_path / "include" / "config")
    assert project == str(tmp_path)
    assert not config_dir.startswith(str(site_packages.parents[2]))


def test_the_airflow_home_config_folder_wins_when_it_exists(site_packages, tmp_path):
    home = tmp_path / "airflow"
    assert probe(site_packages, cwd=tmp_path, AIRFLOW_HOME=str(home))[0] == str(tmp_path / "include" / "config")
    (home / "include" / "config").mkdir(parents=True)
    assert probe(site_packages, cwd=tmp_path, AIRFLOW_HOME=str(home))[0] == str(home / "include" / "config")
    assert probe(ROOT / "include", cwd=tmp_path, AIRFLOW_HOME=str(home))[0] == str(home / "include" / "config")


def test_newswatch_config_dir_wins_over_everything(site_packages, tmp_path):
    home = tmp_path / "airflow"
    (home / "include" / "config").mkdir(parents=True)
    chosen = tmp_path / "deployment-config"
    for parent in (site_packages, ROOT / "include"):
        assert probe(parent, cwd=tmp_path, AIRFLOW_HOME=str(home), NEWSWATCH_CONFIG_DIR=str(chosen))[0] == str(chosen)
