"""The `praise` Typer application; command modules in `praise.commands` register on it."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="praise",
    help="Collect, classify and report public praise of the IT department.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
app.add_typer(db_app, name="db")
