"""Alert incidents: something a person should hear about once, not on every run while it lasts.

An incident is keyed by what it is about (`source_failed:x:search:#DankeStadtIT`). Seeing it again
only refreshes it; the alert goes out when `claim_alert` wins (at most once per incident, even with
several workers); once resolved, the next occurrence is a new incident with an alert of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, select, update

from storage.db import writing
from storage.dialect import dialect_insert
from storage.schema import AlertIncidentRow


@dataclass(frozen=True, slots=True)
class Incident:
    key: str
    kind: str
    subject: str
    detail: str
    opened_at: datetime
    notified_at: datetime | None


def record_incident(engine: Engine, key: str, kind: str, subject: str, detail: str) -> Incident:
    """Open the incident `key`, or refresh it while it lasts; returns it as stored."""
    now = datetime.now(UTC)
    row = AlertIncidentRow
    with writing(engine) as conn:
        existing = conn.execute(select(row).where(row.key == key)).one_or_none()
        if existing is None:
            conn.execute(
                dialect_insert(conn, row)
                .values(
                    key=key,
                    kind=kind,
                    subject=subject,
                    detail=detail,
                    opened_at=now,
                    last_seen_at=now,
                    notified_at=None,
                    resolved_at=None,
                )
                .on_conflict_do_update(index_elements=["key"], set_={"last_seen_at": now, "detail": detail})
            )
        elif existing.resolved_at is not None:
            # It ended and came back: a new incident, alerted anew.
            conn.execute(
                update(row)
                .where(row.key == key)
                .values(opened_at=now, last_seen_at=now, detail=detail, notified_at=None, resolved_at=None)
            )
        else:
            conn.execute(update(row).where(row.key == key).values(last_seen_at=now, detail=detail))
        stored = conn.execute(select(row).where(row.key == key)).one()
    return Incident(
        stored.key, stored.kind, stored.subject, stored.detail, stored.opened_at, stored.notified_at
    )


def claim_alert(engine: Engine, key: str) -> bool:
    """True for exactly one caller per open incident: that caller sends the alert."""
    row = AlertIncidentRow
    with writing(engine) as conn:
        claimed = conn.execute(
            update(row)
            .where(row.key == key, row.notified_at.is_(None), row.resolved_at.is_(None))
            .values(notified_at=datetime.now(UTC))
        )
    return bool(claimed.rowcount == 1)


def unclaim_alert(engine: Engine, key: str) -> None:
    """The alert could not be sent: let the next run try again."""
    with writing(engine) as conn:
        conn.execute(update(AlertIncidentRow).where(AlertIncidentRow.key == key).values(notified_at=None))


def resolve_incident(engine: Engine, key: str) -> bool:
    """Close the incident if it is open; True if it was."""
    row = AlertIncidentRow
    with writing(engine) as conn:
        resolved = conn.execute(
            update(row).where(row.key == key, row.resolved_at.is_(None)).values(resolved_at=datetime.now(UTC))
        )
    return bool(resolved.rowcount == 1)


def open_incidents(engine: Engine, kind: str | None = None) -> list[Incident]:
    row = AlertIncidentRow
    stmt = select(row).where(row.resolved_at.is_(None)).order_by(row.opened_at)
    if kind is not None:
        stmt = stmt.where(row.kind == kind)
    with engine.connect() as conn:
        return [
            Incident(r.key, r.kind, r.subject, r.detail, r.opened_at, r.notified_at)
            for r in conn.execute(stmt)
        ]
