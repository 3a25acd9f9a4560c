"""Kualitas: the cascade quality check of the shown plan, following the data revision."""

from __future__ import annotations

from typing import Any

from dash import Output
from ekinerja.callbacks import common
from ekinerja.callbacks.common import LANG_IN, REVISION_IN
from ekinerja.layouts import ids, kualitas

from ekinerja import services
from ekinerja.quality import QualityItem, quality
from ekinerja.readmodels.quality import summary as quality_summary
from ekinerja.rollup import Engine
from ekinerja.storage.database import Database


def items(engine: Engine, db: Database | None, plan_code: str | None) -> list[QualityItem]:
    """The quality items of the plan (the IKU check only with a database)."""
    manuals = services.indicator_manuals(db, plan_code) if db is not None else None
    return quality(engine.doc, manuals)


def summary(engine: Engine, db: Database | None, plan_code: str | None
            ) -> tuple[dict[str, int], list[QualityItem]]:
    """How many items of each kind, and the first few of each that the page lists."""
    manuals = services.indicator_manuals(db, plan_code) if db is not None else None
    return quality_summary(engine, manuals, kualitas.SHOWN)


def register(app: Any) -> None:
    """Fill the page for the language, again whenever the data changes."""

    @app.callback(Output(ids.QUALITY_BODY, "children"), LANG_IN, REVISION_IN)
    def update_quality(lang: str | None, _revision: Any) -> Any:
        counts, shown = summary(common.engine_of(app), common.database_of(app),
                                common.plan_code_of(app))
        return kualitas.body(shown, lang or "id", counts)
