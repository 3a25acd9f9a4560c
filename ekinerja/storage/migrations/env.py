"""Alembic environment: runs on the connection handed over by Database.upgrade()."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from ekinerja.storage.schema import Base, applies_to

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        include_object=applies_to(connection.dialect.name),
    )
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    """Run on the given connection, or (developer use) on the ini file's URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as conn:
        _run(conn)


if context.is_offline_mode():
    raise SystemExit("offline mode is not supported / mode offline tidak didukung")
run()
