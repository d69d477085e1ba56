"""The offline demo: a fictional week replayed through the real collectors, flows and reports.

The recorded X, Instagram, Mastodon and Bluesky data are served by loopback doubles (`praise.fakes`);
the real tweepy, instaloader, Mastodon.py and atproto code talks to them through the same base-URL
overrides an API gateway would use.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from praise.entrypoints import COLLECT, load_flow
from praise.fakes.bluesky import DEMO_APP_PASSWORD, FakeBluesky
from praise.fakes.instagram import FakeInstagram
from praise.fakes.mastodon import DEMO_TOKEN as DEMO_MASTODON_TOKEN
from praise.fakes.mastodon import FakeMastodon
from praise.fakes.x_api import DEMO_ACCOUNT, DEMO_NOW, DEMO_QUERIES, DEMO_TOKEN, FakeXApi
from praise.flow_runs import run_for_result
from praise.prefect_env import quiet_prefect, temporary_prefect_server

DEMO_WEEK = "2026-W47"
MASCOT = "kater.joey.demo"
DEMO_INSTAGRAM_USER = "it.referat.demo"
STAFF_ACCOUNTS = ("joey_team_anna",)
DEMO_MASTODON_INSTANCE = "social.beispielstadt.example"
DEMO_MASTODON_ACCOUNT = "stadtit_demo"
DEMO_BLUESKY_HANDLE = "stadtit.beispielstadt.example"


def demo_config(workdir: Path) -> Path:
    """Write the demo's own praise.toml (its own SQLite file, the fictional sources)."""
    path = workdir / "praise.demo.toml"
    queries = ", ".join(_toml_string(q) for q in DEMO_QUERIES)
    from review.demo import demo_review_config

    out_dir = (workdir / "out").resolve()
    path.write_text(
        f"""# Written by `praise demo`: the fictional Beispielstadt sources, served offline.
out_dir = {_toml_string(str(out_dir))}

[database]
url = "sqlite:///{(workdir / "demo.sqlite").resolve()}"

[x]
accounts = ["{DEMO_ACCOUNT}"]
queries = [{queries}]
read_budget = 2000

[instagram]
profiles = ["{MASCOT}"]
tagged = ["{MASCOT}"]
hashtags = ["katerjoey"]

[mastodon]
instance = "https://{DEMO_MASTODON_INSTANCE}"
accounts = ["{DEMO_MASTODON_ACCOUNT}"]
hashtags = ["DankeStadtIT"]

[bluesky]
handle = "{DEMO_BLUESKY_HANDLE}"
searches = ["#DankeStadtIT", "Kater Joey"]

[analysis]
own_accounts = ["{DEMO_ACCOUNT}", "{MASCOT}", "{DEMO_INSTAGRAM_USER}"]
staff_accounts = [{", ".join(f'"{s}"' for s in STAFF_ACCOUNTS)}]

"""
        + demo_review_config(publish_folder=str(out_dir / "published")),
        encoding="utf-8",
    )
    return path


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def demo_environment(
    config: Path,
    x_api: FakeXApi,
    instagram: FakeInstagram,
    workdir: Path,
    mastodon: FakeMastodon,
    bluesky: FakeBluesky,
) -> dict[str, str]:
    """The environment that points the real collectors at the running doubles, with their credentials."""
    sessionfile = instagram.write_sessionfile(workdir / "instagram.session", DEMO_INSTAGRAM_USER)
    return {
        "PRAISE_CONFIG": str(config),
        "PRAISE_X_API_BASE_URL": x_api.base_url,
        "X_BEARER_TOKEN": DEMO_TOKEN,
        "PRAISE_INSTAGRAM_BASE_URL": instagram.base_url,
        "INSTAGRAM_USERNAME": DEMO_INSTAGRAM_USER,
        "INSTAGRAM_SESSIONFILE": str(sessionfile),
        "PRAISE_MASTODON_BASE_URL": mastodon.base_url,
        "MASTODON_ACCESS_TOKEN": DEMO_MASTODON_TOKEN,
        "PRAISE_BLUESKY_BASE_URL": bluesky.base_url,
        "BLUESKY_APP_PASSWORD": DEMO_APP_PASSWORD,
    }


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run_demo_collection(workdir: Path) -> tuple[Path, list[dict[str, Any]]]:
    """Collect the demo week through the real collect flow; returns the config path and the reports."""
    workdir.mkdir(parents=True, exist_ok=True)
    config = demo_config(workdir)
    quiet_prefect()
    collect = load_flow(COLLECT)
    with (
        FakeXApi() as x_api,
        FakeInstagram() as instagram,
        FakeMastodon() as mastodon,
        FakeBluesky() as bluesky,
        _environment(demo_environment(config, x_api, instagram, workdir, mastodon, bluesky)),
        # Its own server even beside a `praise serve`: the fictional week stays out of that server's UI.
        temporary_prefect_server(reuse_serve=False),
    ):
        _state, reports = run_for_result(collect, config=str(config), now=DEMO_NOW)
    return config, reports


def classified_week(
    database_url: str, week: str = DEMO_WEEK, top: int = 5
) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """Label counts of the week and its top praise posts (by praise score, then likes)."""
    from kernel.weeks import parse_week
    from storage.classifications import label_counts
    from storage.db import make_engine
    from storage.queries import mention_records

    period = parse_week(week)
    engine = make_engine(database_url)
    try:
        counts = label_counts(engine, period.start, period.end)
        records = mention_records(engine, period.start, period.end)
    finally:
        engine.dispose()
    praise = [r for r in records if r.praise and not r.needs_review]
    praise.sort(key=lambda r: (r.praise_score or 0.0, r.likes or 0), reverse=True)
    return counts, [r.as_dict() for r in praise[:top]]


def write_products(database_url: str, out_dir: Path, own_handles: set[str]) -> list[Path]:
    """The demo week's digest and the 12-week sentiment report, as the real commands write them."""
    from reports.demo import write_demo_products
    from storage.db import make_engine

    engine = make_engine(database_url)
    try:
        return write_demo_products(engine, out_dir, own_handles=own_handles)
    finally:
        engine.dispose()
