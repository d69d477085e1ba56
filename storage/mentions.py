"""Writing mentions: upserts keyed by (platform, external_id), never replace.

A later payload refreshes what changes (text edits, metrics, the raw payload, last seen) but never
blanks a column it happens not to carry: such columns keep their stored value.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from typing import Any

from sqlalchemy import Connection, Insert, func, select, tuple_

from praise.records import Mention
from storage.dialect import dialect_insert
from storage.schema import MentionRow, MentionSourceRow

# SQLite allows 32,766 bound parameters per statement; 21 columns x 500 rows stays well below.
CHUNK = 500
# Columns a later sighting may lack: keep the stored value then.
KEEP_IF_MISSING = (
    "url",
    "author_id",
    "author_handle",
    "author_name",
    "language",
    "likes",
    "reposts",
    "replies",
    "quotes",
    "parent_external_id",
    "referenced_external_id",
)
ALWAYS_REFRESH = ("kind", "text", "created_at", "media_urls", "raw", "last_seen_at")


@dataclass(slots=True)
class UpsertResult:
    new: int = 0
    updated: int = 0
    ids: dict[tuple[str, str], int] = field(default_factory=dict)


def mention_to_row(mention: Mention, seen_at: datetime) -> dict[str, Any]:
    return {
        "platform": mention.platform.value,
        "external_id": mention.external_id,
        "kind": mention.kind.value,
        "url": mention.url,
        "author_id": mention.author_id,
        "author_handle": mention.author_handle,
        "author_name": mention.author_name,
        "text": mention.text,
        "language": mention.language,
        "created_at": mention.created_at,
        "likes": mention.metrics.likes,
        "reposts": mention.metrics.reposts,
        "replies": mention.metrics.replies,
        "quotes": mention.metrics.quotes,
        "media_urls": list(mention.media_urls),
        "parent_external_id": mention.parent_external_id,
        "referenced_external_id": mention.referenced_external_id,
        "raw": mention.raw,
        "first_seen_at": seen_at,
        "last_seen_at": seen_at,
    }


def _mention_upsert(conn: Connection) -> Insert:
    stmt = dialect_insert(conn, MentionRow.__table__)
    excluded = stmt.excluded
    table = MentionRow.__table__.c
    updates: dict[str, Any] = {name: excluded[name] for name in ALWAYS_REFRESH}
    updates.update({name: func.coalesce(excluded[name], table[name]) for name in KEEP_IF_MISSING})
    upsert: Insert = stmt.on_conflict_do_update(index_elements=["platform", "external_id"], set_=updates)
    return upsert


def _chunks(rows: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def upsert_mentions(
    conn: Connection, mentions: Sequence[Mention], *, seen_at: datetime, source: str | None = None
) -> UpsertResult:
    """Insert new mentions and refresh known ones inside the caller's transaction.

    Args:
        conn: A connection inside an open transaction.
        mentions: Records; a key repeated in the batch is stored once (the last one wins).
        seen_at: When these were collected (first/last seen).
        source: The source key that found them; recorded in `mention_sources`.

    Returns:
        How many were new, how many already known, and the row id of every key.
    """
    return upsert_rows(conn, [mention_to_row(m, seen_at) for m in mentions], seen_at=seen_at, source=source)


def upsert_rows(
    conn: Connection, rows: Sequence[dict[str, Any]], *, seen_at: datetime, source: str | None = None
) -> UpsertResult:
    """`upsert_mentions` for rows already made by `mention_to_row` (imports set their own seen times)."""
    unique = list({(r["platform"], r["external_id"]): r for r in rows}.values())
    result = UpsertResult()
    if not unique:
        return result
    upsert = _mention_upsert(conn)
    key = tuple_(MentionRow.platform, MentionRow.external_id)
    for chunk in _chunks(unique, CHUNK):
        keys = [(r["platform"], r["external_id"]) for r in chunk]
        known = conn.execute(select(MentionRow.platform, MentionRow.external_id).where(key.in_(keys))).all()
        result.updated += len(known)
        result.new += len(chunk) - len(known)
        returned = conn.execute(
            upsert.returning(MentionRow.id, sort_by_parameter_order=True), list(chunk)
        ).scalars()
        result.ids.update(zip(keys, returned, strict=True))
    if source is not None:
        link = dialect_insert(conn, MentionSourceRow.__table__).on_conflict_do_nothing()
        links = [{"mention_id": i, "source": source, "first_seen_at": seen_at} for i in result.ids.values()]
        for chunk in _chunks(links, CHUNK * 4):
            conn.execute(link, list(chunk))
    return result
