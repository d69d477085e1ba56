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

from sqlalchemy import Connection, select

from kernel.records import Mention
from storage.dialect import driver_value, placeholder
from storage.schema import MentionRow

# Rows per statement batch; the id look-ups bind one parameter per row, far below SQLite's 32,766.
CHUNK = 1000
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
    "reply_to_handle",
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
        "reply_to_handle": mention.reply_to_handle,
        "raw": mention.raw,
        "first_seen_at": seen_at,
        "last_seen_at": seen_at,
    }


def _upsert_sql(conn: Connection, columns: Sequence[str]) -> str:
    """The upsert as driver SQL: the same text serves SQLite and PostgreSQL but for placeholders.

    Written out rather than built with SQLAlchemy's insert() because its per-row parameter processing
    cost three times the database's own work in the 100,000-row benchmark.
    """
    refresh = [f"{c} = excluded.{c}" for c in ALWAYS_REFRESH]
    keep = [f"{c} = coalesce(excluded.{c}, mentions.{c})" for c in KEEP_IF_MISSING]
    values = ", ".join(placeholder(conn, c) for c in columns)
    return (
        f"INSERT INTO mentions ({', '.join(columns)}) VALUES ({values}) "  # noqa: S608 - column names are ours
        f"ON CONFLICT (platform, external_id) DO UPDATE SET {', '.join(refresh + keep)}"
    )


def _driver_rows(conn: Connection, rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    # The seen times are one value for the whole batch: convert each distinct value once.
    seen: dict[Any, Any] = {}
    converted_rows = []
    for row in rows:
        converted = dict(row)
        converted["created_at"] = driver_value(conn, row["created_at"])
        for name in ("first_seen_at", "last_seen_at"):
            value = row[name]
            if value not in seen:
                seen[value] = driver_value(conn, value)
            converted[name] = seen[value]
        converted["media_urls"] = driver_value(conn, row["media_urls"])
        converted["raw"] = driver_value(conn, row["raw"])
        converted_rows.append(converted)
    return converted_rows


def _ids_of(conn: Connection, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], int]:
    ids: dict[tuple[str, str], int] = {}
    for platform in {p for p, _ in keys}:
        wanted = [e for p, e in keys if p == platform]
        stmt = select(MentionRow.id, MentionRow.external_id).where(
            MentionRow.platform == platform, MentionRow.external_id.in_(wanted)
        )
        ids.update({(platform, e): i for i, e in conn.execute(stmt)})
    return ids


def _ids_and_first_seen(
    conn: Connection, keys: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], tuple[int, datetime]]:
    found: dict[tuple[str, str], tuple[int, datetime]] = {}
    for platform in {p for p, _ in keys}:
        wanted = [e for p, e in keys if p == platform]
        stmt = select(MentionRow.id, MentionRow.external_id, MentionRow.first_seen_at).where(
            MentionRow.platform == platform, MentionRow.external_id.in_(wanted)
        )
        found.update({(platform, e): (i, first) for i, e, first in conn.execute(stmt)})
    return found


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
    columns = list(unique[0])
    sql = _upsert_sql(conn, columns)
    for chunk in _chunks(unique, CHUNK):
        keys = [(r["platform"], r["external_id"]) for r in chunk]
        known = _ids_of(conn, keys)
        result.updated += len(known)
        result.new += len(chunk) - len(known)
        # Plain executemany, no RETURNING: SQLite runs RETURNING upserts row by row, which is
        # several times slower; the ids of the new rows are read back in one query instead.
        conn.exec_driver_sql(sql, _driver_rows(conn, chunk))
        result.ids.update(known)
        fresh = [k for k in keys if k not in known]
        if fresh:
            firsts = {(r["platform"], r["external_id"]): r["first_seen_at"] for r in chunk}
            for key, (mention_id, first_seen) in _ids_and_first_seen(conn, fresh).items():
                result.ids[key] = mention_id
                if first_seen != firsts[key]:
                    # On PostgreSQL another source's transaction inserted it after our look-up and we
                    # updated it: count it once, as that transaction's new post. SQLite's write lock
                    # serialises the look-up and the insert, so there it never happens.
                    result.new -= 1
                    result.updated += 1
    if source is not None:
        marks = ", ".join(placeholder(conn, name) for name in ("m", "s", "t"))
        link = f"INSERT INTO mention_sources (mention_id, source, first_seen_at) VALUES ({marks}) ON CONFLICT DO NOTHING"  # noqa: S608
        seen = driver_value(conn, seen_at)
        conn.exec_driver_sql(link, [{"m": i, "s": source, "t": seen} for i in result.ids.values()])
    return result
