"""The ``newswatch`` command line: one module per command group; ``main`` is the console script."""

from newswatch.cli.main import EXIT_CONFIG, EXIT_ERROR, EXIT_UNAVAILABLE, main

__all__ = ["EXIT_CONFIG", "EXIT_ERROR", "EXIT_UNAVAILABLE", "main"]
