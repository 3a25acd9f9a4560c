"""Bundled plan files: the NTB example (`ekinerja demo`, the screenshots, the tests)."""

from pathlib import Path

EXAMPLE_PLAN = Path(__file__).parent / "ntb.json"
