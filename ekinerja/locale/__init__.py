"""Gettext catalogs of the user interface (Indonesian first, English second)."""
