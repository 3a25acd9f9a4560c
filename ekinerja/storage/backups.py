"""SQLite backups on a schedule: time-stamped copies in a folder, the newest N kept, and putting
one back in place of the database (docs/operations.md)."""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from ekinerja.messages import N_, Message
from ekinerja.storage.database import BACKUPS_SQLITE_ONLY, Database, DatabaseError

PREFIX = "ekinerja-"
SUFFIX = ".sqlite"


def default_folder(db: Database) -> Path:
    """backups/ next to the SQLite file."""
    if db.sqlite_file is None:
        raise DatabaseError(Message(BACKUPS_SQLITE_ONLY))
    return db.sqlite_file.parent / "backups"


def rotate(db: Database, folder: str | os.PathLike[str] | None, keep: int | None
           ) -> tuple[Path, list[Path]]:
    """A consistent copy of the live database as ``ekinerja-<UTC time>.sqlite`` in `folder`
    (0600), then the older copies beyond the newest `keep` deleted; (new copy, deleted)."""
    target_dir = Path(folder) if folder else default_folder(db)
    target_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    made = db.backup(target_dir / f"{PREFIX}{stamp}{SUFFIX}")
    made.chmod(0o600)
    removed: list[Path] = []
    if keep is not None:
        copies = sorted(target_dir.glob(f"{PREFIX}*{SUFFIX}"))
        for old in copies[:-keep]:
            old.unlink()
            removed.append(old)
    return made, removed


def check_integrity(path: str | os.PathLike[str]) -> None:
    """DatabaseError unless `path` is an SQLite file passing ``PRAGMA integrity_check``."""
    try:
        conn = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(Message(N_("not an SQLite backup: {path}: {why}"),
                                    {"path": str(path), "why": str(exc)})) from exc
    if not result or result[0] != "ok":
        raise DatabaseError(Message(N_("damaged backup: {path}: {result}"),
                                    {"path": str(path), "result": str(result)}))


def restore(db: Database, backup: str | os.PathLike[str]) -> Path:
    """Put a checked backup in place of the SQLite database (atomically: a copy then a rename;
    the database's WAL files are removed). Stop the server first."""
    if db.sqlite_file is None:
        raise DatabaseError(Message(N_("file restore is for SQLite only; use pg_restore for "
                                       "PostgreSQL")))
    check_integrity(backup)
    db.dispose()
    target = db.sqlite_file
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".restoring")
    shutil.copyfile(backup, temporary)
    temporary.chmod(0o600)
    with open(temporary, "rb") as handle:
        os.fsync(handle.fileno())
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(temporary, target)
    return target
