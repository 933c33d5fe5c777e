"""newswatch benchmarks: `python -m bench` (or `make bench`) prints every figure as one table."""
