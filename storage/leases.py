"""One collection per source at a time, whoever starts it: a lease per source in the store.

`praise collect`, `praise serve` and every deployed worker take the lease before they read a source
and give it back afterwards. The holder renews it while it works (`renew`, from a heartbeat thread);
a holder that died stops renewing, so its lease expires after `ttl`, and on the holder's own machine a
process id that no longer exists lets the next run take over at once instead of waiting for the expiry.

Every step is a compare-and-set on the row, so it is safe on PostgreSQL with several machines as well
as on SQLite (where `writing` serialises writers anyway).
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Row, delete, select, update

from storage.db import writing
from storage.dialect import dialect_insert
from storage.runs import INTERRUPTED, RUNNING
from storage.schema import CollectionRunRow, SourceLeaseRow

HOST = socket.gethostname()[:255]


@dataclass(frozen=True, slots=True)
class Lease:
    source: str
    holder: str
    run_id: str
    ttl: timedelta
    # Why the previous holder's lease could be taken: "expired" or "holder process died"; None if free.
    took_over: str | None = None


@dataclass(frozen=True, slots=True)
class Busy:
    """The lease is held by a live holder: what to tell the user instead of collecting."""

    source: str
    holder: str
    run_id: str
    host: str
    pid: int
    expires_at: datetime

    def describe(self) -> str:
        return (
            f"being collected by run {self.run_id} (process {self.pid} on {self.host}, "
            f"lease until {self.expires_at:%H:%M:%S} UTC)"
        )


def new_holder() -> str:
    """A name unique to this attempt, with the machine and process for people reading the table."""
    return f"{HOST}:{os.getpid()}:{uuid.uuid4().hex[:12]}"[:200]


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    except OSError:
        return True
    return True


def _why_free(row: Row[Any], holder: str, now: datetime) -> str | None:
    """Why `holder` may take this lease now, or None while another live holder keeps it."""
    if row.holder == holder:
        return "ours"
    if row.expires_at <= now:
        return "expired"
    if row.host == HOST and row.pid != os.getpid() and not process_alive(row.pid):
        return "holder process died"
    return None


def acquire(
    engine: Engine, source: str, run_id: str, *, ttl: timedelta, holder: str | None = None
) -> Lease | Busy:
    """Take the lease of `source` for `run_id`, or say who holds it.

    Returns:
        The lease (with why a previous holder's lease could be taken over), or `Busy` with the holder.
    """
    me = holder or new_holder()
    now = datetime.now(UTC)
    values = {
        "holder": me,
        "run_id": run_id,
        "host": HOST,
        "pid": os.getpid(),
        "acquired_at": now,
        "heartbeat_at": now,
        "expires_at": now + ttl,
    }
    with writing(engine) as conn:
        row = conn.execute(select(SourceLeaseRow).where(SourceLeaseRow.source == source)).one_or_none()
        if row is None:
            inserted = conn.execute(
                dialect_insert(conn, SourceLeaseRow)
                .values(source=source, **values)
                .on_conflict_do_nothing(index_elements=["source"])
            )
            if inserted.rowcount == 1:
                return Lease(source, me, run_id, ttl)
            row = conn.execute(select(SourceLeaseRow).where(SourceLeaseRow.source == source)).one()
        reason = _why_free(row, me, now)
        if reason is not None:
            # Compare-and-set: only if nobody renewed or took the lease since we read it.
            taken = conn.execute(
                update(SourceLeaseRow)
                .where(
                    SourceLeaseRow.source == source,
                    SourceLeaseRow.holder == row.holder,
                    SourceLeaseRow.expires_at == row.expires_at,
                )
                .values(**values)
            )
            if taken.rowcount == 1:
                return Lease(source, me, run_id, ttl, None if reason == "ours" else reason)
            row = conn.execute(select(SourceLeaseRow).where(SourceLeaseRow.source == source)).one()
    return Busy(source, row.holder, row.run_id, row.host, row.pid, row.expires_at)


def renew(engine: Engine, lease: Lease) -> bool:
    """Push the expiry on by `ttl` (the heartbeat); False when the lease was lost to another holder."""
    now = datetime.now(UTC)
    with writing(engine) as conn:
        renewed = conn.execute(
            update(SourceLeaseRow)
            .where(SourceLeaseRow.source == lease.source, SourceLeaseRow.holder == lease.holder)
            .values(heartbeat_at=now, expires_at=now + lease.ttl)
        )
    return bool(renewed.rowcount == 1)


def release(engine: Engine, lease: Lease) -> None:
    """Give the lease back, if it is still ours."""
    with writing(engine) as conn:
        conn.execute(
            delete(SourceLeaseRow).where(
                SourceLeaseRow.source == lease.source, SourceLeaseRow.holder == lease.holder
            )
        )


def interrupt_lost_runs(engine: Engine) -> list[str]:
    """Mark `interrupted` every `running` run whose source nobody alive holds; returns those sources.

    A run's process that died (worker machine lost, SIGKILL) left its row at `running` and its lease
    unrenewed. A run in progress always holds its source's lease, so a running row without a live
    lease can only be a lost one.
    """
    now = datetime.now(UTC)
    with writing(engine) as conn:
        running = set(
            conn.execute(
                select(CollectionRunRow.source).where(CollectionRunRow.outcome == RUNNING).distinct()
            ).scalars()
        )
        if not running:
            return []
        leases = {
            row.source: row
            for row in conn.execute(select(SourceLeaseRow).where(SourceLeaseRow.source.in_(running)))
        }
        lost = sorted(s for s in running if s not in leases or _why_free(leases[s], "", now) is not None)
        if lost:
            conn.execute(
                update(CollectionRunRow)
                .where(CollectionRunRow.source.in_(lost), CollectionRunRow.outcome == RUNNING)
                .values(outcome=INTERRUPTED, finished_at=now)
            )
            for source in (s for s in lost if s in leases):
                conn.execute(
                    delete(SourceLeaseRow).where(
                        SourceLeaseRow.source == source, SourceLeaseRow.holder == leases[source].holder
                    )
                )
    return lost
