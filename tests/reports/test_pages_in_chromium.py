"""The digest and the report as a reader sees them: rendered by Debian's Chromium, screenshots kept.

The PNGs land in test-artifacts/ (gitignored) for a person to look at. Without chromium on the PATH the
test skips, except under CI=true, where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from reports.demo import write_demo_products
from storage.db import make_engine
from storage.migrate import upgrade
from tests.reports.world import fill_world

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = shutil.which("chromium")
    if executable is None:
        reason = "Debian's chromium is not installed (apt-get install chromium; `make test` does it)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def pages(tmp_path: Path) -> dict[str, Path]:
    # The pages, not the database, are under test here: one SQLite file suffices.
    engine = make_engine(f"sqlite:///{tmp_path}/praise.sqlite")
    upgrade(engine)
    fill_world(engine)
    paths = write_demo_products(engine, tmp_path, own_handles=["StadtIT_Demo", "kater.joey.demo"])
    engine.dispose()
    return {p.name: p for p in paths}


@pytest.mark.parametrize(
    ("name", "heading"), [("digest.html", "Lob der Woche"), ("report.html", "Stimmungsbericht")]
)
def test_page_renders_in_chromium(browser: object, pages: dict[str, Path], name: str, heading: str) -> None:
    page = browser.new_page(viewport={"width": 1024, "height": 900})  # type: ignore[attr-defined]
    problems: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(pages[name].as_uri())
    page.wait_for_load_state("load")
    h1 = page.locator("h1")
    assert h1.count() == 1
    assert h1.is_visible()
    assert heading in h1.inner_text()
    # Every chart drew something with a real size.
    for chart in page.locator("svg.chart").all():
        box = chart.bounding_box()
        assert box is not None
        assert box["width"] > 300
        assert box["height"] > 100
    # Nothing but the page itself (and data: URLs) was requested, and nothing complained.
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    assert problems == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name.replace(".html", ".png")), full_page=True)
    page.close()
