"""The README's sync example, end to end: `ekinerja serve` in its own process on a real
database, a token from `ekinerja user token create`, docs/examples/sync.py sending a CSV."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ekinerja import services
from ekinerja.storage.database import Database

ROOT = Path(__file__).resolve().parents[2]
PROGRAM = Path(sys.executable).parent / "ekinerja"


def test_the_example_client_uploads_a_csv_and_prints_the_score(tmp_path, small_plan,
                                                              add_account, serve_in_process):
    url = f"sqlite:///{tmp_path / 'ekinerja.sqlite'}"
    db = Database(url)
    db.upgrade()
    services.import_document(db, services.system_user(), small_plan)
    add_account(db, "sync-dikes", "operator", unit="DIKES")
    db.dispose()
    made = subprocess.run([str(PROGRAM), "user", "token", "create", "sync-dikes", "--name",
                           "csv", "--scope", "write", "--database", url],
                          capture_output=True, text=True, check=True)
    token = made.stdout.strip().splitlines()[-1]
    csv_file = tmp_path / "realisasi.csv"
    csv_file.write_text("indicator,period,value,note\nI1,2023,88.5,BPS\nI2,2023-Q2,4,\n",
                        encoding="utf-8")
    with serve_in_process(url) as base:
        env = {**os.environ, "EKINERJA_URL": base, "EKINERJA_TOKEN": token}
        sent = subprocess.run([sys.executable, str(ROOT / "docs/examples/sync.py"),
                               str(csv_file)], capture_output=True, text=True, env=env)
        assert sent.returncode == 0, sent.stderr
        assert "added 1, updated 1, unchanged 0" in sent.stdout
        assert sent.stdout.strip().splitlines()[-1].startswith("V 2023: ")
        csv_file.write_text("indicator,period,value\nI1,2031,1\n", encoding="utf-8")
        refused = subprocess.run([sys.executable, str(ROOT / "docs/examples/sync.py"),
                                  str(csv_file)], capture_output=True, text=True, env=env)
        assert refused.returncode == 1 and "rows[0].period" in refused.stderr
