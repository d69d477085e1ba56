"""What every command needs: the settings and an engine on a migrated database."""

from __future__ import annotations

from pathlib import Path

import typer
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from kernel.errors import ConfigError
from kernel.records import Platform
from kernel.settings import Settings, load_settings
from kernel.sources import platform_names
from praise.cli_app import app
from storage.db import make_engine, safe_url
from storage.migrate import upgrade

_state: dict[str, Path | None] = {"config": None}


@app.callback()
def _options(
    config: Path | None = typer.Option(
        None, "--config", "-c", help="praise.toml to use (default: $PRAISE_CONFIG or ./praise.toml)."
    ),
) -> None:
    _state["config"] = config


def config_option() -> Path | None:
    """The --config given on the command line, to hand on to flows."""
    return _state["config"]


def settings() -> Settings:
    return load_settings(_state["config"])


def open_database(current: Settings | None = None) -> Engine:
    """An engine on the configured database, migrated to the current schema."""
    url = (current or settings()).database_url
    engine = make_engine(url)
    try:
        upgrade(engine)
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise ConfigError(f"cannot open database {safe_url(url)}: {reason}") from None
    return engine


def platform_choice(value: str | None) -> str | None:
    """Check a `--platform` value: any registered platform, or "import".

    typer's enum choices would offer only the platforms `Platform` names, not one added as a package.
    """
    if value is None:
        return None
    try:
        return Platform(value.lower()).value
    except ValueError:
        known = ", ".join(sorted(platform_names() | {Platform.IMPORT.value}))
        raise typer.BadParameter(f"{value!r} is not a platform (known: {known})") from None
