"""`praise import` and `praise export`: bring in exports of other tools, take data out."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, time
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import Progress
from sqlalchemy import Engine

from kernel.errors import PraiseError
from kernel.records import Platform
from praise.cli_app import app
from praise.commands.context import open_database, platform_choice, settings
from storage.exchange import (
    export_records,
    import_records,
    open_import,
    parse_csv,
    parse_jsonl,
    write_csv,
    write_jsonl,
)

err = Console(stderr=True)
SHOWN_ERRORS = 20


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


@app.command("import")
def import_command(
    file: Path = typer.Argument(..., help="JSON Lines (.jsonl) or CSV (.csv) of normalised mentions."),
    source: str | None = typer.Option(None, help="Source name recorded for lines that name none."),
    classify: bool = typer.Option(
        True, "--classify/--no-classify", help="Label the new mentions now (else the next collection does)."
    ),
    encoding: str | None = typer.Option(
        None, help="The file's encoding, e.g. latin-1 (default: UTF-8, or what a byte-order mark says)."
    ),
) -> None:
    """Import mentions; bad lines are reported with their number, the good ones are kept."""
    if not file.is_file():
        raise PraiseError(f"{file}: no such file")
    current = settings()
    engine = open_database(current)
    kind = "csv" if file.suffix.lower() == ".csv" else "jsonl"
    limit = current.max_text_length
    with open_import(file, encoding) as stream:
        records = parse_csv(stream, max_text=limit) if kind == "csv" else parse_jsonl(stream)
        with err.status("importing…") as status:
            result = import_records(
                engine,
                records,
                default_source=source or f"import:file:{file.name}",
                progress=lambda n: status.update(f"importing… {n:,} mentions stored"),
                max_text=limit,
            )
    for error in result.errors[:SHOWN_ERRORS]:
        typer.echo(f"{file}:{error}", err=True)
    if result.error_count > SHOWN_ERRORS:
        typer.echo(f"… and {result.error_count - SHOWN_ERRORS} more bad lines", err=True)
    counts = f"{result.new:,} new, {result.updated:,} already known"
    if result.duplicates:
        counts += f", {result.duplicates:,} duplicate lines merged"
    if result.suppressed:
        counts += f", {result.suppressed:,} of erased authors skipped"
    typer.echo(f"imported {result.read:,} mentions from {file} ({counts})")
    if classify and result.new:
        _classify_pending(engine)
    if result.error_count:
        typer.echo(f"praise: error: {result.error_count:,} bad lines in {file} were not imported", err=True)
        raise typer.Exit(1)


def _classify_pending(engine: Engine) -> None:
    """Every stored mention is labelled when it is stored: imported ones too."""
    from flows.classifying import build_classifier, classify_stored
    from storage.classifications import count_pending

    total = count_pending(engine)
    with Progress(console=err, transient=True) as progress:
        bar = progress.add_task("classifying", total=total)
        done = classify_stored(
            engine, build_classifier(settings()), progress=lambda n: progress.update(bar, completed=n)
        )
    typer.echo(f"classified {done:,} mentions")


def _day(value: str | None, name: str) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.combine(date.fromisoformat(value), time.min, tzinfo=UTC)
    except ValueError:
        raise PraiseError(f"--{name} {value!r} is not a date like 2026-11-16") from None


@app.command("export")
def export_command(
    format: ExportFormat = typer.Option(ExportFormat.jsonl, "--format", "-f", help="jsonl or csv."),
    since: str | None = typer.Option(None, help="First day included (YYYY-MM-DD, UTC)."),
    until: str | None = typer.Option(None, help="First day no longer included (YYYY-MM-DD, UTC)."),
    platform: str | None = typer.Option(None, help="Only this platform.", callback=platform_choice),
    out: Path | None = typer.Option(None, "--out", "-o", help="File to write (default: standard output)."),
) -> None:
    """Stream stored mentions out as JSON Lines (what `praise import` reads) or CSV."""
    start, end = _day(since, "since"), _day(until, "until")
    engine = open_database()
    chosen = Platform(platform) if platform else None
    records = export_records(engine, since=start, until=end, platform=chosen)
    write = write_csv if format is ExportFormat.csv else write_jsonl
    if out is None:
        count = write(records, sys.stdout)
    else:
        with out.open("w", encoding="utf-8", newline="") as stream:
            count = write(records, stream)
    typer.echo(f"exported {count:,} mentions", err=True)
