"""`praise serve`: run the scheduled deployments on this machine."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from typing import Any

import typer

from kernel.errors import PraiseError
from praise.cli_app import app
from praise.commands.context import settings
from praise.entrypoints import load_flow
from praise.prefect_env import quiet_prefect
from praise.schedules import SCHEDULES, TIMEZONE

SERVER_START_TIMEOUT = 90.0


def _healthy(api_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:  # noqa: S310 - our own URL
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def start_local_server(host: str, port: int) -> tuple[subprocess.Popen[bytes], str]:
    """Start `prefect server` on this machine: schedules never fire on Prefect's temporary server."""
    api_url = f"http://{host}:{port}/api"
    if _healthy(api_url):
        raise PraiseError(f"a Prefect server already answers at {api_url}: set PREFECT_API_URL to use it")
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "prefect", "server", "start", "--host", host, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise PraiseError(f"prefect server stopped at start with exit code {process.returncode}")
        if _healthy(api_url):
            return process, api_url
        time.sleep(1)
    process.terminate()
    raise PraiseError(f"prefect server did not answer at {api_url} within {SERVER_START_TIMEOUT:.0f} s")


def deployments() -> list[Any]:
    from prefect.schedules import Cron

    return [
        load_flow(s.entrypoint).to_deployment(
            name=s.deployment,
            description=s.description,
            parameters=s.parameters,
            schedules=[Cron(s.cron, timezone=TIMEZONE)],
        )
        for s in SCHEDULES
    ]


@app.command("serve")
def serve_command(
    host: str = typer.Option("127.0.0.1", help="Where a local Prefect server listens, if one is started."),
    port: int = typer.Option(4200, help="Port of the local Prefect server."),
) -> None:
    """Run the schedules of prefect.yaml on this machine until stopped (Ctrl-C).

    Uses the Prefect server of PREFECT_API_URL, or starts a local one.
    """
    settings()  # a broken configuration should fail now, not at the first scheduled run
    quiet_prefect()
    # A supervisor stops us with SIGTERM: unwind through `finally` so the local server stops too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server = None
    if not os.environ.get("PREFECT_API_URL"):
        typer.echo(f"starting a local Prefect server on {host}:{port} (set PREFECT_API_URL to use another)…")
        server, api_url = start_local_server(host, port)
        os.environ["PREFECT_API_URL"] = api_url
    from prefect import serve

    try:
        for s in SCHEDULES:
            typer.echo(f"schedule {s.deployment}: cron '{s.cron}' ({TIMEZONE})")
        serve(*deployments())
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
