"""The shared callback frames of callbacks.common: what each declares (outputs, inputs,
states) and how it calls the page's function (the click guard, the shell's period, language
and revision)."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from dash import Input, Output, State
from dash.exceptions import PreventUpdate
from ekinerja.callbacks import common
from ekinerja.layouts import ids


class Recorder:
    """Stands for a Dash app: keeps each callback's dependencies, options and function."""

    def __init__(self) -> None:
        self.callbacks: list[tuple[tuple[Any, ...], dict[str, Any], Any]] = []

    def callback(self, *dependencies: Any, **options: Any) -> Any:
        def register(function: Any) -> Any:
            self.callbacks.append((dependencies, options, function))
            return function
        return register


def _named(dependencies: tuple[Any, ...]) -> list[tuple[str, Any, str]]:
    return [(type(d).__name__, d.component_id, d.component_property) for d in dependencies]


def test_save_on_click_declares_the_message_the_revision_and_the_language_last() -> None:
    app = Recorder()
    common.save_on_click(app, "save", "said", ["field", State("grid", "rowData")],
                         lambda *values: values)
    [(dependencies, options, _function)] = app.callbacks
    assert _named(dependencies) == [
        ("Output", "said", "children"), ("Output", ids.REVISION, "data"),
        ("Input", "save", "n_clicks"), ("State", "field", "value"),
        ("State", "grid", "rowData"), ("State", ids.LANG, "value")]
    assert options == {"prevent_initial_call": True}


def test_on_click_answers_a_click_and_nothing_else() -> None:
    app = Recorder()
    common.on_click(app, "go", [Output("out", "data")], ["a", "b"],
                    lambda a, b: f"{a}+{b}")
    function = app.callbacks[0][2]
    assert function(1, "x", "y") == "x+y"
    with pytest.raises(PreventUpdate):
        function(None, "x", "y")
    with pytest.raises(PreventUpdate):
        function(0, "x", "y")


def test_follows_shell_passes_the_period_and_language_and_drops_the_revision() -> None:
    app = Recorder()
    seen: list[tuple[Any, ...]] = []
    common.follows_shell(app, ["body"], ["unit"], lambda *values: seen.append(values),
                         states=["extra"])
    dependencies, _options, function = app.callbacks[0]
    assert _named(dependencies) == [
        ("Output", "body", "children"), ("Input", "unit", "value"),
        ("Input", ids.PERIOD, "value"), ("Input", ids.LANG, "value"),
        ("Input", ids.REVISION, "data"), ("State", "extra", "value")]
    function("DIKES", "2023", "en", 7, "kept")
    assert seen == [("DIKES", "2023", "en", "kept")]


def test_follows_shell_without_period_or_revision() -> None:
    app = Recorder()
    common.follows_shell(app, [Output("x", "options")], [Input("y", "data")],
                         lambda y, lang: (y, lang), period=False, revision=False)
    dependencies, _options, function = app.callbacks[0]
    assert _named(dependencies) == [("Output", "x", "options"), ("Input", "y", "data"),
                                    ("Input", ids.LANG, "value")]
    assert orjson.loads(orjson.dumps(function("a", "id"))) == ["a", "id"]  # encoded
