"""The demo's loopback doubles of X, Instagram, Mastodon and Bluesky as a process of their own, for ops/deploy-smoke.sh.

Writes the demo's praise.toml into DIR and `DIR/platforms.env` (shell `export` lines pointing the real
collectors at the doubles, with the doubles' own fictional credentials), then serves until stopped.
"""

from __future__ import annotations

import shlex
import signal
import sys
import threading
from pathlib import Path

from praise.demo import demo_config, demo_environment
from praise.fakes.bluesky import FakeBluesky
from praise.fakes.instagram import FakeInstagram
from praise.fakes.mastodon import FakeMastodon
from praise.fakes.x_api import FakeXApi


def main(workdir: Path) -> None:
    workdir.mkdir(parents=True, exist_ok=True)
    config = demo_config(workdir)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with (
        FakeXApi() as x_api,
        FakeInstagram() as instagram,
        FakeMastodon() as mastodon,
        FakeBluesky() as bluesky,
    ):
        env = demo_environment(config, x_api, instagram, workdir, mastodon, bluesky)
        lines = [f"export {name}={shlex.quote(value)}" for name, value in env.items()]
        (workdir / "platforms.env").write_text("\n".join(lines) + "\n", encoding="utf-8")
        stop.wait()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
