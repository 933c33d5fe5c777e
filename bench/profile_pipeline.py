"""Where the end-to-end time goes: ``python -m bench.profile_pipeline [--articles N]``.

Runs figure 1's newswatch path once on a fresh store under pyinstrument (a sampling profiler,
`pip install -e ".[bench]"`) and prints the call tree of each stage, cut at --min-share.
Not a bench_* module: the harness does not collect it (profilers distort timings).
"""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_pipeline", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000)
    parser.add_argument("--min-share", type=float, default=0.02, help="hide frames under this share")
    args = parser.parse_args(argv)
    try:
        from pyinstrument import Profiler
    except ImportError:
        print("pyinstrument is not installed: pip install -e '.[bench]'", file=sys.stderr)
        return 2

    from bench import bench_pipeline, corpus
    from bench.common import drop_template

    docs = corpus.generate(args.articles).documents()
    bench_pipeline._warm_up()
    profiler = Profiler(interval=0.001)
    try:
        profiler.start()
        stages, counts = bench_pipeline.newswatch_once(docs)
        profiler.stop()
    finally:
        drop_template()
    total = sum(stages.values())
    print(f"{args.articles:,} articles, {total:.1f} s under the profiler ({args.articles / total:.0f} articles/s); "
          f"{counts}")
    for stage, seconds in stages.items():
        print(f"  {stage:<28} {seconds:6.2f} s  {100 * seconds / total:5.1f} %")
    print(profiler.output_text(unicode=False, color=False, show_all=False,
                               processor_options={"filter_threshold": args.min_share}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
