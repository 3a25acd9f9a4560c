"""Page layouts as component trees, built from plain data."""

from __future__ import annotations

from ekinerja.layouts import beranda, ids, peta_strategi, pohon_kinerja, scorecard

HOME = {
    "period": "2023-Q2",
    "root": "VISI",
    "name": "NTB Gemilang",
    "plan": "RPJMD",
    "coverage": 0.875,
    "score": 82.29,
    "band": "Tinggi",
    "colour": "#43a047",
    "missions": [{"code": "M1", "name": "Sehat", "score": 100.1, "band": "Sangat Tinggi",
                  "colour": "#1b5e20"}],
    "ranking": [{"rank": 1, "code": "DIKES", "name": "Dinas Kesehatan", "score": 97.4,
                 "band": "Sangat Tinggi", "colour": "#1b5e20"}],
    "bands": [{"band": "Sangat Tinggi", "colour": "#1b5e20", "count": 7},
              {"band": None, "colour": "#9e9e9e", "count": 2}],
    "trend": [("2023-Q1", 87.3), ("2023-Q2", 82.29)],
    "red": {"total": 3, "rows": [{"code": "IK-1", "name": "Lama sekolah", "agency": "Dikbud",
                                   "target": 8.0, "realization": 3.2, "score": 40.0,
                                   "band": "Sangat Rendah", "colour": "#e53935"}]},
    "missing": {"total": 0, "rows": []},
}


def test_home_body_shows_the_province_score_with_its_band(find, text):
    body = beranda.body(HOME, "id")
    assert "82,29 · Tinggi" in text(find(body, ids.HOME_SCORE))


def test_home_body_shows_coverage_in_percent(find, text):
    assert "Cakupan data 88 %" in text(find(beranda.body(HOME, "id"), ids.HOME_SCORE))


def test_home_body_counts_objectives_per_band_with_labels(find, text):
    assert text(find(beranda.body(HOME, "en"), ids.HOME_BANDS)) == "Sangat Tinggi 7 No score 2"


def test_home_ranking_grid_is_sortable(find):
    grid = find(beranda.body(HOME, "id"), ids.HOME_RANKING)
    assert grid.defaultColDef["sortable"] is True
    assert grid.rowData[0]["name"] == "Dinas Kesehatan"


def test_home_red_list_says_how_many_are_shown(find, text):
    assert "1 dari 3 ditampilkan" in text(find(beranda.body(HOME, "id"), ids.HOME_RED))


def test_home_trend_is_a_plotly_line_over_periods(find):
    figure = find(beranda.body(HOME, "en"), ids.HOME_TREND).figure
    assert list(figure.data[0].x) == ["Q1 2023", "Q2 2023"]


def test_home_body_without_a_plan_says_so(text):
    assert "Belum ada data rencana." in text(beranda.body({"root": None}, "id"))


def test_english_home_page_title_is_translated(text):
    assert "Home" in text(beranda.layout("en")) and "Beranda" in text(beranda.layout("id"))


def test_map_page_offers_the_scopes(find):
    page = peta_strategi.layout("id", scopes=[("", "Provinsi"), ("DIKES", "Dinas Kesehatan")])
    assert [o["value"] for o in find(page, ids.MAP_SCOPE).options] == ["", "DIKES"]


def test_map_uses_preset_positions_for_the_lanes(find):
    assert find(peta_strategi.layout("id"), ids.MAP_GRAPH).layout["name"] == "preset"


def test_map_page_has_a_png_button(find, text):
    assert text(find(peta_strategi.layout("en"), ids.MAP_PNG)) == "Save as PNG"


def test_details_panel_lists_indicators_and_the_explanation(text):
    details = {
        "code": "SS1", "name": "Derajat kesehatan", "level": "objective",
        "level_label": "Sasaran Strategis", "perspective": "stakeholder", "unit": None,
        "owner": {"nip": "197001012000031001", "name": "Lalu", "position": "Kadis"},
        "period": "2023-Q2", "coverage": 1.0, "score": 90.0, "band": "Tinggi",
        "colour": "#43a047",
        "indicators": [{"code": "IKU-1", "name": "Angka harapan hidup", "measure_unit": "tahun",
                        "target": 70.0, "realization": 69.3, "raw_achievement": 99.0,
                        "score": 99.0, "band": "Sangat Tinggi", "colour": "#1b5e20"}],
        "trend": [("2023-Q2", 90.0)],
        "explanation": {"formula": "Σ wᵢ·sᵢ / Σ wᵢ", "children": [
            {"code": "IKU-1", "name": "Angka harapan hidup", "kind": "indicator", "weight": 1.0,
             "normalised_weight": 1.0, "score": 99.0, "counted": True, "part": 99.0,
             "formula": "100 × R / T"}]},
    }
    shown = text(peta_strategi.details_panel(details, "id"))
    assert "Angka harapan hidup" in shown and "69,30" in shown and "100,0 %" in shown
    assert "NIP 197001012000031001" in shown


def test_tree_page_starts_with_the_root_expanded(find):
    assert find(pohon_kinerja.layout("id", root="VISI"), ids.TREE_EXPANDED).data == ["VISI"]


def test_tree_uses_the_dagre_layout_top_down(find):
    layout = find(pohon_kinerja.layout("id"), ids.TREE_GRAPH).layout
    assert layout["name"] == "dagre" and layout["rankDir"] == "TB"


def test_tree_search_note_counts_results():
    assert pohon_kinerja.search_note(3, "en") == "3 found"
    assert pohon_kinerja.search_note(0, "id") == "Tidak ditemukan."


def test_scorecard_band_filter_starts_with_every_band_and_no_score(find):
    page = scorecard.layout("id", units=[("DIKES", "Dinas Kesehatan")], unit="DIKES",
                            bands=["Tinggi", "Rendah"])
    assert find(page, ids.CARD_BANDS).value == ["Tinggi", "Rendah", scorecard.NO_BAND]


def test_scorecard_columns_are_translated():
    headers = [c["headerName"] for c in scorecard.column_defs("id", [])]
    assert headers[:3] == ["Jenis", "Kode", "Nama"] and "Capaian" in headers


def test_scorecard_band_cells_are_coloured_by_band():
    columns = scorecard.column_defs("en", [{"band": "Tinggi", "colour": "#43a047"}])
    band = next(c for c in columns if c["field"] == "band")
    assert band["cellStyle"]["styleConditions"][0]["style"]["backgroundColor"] == "#43a047"


def test_home_stale_list_names_the_last_reported_period(find, text):
    data = {**HOME, "stale": {"total": 1, "rows": [{"code": "IK-2", "name": "APK SMA",
                                                   "last_period": "2023-Q1"}]}}
    assert "terakhir dilaporkan Triwulan I 2023" in text(find(beranda.body(data, "id"),
                                                              ids.HOME_STALE))
