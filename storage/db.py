"""Engines for the embedded default (SQLite in WAL mode) and for PostgreSQL (psycopg 3)."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from kernel.errors import ConfigError

log = logging.getLogger("praise.storage")


def normalise_url(url: str) -> str:
    """Let users write plain `postgresql://…` and still get psycopg 3, which is the driver we ship."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def make_engine(url: str) -> Engine:
    """Create an engine; for a SQLite file, create its folder and switch it to WAL mode."""
    try:
        parsed = make_url(normalise_url(url))
    except ArgumentError:
        raise ConfigError(f"not a database URL: {safe_url(url)}") from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            _check_sqlite_path(Path(parsed.database))
        engine = create_engine(parsed, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    try:
        return create_engine(parsed, pool_pre_ping=True)
    except Exception as exc:  # a missing driver or bad option
        raise ConfigError(f"cannot use database {safe_url(url)}: {exc}") from None


def _check_sqlite_path(path: Path) -> None:
    """Create the database's folder, or say in one line why the database cannot be written there.

    SQLite itself would only fail later, mid-command, with "unable to open database file" or "attempt
    to write a readonly database"; in WAL mode it also needs to create files beside the database.
    """
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise ConfigError(
            f"cannot create the folder {folder} for the SQLite database: a file is in the way"
        ) from None
    except OSError as exc:
        raise ConfigError(
            f"cannot create the folder {folder} for the SQLite database: {exc.strerror or exc}"
        ) from None
    if path.is_dir():
        raise ConfigError(f"the SQLite database {path} is a folder, not a file")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ConfigError(f"cannot write the SQLite database {path}: the folder {folder} is not writable")
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise ConfigError(f"cannot write the SQLite database {path}: the file is not writable")


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction; on SQLite it takes the write lock at BEGIN.

    A deferred SQLite transaction that reads first and writes later fails at once with "database is
    locked" when another writer committed in between; taking the lock up front makes it wait instead.
    """
    with engine.connect() as conn:
        conn.execution_options(praise_write=True)
        with conn.begin():
            yield conn


def _sqlite_begin(conn: Connection) -> None:
    # pysqlite's own transaction handling is switched off in _sqlite_pragmas, so BEGIN is ours to emit.
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("praise_write") else "BEGIN")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy (not the sqlite3 module) decide when transactions begin.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL lets the report and review readers work while a collection writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    # NORMAL is durable across application crashes in WAL mode; only power loss can lose the last commits.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def safe_url(url: str) -> str:
    """The URL with any password masked, for messages and logs."""
    try:
        return make_url(normalise_url(url)).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparsable URL>"
