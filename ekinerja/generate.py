"""Synthetic, valid plan documents of any size, shaped like docs/scale.md (benchmarks, demos)."""

from __future__ import annotations

import numpy as np

from ekinerja import model
from ekinerja.messages import N_, Message

#: Scenario name -> (employees, agencies), as in docs/scale.md.
SCENARIOS: dict[str, tuple[int, int]] = {
    "agency": (300, 1),
    "province": (25_000, 45),
    "national": (200_000, 200),
}

MISSIONS = 5
GOALS_PER_MISSION = 2
OBJECTIVES_PER_GOAL = 2
DIVISIONS = 3
SECTIONS_PER_DIVISION = 2
RHK_PER_EMPLOYEE = 3
INDICATOR_WEIGHTS = (60.0, 40.0)  # the two indicators of each RHK

_AGENCY_NAMES = (
    "Badan Perencanaan Pembangunan Daerah",
    "Dinas Kesehatan",
    "Dinas Pendidikan dan Kebudayaan",
    "Dinas Sosial",
    "Dinas Lingkungan Hidup dan Kehutanan",
    "Dinas Pariwisata",
    "Dinas Koperasi dan UKM",
    "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Dinas Perhubungan",
    "Dinas Pertanian dan Perkebunan",
    "Dinas Kelautan dan Perikanan",
    "Dinas Perindustrian",
    "Dinas Perdagangan",
    "Dinas Tenaga Kerja dan Transmigrasi",
    "Dinas Pemberdayaan Masyarakat dan Desa",
    "Dinas Komunikasi, Informatika dan Statistik",
    "Dinas Penanaman Modal dan PTSP",
    "Dinas Energi dan Sumber Daya Mineral",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Pemuda dan Olahraga",
    "Dinas Perpustakaan dan Kearsipan",
    "Dinas Ketahanan Pangan",
    "Dinas Peternakan dan Kesehatan Hewan",
    "Dinas Perumahan dan Permukiman",
    "Badan Pengelola Keuangan dan Aset Daerah",
    "Badan Pendapatan Daerah",
    "Badan Kepegawaian Daerah",
    "Badan Penanggulangan Bencana Daerah",
    "Badan Kesatuan Bangsa dan Politik",
    "Badan Penelitian dan Pengembangan Daerah",
    "Badan Pengembangan Sumber Daya Manusia",
    "Inspektorat",
    "Satuan Polisi Pamong Praja",
    "Biro Organisasi",
    "Biro Pemerintahan",
    "Biro Hukum",
    "Biro Perekonomian",
    "Biro Administrasi Pembangunan",
    "Biro Umum",
    "Biro Kesejahteraan Rakyat",
    "Biro Pengadaan Barang dan Jasa",
    "Sekretariat DPRD",
    "Rumah Sakit Umum Daerah",
    "Rumah Sakit Jiwa",
    "Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
)
_FIRST_NAMES = (
    "Ahmad", "Baiq", "Lalu", "Made", "Nyoman", "Siti", "Muhammad", "Nurul", "Dewi", "Agus",
    "Hendra", "Rina", "Fitri", "Yusuf", "Putu", "Wayan", "Ketut", "Hj. Nur", "Rahmat", "Ika",
    "Sri", "Bambang", "Eka", "Ani", "Fauzan", "Zainal", "Husnul", "Rizki", "Indah", "Ridwan",
)
_LAST_NAMES = (
    "Hidayat", "Rahman", "Wahyuni", "Saputra", "Kurniawan", "Maulana", "Hamdani", "Suryadi",
    "Ariani", "Fadli", "Mulyadi", "Astuti", "Haryanto", "Safitri", "Junaidi", "Zulkarnain",
    "Irawan", "Susanti", "Fathurrahman", "Hasanah", "Syamsuddin", "Marzuki", "Yuliana", "Amin",
)
_STAFF_POSITIONS = (
    "Analis Kebijakan",
    "Perencana Ahli Muda",
    "Pranata Komputer",
    "Pengelola Data",
    "Analis Keuangan",
    "Penyusun Laporan",
    "Pengadministrasi Umum",
    "Analis Sumber Daya Manusia",
)
_RHK_NAMES = (
    "Tersusunnya dokumen perencanaan dan penganggaran",
    "Terlaksananya pelayanan publik yang tepat waktu",
    "Tersedianya data dan informasi kinerja yang akurat",
    "Terlaksananya monitoring dan evaluasi kegiatan",
    "Meningkatnya kualitas pengelolaan keuangan",
    "Terselesaikannya tindak lanjut pengaduan masyarakat",
    "Terlaksananya koordinasi lintas perangkat daerah",
    "Meningkatnya kapasitas aparatur",
)
# name, measure unit, polarity, aggregation, target low, target high (or the range's width)
_INDICATOR_KINDS: tuple[tuple[str, str, str, str, float, float], ...] = (
    ("Jumlah dokumen yang disusun tepat waktu", "dokumen", "positive", "sum", 4, 24),
    ("Persentase laporan yang diselesaikan tepat waktu", "%", "positive", "average", 80, 100),
    ("Jumlah kegiatan pelayanan yang dilaksanakan", "kegiatan", "positive", "sum", 12, 60),
    ("Indeks kepuasan pengguna layanan", "indeks", "positive", "latest", 75, 90),
    ("Persentase data yang dimutakhirkan", "%", "positive", "latest", 70, 100),
    ("Rata-rata waktu penyelesaian layanan", "hari", "negative", "average", 3, 10),
    ("Jumlah temuan audit yang belum ditindaklanjuti", "temuan", "negative", "sum", 4, 16),
    ("Persentase penyerapan anggaran sesuai rencana", "%", "range", "latest", 85, 10),
)
_KIND_WEIGHTS = np.array([18, 18, 14, 12, 12, 10, 8, 8], dtype=float)


def generate(
    employees: int, agencies: int, seed: int, *, years: tuple[int, int] = (2024, 2028)
) -> model.PlanDocument:
    """A valid synthetic plan, deterministic for a seed.

    The cascade runs vision -> missions -> goals -> objectives -> agency_objective ->
    program_objective -> activity_objective -> individual RHK (three per employee, two
    indicators each, weighted 60/40), with some crosscutting links. Targets cover the first
    year and its quarters; realizations cover the quarters (the year is derived), a few are
    missing and a few are low.
    """
    if agencies < 1:
        raise ValueError(Message(N_("at least one agency")).bilingual())
    if employees < 0:
        raise ValueError(Message(N_("negative number of employees")).bilingual())
    rng = np.random.default_rng(seed)
    start, end = years
    doc = model.PlanDocument(
        plan=model.Plan(
            code=f"SINTETIS-{seed}",
            name=Message(N_("synthetic plan: {employees} employees, {agencies} agencies"), {
                "employees": str(employees), "agencies": str(agencies)}).bilingual(),
            start_year=start,
            end_year=end,
        )
    )
    _Builder(doc, rng, start).build(employees, agencies)
    return doc


class _Builder:
    """Appends the generated lists to a document."""

    def __init__(self, doc: model.PlanDocument, rng: np.random.Generator, year: int):
        self.doc = doc
        self.rng = rng
        self.year = year
        self.periods = [str(year)] + [f"{year}-Q{q}" for q in range(1, 5)]
        self.kinds: list[int] = []  # parallel to doc.indicators: template index
        self.structural = 2 + DIVISIONS + DIVISIONS * SECTIONS_PER_DIVISION  # per agency

    def build(self, employees: int, agencies: int) -> None:
        """Build the whole plan."""
        strategic = self._upper_cascade()
        sizes = np.full(agencies, employees // agencies, dtype=np.int64)
        sizes[: employees % agencies] += 1
        self.doc.units.append(model.Unit("PEMDA", "Pemerintah Daerah", None, "pemda"))
        nips = _nips(employees, self.rng)
        names = _names(employees, self.rng)
        first = 0
        for a in range(agencies):
            parents = self._agency(a, strategic)
            self._employees(a, parents, nips[first : first + sizes[a]], names, first)
            first += int(sizes[a])
        self._data()

    # ------------------------------------------------------------------ structure
    def _objective(
        self, code: str, name: str, level: str, perspective: str | None = None,
        unit: str | None = None, owner: str | None = None,
    ) -> None:
        self.doc.objectives.append(model.Objective(code, name, level, perspective, unit, owner))

    def _indicator(self, code: str, objective: str, kind: int, weight: float = 1.0) -> None:
        name, measure, polarity, aggregation, _, _ = _INDICATOR_KINDS[kind]
        self.doc.indicators.append(
            model.Indicator(code, objective, name, measure, weight, polarity, aggregation)
        )
        self.kinds.append(kind)

    def _upper_cascade(self) -> list[str]:
        """Vision, missions, goals and strategic objectives; returns the objectives' codes."""
        doc = self.doc
        self._objective("VISI", "Visi daerah yang maju, sejahtera dan berkelanjutan", "vision")
        strategic: list[str] = []
        for m in range(1, MISSIONS + 1):
            mission = f"M{m}"
            self._objective(mission, f"Misi {m}", "mission")
            doc.links.append(model.Link("VISI", mission))
            for g in range(1, GOALS_PER_MISSION + 1):
                goal = f"T{m}.{g}"
                self._objective(goal, f"Tujuan {m}.{g}", "goal", "stakeholder")
                doc.links.append(model.Link(mission, goal))
                self._indicator(f"IKT{m}.{g}", goal, 3)
                for s in range(1, OBJECTIVES_PER_GOAL + 1):
                    code = f"SS{m}.{g}.{s}"
                    perspective = model.PERSPECTIVES[(len(strategic)) % len(model.PERSPECTIVES)]
                    self._objective(code, f"Sasaran strategis {m}.{g}.{s}", "objective",
                                    perspective)
                    doc.links.append(model.Link(goal, code))
                    self._indicator(f"IKU{m}.{g}.{s}", code, 4)
                    strategic.append(code)
        for k in range(len(strategic) - 1):
            if k % 3 != 2:
                doc.causal_links.append(model.CausalLink(strategic[k + 1], strategic[k]))
        return strategic

    def _agency(self, a: int, strategic: list[str]) -> dict[str, list[str]]:
        """Units and structural objectives of one agency; returns RHK parents by role."""
        doc = self.doc
        unit = f"PD{a + 1:03d}"
        base = _AGENCY_NAMES[a % len(_AGENCY_NAMES)]
        name = base if a < len(_AGENCY_NAMES) else f"{base} {a // len(_AGENCY_NAMES) + 1}"
        doc.units.append(model.Unit(unit, name, "PEMDA", "agency"))
        agency_objectives = [f"SPD{a + 1}.{k}" for k in (1, 2)]
        n = len(strategic)
        for k, code in enumerate(agency_objectives):
            self._objective(code, f"Sasaran {name} {k + 1}", "agency_objective",
                            model.PERSPECTIVES[(a + k) % len(model.PERSPECTIVES)], unit)
            doc.links.append(model.Link(strategic[(2 * a + k) % n], code))
            self._indicator(f"IKD{a + 1}.{k + 1}.1", code, 4)
            self._indicator(f"IKD{a + 1}.{k + 1}.2", code, 1)
        if a % 3 == 0:  # crosscutting: the first agency objective also supports another one
            doc.links.append(model.Link(strategic[(2 * a + 5) % n], agency_objectives[0]))
        programs, activities = [], []
        for d in range(1, DIVISIONS + 1):
            division = f"{unit}.B{d}"
            doc.units.append(model.Unit(division, f"Bidang {d} {name}", unit, "division"))
            program = f"SP{a + 1}.{d}"
            self._objective(program, f"Sasaran program bidang {d}", "program_objective",
                            "internal_process", division)
            doc.links.append(model.Link(agency_objectives[(d - 1) % 2], program))
            if d == DIVISIONS:  # crosscutting: the last division supports both
                doc.links.append(model.Link(agency_objectives[d % 2], program))
            self._indicator(f"IKP{a + 1}.{d}", program, 1)
            programs.append(program)
            for s in range(1, SECTIONS_PER_DIVISION + 1):
                section = f"{division}.S{s}"
                doc.units.append(model.Unit(section, f"Seksi {d}.{s} {name}", division, "section"))
                activity = f"SK{a + 1}.{d}.{s}"
                self._objective(activity, f"Sasaran kegiatan seksi {d}.{s}",
                                "activity_objective", "learning_growth", section)
                doc.links.append(model.Link(program, activity))
                self._indicator(f"IKK{a + 1}.{d}.{s}", activity, 2)
                activities.append(activity)
        return {"agency": agency_objectives, "program": programs, "activity": activities}

    def _employees(
        self, a: int, parents: dict[str, list[str]], nips: list[str], names: list[str],
        first: int,
    ) -> None:
        """Employees of one agency (head, division heads, section heads, staff) and their RHK."""
        doc = self.doc
        owned = {o.code: o for o in doc.objectives[-self.structural :]}
        count = len(nips)
        kinds = self.rng.choice(len(_INDICATOR_KINDS), size=(count, RHK_PER_EMPLOYEE, 2),
                                p=_KIND_WEIGHTS / _KIND_WEIGHTS.sum())
        rhk_names = self.rng.integers(0, len(_RHK_NAMES), size=(count, RHK_PER_EMPLOYEE))
        staff_positions = self.rng.integers(0, len(_STAFF_POSITIONS), size=count).tolist()
        for i, nip in enumerate(nips):
            position, unit, supervisor, rhk_parent, heads = _role(a, i, nips, parents)
            if position is None:
                position = _STAFF_POSITIONS[staff_positions[i]]
            for code in heads:
                owned[code].owner = nip
            doc.employees.append(model.Employee(nip, names[first + i], unit, position, supervisor))
            number = first + i + 1
            for k in range(RHK_PER_EMPLOYEE):
                rhk = f"R{number}.{k + 1}"
                doc.objectives.append(
                    model.Objective(rhk, _RHK_NAMES[rhk_names[i, k]], "individual", None, unit, nip)
                )
                doc.links.append(model.Link(rhk_parent[k % len(rhk_parent)], rhk))
                for m, weight in enumerate(INDICATOR_WEIGHTS):
                    self._indicator(f"IR{number}.{k + 1}.{m + 1}", rhk, int(kinds[i, k, m]),
                                    weight)

    # ------------------------------------------------------------------ data
    def _data(self) -> None:
        """Targets for the year and its quarters, realizations for the quarters."""
        doc = self.doc
        rng = self.rng
        n = len(doc.indicators)
        kinds = np.array(self.kinds, dtype=np.int64)
        table = np.array([k[4:] for k in _INDICATOR_KINDS], dtype=float)
        lows, spans = table[kinds, 0], table[kinds, 1]
        polarity = np.array([k[2] for k in _INDICATOR_KINDS])[kinds]
        aggregation = np.array([k[3] for k in _INDICATOR_KINDS])[kinds]
        is_range = polarity == "range"
        # Year target: drawn in [low, high]; a range indicator gets [low', low' + width].
        year_value = np.round(lows + rng.random(n) * (spans - lows), 0)
        year_value = np.where(is_range, np.round(lows + rng.random(n) * 3, 0), year_value)
        year_high = year_value + spans
        is_sum = aggregation == "sum"
        quarter_value = np.where(is_sum, np.maximum(np.round(year_value / 4, 1), 1), year_value)
        # Realizations: mostly near target, some red, some missing.
        factor = np.clip(rng.normal(0.97, 0.12, size=(n, 4)), 0.3, 1.35)
        red = rng.random(n) < 0.06
        factor[red] *= 0.5
        base = np.where(is_range, (year_value + year_high) / 2, quarter_value)[:, None]
        value = np.where(
            (polarity == "negative")[:, None], base * (2 - factor), base * factor
        )
        value = np.round(np.maximum(value, 0), 2)
        entered = rng.random((n, 4)) < 0.985
        entered[:, 3] &= rng.random(n) < 0.9  # the last quarter is often not entered yet
        entered[rng.random(n) < 0.02] = False  # never reported
        codes = [i.code for i in doc.indicators]
        year, quarters = self.periods[0], self.periods[1:]
        shared: dict[float, float] = {}  # one float object per distinct value saves memory
        yv, yh, qv = (_shared(a, shared) for a in (year_value, year_high, quarter_value))
        rs = is_range.tolist()
        targets = doc.targets
        for k, code in enumerate(codes):
            if rs[k]:
                targets.append(model.Target(code, year, None, yv[k], yh[k]))
                targets.extend(model.Target(code, q, None, yv[k], yh[k]) for q in quarters)
            else:
                targets.append(model.Target(code, year, yv[k]))
                targets.extend(model.Target(code, q, qv[k]) for q in quarters)
        realizations = doc.realizations
        for q, period in enumerate(quarters):
            rows = np.nonzero(entered[:, q])[0].tolist()
            values = _shared(value[:, q], shared)
            realizations.extend(model.Realization(codes[k], period, values[k]) for k in rows)


def _role(
    a: int, i: int, nips: list[str], parents: dict[str, list[str]]
) -> tuple[str | None, str, str | None, list[str], list[str]]:
    """Position (None: staff), unit, supervisor, RHK parents and headed objectives of the
    i-th employee of agency `a`: the head, then division heads, section heads and staff."""
    agency = f"PD{a + 1:03d}"
    sections = DIVISIONS * SECTIONS_PER_DIVISION
    if i == 0:
        return "Kepala Perangkat Daerah", agency, None, parents["agency"], parents["agency"]
    if i <= DIVISIONS:
        program = parents["program"][i - 1]
        return "Kepala Bidang", f"{agency}.B{i}", nips[0], [program], [program]
    if i <= DIVISIONS + sections:
        j = i - 1 - DIVISIONS
        d, s = j // SECTIONS_PER_DIVISION + 1, j % SECTIONS_PER_DIVISION + 1
        activity = parents["activity"][j]
        return "Kepala Seksi", f"{agency}.B{d}.S{s}", nips[d], [activity], [activity]
    j = (i - 1 - DIVISIONS - sections) % sections
    d, s = j // SECTIONS_PER_DIVISION + 1, j % SECTIONS_PER_DIVISION + 1
    return None, f"{agency}.B{d}.S{s}", nips[1 + DIVISIONS + j], [parents["activity"][j]], []


def _shared(values: np.ndarray, pool: dict[float, float]) -> list[float]:
    """The values as Python floats, one object per distinct value."""
    return [pool.setdefault(v, v) for v in values.tolist()]


def _nips(count: int, rng: np.random.Generator) -> list[str]:
    """Unique 18-digit NIPs: birth date YYYYMMDD, TMT YYYYMM, sex digit, 3-digit number."""
    birth_year = rng.integers(1965, 1999, size=count)
    birth_month = rng.integers(1, 13, size=count)
    birth_day = rng.integers(1, 29, size=count)
    tmt_year = np.minimum(birth_year + rng.integers(22, 31, size=count), 2023)
    tmt_month = rng.choice([1, 3, 4, 12], size=count)
    sex = rng.integers(1, 3, size=count)
    number = rng.integers(1, 1000, size=count)
    head = (
        birth_year * 10**10 + birth_month * 10**8 + birth_day * 10**6
        + tmt_year * 100 + tmt_month
    ) * 10 + sex
    seen: set[int] = set()
    result = []
    for h, num in zip(head.tolist(), number.tolist(), strict=True):
        nip = h * 1000 + num
        while nip in seen:  # the same birth date, TMT and sex: take the next number
            num = num % 999 + 1
            nip = h * 1000 + num
        seen.add(nip)
        result.append(str(nip))
    return result


def _names(count: int, rng: np.random.Generator) -> list[str]:
    """Indonesian-looking names."""
    first = rng.integers(0, len(_FIRST_NAMES), size=count).tolist()
    last = rng.integers(0, len(_LAST_NAMES), size=count).tolist()
    return [f"{_FIRST_NAMES[f]} {_LAST_NAMES[g]}" for f, g in zip(first, last, strict=True)]
