"""A small client of the ekinerja API (standard library only): send a CSV of realizations in
one bulk request, then print the vision's score. See docs/api.md.

    EKINERJA_URL=https://kinerja.example.go.id EKINERJA_TOKEN=ekn_... \
        python sync.py realisasi.csv [--plan CODE]

The CSV has the columns indicator, period, value (and optionally note, evidence); the value
uses a decimal point. Exit status: 0 done, 1 refused (the problems are printed by row).
"""

from __future__ import annotations

import csv
import json
import os
import sys
import urllib.error
import urllib.request
from typing import Any


class Api:
    """GET and POST JSON with a Bearer token."""

    def __init__(self, base_url: str, token: str):
        self.base = base_url.rstrip("/") + "/api/v1"
        self.token = token

    def call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method, headers={
            "Authorization": f"Bearer {self.token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=300) as response:
            return json.load(response)

    def get(self, path: str) -> Any:
        return self.call("GET", path)

    def post(self, path: str, body: Any) -> Any:
        return self.call("POST", path, body)


def read_rows(path: str) -> list[dict[str, Any]]:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = []
        for line in csv.DictReader(handle):
            row: dict[str, Any] = {"indicator": line["indicator"], "period": line["period"],
                                   "value": float(line["value"])}
            row.update({k: line[k] for k in ("note", "evidence") if line.get(k)})
            rows.append(row)
        return rows


def main(argv: list[str]) -> int:
    path = argv[0]
    plan = argv[argv.index("--plan") + 1] if "--plan" in argv else None
    api = Api(os.environ["EKINERJA_URL"], os.environ["EKINERJA_TOKEN"])
    body: dict[str, Any] = {"rows": read_rows(path)}
    if plan:
        body["plan"] = plan
    try:
        report = api.post("/realizations/bulk", body)
    except urllib.error.HTTPError as exc:
        error = json.load(exc)["error"]
        print(f"refused ({error['status']}): {error['message']}", file=sys.stderr)
        for detail in error["details"]:
            print(f"  {detail['field']}: {detail['message']}", file=sys.stderr)
        return 1
    print(f"added {report['added']}, updated {report['updated']}, "
          f"unchanged {report['unchanged']} (revision {report['revision']})")
    scores = api.get("/scores" + (f"?plan={plan}" if plan else ""))
    root = scores["objectives"][scores["root"]]
    print(f"{scores['root']} {scores['period']}: {root['score']} ({root['band']})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
