"""Alembic migrations of the ekinerja database (run through ``Database.upgrade()``)."""
