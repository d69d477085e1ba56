"""Import and export of stored mentions as JSON Lines or CSV, streaming both ways.

`export --format jsonl` writes exactly what `import` reads, so a round trip keeps every field,
including which sources found a mention and when it was first and last seen.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError
from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import DBAPIError

from kernel.errors import PraiseError
from kernel.records import Platform
from storage.db import writing
from storage.dialect import dialect_insert
from storage.import_lines import DEFAULT_MAX_TEXT, MAX_RAW_CHARS, MentionLine, merge_lines, merge_stored
from storage.mentions import CHUNK, mention_to_row, upsert_rows
from storage.schema import MentionRow, MentionSourceRow
from storage.suppression import load_suppressions
from storage.written_keys import WrittenKeys

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

__all__ = ["MentionLine", "export_records", "import_records", "open_import", "parse_csv", "parse_jsonl"]


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
    # Further copies of a mention within the file, merged into the first.
    duplicates: int = 0
    # Lines of erased authors or posts (the suppression list), not stored.
    suppressed: int = 0


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
        problem = _undecodable(line)
        if problem:
            yield number, LineError(number, problem)
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


def parse_csv(
    stream: TextIO, *, max_text: int = DEFAULT_MAX_TEXT
) -> Iterator[tuple[int, dict[str, Any] | LineError]]:
    # csv's own cell limit (131,072) would end the whole file at one long cell; allow the text limit
    # (four bytes a character for the raw JSON cell) and let validation name the line.
    csv.field_size_limit(max(csv.field_size_limit(), 4 * max(max_text, MAX_RAW_CHARS)))
    reader = csv.DictReader(stream)
    try:
        header = reader.fieldnames or ()
    except csv.Error as exc:
        yield 1, LineError(1, f"not a readable CSV header: {exc}")
        return
    missing = {"platform", "external_id", "created_at", "text"} - set(header)
    if missing:
        yield 1, LineError(1, f"CSV header lacks the column(s) {', '.join(sorted(missing))}")
        return
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield reader.line_num, LineError(reader.line_num, f"not readable as CSV: {exc}")
            continue
        number = reader.line_num
        problem = next((p for p in map(_undecodable, row.values()) if isinstance(p, str)), None)
        if problem:
            yield number, LineError(number, problem)
            continue
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


_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def _undecodable(value: Any) -> str | None:
    """The decoder's complaint about a line holding bytes that are not in the file's encoding."""
    if not isinstance(value, str):
        return None
    found = _ESCAPED_BYTE.search(value)
    if found is None:
        return None
    return (
        f"byte 0x{ord(found.group()) - 0xDC00:02X} is not valid in the file's encoding; "
        "give the right one with --encoding (e.g. --encoding latin-1)"
    )


# Byte-order marks and the encodings they announce; UTF-32 before UTF-16, whose BOM it starts with.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@contextmanager
def open_import(path: Path, encoding: str | None = None) -> Iterator[TextIO]:
    """Open an import file as text.

    Without `encoding`, a byte-order mark decides (UTF-8, UTF-16, UTF-32), else UTF-8. Bytes that
    are not in the encoding do not stop the file: the decoder keeps them as escapes and the line
    that holds them is reported with its number and a hint to give `--encoding`.

    Raises:
        ImportFileError: an unknown encoding, or a file that is plainly UTF-16/32 without a mark.
    """
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ImportFileError(
                f"unknown encoding {encoding!r} (try utf-8, latin-1, utf-16, cp1252)"
            ) from None
    with path.open("rb") as raw:
        head = raw.read(4096)
        raw.seek(0)
        chosen = encoding or next((name for bom, name in BOMS if head.startswith(bom)), "utf-8")
        if encoding is None and chosen == "utf-8" and head.count(0) > len(head) // 4:
            raise ImportFileError(
                f"{path} looks like UTF-16 or UTF-32 without a byte-order mark: "
                "give its encoding with --encoding utf-16-le (or utf-16-be, utf-32-le)"
            )
        newline = "" if path.suffix.lower() == ".csv" else None
        with io.TextIOWrapper(raw, encoding=chosen, errors="surrogateescape", newline=newline) as text:
            yield text


class ImportFileError(PraiseError):
    """The import file cannot be read as text at all."""


def import_records(
    engine: Engine,
    records: Iterable[tuple[int, dict[str, Any] | LineError]],
    *,
    default_source: str,
    progress: Any = None,
    max_text: int = DEFAULT_MAX_TEXT,
) -> ImportResult:
    """Store every valid record in batches; invalid ones become line errors, the rest is kept.

    Every value is checked against the schema's limits first, so SQLite and PostgreSQL accept the
    same lines. A copy of a mention already read from this file is merged into it (never blanking a
    field) and counted in `duplicates`; posts of erased authors are skipped and counted in `suppressed`.
    """
    result = ImportResult()
    batch: dict[tuple[str, str], tuple[int, MentionLine]] = {}
    # Keys written by earlier batches of this file, 8 bytes each (see storage.written_keys).
    written = WrittenKeys()
    context = {"max_text": max_text}
    for number, record in records:
        if isinstance(record, LineError):
            _keep_error(result, record)
            continue
        try:
            line = MentionLine.model_validate(record, context=context)
        except ValidationError as exc:
            _keep_error(result, LineError(number, _explain(exc)))
            continue
        earlier = batch.get(line.key)
        if earlier is not None:
            result.duplicates += 1
            batch[line.key] = (earlier[0], merge_lines(earlier[1], line))
            continue
        batch[line.key] = (number, line)
        if len(batch) >= CHUNK * 2:
            _store(engine, list(batch.values()), default_source, result, written)
            if progress is not None:
                progress(result.read)
            batch = {}
    _store(engine, list(batch.values()), default_source, result, written)
    return result


def _keep_error(result: ImportResult, error: LineError) -> None:
    result.error_count += 1
    if len(result.errors) < MAX_KEPT_ERRORS:
        result.errors.append(error)


def _store(
    engine: Engine,
    batch: list[tuple[int, MentionLine]],
    default_source: str,
    result: ImportResult,
    written: WrittenKeys,
) -> None:
    if not batch:
        return
    try:
        _write(engine, batch, default_source, result, written)
    except DBAPIError:
        # Validation should leave nothing for the database to refuse; if it still does, store the
        # lines one by one so a single bad line costs only itself, and name it without SQL or text.
        if len(batch) == 1:
            number = batch[0][0]
            _keep_error(result, LineError(number, "the database refused this line"))
            return
        for item in batch:
            _store(engine, [item], default_source, result, written)


def _write(
    engine: Engine,
    batch: list[tuple[int, MentionLine]],
    default_source: str,
    result: ImportResult,
    written: WrittenKeys,
) -> None:
    now = datetime.now(UTC)
    with writing(engine) as conn:
        suppressions = load_suppressions(conn)
        lines: list[MentionLine] = []
        for _number, line in batch:
            if suppressions.blocks(line.platform.value, line.external_id, line.author_id, line.author_handle):
                result.suppressed += 1
                continue
            lines.append(line)
        again = [
            line for line, seen in zip(lines, written.seen([ln.key for ln in lines]), strict=True) if seen
        ]
        if again:
            # A copy of a mention an earlier batch of this file wrote: merge, never blank.
            stored = _stored_values(conn, [line.key for line in again])
            merged = {line.key: merge_stored(stored[line.key], line) for line in again if line.key in stored}
            lines = [merged.get(line.key, line) for line in lines]
        rows = []
        for line in lines:
            mention = line.mention()
            if suppressions:
                mention = suppressions.clean(mention)
            row = mention_to_row(mention, now)
            # An exported mention keeps when it was first and last seen, not when it was imported.
            row["first_seen_at"] = line.first_seen_at or now
            row["last_seen_at"] = line.last_seen_at or now
            rows.append(row)
        upserted = upsert_rows(conn, rows, seen_at=now)
        links = [
            {"mention_id": upserted.ids[line.key], "source": s, "first_seen_at": now}
            for line in lines
            for s in line.sources or [default_source]
        ]
        if links:
            conn.execute(dialect_insert(conn, MentionSourceRow.__table__).on_conflict_do_nothing(), links)
    result.duplicates += len(again)
    result.read += len(lines) - len(again)
    result.new += upserted.new
    result.updated += upserted.updated - len(again)
    written.add([line.key for line in lines])


def _stored_values(conn: Connection, keys: list[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for platform in {p for p, _ in keys}:
        wanted = [e for p, e in keys if p == platform]
        stmt = select(MentionRow.__table__).where(
            MentionRow.platform == platform, MentionRow.external_id.in_(wanted)
        )
        for row in conn.execute(stmt).mappings():
            found[(platform, row["external_id"])] = dict(row)
    return found


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
