"""Schema migrations through Alembic, run from code so `praise db upgrade` needs no alembic.ini.

Every command migrates on start, so two processes (a scheduled collection and a `praise db upgrade`, or
two workers) may start on a fresh database at once; unserialised, both create the same tables and one
fails with an IntegrityError. A lock makes the second wait and then find the schema current: an advisory
lock on PostgreSQL, a file lock beside the database on SQLite.
"""

from __future__ import annotations

import fcntl
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

MIGRATIONS = Path(__file__).parent / "migrations"
# One advisory lock key for the migrations of praise-pipeline (a signed 64-bit integer, fixed).
ADVISORY_KEY = zlib.crc32(b"praise-pipeline schema migrations")


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision`; safe to call on every start, and from several processes at once."""
    head = head_revision()
    if revision == "head" and current_revision(engine) == head:
        return
    with migration_lock(engine):
        # Another process may have migrated while this one waited for the lock.
        if revision == "head" and current_revision(engine) == head:
            return
        command.upgrade(alembic_config(engine), revision)


@contextmanager
def migration_lock(engine: Engine) -> Iterator[None]:
    """Hold the database's migration lock; waits while another process holds it."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_KEY})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_KEY})
                conn.commit()
        return
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    lock_path = Path(database).with_name(Path(database).name + ".migrate-lock")
    with lock_path.open("a") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()
