"""Secrets never reach logs, the database, reports or exceptions (the X token, the Instagram session)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from flows.collect import collect
from praise.fakes.x_api import DEMO_NOW, DEMO_TOKEN
from tests.flows.conftest import World


def test_a_collection_leaves_no_secret_in_logs_or_database(
    world: World, tmp_path: Path, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    # A failure path too: error texts are stored in the run log and printed.
    world.x.fail_next(401, times=2)
    world.instagram.fail_next(429, {"message": "Please wait a few minutes before you try again."}, times=1)
    state = collect(config=str(world.config), now=DEMO_NOW, return_state=True)
    assert DEMO_TOKEN not in str(state.message)
    secrets = [DEMO_TOKEN, world.instagram.sessionid]
    printed = capfd.readouterr()
    database = b"".join(p.read_bytes() for p in tmp_path.glob("demo.sqlite*"))
    for secret in secrets:
        assert secret not in caplog.text
        assert secret not in printed.out + printed.err
        assert secret.encode() not in database
