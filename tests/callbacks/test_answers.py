"""Callback answers as JSON: written by orjson directly (the bytes Dash's own encoder writes),
the JSON of cached results kept with them, and never an answer from before a change: the pages
posted over HTTP as the load test posts them (ekinerja.load), a value saved or a node placed in
between, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import orjson
import plotly.graph_objects as go
import pytest
from dash import ALL, Output, dcc, html, no_update
from ekinerja.callbacks import common
from ekinerja.callbacks.common import KeptJson, encoded
from plotly.io.json import to_json_plotly

from ekinerja import load, services
from ekinerja.app import AppSettings, create_app
from ekinerja.readmodels.periods import default_period
from ekinerja.readmodels.scorecard import first_unit
from ekinerja.storage.database import Database


def _as_dash_writes(value: Any) -> str:
    """The body Dash answers for a callback returning `value` (its encoder, plotly's)."""
    return to_json_plotly({"multi": True, "response": {"x": {"children": value}}})


def test_an_encoded_answer_is_the_json_dash_writes_for_it() -> None:
    tree = html.Div([
        html.Span("a <b> & c/d \u2028", title="x", **{"data-code": "SS-1", "aria-label": "y"}),
        dcc.Graph(figure=go.Figure(go.Scatter(x=["2023", "2024"], y=[1.5, None]))),
        {"numbers": np.arange(3.0), 7: math.nan, "nested": [html.Br(), None, True]},
        dcc.Dropdown(options=[{"label": "Satu", "value": 1}], value=1, id="d"),
    ], id="root", style={"height": "1px"}, className="c")
    assert _as_dash_writes(encoded(tree)) == _as_dash_writes(tree)
    assert _as_dash_writes(encoded([tree, "teks"])) == _as_dash_writes([tree, "teks"])
    assert encoded(no_update) is no_update


def test_a_followed_view_answers_each_output_encoded_but_a_pattern_outputs_list() -> None:
    registered: list[Any] = []

    class App:
        def callback(self, *_dependencies: Any, **_options: Any) -> Any:
            return registered.append

    common.follows(App(), ["a", Output({"type": "cell", "index": ALL}, "children")],
                   ["b"], lambda b: (html.B(b), [b, b]))
    common.follows(App(), ["c"], ["d"], lambda d: no_update)
    first, cells = registered[0]("x")
    assert _as_dash_writes(first) == _as_dash_writes(html.B("x")) and cells == ["x", "x"]
    assert registered[1]("y") is no_update


def test_an_answer_dash_cannot_write_is_refused() -> None:
    with pytest.raises(TypeError):
        encoded(html.Div(object()))


def test_kept_json_is_written_once_per_object_and_anew_for_a_new_one() -> None:
    kept = KeptJson(2)
    rows = [{"code": "SS-1", "score": 80.5}]
    first = kept.of(rows)
    assert kept.of(rows) is first  # the same object: its JSON kept
    assert orjson.loads(orjson.dumps(first)) == rows
    changed = [{"code": "SS-1", "score": 91.0}]  # a new result (after a save)
    assert orjson.loads(orjson.dumps(kept.of(changed))) == changed
    for _ in range(3):
        kept.of([1])
    assert len(kept._entries) == 2  # bounded
    assert kept.of(rows) is not first  # gone from the kept ones: written again


@pytest.fixture
def signed_in(db: Database, add_account, sign_in) -> Any:
    """The app on the example plan, an admin signed in, and the callbacks the load posts."""
    add_account(db, "penguji", "admin")
    app = create_app(AppSettings(database_url=db.url, warm=False))
    client = app.server.test_client()
    sign_in(client)
    engine = services.load_engine(db)
    period = default_period(engine)
    target = load.Target(period, first_unit(engine), engine.root, list(engine.indicator_codes))
    bodies = load._bodies(client.get("/_dash-dependencies").get_json(), target)
    yield client, bodies, target
    db.dispose()


def _answer(client: Any, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return json.loads(response.get_data(as_text=True))["response"]


def test_pages_answer_the_data_of_the_current_revision(db: Database, signed_in) -> None:
    client, bodies, target = signed_in
    before = {kind: _answer(client, bodies[kind])
              for kind in ("home", "map", "scorecard", "entry")}
    assert before == {kind: _answer(client, bodies[kind]) for kind in before}  # kept: same
    nodes = [e for e in before["map"]["map-graph"]["elements"]
             if "objective" in e.get("classes", "")]
    services.place_nodes(db, services.system_user(), None, "",
                         {nodes[0]["data"]["id"]: (1234.5, -678.25)})  # the same engine
    placed = next(e for e in _answer(client, bodies["map"])["map-graph"]["elements"]
                  if e.get("data", {}).get("id") == nodes[0]["data"]["id"])
    assert placed["position"] == {"x": 1234.5, "y": -678.25}
    services.close_period(db, services.system_user(), None, target.period, "uji")  # the same
    closed = _answer(client, bodies["entry"])  # engine, a new revision: the status says so
    assert closed["entry-status"] != before["entry"]["entry-status"]
    services.reopen_period(db, services.system_user(), None, target.period, "uji")
    shown = next(r for r in before["scorecard"]["card-grid"]["rowData"]
                 if not r["_objective"])  # an indicator of the grid's unit
    services.record_realization(db, services.system_user(), None, shown["code"],
                                target.period, (shown["realization"] or 0) + 10.5)
    after = {kind: _answer(client, bodies[kind]) for kind in before}
    assert after["map"] != before["map"]
    assert after["home"] != before["home"]
    assert after["scorecard"] != before["scorecard"]
    assert after["entry"]["entry-table"] != before["entry"]["entry-table"]
