"""Every component id of layouts/ids.py is used by a layout, a callback or the browser script:
an id nobody places or reads is dead code."""

from __future__ import annotations

import re
from pathlib import Path

from ekinerja.layouts import ids

ROOT = Path(__file__).resolve().parents[2]


def test_every_id_is_used_outside_its_declaration() -> None:
    sources = [p for folder in ("layouts", "callbacks", "ekinerja")
               for p in (ROOT / folder).rglob("*.py") if p != ROOT / "layouts" / "ids.py"]
    text = "\n".join(p.read_text(encoding="utf-8") for p in sources)
    scripts = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "assets").rglob("*.js"))
    names = [n for n in vars(ids) if re.fullmatch(r"[A-Z][A-Z0-9_]*", n)]
    assert len(names) > 100  # the declarations were read
    unused = [n for n in names
              if not re.search(rf"\b{n}\b", text) and str(getattr(ids, n)) not in scripts]
    assert unused == []
