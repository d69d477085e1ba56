"""Source leases on SQLite and PostgreSQL: one holder at a time, taken over when the holder is gone."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, insert, select, update

from storage.leases import Busy, Lease, acquire, interrupt_lost_runs, release, renew
from storage.runs import start_run
from storage.schema import CollectionRunRow, SourceLeaseRow

SOURCE = "x:search:#DankeStadtIT"
TTL = timedelta(minutes=10)


def test_second_holder_is_refused_until_the_first_releases(engine: Engine) -> None:
    first = acquire(engine, SOURCE, "run-1", ttl=TTL)
    assert isinstance(first, Lease)
    second = acquire(engine, SOURCE, "run-2", ttl=TTL)
    assert isinstance(second, Busy)
    assert second.run_id == "run-1"
    assert "run-1" in second.describe()
    # Another source is free all the same.
    assert isinstance(acquire(engine, "x:mentions:StadtIT", "run-2", ttl=TTL), Lease)
    release(engine, first)
    again = acquire(engine, SOURCE, "run-2", ttl=TTL)
    assert isinstance(again, Lease)
    assert again.took_over is None


def test_many_threads_racing_get_exactly_one_lease(engine: Engine) -> None:
    barrier = threading.Barrier(6)
    results: list[Lease | Busy] = []

    def take(i: int) -> None:
        barrier.wait()
        results.append(acquire(engine, SOURCE, f"run-{i}", ttl=TTL))

    threads = [threading.Thread(target=take, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(isinstance(r, Lease) for r in results) == 1


def test_an_expired_lease_is_taken_over_and_the_old_holder_cannot_renew(engine: Engine) -> None:
    first = acquire(engine, SOURCE, "run-1", ttl=TTL)
    assert isinstance(first, Lease)
    assert renew(engine, first)
    with engine.begin() as conn:
        conn.execute(update(SourceLeaseRow).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    second = acquire(engine, SOURCE, "run-2", ttl=TTL)
    assert isinstance(second, Lease)
    assert second.took_over == "expired"
    assert not renew(engine, first)
    release(engine, first)  # a late release of a lost lease must not free the new holder's
    assert isinstance(acquire(engine, SOURCE, "run-3", ttl=TTL), Busy)


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_lease_of_a_dead_process_on_this_machine_is_taken_over_at_once(engine: Engine) -> None:
    first = acquire(engine, SOURCE, "run-1", ttl=TTL)
    assert isinstance(first, Lease)
    with engine.begin() as conn:
        conn.execute(update(SourceLeaseRow).values(pid=_dead_pid()))
    second = acquire(engine, SOURCE, "run-2", ttl=TTL)
    assert isinstance(second, Lease)
    assert second.took_over == "holder process died"


def test_lost_runs_are_interrupted_but_a_live_one_is_left_alone(engine: Engine) -> None:
    lost_source, live_source, legacy_source = SOURCE, "x:mentions:StadtIT", "instagram:profile:kater"
    lost = acquire(engine, lost_source, "run-1", ttl=TTL)
    live = acquire(engine, live_source, "run-1", ttl=TTL)
    assert isinstance(lost, Lease)
    assert isinstance(live, Lease)
    for source in (lost_source, live_source):
        start_run(engine, "run-1", source)
    # A row left `running` before leases existed has no lease at all.
    with engine.begin() as conn:
        conn.execute(
            insert(CollectionRunRow).values(
                run_id="old", source=legacy_source, started_at=datetime.now(UTC), outcome="running"
            )
        )
        conn.execute(
            update(SourceLeaseRow).where(SourceLeaseRow.source == lost_source).values(pid=_dead_pid())
        )
    assert interrupt_lost_runs(engine) == sorted([lost_source, legacy_source])
    with engine.connect() as conn:
        outcomes = dict(conn.execute(select(CollectionRunRow.source, CollectionRunRow.outcome)).all())
        holders = set(conn.execute(select(SourceLeaseRow.source)).scalars())
    assert outcomes == {lost_source: "interrupted", live_source: "running", legacy_source: "interrupted"}
    assert holders == {live_source}
