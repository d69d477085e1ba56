"""`praise review` (the review workspace) and `praise review-user add` (a user line for praise.toml)."""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import StrEnum

import typer
from sqlalchemy import Engine

from kernel.errors import ConfigError, PraiseError
from kernel.settings import Settings
from praise.cli_app import app
from praise.commands.context import open_database, settings
from review.auth import hash_password

MIN_PASSWORD = 8
USER_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

user_app = typer.Typer(help="Users of the review workspace.", no_args_is_help=True)
app.add_typer(user_app, name="review-user")


class RoleChoice(StrEnum):
    viewer = "viewer"
    editor = "editor"
    publisher = "publisher"


def deleted_posts_check(current: Settings, engine: Engine) -> Callable[[str, str], object]:
    """What the workspace runs before publishing: the same look-up on X as `praise publish` and the flow."""
    from flows.upstream import drop_deleted_candidates

    return lambda week, actor: drop_deleted_candidates(engine, current, week, actor=actor)


@app.command("review")
def review_command(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8080, min=1, max=65535, help="Port to listen on."),
) -> None:
    """Start the review workspace: approve the digest, curate highlights, read the report."""
    import uvicorn

    from review.app import create_app

    current = settings()
    config = current.review
    if not config.users:
        raise ConfigError(
            "no users in [review.users.*] of praise.toml: add one with `praise review-user add NAME --role editor`"
        )
    engine = open_database(current)
    workspace = create_app(
        config,
        engine,
        publish_settings=current.publish,
        own_handles=current.own_handles,
        before_publish=deleted_posts_check(current, engine),
    )
    scheme = "http" if config.allow_insecure_http else "https (behind your TLS proxy)"
    typer.echo(f"praise review: listening on http://{host}:{port}/ - open it via {scheme}")
    # proxy_headers off: uvicorn would believe X-Forwarded-For from 127.0.0.1; the workspace reads
    # forwarded headers itself, and only from [review] trusted_proxies.
    uvicorn.run(workspace, host=host, port=port, proxy_headers=False, log_level="info")


@user_app.command("add")
def add_user(
    name: str = typer.Argument(..., help="Login name (letters, digits, _ and -)."),
    role: RoleChoice = typer.Option(..., "--role", help="viewer, editor or publisher."),
) -> None:
    """Ask for a password and print the praise.toml lines for a new user (nothing is stored)."""
    if not USER_NAME.match(name):
        raise PraiseError(f"user name {name!r}: use 1-64 letters, digits, _ or -")
    password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < MIN_PASSWORD:
        raise PraiseError(f"the password needs at least {MIN_PASSWORD} characters")
    typer.echo("# Add to praise.toml:")
    typer.echo(f"[review.users.{name}]")
    typer.echo(f'role = "{role.value}"')
    typer.echo(f'password_hash = "{hash_password(password)}"')
