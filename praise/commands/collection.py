"""`praise sources`: each configured source with its cursor and last run."""

from __future__ import annotations

import json

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from praise.cli_app import app
from praise.commands.context import open_database, settings
from praise.sources import configured_sources
from storage.cursors import all_cursors
from storage.runs import last_runs

console = Console()


@app.command("sources")
def sources_command() -> None:
    """List each configured source with its cursor, last run, outcome and counts."""
    current = settings()
    engine = open_database(current)
    cursors = all_cursors(engine)
    runs = last_runs(engine)
    names = [str(s) for s in configured_sources(current)]
    # Sources that were collected once but are no longer configured still have history worth showing.
    names += sorted((set(cursors) | set(runs)) - set(names))
    table = Table(title="Sources")
    for column in ("source", "cursor", "last run (UTC)", "outcome", "read", "new", "updated", "note"):
        table.add_column(column, overflow="fold")
    for name in names:
        run = runs.get(name)
        cursor = cursors.get(name)
        note = ""
        if run and run.retry_after:
            note = f"retry after {run.retry_after:%Y-%m-%d %H:%M}"
        if run and run.error:
            note = (note + " " + run.error).strip()
        table.add_row(
            escape(name),
            json.dumps(cursor, ensure_ascii=False) if cursor else "—",
            f"{run.started_at:%Y-%m-%d %H:%M}" if run else "never",
            run.outcome if run else "—",
            str(run.read) if run else "",
            str(run.new) if run else "",
            str(run.updated) if run else "",
            escape(note),
        )
    if not names:
        console.print(
            "No sources configured: add x.accounts, x.queries or instagram.profiles to praise.toml.",
            markup=False,
        )
        return
    console.print(table)
