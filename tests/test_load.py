"""The load script's requests: what a person would send (the load test counts refusals)."""

from __future__ import annotations

from ekinerja import load

SAVE = {"output": "..entry-message.children...revision.data@x...entry-upload.contents..",
        "inputs": [{"id": "entry-save", "property": "n_clicks"}],
        "state": [{"id": "entry-value", "property": "value"},
                  {"id": "period", "property": "value"},
                  {"id": "entry-confirm", "property": "value"},
                  {"id": "entry-confirm-reason", "property": "value"}]}


def test_a_saved_value_is_typed_as_an_indonesian_reader_writes_it():
    target = load.Target("2024", "U1", "V", ["I1"])
    body = load._save_body([SAVE], target, "I1", 80.6)
    state = {s["id"]: s["value"] for s in body["state"]}
    assert state["entry-value"] == "80,6" and state["period"] == "2024"
    assert state["entry-confirm"] == ["yes"] and state["entry-confirm-reason"]
