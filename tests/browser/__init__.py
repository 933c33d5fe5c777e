"""Browser tests of the desk (a package, so their conftest does not shadow tests/conftest.py)."""
