"""The pages of the web app, as data: adding a page is one line in PAGES.

Each page has a layout module `ekinerja.layouts.<module>` exposing `layout(lang, **params)`
and, optionally, a callbacks module `ekinerja.callbacks.<module>` exposing `register(app)`
(and `layout_params(engine, lang) -> dict` when its layout needs data).
"""

from __future__ import annotations

from dataclasses import dataclass

from ekinerja.i18n import N_


@dataclass(frozen=True)
class Page:
    """One page: its URL path (a contract), module name and navbar label (a msgid)."""

    path: str
    module: str
    label: str


PAGES: tuple[Page, ...] = (
    Page("/", "beranda", N_("Home")),
    Page("/peta-strategi", "peta_strategi", N_("Strategy map")),
    Page("/pohon-kinerja", "pohon_kinerja", N_("Performance tree")),
    Page("/scorecard", "scorecard", N_("Scorecard")),
    Page("/kontribusi", "kontribusi", N_("My contribution")),
    Page("/bobot", "bobot", N_("Weights")),
    Page("/realisasi", "realisasi", N_("Enter realizations")),
)


def page_for(path: str | None, pages: tuple[Page, ...] = PAGES) -> Page | None:
    """The page of a URL path (a trailing slash is ignored); None when unknown."""
    wanted = (path or "/").rstrip("/") or "/"
    return next((p for p in pages if p.path == wanted), None)
