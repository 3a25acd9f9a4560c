"""Persistence: schema, database access, bulk repository, migrations and database commands."""
