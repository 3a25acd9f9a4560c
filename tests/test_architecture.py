"""The layering rules of the standards, read from the sources: a page module never imports
another page module (shared pieces live in `common` modules), and the domain package never
imports Dash (only the app factory, ekinerja/app.py, does)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: The modules of callbacks/ and layouts/ that are not one page's: shared pieces, the app
#: frame, the ids and the page registry (which imports every page by design).
SHARED = {"__init__", "ids", "pages", "shell"}


def _page_modules() -> dict[str, set[str]]:
    """Each page module's file (callbacks/X.py, layouts/X.py) by its dotted name."""
    pages: dict[str, set[str]] = {}
    for folder in ("callbacks", "layouts"):
        for path in sorted((ROOT / folder).glob("*.py")):
            if path.stem not in SHARED and not path.stem.startswith("common"):
                pages.setdefault(path.stem, set()).add(f"ekinerja.{folder}.{path.stem}")
    return pages


def _imported(path: Path) -> set[str]:
    """The dotted names a module imports (`from a import b` gives both a and a.b)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_the_page_modules_are_found() -> None:
    assert {"beranda", "pohon_kinerja", "scorecard"} <= set(_page_modules())


@pytest.mark.parametrize("folder", ["callbacks", "layouts"])
def test_no_page_module_imports_another_page(folder: str) -> None:
    pages = _page_modules()
    others: list[str] = []
    for path in sorted((ROOT / folder).glob("*.py")):
        if path.stem == "pages":
            continue
        foreign = {name for page, modules in pages.items() if page != path.stem
                   for name in modules}
        others += [f"{folder}/{path.name}: {name}" for name in sorted(_imported(path) & foreign)]
    assert others == []


def test_the_domain_package_never_imports_dash() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "ekinerja").rglob("*.py"))
        if path != ROOT / "ekinerja" / "app.py"
        and any(name == "dash" or name.startswith("dash.") for name in _imported(path))
    ]
    assert offenders == []
