"""The project's documents: present, linked, and in step with the code they describe."""

from __future__ import annotations

import re
from pathlib import Path

from ekinerja.model import DEFAULT_BANDS
from ekinerja.storage.repository import ENTITIES, NOT_FORMAT_LISTS

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs"
NAMED = re.compile(r"docs/([\w-]+\.md)")
LINKED = re.compile(r"\]\(([\w-]+\.md)\)")


def text_files() -> list[Path]:
    """The project's own sources and documents."""
    folders = ("ekinerja", "layouts", "callbacks", "tests", "docs")
    files = [p for folder in folders for p in (ROOT / folder).rglob("*") if p.suffix in
             (".py", ".md")]
    return [*files, ROOT / "README.md", ROOT / "Makefile"]


def test_every_document_the_code_and_the_docs_name_exists():
    named = {m for f in text_files() for m in NAMED.findall(f.read_text(encoding="utf-8"))}
    linked = {m for f in DOCS.glob("*.md") for m in LINKED.findall(f.read_text(encoding="utf-8"))}
    assert named and linked
    assert sorted(n for n in named | linked if not (DOCS / n).exists()) == []


def test_the_docs_index_lists_every_document():
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    assert [d.name for d in sorted(DOCS.glob("*.md"))
            if d.name != "README.md" and f"]({d.name})" not in index] == []


def test_nothing_refers_to_a_design_file_outside_the_repository():
    assert [f.name for f in text_files() if f.name != "test_docs.py"
            and "DESIGN.md" in f.read_text(encoding="utf-8")] == []


def test_the_scoring_document_gives_the_default_bands_of_the_code():
    scoring = (DOCS / "scoring.md").read_text(encoding="utf-8")
    for bound, label in DEFAULT_BANDS[:-1]:
        assert f"≥ {bound:g} `{label}`" in scoring
    assert f"else `{DEFAULT_BANDS[-1][1]}`" in scoring


def test_the_file_format_document_shows_every_list_of_a_plan():
    document = (DOCS / "file-format.md").read_text(encoding="utf-8")
    lists = [e.name for e in ENTITIES if e.name not in NOT_FORMAT_LISTS]
    assert [name for name in lists if f'"{name}": [' not in document] == []
