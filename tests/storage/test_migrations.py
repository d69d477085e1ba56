from __future__ import annotations

import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, text

from storage.db import make_engine
from storage.migrate import current_revision, head_revision, migration_lock, upgrade
from storage.schema import Base
from tests.conftest import PG_ADMIN


def test_migrations_build_exactly_the_models(engine: Engine) -> None:
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_upgrade_twice_is_harmless(engine: Engine) -> None:
    upgrade(engine)
    assert current_revision(engine) == head_revision()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a database with no schema at all, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite'}"
        return
    session_url = request.getfixturevalue("pg_url")
    name = f"praise_fresh_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield session_url.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_two_db_upgrades_at_once_on_a_fresh_database_both_succeed(fresh_url: str, tmp_path: Path) -> None:
    env = {"PRAISE_DATABASE_URL": fresh_url}
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PRAISE_")} | env
    upgrades = [
        subprocess.Popen(
            [sys.executable, "-m", "praise", "db", "upgrade"],
            cwd=tmp_path,
            env=environ,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [(p.wait(timeout=120), *p.communicate()) for p in upgrades]
    for code, out, err in results:
        assert code == 0, err
        assert "Traceback" not in err
        assert f"at schema revision {head_revision()}" in out
    engine = make_engine(fresh_url)
    try:
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_an_upgrade_waits_for_the_migration_lock(fresh_url: str) -> None:
    holder, waiter = make_engine(fresh_url), make_engine(fresh_url)
    finished = threading.Event()

    def migrate() -> None:
        upgrade(waiter)
        finished.set()

    try:
        with migration_lock(holder):
            thread = threading.Thread(target=migrate)
            thread.start()
            if holder.dialect.name == "postgresql":
                # Wait until the other upgrade is queued on the advisory lock, then check it did nothing.
                with holder.connect() as conn:
                    for _ in range(1200):  # up to a minute on a loaded machine
                        queued = conn.execute(
                            text(
                                "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'advisory' "
                                "AND datname = current_database()"
                            )
                        ).scalar_one()
                        if queued:
                            break
                        # PostgreSQL lists pg_stat_activity's sessions once per transaction: end it, or a
                        # waiter that connected after the first poll never shows up (seen on a loaded machine).
                        conn.rollback()
                        thread.join(0.05)
                assert queued
            else:
                thread.join(1.0)
            assert not finished.is_set()
            assert current_revision(holder) is None
        thread.join(60)
        assert finished.is_set()
        assert current_revision(holder) == head_revision()
    finally:
        holder.dispose()
        waiter.dispose()
