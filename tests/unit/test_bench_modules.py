"""`make bench` runs every bench/bench_*.py through its `run(quick)`: a module without one
fails the whole table (as bench_world_events once did)."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # bench/ is a top-level folder of the checkout, not an installed package
    sys.path.insert(0, str(ROOT))


def test_every_benchmark_module_has_the_harness_entry_point():
    from bench.__main__ import modules

    names = modules()
    assert {"bench_pipeline", "bench_append", "bench_scale", "bench_ingest", "bench_world_events"} <= set(names)
    for name in names:
        run = getattr(importlib.import_module(f"bench.{name}"), "run", None)
        assert callable(run), f"bench/{name}.py has no run()"
        assert "quick" in inspect.signature(run).parameters, name


def test_every_name_the_benchmarks_import_from_newswatch_exists():
    """Benchmarks import lazily inside functions, so a renamed helper only fails when `make bench`
    reaches it (bench_append once imported `_copy_text` from a package that no longer exported it)."""
    import ast

    missing = []
    for path in sorted((ROOT / "bench").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("newswatch"):
                module = importlib.import_module(node.module)
                missing += [f"{path.name}: {node.module}.{alias.name}" for alias in node.names
                            if not hasattr(module, alias.name)
                            and importlib.util.find_spec(f"{node.module}.{alias.name}") is None]
    assert not missing, missing
