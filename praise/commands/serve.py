"""`praise serve`: run the scheduled deployments on this machine."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

import typer

from kernel.errors import PraiseError
from praise.cli_app import app
from praise.commands.context import settings
from praise.entrypoints import load_flow
from praise.prefect_env import api_healthy, forget_serve_server, quiet_prefect, record_serve_server
from praise.schedules import SCHEDULES, TIMEZONE

SERVER_START_TIMEOUT = 90.0


def start_local_server(host: str, port: int, log_path: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Start `prefect server` on this machine, its output appended to `log_path`.

    Schedules never fire on Prefect's temporary server, so `praise serve` needs a real one.
    """
    api_url = f"http://{host}:{port}/api"
    if api_healthy(api_url):
        raise PraiseError(f"a Prefect server already answers at {api_url}: set PREFECT_API_URL to use it")
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log: IO[bytes] = log_path.open("ab")
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "prefect", "server", "start", "--host", host, "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()  # the server holds its own copy of the file
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise PraiseError(
                f"prefect server stopped at start with exit code {process.returncode}; see {log_path}"
            )
        if api_healthy(api_url):
            return process, api_url
        time.sleep(1)
    process.terminate()
    raise PraiseError(
        f"prefect server did not answer at {api_url} within {SERVER_START_TIMEOUT:.0f} s; see {log_path}"
    )


class _OneLine(logging.Filter):
    """Keep a record's message, drop its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True


class _ConnectionLossOneLine(logging.Filter):
    """Prefect's warnings about a lost connection to its server keep their message, not the traceback.

    Prefect's runner logs each lost websocket or HTTP connection with a traceback of its own internals,
    which buries what an operator needs; when the server died, `supervise` says so in one line.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if error is not None and record.name.startswith("prefect") and record.levelno < logging.ERROR:
            module = type(error).__module__.split(".")[0]
            if isinstance(error, OSError) or module in {"websockets", "httpx", "httpcore"}:
                record.exc_info = None
                record.exc_text = None
        return True


def _one_line_connection_losses() -> None:
    for handler in logging.getLogger().handlers:
        handler.addFilter(_ConnectionLossOneLine())


def _tracebacks_off() -> None:
    # Once the server is gone, Prefect's runner logs every lost connection (events websocket, polling)
    # with a traceback of its own internals. Our one line above says what happened; their messages stay.
    for handler in logging.getLogger().handlers:
        handler.addFilter(_OneLine())


def supervise(server: subprocess.Popen[bytes], log_path: Path, exit_code: dict[str, int]) -> threading.Thread:
    """Stop `praise serve` with exit code 1 and a clear message when its Prefect server dies.

    Without a server no schedule fires; going on silently would look like a working installation.
    A service manager (systemd `Restart=on-failure`) then starts both again.
    """

    def watch() -> None:
        code = server.wait()
        if exit_code.get("stopping"):
            return
        print(
            f"praise: error: the Prefect server exited with code {code}; no schedule can fire. "
            f"Its log: {log_path}",
            file=sys.stderr,
            flush=True,
        )
        exit_code["code"] = 1
        _tracebacks_off()
        os.kill(os.getpid(), signal.SIGTERM)

    watcher = threading.Thread(target=watch, name="prefect server watch", daemon=True)
    watcher.start()
    return watcher


def server_died(server: subprocess.Popen[bytes] | None, watcher: threading.Thread | None) -> bool:
    """Whether the local server died under `praise serve`; waits for the watcher to have said so.

    Prefect's runner may stop on its own when its server goes away, or take our SIGTERM for a normal
    shutdown and return; either way `serve()` can return normally although the server died.
    """
    if server is None or server.poll() is None:
        return False
    if watcher is not None:
        watcher.join(timeout=10)
    return True


def deployments() -> list[Any]:
    from prefect.schedules import Cron

    return [
        load_flow(s.entrypoint).to_deployment(
            name=s.deployment,
            description=s.description,
            parameters=s.parameters,
            schedules=[Cron(s.cron, timezone=TIMEZONE)],
            concurrency_limit=s.concurrency_limit,
        )
        for s in SCHEDULES
    ]


@app.command("serve")
def serve_command(
    host: str = typer.Option("127.0.0.1", help="Where a local Prefect server listens, if one is started."),
    port: int = typer.Option(4200, help="Port of the local Prefect server."),
    server_log: Path | None = typer.Option(
        None, help="Where the local Prefect server's output goes (default: $PREFECT_HOME/server.log)."
    ),
) -> None:
    """Run the schedules of prefect.yaml on this machine until stopped (Ctrl-C).

    Uses the Prefect server of PREFECT_API_URL, or starts a local one, keeps its log and stops with
    exit code 1 if it dies.
    """
    settings()  # a broken configuration should fail now, not at the first scheduled run
    # The runs' own log lines (per source, per product) belong in the Prefect UI.
    os.environ.setdefault("PRAISE_LOG_LEVEL", "INFO")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO")
    quiet_prefect()
    exit_code: dict[str, int] = {"code": 0}
    # A supervisor stops us with SIGTERM: unwind through `finally` so the local server stops too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(exit_code["code"]))
    server = None
    watcher = None
    if not os.environ.get("PREFECT_API_URL"):
        log_path = server_log or Path(os.environ["PREFECT_HOME"]) / "server.log"
        typer.echo(
            f"starting a local Prefect server on {host}:{port}, log {log_path} "
            "(set PREFECT_API_URL to use another)…"
        )
        server, api_url = start_local_server(host, port, log_path)
        typer.echo(f"Prefect server (process {server.pid}) answers at {api_url}")
        os.environ["PREFECT_API_URL"] = api_url
        # A `praise collect` from the command line of this PREFECT_HOME then runs on this server.
        record_serve_server(api_url)
        watcher = supervise(server, log_path, exit_code)
    from prefect import serve

    # After the import: Prefect's logging set-up creates the handlers these filters go on.
    _one_line_connection_losses()
    try:
        for s in SCHEDULES:
            limit = f", at most {s.concurrency_limit} at a time" if s.concurrency_limit else ""
            typer.echo(f"schedule {s.deployment}: cron '{s.cron}' ({TIMEZONE}){limit}")
        serve(*deployments())
    except (Exception, SystemExit):
        # Prefect's serve takes the SIGTERM the watcher sends for a graceful shutdown and exits 0.
        if exit_code["code"] or server_died(server, watcher):
            # The server died (said above); Prefect's runner then fails to pause its schedules on the way out.
            raise SystemExit(1) from None
        raise
    else:
        if server_died(server, watcher):
            raise SystemExit(1)
    finally:
        if server is not None:
            forget_serve_server()
            exit_code["stopping"] = 1
            server.terminate()
            server.wait(timeout=30)
