"""Plain helpers shared by test modules (fixtures live in conftest.py)."""

from __future__ import annotations

from ekinerja import interchange, services, skp
from ekinerja.storage.database import Database


def exported(url: str) -> dict:
    """The plan of a database as the interchange format's dict (on its own connection)."""
    db = Database(url)
    try:
        return interchange.to_dict(services.load_document(db))
    finally:
        db.dispose()


def counts(**given: int) -> dict[str, int]:
    """How many employees have each predikat (0 for those not given)."""
    return {p: given.get(p, 0) for p in skp.PREDIKATS}


#: Each distribution rule of docs/skp.md (§9) at its edges: (unit predikat, counts that keep
#: it, counts that break it, the rule's English words in the warning).
SKP_RULES = [
    ("istimewa", counts(sangat_baik=7, baik=3), counts(sangat_baik=8, baik=3), "at most 70 %"),
    ("istimewa", counts(sangat_baik=7, baik=3), counts(sangat_baik=8, baik=2), "at most 70 % Sa"),
    ("baik", counts(baik=7, sangat_baik=2, kurang=1), counts(baik=8, kurang=1), "at most 70 %"),
    ("baik", counts(baik=7, sangat_baik=2, kurang=1), counts(baik=8, kurang=2), "at most 70 % Ba"),
    ("baik", counts(baik=1, butuh_perbaikan=1), counts(baik=1, sangat_baik=1), "at least one"),
    ("baik", counts(baik=2, butuh_perbaikan=1), counts(baik=1, sangat_baik=2), "at least one"),
    ("baik", counts(baik=1, kurang=1), counts(baik=1, sangat_kurang=1), "at least one"),
    ("baik", counts(baik=2, kurang=1), counts(baik=2, sangat_kurang=1), "at least one"),
    ("butuh_perbaikan", counts(butuh_perbaikan=6, baik=4), counts(butuh_perbaikan=5, baik=5),
     "at least 60 % Butuh Perbaikan"),
    ("butuh_perbaikan", counts(butuh_perbaikan=9, sangat_baik=1),
     counts(butuh_perbaikan=8, sangat_baik=2), "at most 10 % Sangat Baik"),
    ("kurang", counts(kurang=6, butuh_perbaikan=4), counts(kurang=5, butuh_perbaikan=5),
     "at least 60 % Kurang"),
    ("kurang", counts(kurang=9, butuh_perbaikan=1), counts(kurang=10),
     "at least 10 % Butuh Perbaikan"),
    ("kurang", counts(kurang=9, butuh_perbaikan=1), counts(kurang=9, baik=1),
     "at least 10 % Butuh Perbaikan"),
    ("kurang", counts(kurang=8, butuh_perbaikan=1, sangat_baik=1),
     counts(kurang=7, butuh_perbaikan=1, sangat_baik=2), "at most 10 % Sangat Baik"),
    ("sangat_kurang", counts(sangat_kurang=6, kurang=4), counts(sangat_kurang=5, kurang=5),
     "at least 60 % Sangat Kurang"),
    ("sangat_kurang", counts(sangat_kurang=9, butuh_perbaikan=1), counts(sangat_kurang=10),
     "at least 10 % Kurang/Misconduct or Butuh Perbaikan"),
    ("sangat_kurang", counts(sangat_kurang=9, kurang=1), counts(sangat_kurang=9, sangat_baik=1),
     "no Sangat Baik"),
]
