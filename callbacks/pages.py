"""The pages of the web app, each declared once: its URL, title, layout, callbacks and roles.

Adding a page is one entry in PAGES (and its ids, layout and callbacks modules). Every module
is imported here by name, so a missing or misspelt one is an import error at start, and static
tools see every page. The URLs are a contract: never change one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ekinerja.callbacks import (
    beranda,
    bobot,
    kontribusi,
    peta_strategi,
    pohon_kinerja,
    realisasi,
    scorecard,
)
from ekinerja.layouts import beranda as beranda_layout
from ekinerja.layouts import bobot as bobot_layout
from ekinerja.layouts import kontribusi as kontribusi_layout
from ekinerja.layouts import peta_strategi as peta_strategi_layout
from ekinerja.layouts import pohon_kinerja as pohon_kinerja_layout
from ekinerja.layouts import realisasi as realisasi_layout
from ekinerja.layouts import scorecard as scorecard_layout

from ekinerja.i18n import N_
from ekinerja.services import ROLES
from ekinerja.sources import PlanSource

EVERYONE = frozenset(ROLES)  # every role sees every page (docs/accounts.md); writes are checked
# by the services, whoever sees the page

LayoutParams = Callable[[PlanSource, str], dict[str, Any]]


@dataclass(frozen=True)
class Page:
    """One page: URL path, name (its module, navbar id and screenshot), title (a msgid),
    layout(lang, **params), register(app) of its callbacks, the data its layout needs, and the
    roles that may see it."""

    path: str
    name: str
    title: str
    layout: Callable[..., Any]
    register: Callable[[Any], None]
    params: LayoutParams | None = None
    roles: frozenset[str] = EVERYONE

    def content(self, source: PlanSource, lang: str) -> Any:
        """The page's layout in a language, with the data it needs from the plan source."""
        params = self.params(source, lang) if self.params is not None else {}
        return self.layout(lang=lang, **params)


PAGES: tuple[Page, ...] = (
    Page("/", "beranda", N_("Home"), beranda_layout.layout, beranda.register),
    Page("/peta-strategi", "peta_strategi", N_("Strategy map"), peta_strategi_layout.layout,
         peta_strategi.register, peta_strategi.layout_params),
    Page("/pohon-kinerja", "pohon_kinerja", N_("Performance tree"), pohon_kinerja_layout.layout,
         pohon_kinerja.register, pohon_kinerja.layout_params),
    Page("/scorecard", "scorecard", N_("Scorecard"), scorecard_layout.layout,
         scorecard.register, scorecard.layout_params),
    Page("/kontribusi", "kontribusi", N_("My contribution"), kontribusi_layout.layout,
         kontribusi.register, kontribusi.layout_params),
    Page("/bobot", "bobot", N_("Weights"), bobot_layout.layout, bobot.register,
         bobot.layout_params),
    Page("/realisasi", "realisasi", N_("Enter realizations"), realisasi_layout.layout,
         realisasi.register, realisasi.layout_params),
)


def page_for(path: str | None, pages: tuple[Page, ...] = PAGES) -> Page | None:
    """The page of a URL path (a trailing slash is ignored); None when unknown."""
    wanted = (path or "/").rstrip("/") or "/"
    return next((p for p in pages if p.path == wanted), None)
