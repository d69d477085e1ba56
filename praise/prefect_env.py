"""Prefect settings every command that runs a flow needs on these machines, and its temporary server."""

from __future__ import annotations

import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from kernel.errors import PraiseError

SERVER_START_TIMEOUT = 90.0
# In PREFECT_HOME while `praise serve` runs: its server's API URL and its process id.
SERVE_FILE = "serve-server.json"
# prctl(2) option: the signal the kernel sends a process when the thread that started it dies.
_PR_SET_PDEATHSIG = 1


def quiet_prefect() -> None:
    """No analytics, no telemetry (the machines have no internet), and a project-local Prefect home."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_HOME", str(Path(".prefect").resolve()))
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    # The command line prints its own summary; `praise serve` sets INFO for the runs' logs in Prefect.
    os.environ.setdefault("PRAISE_LOG_LEVEL", "WARNING")
    # Our loggers also log outside flow runs (before and after one): that is no reason to warn.
    os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")


def _serve_file() -> Path:
    return Path(os.environ.get("PREFECT_HOME") or ".prefect") / SERVE_FILE


def record_serve_server(api_url: str) -> Path:
    """Note the server `praise serve` runs in PREFECT_HOME, for command-line runs to use (see below)."""
    path = _serve_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"api_url": api_url, "pid": os.getpid()}), encoding="utf-8")
    temporary.replace(path)
    return path


def forget_serve_server() -> None:
    """Remove the note, if it is this process's (a later `praise serve` may have replaced it)."""
    path = _serve_file()
    with suppress(OSError, ValueError):
        if json.loads(path.read_text(encoding="utf-8")).get("pid") == os.getpid():
            path.unlink()


def serve_server_url() -> str | None:
    """The API of a running `praise serve` of this PREFECT_HOME that answers now, else None."""
    try:
        noted = json.loads(_serve_file().read_text(encoding="utf-8"))
        api_url, pid = str(noted["api_url"]), int(noted["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        os.kill(pid, 0)  # a note left by a killed `praise serve` names a dead process
    except ProcessLookupError:
        return None
    except PermissionError:
        pass  # alive, but another user's
    return api_url if api_healthy(api_url) else None


def api_healthy(api_url: str) -> bool:
    """Whether a Prefect API answers its health check now."""
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:  # noqa: S310 - loopback
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@contextmanager
def temporary_prefect_server(*, reuse_serve: bool = True) -> Iterator[None]:
    """Run the block against the Prefect server of a running `praise serve`, else a temporary one.

    With ``PREFECT_API_URL`` set, that server is used. Else, when `praise serve` runs with the same
    PREFECT_HOME (and `reuse_serve`), its server is used: no start-up cost, and the run shows in the
    same UI as the scheduled ones. Otherwise a temporary server that cannot outlive this process:

    Without ``PREFECT_API_URL`` a flow starts Prefect's own temporary server as a child process and
    stops it at exit; a ``praise collect`` killed with SIGKILL (an OOM kill, a CI time-out) never reaches
    that exit, and the server kept running as an orphan. This starts the same server (Prefect 3's
    ``SubprocessASGIServer`` command: uvicorn on ``create_app``, no UI) with the kernel told to stop it
    when this process dies, however it dies. With ``PREFECT_API_URL`` set, that server is used instead.
    """
    if os.environ.get("PREFECT_API_URL"):
        yield
        return
    from prefect.settings import PREFECT_API_URL, temporary_settings

    running = serve_server_url() if reuse_serve else None
    if running is not None:
        print(f"recording this run on the Prefect server of `praise serve` at {running}", file=sys.stderr)
        with temporary_settings(updates={PREFECT_API_URL: running}):
            yield
        return
    port = _free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    process = _start_server(port)
    try:
        _wait_until_healthy(process, api_url)
        with temporary_settings(updates={PREFECT_API_URL: api_url}):
            yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _start_server(port: int) -> subprocess.Popen[bytes]:
    import prefect

    parent = os.getpid()

    def die_with_parent() -> None:
        # Runs in the child between fork and exec. SIGTERM lets uvicorn shut down cleanly.
        if sys.platform.startswith("linux"):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
            if os.getppid() != parent:  # the parent died before prctl took effect
                os._exit(1)

    environment = {
        **os.environ,
        "PREFECT_UI_ENABLED": "0",
        "PREFECT__SERVER_EPHEMERAL": "1",
        "PREFECT__SERVER_FINAL": "1",
    }
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--app-dir",
        str(Path(prefect.__file__).parent.parent),
        "--factory",
        "prefect.server.api.server:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "error",
        "--lifespan",
        "on",
    ]
    return subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        command, env=environment, preexec_fn=die_with_parent, stdout=subprocess.DEVNULL
    )


def _wait_until_healthy(process: subprocess.Popen[bytes], api_url: str) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise PraiseError(
                f"the temporary Prefect server stopped at start with exit code {process.returncode}"
            )
        try:
            with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise PraiseError(f"the temporary Prefect server did not answer within {SERVER_START_TIMEOUT:.0f} s")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
