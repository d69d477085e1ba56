"""`praise erase`: a person's right to erasure, from the database, the digest files and future runs."""

from __future__ import annotations

import getpass

import typer

from kernel.errors import PraiseError
from kernel.records import Platform
from kernel.sources import platform_names
from praise.cli_app import app
from praise.commands.context import open_database, platform_choice, settings
from storage.erasure import ErasureResult, erase_author, erase_mention, record_files, sent_elsewhere


def _mention_key(value: str) -> int | tuple[str, str]:
    """`123` (the id the review workspace shows) or `x:1862…` (platform and the platform's post id)."""
    if value.isdigit():
        return int(value)
    platform, sep, external_id = value.partition(":")
    if not sep or not external_id or platform not in platform_names() | {Platform.IMPORT.value}:
        raise PraiseError(
            f"--mention {value!r}: give a stored id (e.g. 42) or PLATFORM:POST_ID (e.g. x:1862…)"
        )
    return (platform, external_id)


@app.command("erase")
def erase_command(
    author: str | None = typer.Option(None, help="Handle whose posts and every trace of them go."),
    platform: str | None = typer.Option(
        None, help="Only this platform (default: every platform).", callback=platform_choice
    ),
    mention: str | None = typer.Option(None, help="One post: its stored id or PLATFORM:POST_ID."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Count what would go, change nothing."),
) -> None:
    """Erase an author (or one post) everywhere and keep them out of later collections and imports."""
    if (author is None) == (mention is None):
        raise PraiseError("give exactly one of --author HANDLE or --mention ID")
    if mention is not None and platform is not None:
        raise PraiseError("--platform goes with --author; --mention names its platform itself")
    current = settings()
    engine = open_database(current)
    actor = getpass.getuser()
    if author is not None:
        result = erase_author(engine, author, platform=platform, actor=actor, dry_run=dry_run)
    else:
        assert mention is not None
        result = erase_mention(engine, _mention_key(mention), actor=actor, dry_run=dry_run)
    if dry_run:
        typer.echo(f"would erase {_summary(result)}; nothing was changed")
        return
    patterns = result.terms.patterns()
    lang = current.review.digest_lang
    own = current.own_handles
    # Imported here: the digest's modules bring matplotlib (about 60 MB) into every `praise` command.
    from reports.redraft import rewrite_digests

    drafts = rewrite_digests(
        engine, [current.out_dir], weeks=result.weeks, patterns=patterns, lang=lang, own_handles=own
    )
    published = rewrite_digests(
        engine, [current.publish.folder], weeks=result.weeks, patterns=patterns, lang=lang, own_handles=own
    )
    elsewhere = sent_elsewhere(engine, result.weeks)
    record_files(
        engine,
        result.erasure_id,
        {
            "drafts_rewritten": [str(p) for p in drafts],
            "published_copies_rewritten": [str(p) for p in published],
            "sent_elsewhere_not_recalled": elsewhere,
        },
    )
    typer.echo(f"erasure {result.erasure_id}: erased {_summary(result)}")
    for path in [*drafts, *published]:
        typer.echo(f"rewrote {path}")
    for sent in elsewhere:
        typer.echo(
            f"warning: the digest of {sent['week']} went out by {sent['target']}; the pipeline cannot "
            "recall that copy: ask its recipients to delete or replace it",
            err=True,
        )


def _summary(result: ErasureResult) -> str:
    redacted = sum(v for k, v in result.redacted.items() if "anonymised" not in k)
    weeks = ", ".join(result.weeks) or "none"
    return (
        f"posts {result.mentions}, reviews {result.removed.get('reviews', 0)}, "
        f"quarantined payloads {result.removed.get('quarantine', 0)}, "
        f"anonymised audit entries {result.redacted.get('audit_log (anonymised)', 0)}, "
        f"other rows redacted {redacted}, weeks {weeks}, suppression entries {result.suppressed}"
    )


@app.command("retention")
def retention_command() -> None:
    """Apply `[retention]` of praise.toml now (the `retention-daily` schedule does it every night)."""
    from storage.retention import apply_retention

    current = settings()
    engine = open_database(current)
    counts = apply_retention(engine, current.retention).as_dict()
    typer.echo("retention: " + ", ".join(f"{name.replace('_', ' ')} {n:,}" for name, n in counts.items()))
