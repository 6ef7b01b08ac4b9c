"""Alembic migrations of the workshop database (applied automatically when a Store opens)."""
