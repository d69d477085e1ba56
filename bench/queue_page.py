"""Review queue at scale: the queue page's server time and size, and one decision's server time.

Run: .venv/bin/python -m bench.queue_page [--sizes 80 5000] [--repeat 7]
Goal (issue 10): at 5,000 posts in a week, a queue page under 300 ms and under 500 KB, and one
decision under 100 ms server time.

Each size gets its own SQLite file holding one week (2026-W47) of made-up mentions with classifier
labels (the test world's `busy_week`: about a quarter praise candidates, some flagged, reposts, our
own posts, noise). Requests go through the real application in-process (Starlette's TestClient), so
the time is the server's (routing, queries, digest choice, rendering), without a network.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from review.app import create_app
from review.auth import hash_password
from review.config import review_config_from
from review.products import PublishSettings
from storage.db import make_engine
from storage.migrate import upgrade
from tests.review.world import OWN_HANDLES, WEEK, busy_week, insert_posts

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
PASSWORD = "bench-password-1"


def _client(db: Path, folder: Path) -> tuple[TestClient, str]:
    engine = make_engine(f"sqlite:///{db}")
    config = review_config_from(
        {
            "allow_insecure_http": True,
            "secret": "bench-secret",
            "users": {"ed": {"role": "editor", "password_hash": hash_password(PASSWORD)}},
        }
    )
    app = create_app(config, engine, publish_settings=PublishSettings(folder=folder), own_handles=OWN_HANDLES)
    client = TestClient(app, follow_redirects=False)
    token = TOKEN.search(client.get("/login").text)
    assert token
    client.post("/login", data={"username": "ed", "password": PASSWORD, "csrf_token": token.group(1)})
    page = client.get(f"/weeks/{WEEK}/queue")
    match = TOKEN.search(page.text)
    assert page.status_code == 200
    assert match
    return client, match.group(1)


def _timed(call: object, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def run(size: int, repeat: int, work: Path) -> dict[str, float]:
    db = work / f"queue-{size}.sqlite"
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)
    ids = insert_posts(engine, busy_week(size))
    engine.dispose()
    client, token = _client(db, work / "published")
    client.get(f"/weeks/{WEEK}/queue")  # warm-up
    page_ms, page = _timed(lambda: client.get(f"/weeks/{WEEK}/queue"), repeat)
    kb = len(page.content) / 1024  # type: ignore[attr-defined]
    filtered_ms, _ = _timed(
        lambda: client.get(f"/weeks/{WEEK}/queue?kind=praise&q=Danke&sort=newest"), repeat
    )
    candidates = [i for name, i in ids.items() if name.startswith("p")][: repeat * 2]
    decisions = iter(candidates)
    headers = {"X-Requested-With": "fetch"}

    def decide() -> object:
        return client.post(
            f"/posts/{next(decisions)}/save",
            data={"decision": "approved", "csrf_token": token},
            headers=headers,
        )

    decision_ms, response = _timed(decide, repeat)
    assert response.status_code == 200  # type: ignore[attr-defined]
    plain = iter(candidates[repeat:])

    def decide_plain() -> object:
        return client.post(f"/posts/{next(plain)}/save", data={"decision": "rejected", "csrf_token": token})

    plain_ms, _ = _timed(decide_plain, repeat)
    return {
        "page_ms": page_ms,
        "page_kb": kb,
        "filtered_ms": filtered_ms,
        "decision_ms": decision_ms,
        "plain_ms": plain_ms,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[80, 5000])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    print(
        "| posts in the week | queue page | page size | filtered page | decision, in place | decision, no script (303) |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            r = run(size, args.repeat, Path(tmp))
            print(
                f"| {size:,} | {r['page_ms']:.1f} ms | {r['page_kb']:.0f} KB | {r['filtered_ms']:.1f} ms "
                f"| {r['decision_ms']:.1f} ms | {r['plain_ms']:.1f} ms |"
            )


if __name__ == "__main__":
    main()
