"""Storing one collected page: its mentions, its quarantined payloads and its cursor, atomically."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, insert

from kernel.records import Normalised, RawPage
from storage.cursors import set_cursor
from storage.db import writing
from storage.mentions import upsert_mentions
from storage.schema import QuarantineRow


@dataclass(frozen=True, slots=True)
class PageResult:
    new: int
    updated: int
    quarantined: int
    mention_ids: tuple[int, ...]


def store_page(
    engine: Engine, page: RawPage, normalised: Normalised, *, run_id: str | None = None
) -> PageResult:
    """Write a page's mentions, quarantine and `cursor_after` in one transaction.

    A crash before the commit leaves the old cursor, so the page is fetched again; a crash after it
    leaves the new cursor with the posts it covers. Either way nothing is lost or stored twice.
    """
    now = datetime.now(UTC)
    source = str(page.source)
    with writing(engine) as conn:
        result = upsert_mentions(conn, normalised.mentions, seen_at=now, source=source)
        if normalised.quarantined:
            conn.execute(
                insert(QuarantineRow),
                [
                    {
                        "platform": q.platform.value,
                        "source": source,
                        "run_id": run_id,
                        "external_id": q.external_id,
                        "reason": q.reason,
                        "payload": q.payload,
                        "created_at": now,
                    }
                    for q in normalised.quarantined
                ],
            )
        set_cursor(conn, source, page.cursor_after)
    return PageResult(result.new, result.updated, len(normalised.quarantined), tuple(result.ids.values()))
