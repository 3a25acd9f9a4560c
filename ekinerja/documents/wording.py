"""The Indonesian wording of the SAKIP documents, shared by the Word, PDF and Excel writers."""

from __future__ import annotations

from datetime import date

from ekinerja.documents.content import Agreement, Heading, Party, Target
from ekinerja.i18n import fmt_date, fmt_datetime, fmt_number, fmt_target, period_label

LANG = "id"  # official documents are in Indonesian
BLANK_NAME = "(" + "." * 40 + ")"
BLANK_NIP = "." * 24
NO_VALUE = "–"
NO_BUDGET = (
    "Belum tersedia: anggaran program/kegiatan belum dicatat di ekinerja "
    "(isi bagian ini secara manual)."
)
EFFICIENCY_NOTE = (
    "Anggaran sasaran = jumlah anggaran program/kegiatan di bawahnya. Serapan = realisasi "
    "anggaran / anggaran × 100; efisiensi = capaian − serapan (poin; positif: kinerja lebih "
    "tinggi daripada anggaran yang digunakan)."
)
BUDGET_NOTE = (
    "Kolom anggaran dibiarkan kosong: anggaran dan realisasinya belum dicatat di ekinerja."
)
ANALYSIS_NOTE = (
    "Diambil dari rencana tindak lanjut indikator berkinerja rendah (dua kategori terbawah) "
    "yang dicatat di ekinerja."
)
NO_ANALYSIS_NOTE = (
    "Belum ada rencana tindak lanjut yang dicatat untuk indikator unit ini pada tahun ini."
)

PK_INTRO = (
    "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan, dan akuntabel "
    "serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini:"
)
PK_PROMISE = (
    "Pihak pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran "
    "perjanjian ini, dalam rangka mencapai target kinerja jangka menengah seperti yang telah "
    "ditetapkan dalam dokumen perencanaan. Keberhasilan dan kegagalan pencapaian target kinerja "
    "tersebut menjadi tanggung jawab kami."
)
PK_SUPERVISION = (
    "Pihak kedua akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi terhadap "
    "capaian kinerja dari perjanjian ini dan mengambil tindakan yang diperlukan dalam rangka "
    "pemberian penghargaan dan sanksi."
)
PK_FIRST_ROLE = "selanjutnya disebut pihak pertama."
PK_SECOND_ROLE = "selaku atasan pihak pertama, selanjutnya disebut pihak kedua."
PK_TABLE_TITLE = "SASARAN, INDIKATOR KINERJA DAN TARGET"
PK_PROGRAM_TITLE = "PROGRAM DAN ANGGARAN"
PK_PROGRAM_HEADER = ("No", "Program", "Anggaran (Rp)", "Keterangan")


def period(value: str) -> str:
    """A period in Indonesian: `2023`, `Triwulan I 2023`, `Januari 2023`."""
    return period_label(value, LANG)


def follow_up_status(status: str, due_on: date, done_note: str | None) -> str:
    """A follow-up's status: `Selesai: <catatan>` or `Terbuka, tenggat 31 Maret 2024`."""
    if status == "done":
        return f"Selesai: {done_note}" if done_note else "Selesai"
    return f"Terbuka, tenggat {fmt_date(due_on, LANG)}"


def number(value: float | None, digits: int = 2) -> str:
    """A number as the documents write it: 1.234,56 (an en dash for none)."""
    return fmt_number(value, LANG, digits)


def percent(value: float | None) -> str:
    """An achievement: `98,50 %` (an en dash for none)."""
    return NO_VALUE if value is None else f"{number(value)} %"


def target(value: Target, measure_unit: str = "") -> str:
    """A target with its measure unit: `80,00 %`, `7,00–8,00 indeks`."""
    if value is None:
        return NO_VALUE
    text = fmt_target(value, LANG)
    return f"{text} {measure_unit}".rstrip()


def generated(heading: Heading) -> str:
    """`Dibuat 5 Maret 2024 14.30 oleh ekinerja`."""
    return f"Dibuat {fmt_datetime(heading.generated, LANG)} oleh ekinerja"


def title_line(heading: Heading, document: str) -> str:
    """The one-line title of a workbook: document, unit, year, plan and generation time."""
    return (
        f"{document} — {heading.unit_name} ({heading.unit_code}) — Tahun {heading.year} — "
        f"{heading.plan_name} ({heading.plan_code}) — {generated(heading)}"
    )


def signing_date(agreement: Agreement) -> str:
    """The date above the signatures, in Indonesian (`5 Maret 2024`): a frozen version's
    signing date, else the day the document is made."""
    day = agreement.signed_on or agreement.heading.generated.date()
    return fmt_date(day, LANG)


def pk_title(agreement: Agreement) -> str:
    """`PERJANJIAN KINERJA TAHUN 2022` (`PERJANJIAN KINERJA PERUBAHAN TAHUN 2022`)."""
    change = " PERUBAHAN" if agreement.kind == "perubahan" else ""
    return f"PERJANJIAN KINERJA{change} TAHUN {agreement.heading.year}"


def version_line(agreement: Agreement) -> str | None:
    """`Versi 2 (perubahan), ditandatangani 15 Juli 2022. Alasan: ...` for a frozen version."""
    if agreement.version is None:
        return None
    signed = signing_date(agreement)
    line = f"Versi {agreement.version} ({agreement.kind}), ditandatangani {signed}."
    return f"{line} Alasan perubahan: {agreement.reason}" if agreement.reason else line


def objective_column(agreement: Agreement) -> str:
    """The PK table's objective column: the objectives' level (`Sasaran Perangkat Daerah`)."""
    return agreement.level or "Sasaran"


def pk_header(agreement: Agreement) -> tuple[str, str, str, str]:
    """The PK table's header row."""
    return ("No", objective_column(agreement), "Indikator Kinerja", "Target")


def party_lines(party: Party) -> list[tuple[str, str]]:
    """`Nama` and `Jabatan` rows of a party in the opening paragraph."""
    return [("Nama", party.name or "." * 40), ("Jabatan", party.position)]


SIGNATURE_NAME_ROW = 5  # the row of `signature_rows` with the names (bold, underlined)


def signature_rows(agreement: Agreement) -> list[tuple[str, str]]:
    """The signature blocks as rows of (second party, first party): date, role, position,
    space to sign, name, NIP. The second party's side is empty for a top unit."""
    first, second = agreement.first, agreement.second

    def lines(party: Party | None, role: str) -> list[str]:
        if party is None:
            return ["", "", "", "", "", ""]
        return [f"{role},", party.position, "", "", party.name or BLANK_NAME,
                f"NIP. {party.nip or BLANK_NIP}"]

    left = ["", *lines(second, "Pihak Kedua")]
    right = [signing_date(agreement), *lines(first, "Pihak Pertama")]
    return list(zip(left, right, strict=True))
