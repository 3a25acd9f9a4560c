"""The objective search over one joined text gives what a scan of every objective's own text
gives (the implementation before), on generated plans with awkward names."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from ekinerja.generate import generate
from ekinerja.model import LEVEL_RANK
from ekinerja.readmodels import search
from ekinerja.readmodels.indexes import employees_by_nip, unit_name, units_by_code
from ekinerja.rollup import Engine


def reference(engine: Engine, query: str | None, limit: int = search.RESULT_LIMIT
              ) -> list[tuple[str, str, str | None]]:
    """find_objectives as it was: a per-objective text, scanned one by one."""
    employees, units = employees_by_nip(engine), units_by_code(engine)
    objectives = engine.doc.objectives
    rows = []
    for node, o in enumerate(objectives):
        owner = employees.get(o.owner) if o.owner else None
        unit = units.get(o.unit) if o.unit else None
        text = " ".join([o.code, o.name, o.owner or "", owner.name if owner else "",
                         o.unit or "", unit.name if unit else ""])
        rows.append((node, text.lower()))
    rows.sort(key=lambda row: (LEVEL_RANK[objectives[row[0]].level], row[0]))
    text = (query or "").strip().lower()
    if not text:
        return []
    exact = {o.code.lower(): n for n, o in enumerate(objectives)}.get(text)
    hits = [] if exact is None else [exact]
    for node, haystack in rows:
        if len(hits) >= limit:
            break
        if text in haystack and node != exact:
            hits.append(node)
    return [(objectives[n].code, objectives[n].name, unit_name(engine, objectives[n].unit))
            for n in hits]


def awkward(seed: int) -> Engine:
    """A generated plan with names in other scripts, a NUL, duplicate codes in other cases."""
    rng = random.Random(seed)
    doc = generate(150, 3, seed=seed)
    specials = ["İstanbul ΟΔΟΣ", "Straße", "a\0b", "ΣΑΣ", "", "  spasi  "]
    doc.objectives = [replace(o, name=o.name + " " + rng.choice(specials))
                      if rng.random() < 0.2 else o for o in doc.objectives]
    doc.employees = [replace(e, name=e.name + " Σ") if rng.random() < 0.1 else e
                     for e in doc.employees]
    last = doc.objectives[-1]
    doc.objectives += [replace(last, code=doc.objectives[k].code.lower()) for k in (0, 5, 9)]
    if seed % 2:  # a code longer in lower case: the exact code is looked up one by one
        doc.objectives.append(replace(last, code="İX-1"))
    if seed > 4:  # the levels mixed in the plan's list: the index puts top levels first
        rng.shuffle(doc.objectives)
    return Engine(doc)


@pytest.mark.parametrize("seed", [1, 2, 3, 5, 6])
def test_the_joined_index_finds_what_the_scan_found(seed: int) -> None:
    engine = awkward(seed)
    rng = random.Random(seed)
    objectives = engine.doc.objectives
    queries = ["", "  ", "a", "e", "1", "ss", "i̇stanbul", "straße", "\0", "a\0b", "σας", "ς",
               "zzz-none", "s spasi", "-1 ", " ", "i̇x-1"]
    queries += [engine.doc.objectives[k].code.lower() for k in (0, 5, 9)]
    for o in rng.sample(objectives, 40):
        queries += [o.code, o.code.lower(), o.name[2:9], o.owner or "", o.unit or "",
                    f"{o.code[-2:]} {o.name[:3]}"]  # across a field boundary
    for q in queries:
        for limit in (0, 1, 3, search.RESULT_LIMIT, 10_000):
            found = [(n.code, n.name, n.unit)
                     for n in search.find_objectives(engine, q, limit)]
            assert found == reference(engine, q, limit), (q, limit)


@pytest.mark.parametrize("seed", [4, 5])
def test_the_index_lists_every_objective_top_levels_first(seed: int) -> None:
    engine = awkward(seed)
    index = list(search.objective_index(engine))
    assert sorted(node for node, _ in index) == list(range(engine.n_objectives))
    ranks = [LEVEL_RANK[engine.doc.objectives[node].level] for node, _ in index]
    assert ranks == sorted(ranks)
