"""The one place that knows SQLite and PostgreSQL spell upserts differently."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from psycopg.types.json import Jsonb
from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite


def dialect_insert(conn: Connection, table: Any) -> Any:
    """An INSERT that offers `on_conflict_do_update`/`on_conflict_do_nothing` on both databases."""
    dialect = conn.dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise ValueError(f"praise-pipeline supports SQLite and PostgreSQL, not {dialect}")


def placeholder(conn: Connection, name: str) -> str:
    """A named DB-API placeholder in the driver's own style (sqlite3 `:name`, psycopg `%(name)s`)."""
    return f":{name}" if conn.dialect.name == "sqlite" else f"%({name})s"


def driver_value(conn: Connection, value: Any) -> Any:
    """A value as the driver takes it, for hot paths that skip SQLAlchemy's per-row type processing.

    SQLite gets what SQLAlchemy itself would store: naive UTC datetimes as text and JSON as text;
    psycopg gets aware datetimes and `Jsonb`.
    """
    if conn.dialect.name == "sqlite":
        if isinstance(value, datetime):
            # SQLAlchemy's own SQLite format; isoformat is several times faster than strftime.
            return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
        if isinstance(value, dict | list):
            return json.dumps(value)
        return value
    if isinstance(value, dict | list):
        return Jsonb(value)
    return value
