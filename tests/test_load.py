"""The load script's requests: what a person would send (the load test counts refusals)."""

from __future__ import annotations

import os
import socket
import struct
import threading

import pytest
import requests

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


def reset_then_answer(answers: int) -> tuple[str, threading.Thread]:
    """A server whose first connection is reset after the request arrives (as a worker that
    ended with the request unread), then answering `answers` requests with 200."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def run() -> None:
        with listener:
            first, _ = listener.accept()
            first.recv(65536)
            first.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            first.close()  # RST
            for _ in range(answers):
                conn, _ = listener.accept()
                with conn:
                    conn.recv(65536)
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                                 b"Connection: close\r\n\r\nok")

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}", thread


def test_a_request_reset_before_its_answer_is_sent_again_once_and_counted():
    base, thread = reset_then_answer(1)
    resent: list[int] = []
    response = load._post(requests.Session(), base + "/x", {"a": 1}, "load-poll-1-1",
                          lambda: resent.append(1))
    assert (response.status_code, response.content, resent) == (200, b"ok", [1])
    thread.join(timeout=10)


def test_a_request_that_cannot_connect_is_an_error_not_sent_again():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nobody listens there
    resent: list[int] = []
    with pytest.raises(requests.ConnectionError):
        load._post(requests.Session(), f"http://127.0.0.1:{port}/x", {}, "load-poll-1-1",
                   lambda: resent.append(1))
    assert resent == []


def test_server_side_durations_are_found_by_request_id_per_kind(tmp_path):
    log = tmp_path / "server.log"
    log.write_text("\n".join([
        '{"event": "request", "request_id": "load-home-3-7", "duration_ms": 12.5}',
        '{"event": "request", "request_id": "load-poll-3-8", "duration_ms": 1.5}',
        '{"event": "request", "request_id": "other", "duration_ms": 99}',
        "[2026-12-01 18:00:11 +0000] [1] [INFO] Autorestarting worker after current request.",
        "not json {",
    ]))
    results = load.Results()
    results.add("home", 0.02, None, "load-home-3-7")
    results.add("poll", 0.01, None, "load-poll-3-8")
    found, restarts = load._server_side(results, log)
    assert (found["home"], found["poll"], restarts) == ([0.0125], [0.0015], 1)


def test_the_cpu_of_a_process_and_its_children_is_read_from_proc():
    used = load.server_cpu_seconds(os.getpid())
    assert used is not None and used > 0
