"""Persistence: SQLModel tables, sessions, Alembic migrations and group-scoped repositories.

Nothing here is imported at package import time (the submodules pull in SQLAlchemy); import what you need:
`persistence.settings` (the one settings class), `persistence.db` (engines and sessions),
`persistence.tables` (the schema), `persistence.repositories` (queries, always scoped to one group),
`persistence.scenario_io` (scenario file ⇄ database), `persistence.migrate` (Alembic upgrade).
"""
