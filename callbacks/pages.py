"""The pages of the web app, each declared once: its URL, title, layout, callbacks and roles.

Adding a page is one entry in PAGES (and its ids, layout and callbacks modules). Every module
is imported here by name, so a missing or misspelt one is an import error at start, and static
tools see every page. The URLs are a contract: never change one. A page's `roles` say who sees
it: it is in their navbar, and anyone else gets a "not allowed" page in its place (its
callbacks refuse them too: every change is checked again by the services).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ekinerja.callbacks import (
    beranda,
    bobot,
    impor,
    kontribusi,
    kualitas,
    laporan,
    lke,
    organisasi,
    pengguna,
    peta_strategi,
    pohon_kinerja,
    realisasi,
    scorecard,
    skp,
    tindak_lanjut,
    verifikasi,
)
from ekinerja.callbacks.common import Query
from ekinerja.layouts import beranda as beranda_layout
from ekinerja.layouts import bobot as bobot_layout
from ekinerja.layouts import impor as impor_layout
from ekinerja.layouts import kontribusi as kontribusi_layout
from ekinerja.layouts import kualitas as kualitas_layout
from ekinerja.layouts import laporan as laporan_layout
from ekinerja.layouts import lke as lke_layout
from ekinerja.layouts import organisasi as organisasi_layout
from ekinerja.layouts import pengguna as pengguna_layout
from ekinerja.layouts import peta_strategi as peta_strategi_layout
from ekinerja.layouts import pohon_kinerja as pohon_kinerja_layout
from ekinerja.layouts import realisasi as realisasi_layout
from ekinerja.layouts import scorecard as scorecard_layout
from ekinerja.layouts import skp as skp_layout
from ekinerja.layouts import tindak_lanjut as tindak_lanjut_layout
from ekinerja.layouts import verifikasi as verifikasi_layout

from ekinerja.i18n import N_
from ekinerja.services import ROLES, User
from ekinerja.sources import PlanSource

EVERYONE = frozenset(ROLES)  # every role sees the plan's pages (docs/accounts.md); what a page
# offers to change follows the role, and the services check every change
ADMINS = frozenset({"admin"})
PLANNERS = frozenset({"admin", "planner"})  # who changes the structure (plan imports)

#: The data a page's layout needs: params(source, lang, user) -> keyword arguments of layout.
LayoutParams = Callable[[PlanSource, str, User | None], dict[str, Any]]
#: What a link's URL query chooses: linked(source, user, query) -> keyword arguments of layout
#: that replace those of `params` (`/scorecard?unit=DIKES` opens on that unit).
LinkedParams = Callable[[PlanSource, User | None, Query], dict[str, Any]]


@dataclass(frozen=True)
class Page:
    """One page: URL path, name (its module, navbar id and screenshot), title (a msgid),
    layout(lang, **params), register(app) of its callbacks, the data its layout needs (for the
    signed-in user: a page offers only the changes they may make), the roles that see it, and
    what a link's URL query chooses on it (`linked`, see docs/README.md "Links")."""

    path: str
    name: str
    title: str
    layout: Callable[..., Any]
    register: Callable[[Any], None]
    params: LayoutParams | None = None
    roles: frozenset[str] = EVERYONE
    linked: LinkedParams | None = None

    def allows(self, user: User | None) -> bool:
        """Whether the user's role sees this page."""
        return user is not None and user.role in self.roles

    def content(self, source: PlanSource, lang: str, user: User | None = None,
                query: Query | None = None) -> Any:
        """The page's layout in a language, for a user, with the data it needs and what the
        URL query of the link that opened it chooses."""
        params = self.params(source, lang, user) if self.params is not None else {}
        if self.linked is not None and query:
            params = {**params, **self.linked(source, user, query)}
        return self.layout(lang=lang, **params)


PAGES: tuple[Page, ...] = (
    Page("/", "beranda", N_("Home"), beranda_layout.layout, beranda.register),
    Page("/peta-strategi", "peta_strategi", N_("Strategy map"), peta_strategi_layout.layout,
         peta_strategi.register, peta_strategi.layout_params),
    Page("/pohon-kinerja", "pohon_kinerja", N_("Performance tree"), pohon_kinerja_layout.layout,
         pohon_kinerja.register, pohon_kinerja.layout_params),
    Page("/scorecard", "scorecard", N_("Scorecard"), scorecard_layout.layout,
         scorecard.register, scorecard.layout_params, linked=scorecard.linked_params),
    Page("/kontribusi", "kontribusi", N_("My contribution"), kontribusi_layout.layout,
         kontribusi.register, kontribusi.layout_params),
    Page("/bobot", "bobot", N_("Weights"), bobot_layout.layout, bobot.register,
         bobot.layout_params, linked=bobot.linked_params),
    Page("/realisasi", "realisasi", N_("Enter realizations"), realisasi_layout.layout,
         realisasi.register, realisasi.layout_params, linked=realisasi.linked_params),
    Page("/verifikasi", "verifikasi", N_("Verification"), verifikasi_layout.layout,
         verifikasi.register, verifikasi.layout_params),  # every role: mentions too
    Page("/tindak-lanjut", "tindak_lanjut", N_("Follow-up"), tindak_lanjut_layout.layout,
         tindak_lanjut.register, tindak_lanjut.layout_params),
    Page("/kualitas", "kualitas", N_("Cascade quality"), kualitas_layout.layout,
         kualitas.register),
    Page("/skp", "skp", N_("SKP"), skp_layout.layout, skp.register, skp.layout_params),
    Page("/laporan", "laporan", N_("SAKIP documents"), laporan_layout.layout, laporan.register,
         laporan.layout_params),
    Page("/lke", "lke", N_("SAKIP evaluation (LKE)"), lke_layout.layout, lke.register,
         lke.layout_params),
    Page("/impor", "impor", N_("Import"), impor_layout.layout, impor.register,
         impor.layout_params, roles=PLANNERS),
    Page("/organisasi", "organisasi", N_("Organisation"), organisasi_layout.layout,
         organisasi.register, organisasi.layout_params),
    Page("/pengguna", "pengguna", N_("Accounts"), pengguna_layout.layout, pengguna.register,
         pengguna.layout_params, roles=ADMINS),
)


def pages_for(user: User | None, pages: tuple[Page, ...] = PAGES) -> tuple[Page, ...]:
    """The pages a user sees (their navbar)."""
    return tuple(page for page in pages if page.allows(user))


def page_for(path: str | None, pages: tuple[Page, ...] = PAGES) -> Page | None:
    """The page of a URL path (a trailing slash is ignored); None when unknown."""
    wanted = (path or "/").rstrip("/") or "/"
    return next((p for p in pages if p.path == wanted), None)
