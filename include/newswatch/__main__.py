# PYTHON_ARGCOMPLETE_OK
"""``python -m newswatch``: the same as the ``newswatch`` console script."""

import sys

from newswatch.cli.main import main

sys.exit(main())
