"""`praise collect` killed with SIGKILL leaves no Prefect server behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.flows.conftest import World

SERVER_MARK = b"prefect.server.api.server:create_app"


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The parent pid is the 2nd field after the command name in parentheses.
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.add(int(entry.name))
    return found


def _is_prefect_server(pid: int) -> bool:
    try:
        return SERVER_MARK in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_killed_collect_leaves_no_prefect_server_running(world: World, tmp_path: Path) -> None:
    # Every X request stalls, so the collection is surely under way when it is killed.
    world.x.delay_next(20.0, times=100)
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    environ["PREFECT_HOME"] = str(tmp_path / ".prefect")
    collect = subprocess.Popen(
        [sys.executable, "-m", "praise", "--config", str(world.config), "collect"],
        cwd=tmp_path,
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        servers: set[int] = set()
        for _ in range(600):
            servers = {p for p in _children(collect.pid) if _is_prefect_server(p)}
            if servers or collect.poll() is not None:
                break
            time.sleep(0.1)
        assert servers, "praise collect started no Prefect server"
        # Give the flow time to reach the stalled X requests, as a user's kill would.
        time.sleep(3)
        collect.send_signal(signal.SIGKILL)
        collect.wait(timeout=10)
        for _ in range(300):
            if not any(_alive(p) for p in servers):
                break
            time.sleep(0.1)
        assert not any(_alive(p) for p in servers), "the Prefect server outlived praise collect"
    finally:
        if collect.poll() is None:
            collect.kill()
        for pid in {p for p in _children(1) if _is_prefect_server(p)} & servers:
            os.kill(pid, signal.SIGKILL)
