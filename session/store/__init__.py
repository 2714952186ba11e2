"""Persistence: the SQLModel `tables` and their Alembic migrations, the append-only `eventlog` of
each room (and the reference data the rules read), the `access` codes, the `keys` that sign cookies
and key the codes' hashes (a secret file outside the database), the `database` engines, and the
`seed` of the demo event."""
