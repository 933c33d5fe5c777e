"""The scheduler tests run the README's recipes as written, except the install step: the test
environment is installed already, and a recipe's ".venv/bin/pip install ..." once replaced the
checkout's editable install with a copy in the middle of a test run."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def test_the_recipes_the_scheduler_tests_run_install_nothing(tmp_path):
    from tests.scheduler.stack import Stack, recipe

    assert "pip install" in recipe("celery")  # the README's recipe does install
    script = Stack(tmp_path, ["settings", "start", "celery"], label="unit").script()
    assert "pip install" not in script
    assert "airflow celery worker" in script  # the rest of the recipe stays
