"""Entry point of the `praise` command: registers the commands and turns user errors into one line."""

from __future__ import annotations

import logging
import sys

import typer

from kernel.errors import PraiseError
from praise.cli_app import app
from praise.commands import (
    analysis,
    collection,
    database,
    erasure,
    exchange,
    instagram_login,
    reports,
    review,
    serve,
)

# The modules above register their commands on `app` when imported.
COMMAND_MODULES = (analysis, collection, database, erasure, exchange, instagram_login, reports, review, serve)


def main() -> None:
    """Run the command line; a user's mistake prints one line and exits 2, never a traceback."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    # Alembic narrates every migration step at INFO; users need only our own summary line.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        app()
    except PraiseError as exc:
        typer.echo(f"praise: error: {exc}", err=True)
        sys.exit(2)
