"""`praise instagram-login`: create the saved Instagram session the collector logs in with."""

from __future__ import annotations

from pathlib import Path

import typer

from kernel.errors import ConfigError
from praise.cli_app import app
from praise.commands.context import settings


@app.command("instagram-login")
def instagram_login_command(
    sessionfile: Path | None = typer.Option(
        None, help="Where to save the session (default: $INSTAGRAM_SESSIONFILE)."
    ),
) -> None:
    """Log in to Instagram once (password asked, never stored) and save the session file."""
    from collectors.instagram.collect import login_and_save

    current = settings()
    username = current.instagram_username
    target = sessionfile or current.instagram_sessionfile
    if not username:
        raise ConfigError("set INSTAGRAM_USERNAME to the account to log in with")
    if target is None:
        raise ConfigError("set INSTAGRAM_SESSIONFILE or pass --sessionfile")
    password = typer.prompt(f"Instagram password for {username}", hide_input=True)
    login_and_save(username, password, target)
    typer.echo(f"saved the Instagram session of {username} to {target}")
