"""`praise collect` and `praise sources`: run the collection, see where each source stands."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kernel.errors import ConfigError
from kernel.sources import configured_sources, registry
from praise.cli_app import app
from praise.commands.context import config_option, open_database, settings
from praise.entrypoints import COLLECT, load_flow
from praise.flow_runs import run_for_result
from praise.prefect_env import quiet_prefect, temporary_prefect_server
from storage.cursors import all_cursors
from storage.runs import last_runs

console = Console()


def cursor_summary(cursor: dict[str, object] | None) -> str:
    """A cursor as short `key=value` pairs; a pass still under way is named, not dumped."""
    if not cursor:
        return "—"
    parts = []
    for key, value in cursor.items():
        if value is None:
            continue
        if isinstance(value, dict | list):
            parts.append(f"{key}: in progress")
        else:
            parts.append(f"{key}={value}")
    return ", ".join(parts) or "—"


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
            escape(cursor_summary(cursor)),
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


def _own_command() -> str:
    """How the user called us (`.venv/bin/praise` after `make demo`), so the hint can be pasted as it is."""
    called = Path(sys.argv[0])
    return str(called) if called.name == "praise" else "praise"


def print_reports(reports: list[dict[str, object]]) -> None:
    table = Table(title="Collection")
    for column in ("source", "outcome", "read", "new", "updated", "quarantined", "note"):
        table.add_column(column, overflow="fold")
    for r in reports:
        note = str(r.get("error") or "")
        if r.get("retry_after"):
            note = f"retry after {r['retry_after']} {note}".strip()
        table.add_row(
            escape(str(r["source"])),
            str(r["outcome"]),
            *(str(r.get(k, "")) for k in ("read", "new", "updated", "quarantined")),
            escape(note),
        )
    console.print(table)


FAILED_OUTCOMES = {"failed", "auth_failed"}
DEMO_DIR = Path("demo")


@app.command("collect")
def collect_command() -> None:
    """Collect every configured source once (every platform), then show what each source did."""
    current = settings()
    open_database(current)
    if not configured_sources(current):
        sections = ", ".join(f"[{spec.section}]" for spec in registry())
        raise ConfigError(
            f"no sources configured: add accounts, queries or hashtags to {sections} in praise.toml"
        )
    quiet_prefect()
    flow = load_flow(COLLECT)
    config = config_option()
    with temporary_prefect_server():
        _state, reports = run_for_result(flow, config=str(config) if config else None)
    print_reports(reports)
    if any(r["outcome"] in FAILED_OUTCOMES for r in reports):
        raise typer.Exit(1)


@app.command("demo")
def demo_command(
    workdir: Path = typer.Option(
        DEMO_DIR, "--dir", help="Folder for the demo's database, config and output."
    ),
) -> None:
    """Run the offline demo: a fictional week collected, classified and reported (no credentials, no network)."""
    from kernel.settings import load_settings
    from praise.demo import DEMO_WEEK, classified_week, run_demo_collection, write_products

    console.print(
        f"praise demo: collecting the fictional week {DEMO_WEEK} from loopback doubles of "
        "X, Instagram, Mastodon and Bluesky…"
    )
    config, reports = run_demo_collection(workdir)
    print_reports(reports)
    if any(r["outcome"] != "ok" for r in reports):
        raise typer.Exit(1)
    demo_settings = load_settings(config)
    database_url = demo_settings.database_url
    counts, top = classified_week(database_url)
    labels = Table(title=f"Classified, {DEMO_WEEK}")
    for column in ("positive", "neutral", "negative", "praise"):
        labels.add_column(column, justify="right")
    labels.add_row(*(str(counts.get(c, 0)) for c in ("positive", "neutral", "negative", "praise")))
    console.print(labels)
    best = Table(title="Top praise of the week", show_lines=True)
    for column in ("platform", "author", "praise", "topics", "text"):
        best.add_column(column, overflow="fold")
    for item in top:
        best.add_row(
            item["platform"],
            escape("@" + (item["author_handle"] or "?")),
            f"{item['praise_score']:.2f}",
            escape(", ".join(item["topics"])),
            escape(item["text"][:160]),
        )
    console.print(best)
    paths = write_products(database_url, workdir / "out", demo_settings.own_handles)
    console.print("Digest and report of the demo week:", markup=False)
    for path in paths:
        console.print(f"  {path}", markup=False)
    console.print(f"Demo database and configuration: {config}", markup=False)
    console.print(
        "Review workspace on the demo data (approve, reject, preview and publish the digest):\n"
        f"  {_own_command()} --config {config} review\n"
        f"  then open http://127.0.0.1:8080/weeks/{DEMO_WEEK}/queue and sign in as\n"
        "  redaktion / demo-redaktion (editor), freigabe / demo-freigabe (publisher)\n"
        "  or leitung / demo-leitung (viewer, leadership).",
        markup=False,
    )
