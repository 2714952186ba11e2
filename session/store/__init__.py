"""Persistence: SQLModel tables, the append-only event log per room, Alembic migrations."""
