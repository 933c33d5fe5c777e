"""`make bench` runs every bench/bench_*.py through its `run(quick)`: a module without one
fails the whole table (as bench_world_events once did)."""

from __future__ import annotations

import importlib
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
