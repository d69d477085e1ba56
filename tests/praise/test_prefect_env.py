"""Command-line runs find the Prefect server of a running `praise serve` through its note in PREFECT_HOME."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from praise.prefect_env import SERVE_FILE, forget_serve_server, record_serve_server, serve_server_url


class _Health(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200 if self.path == "/api/health" else 404)
        self.end_headers()
        self.wfile.write(b"true")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def api_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api"
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def prefect_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    return tmp_path


def test_a_running_serve_server_is_found(api_url: str, prefect_home: Path) -> None:
    assert serve_server_url() is None
    record_serve_server(api_url)
    assert json.loads((prefect_home / SERVE_FILE).read_text())["api_url"] == api_url
    assert serve_server_url() == api_url
    forget_serve_server()
    assert not (prefect_home / SERVE_FILE).exists()
    assert serve_server_url() is None


def test_a_note_of_a_killed_serve_is_ignored(api_url: str, prefect_home: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    (prefect_home / SERVE_FILE).write_text(json.dumps({"api_url": api_url, "pid": int(dead.stdout)}))
    assert serve_server_url() is None


def test_a_server_that_does_not_answer_is_ignored(prefect_home: Path) -> None:
    record_serve_server("http://127.0.0.1:9/api")  # the discard port: nothing answers
    assert serve_server_url() is None


@pytest.mark.parametrize("content", ["", "{", "[]", '{"api_url": "x"}', '{"api_url": "x", "pid": "eins"}'])
def test_a_broken_note_is_ignored(prefect_home: Path, content: str) -> None:
    (prefect_home / SERVE_FILE).write_text(content)
    assert serve_server_url() is None


def test_only_the_serve_that_wrote_the_note_removes_it(api_url: str, prefect_home: Path) -> None:
    (prefect_home / SERVE_FILE).write_text(json.dumps({"api_url": api_url, "pid": 1}))
    forget_serve_server()
    assert (prefect_home / SERVE_FILE).exists()
