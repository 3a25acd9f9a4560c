"""Bundled plan files (the NTB example)."""
