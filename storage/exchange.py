"""Import and export of stored mentions as JSON Lines or CSV, streaming both ways.

`export --format jsonl` writes exactly what `import` reads, so a round trip keeps every field,
including which sources found a mention and when it was first and last seen.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TextIO

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import Engine, select

from kernel.records import Mention, MentionKind, Metrics, Platform
from storage.db import writing
from storage.dialect import dialect_insert
from storage.mentions import CHUNK, mention_to_row, upsert_rows
from storage.schema import MentionRow, MentionSourceRow

# Column order of both formats; CSV keeps lists and objects as JSON text in their cells.
FIELDS = (
    "platform",
    "external_id",
    "kind",
    "created_at",
    "text",
    "url",
    "author_id",
    "author_handle",
    "author_name",
    "language",
    "likes",
    "reposts",
    "replies",
    "quotes",
    "media_urls",
    "parent_external_id",
    "referenced_external_id",
    "sources",
    "first_seen_at",
    "last_seen_at",
    "raw",
)
JSON_CELLS = ("media_urls", "sources", "raw")
INT_CELLS = ("likes", "reposts", "replies", "quotes")


class MentionLine(BaseModel):
    """One imported mention; its validation errors become the user's per-line messages."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False)

    platform: Platform
    external_id: str = Field(min_length=1, max_length=64)
    kind: MentionKind = MentionKind.POST
    created_at: datetime
    text: str
    url: str | None = None
    author_id: str | None = None
    author_handle: str | None = None
    author_name: str | None = None
    language: str | None = None
    likes: int | None = Field(None, ge=0)
    reposts: int | None = Field(None, ge=0)
    replies: int | None = Field(None, ge=0)
    quotes: int | None = Field(None, ge=0)
    media_urls: list[str] = Field(default_factory=list)
    parent_external_id: str | None = None
    referenced_external_id: str | None = None
    sources: list[str] = Field(default_factory=list)
    first_seen_at: datetime | None = None
    last_seen_at: datetime | None = None
    raw: dict[str, Any] = Field(default_factory=dict)

    @field_validator("created_at", "first_seen_at", "last_seen_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("needs a time zone (e.g. 2026-11-17T09:00:00Z)")
        return value.astimezone(UTC) if value is not None else None

    def mention(self) -> Mention:
        return Mention(
            platform=self.platform,
            external_id=self.external_id,
            kind=self.kind,
            text=self.text,
            created_at=self.created_at,
            url=self.url,
            author_id=self.author_id,
            author_handle=self.author_handle,
            author_name=self.author_name,
            language=self.language,
            metrics=Metrics(self.likes, self.reposts, self.replies, self.quotes),
            media_urls=tuple(self.media_urls),
            parent_external_id=self.parent_external_id,
            referenced_external_id=self.referenced_external_id,
            raw=self.raw,
        )


@dataclass(frozen=True, slots=True)
class LineError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(slots=True)
class ImportResult:
    read: int = 0
    new: int = 0
    updated: int = 0
    errors: list[LineError] = field(default_factory=list)
    error_count: int = 0


MAX_KEPT_ERRORS = 100


def _explain(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "line"
    more = f" (+{exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: {first['msg']}{more}"


def parse_jsonl(stream: TextIO) -> Iterator[tuple[int, dict[str, Any] | LineError]]:
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, LineError(number, f"not valid JSON: {exc.msg} at column {exc.colno}")
            continue
        if not isinstance(value, dict):
            yield number, LineError(number, "expected a JSON object")
            continue
        yield number, value


def parse_csv(stream: TextIO) -> Iterator[tuple[int, dict[str, Any] | LineError]]:
    reader = csv.DictReader(stream)
    missing = {"platform", "external_id", "created_at", "text"} - set(reader.fieldnames or ())
    if missing:
        yield 1, LineError(1, f"CSV header lacks the column(s) {', '.join(sorted(missing))}")
        return
    for row in reader:
        number = reader.line_num
        record: dict[str, Any] = {}
        try:
            for key, cell in row.items():
                if key is None or cell is None or (cell == "" and key != "text"):
                    continue
                record[key] = json.loads(cell) if key in JSON_CELLS else cell
        except json.JSONDecodeError as exc:
            yield number, LineError(number, f"{key}: not valid JSON: {exc.msg}")
            continue
        yield number, record


def import_records(
    engine: Engine,
    records: Iterable[tuple[int, dict[str, Any] | LineError]],
    *,
    default_source: str,
    progress: Any = None,
) -> ImportResult:
    """Store every valid record in batches; invalid ones become line errors, the rest is kept."""
    result = ImportResult()
    batch: list[MentionLine] = []
    for number, record in records:
        if isinstance(record, LineError):
            _keep_error(result, record)
            continue
        try:
            batch.append(MentionLine.model_validate(record))
        except ValidationError as exc:
            _keep_error(result, LineError(number, _explain(exc)))
            continue
        if len(batch) >= CHUNK * 2:
            _store(engine, batch, default_source, result)
            if progress is not None:
                progress(result.read)
            batch = []
    _store(engine, batch, default_source, result)
    return result


def _keep_error(result: ImportResult, error: LineError) -> None:
    result.error_count += 1
    if len(result.errors) < MAX_KEPT_ERRORS:
        result.errors.append(error)


def _store(engine: Engine, batch: list[MentionLine], default_source: str, result: ImportResult) -> None:
    if not batch:
        return
    now = datetime.now(UTC)
    rows = []
    for line in batch:
        row = mention_to_row(line.mention(), now)
        # An exported mention keeps when it was first and last seen, not when it was imported.
        row["first_seen_at"] = line.first_seen_at or now
        row["last_seen_at"] = line.last_seen_at or now
        rows.append(row)
    with writing(engine) as conn:
        upserted = upsert_rows(conn, rows, seen_at=now)
        links = [
            {
                "mention_id": upserted.ids[(line.platform.value, line.external_id)],
                "source": s,
                "first_seen_at": now,
            }
            for line in batch
            for s in line.sources or [default_source]
        ]
        conn.execute(dialect_insert(conn, MentionSourceRow.__table__).on_conflict_do_nothing(), links)
    result.read += len(batch)
    result.new += upserted.new
    result.updated += upserted.updated


def export_records(
    engine: Engine,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    platform: Platform | None = None,
) -> Iterator[dict[str, Any]]:
    """Stream stored mentions as export records, oldest first, without loading them all."""
    stmt = select(MentionRow).order_by(MentionRow.created_at, MentionRow.id)
    if since is not None:
        stmt = stmt.where(MentionRow.created_at >= since)
    if until is not None:
        stmt = stmt.where(MentionRow.created_at < until)
    if platform is not None:
        stmt = stmt.where(MentionRow.platform == platform.value)
    with engine.connect() as conn:
        rows = conn.execution_options(stream_results=True, yield_per=CHUNK).execute(stmt)
        for partition in rows.partitions():
            ids = [row.id for row in partition]
            sources: dict[int, list[str]] = {i: [] for i in ids}
            link_stmt = (
                select(MentionSourceRow.mention_id, MentionSourceRow.source)
                .where(MentionSourceRow.mention_id.in_(ids))
                .order_by(MentionSourceRow.mention_id, MentionSourceRow.source)
            )
            # The same connection: on SQLite a second one could wait on a writer the stream sees past.
            for mention_id, source in conn.execute(link_stmt):
                sources[mention_id].append(source)
            for row in partition:
                record = {name: getattr(row, name) for name in FIELDS if name != "sources"}
                record["sources"] = sources[row.id]
                yield record


def _json_default(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def write_jsonl(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    count = 0
    for record in records:
        out.write(json.dumps({k: record[k] for k in FIELDS}, ensure_ascii=False, default=_json_default))
        out.write("\n")
        count += 1
    return count


def write_csv(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow(FIELDS)
    count = 0
    for record in records:
        cells = []
        for name in FIELDS:
            value = record[name]
            if name in JSON_CELLS:
                cells.append(json.dumps(value, ensure_ascii=False, default=_json_default))
            elif isinstance(value, datetime):
                cells.append(_json_default(value))
            else:
                cells.append("" if value is None else value)
        writer.writerow(cells)
        count += 1
    return count
