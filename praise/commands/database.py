"""`praise db upgrade`."""

from __future__ import annotations

import typer

from praise.cli_app import db_app
from praise.commands.context import open_database, settings
from storage.db import safe_url
from storage.migrate import current_revision


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create the database or migrate it to the current schema."""
    current = settings()
    engine = open_database(current)
    typer.echo(f"database {safe_url(current.database_url)} is at schema revision {current_revision(engine)}")
