"""The desk's tests (a package, so their conftest does not shadow tests/conftest.py)."""
