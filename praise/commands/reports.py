"""`praise digest`, `praise report`, `praise highlights` and `praise publish`: the three products."""

from __future__ import annotations

import getpass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path

import typer

from kernel.weeks import BERLIN, Period, last_complete_week, parse_day_span, parse_week, week_of
from praise.cli_app import app
from praise.commands.context import open_database, settings
from storage.publications import mark_reposted

# The report modules (pandas, matplotlib: about 90 MB) are imported inside the commands that use them,
# so `praise import` and `praise collect`, which label a million posts, do not carry them.

REPORT_WEEKS = 12


class Lang(StrEnum):
    de = "de"
    en = "en"


class HighlightFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"


class Target(StrEnum):
    folder = "folder"
    email = "email"
    webhook = "webhook"


def _week(value: str | None) -> Period:
    return parse_week(value) if value else last_complete_week(datetime.now(UTC))


@app.command("digest")
def digest_command(
    week: str | None = typer.Option(None, help="ISO week, e.g. 2026-W47 (default: the last complete week)."),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Folder to write (default: ./out/digest-WEEK/)."
    ),
    lang: Lang = typer.Option(Lang.de, help="Language of the digest."),
) -> None:
    """Write the week's praise digest as digest.html, digest.md and digest.json."""
    from reports.digest import build_digest, default_out_dir, write_digest
    from reports.strings import check_lang

    period = _week(week)
    current = settings()
    engine = open_database(current)
    digest = build_digest(engine, period, check_lang(lang.value), own_handles=current.own_handles)
    for path in write_digest(digest, out or default_out_dir(period.label)):
        typer.echo(str(path))


@app.command("report")
def report_command(
    first: str | None = typer.Option(
        None, "--from", help="First day, e.g. 2026-09-01 (default: 12 weeks back)."
    ),
    last: str | None = typer.Option(
        None, "--to", help="Last day, included (default: end of the last complete week)."
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Folder to write (default: ./out/report-FROM_TO/)."
    ),
    lang: Lang = typer.Option(Lang.de, help="Language of the report."),
) -> None:
    """Write the sentiment report (report.html with charts) and the CSV files of its weekly figures."""
    from reports.sentiment import build_report, write_report
    from reports.sentiment import default_out_dir as default_report_dir
    from reports.strings import check_lang

    period = _span(first, last)
    engine = open_database()
    report = build_report(engine, period, check_lang(lang.value))
    for path in write_report(report, out or default_report_dir(period)):
        typer.echo(str(path))


def _span(first: str | None, last: str | None) -> Period:
    final = last_complete_week(datetime.now(UTC))
    default_last = (final.end.astimezone(BERLIN) - timedelta(days=1)).date()
    default_first = (final.start.astimezone(BERLIN) - timedelta(weeks=REPORT_WEEKS - 1)).date()
    return parse_day_span(first or default_first.isoformat(), last or default_last.isoformat())


@app.command("highlights")
def highlights_command(
    week: str | None = typer.Option(None, help="ISO week, e.g. 2026-W47 (default: the current week)."),
    format: HighlightFormat = typer.Option(HighlightFormat.md, "--format", "-f", help="md, html or json."),
    out: Path | None = typer.Option(None, "--out", "-o", help="File to write (default: standard output)."),
    lang: Lang = typer.Option(Lang.de, help="Language of the snippets."),
    mark_reposted_id: int | None = typer.Option(
        None,
        "--mark-reposted",
        metavar="MENTION_ID",
        help="Record that this highlight was reposted, then stop.",
    ),
) -> None:
    """Approved praise posts as ready-to-paste snippets, each marked whether it was reposted."""
    from reports.highlights import build_highlights, render_highlights
    from reports.strings import check_lang

    engine = open_database()
    if mark_reposted_id is not None:
        when = mark_reposted(engine, mark_reposted_id, actor=_actor())
        typer.echo(
            f"mention {mark_reposted_id} marked as reposted at {when.astimezone(BERLIN):%Y-%m-%d %H:%M}"
        )
        return
    period = parse_week(week) if week else week_of(datetime.now(BERLIN).date())
    text = render_highlights(build_highlights(engine, period, check_lang(lang.value)), format.value)
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        typer.echo(str(out))


@app.command("publish")
def publish_command(
    week: str | None = typer.Option(None, help="ISO week, e.g. 2026-W47 (default: the last complete week)."),
    to: Target = typer.Option(Target.folder, "--to", help="folder (default), email or webhook."),
    force: bool = typer.Option(
        False, "--force", help="Publish again although it was published to this target."
    ),
    lang: Lang = typer.Option(Lang.de, help="Language of the digest."),
) -> None:
    """Publish the week's digest once per target; a failure is retried, recorded and exits non-zero."""
    from reports.publish.approved import publish_week

    period = _week(week)
    current = settings()
    engine = open_database(current)
    # Posts deleted on X since collection are erased first and never published.
    from flows.upstream import drop_deleted_candidates

    drop_deleted_candidates(engine, current, period.label, actor=_actor())
    result = publish_week(
        engine,
        period.label,
        to.value,
        settings=current.publish,
        lang=lang.value,
        force=force,
        own_handles=current.own_handles,
        actor=_actor(),
    )
    typer.echo(
        f"published digest {result.week} to {result.target} ({result.detail}, attempts: {result.attempts})"
    )


def _actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "praise"
