# PYTHON_ARGCOMPLETE_OK (argcomplete's global completion looks for this marker in the console script's module)
"""The ``newswatch`` command line: one module per command group; ``main`` is the console script."""

from newswatch.cli.main import EXIT_CONFIG, EXIT_ERROR, EXIT_OK, EXIT_UNAVAILABLE, main

__all__ = ["EXIT_CONFIG", "EXIT_ERROR", "EXIT_OK", "EXIT_UNAVAILABLE", "main"]
