"""Storing one collected page: its mentions, its quarantined payloads and its cursor, atomically.

One bad post never blocks its page: strings a database refuses are made storable first (see
``storage.storable``), and a post the database still refuses is quarantined on its own while the rest of
the page, and the cursor, are stored. Otherwise the same page would fail, and be billed again, on every run.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, insert
from sqlalchemy.exc import DataError, DBAPIError, StatementError

from kernel.records import Normalised, Quarantined, RawPage
from storage.cursors import set_cursor
from storage.db import writing
from storage.mentions import UpsertResult, upsert_mentions
from storage.runs import PageCounts, count_page, short_error
from storage.schema import QuarantineRow
from storage.storable import repair_mention, storable_quarantine, unstorable_post
from storage.suppression import honour

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PageResult:
    new: int
    updated: int
    quarantined: int
    mention_ids: tuple[int, ...]


# What a database raises for a value it refuses: PostgreSQL's DataError (NUL, too long, out of range),
# or an encoding error from either driver, which SQLAlchemy may hand on wrapped or bare.
_BAD_VALUE = (DataError, StatementError, UnicodeError, ValueError)


def store_page(
    engine: Engine,
    page: RawPage,
    normalised: Normalised,
    *,
    run_id: str | None = None,
    run_row: int | None = None,
    read: int | None = None,
    max_text: int | None = None,
) -> PageResult:
    """Write a page's mentions, quarantine, `cursor_after` and run-log counts in one transaction.

    A crash before the commit leaves the old cursor, so the page is fetched again; a crash after it
    leaves the new cursor with the posts it covers. Either way nothing is lost or stored twice, and the
    run's row (``run_row``) counts exactly the pages that were stored, even if the run is killed later.

    Args:
        engine: The database.
        page: The page as the collector yielded it.
        normalised: What the normaliser made of it.
        run_id: The collection run, recorded with quarantined payloads.
        run_row: The run log's row (``start_run``) whose counts this page adds to.
        read: Posts this page cost; default ``page.posts_read``, else what the page held.
        max_text: Longest text stored; a longer one is cut and its original quarantined.
    """
    now = datetime.now(UTC)
    source = str(page.source)
    repairs = [repair_mention(m, max_text) for m in normalised.mentions]
    mentions = [r.mention for r in repairs]
    quarantined = [r.original for r in repairs if r.original is not None]
    quarantined += [storable_quarantine(q) for q in normalised.quarantined]
    if read is None:
        read = page.posts_read or len(normalised.mentions) + len(normalised.quarantined)
    try:
        with writing(engine) as conn:
            # Erased authors stay erased: their posts are not stored, their handle is redacted in others'.
            mentions = honour(conn, mentions)
            result = upsert_mentions(conn, mentions, seen_at=now, source=source)
            return _finish(conn, page, result, quarantined, now, run_id, run_row, read)
    except _BAD_VALUE as exc:
        if not _is_bad_value(exc):
            raise
        log.warning("%s: the database refused a post of this page; storing it post by post", source)
    with writing(engine) as conn:
        # Erased authors stay erased: their posts are not stored, their handle is redacted in others'.
        mentions = honour(conn, mentions)
        result = UpsertResult()
        for mention in mentions:
            try:
                with conn.begin_nested():
                    one = upsert_mentions(conn, [mention], seen_at=now, source=source)
            except _BAD_VALUE as exc:
                if not _is_bad_value(exc):
                    raise
                quarantined.append(unstorable_post(mention, f"refused by the database: {short_error(exc)}"))
                continue
            result.new += one.new
            result.updated += one.updated
            result.ids.update(one.ids)
        return _finish(conn, page, result, quarantined, now, run_id, run_row, read)


def _is_bad_value(exc: BaseException) -> bool:
    """Whether the database refused a value, as opposed to failing (locked, gone, or our own bug)."""
    if isinstance(exc, DataError):
        return True
    if isinstance(exc, DBAPIError):
        return False
    if isinstance(exc, StatementError):
        return isinstance(exc.orig, UnicodeError | ValueError)
    return isinstance(exc, UnicodeError | ValueError)


def _finish(
    conn: Connection,
    page: RawPage,
    result: UpsertResult,
    quarantined: list[Quarantined],
    now: datetime,
    run_id: str | None,
    run_row: int | None,
    read: int,
) -> PageResult:
    source = str(page.source)
    if quarantined:
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
                for q in quarantined
            ],
        )
    set_cursor(conn, source, page.cursor_after)
    if run_row is not None:
        count_page(conn, run_row, PageCounts(read, result.new, result.updated, len(quarantined)))
    return PageResult(result.new, result.updated, len(quarantined), tuple(result.ids.values()))
