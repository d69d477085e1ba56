"""A real week in real Chromium: 5,000 mentions, filtered, decided in bulk and in place, published.

The browser context bypasses the pages' CSP so that axe's script can be injected; test_browser.py
runs the in-place save under the real CSP.

Also runs axe-core on every page of the workspace (0 violations) and writes screenshots of the queue
at 80 and at 5,000 posts to test-artifacts/ for a person to look at. axe-core comes from npm
(`package.json`, installed by `make test`); Chromium is Debian's (see test_browser.py).
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import uvicorn

from review.app import create_app
from review.products import PublishSettings
from storage.db import make_engine
from storage.migrate import upgrade
from tests.review.test_browser import ARTIFACTS, CHROMIUM_ARGS, _chromium, _free_port, _sign_in
from tests.review.world import MONDAY, OWN_HANDLES, WEEK, busy_week, insert_posts

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SMALL_WEEK = "2026-W46"
BIG = 5000


def _axe() -> Path:
    if not AXE.exists():
        reason = "axe-core is not installed (npm ci, or make test)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"accessibility checks must run under CI: {reason}")
        pytest.skip(reason)
    return AXE


@pytest.fixture
def busy(tmp_path: Path, review_config) -> Iterator[tuple[str, Path]]:
    engine = make_engine(f"sqlite:///{tmp_path / 'praise.sqlite'}")
    upgrade(engine)
    # 5,000 mentions in the week under review (4 % praise candidates, a busy but normal week) and
    # a week of 80 before it, for the small screenshot.
    insert_posts(engine, busy_week(BIG, praise_share=0.04))
    insert_posts(
        engine, busy_week(80, seed=46, prefix="s"), base=MONDAY - timedelta(days=7), first_number=BIG + 1
    )
    folder = tmp_path / "published"
    app = create_app(
        review_config,
        engine,
        publish_settings=PublishSettings(folder=folder, attempts=1),
        own_handles=OWN_HANDLES,
    )
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", folder
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


def _no_violations(page, name: str) -> None:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => (await axe.run(document)).violations.map(v => [v.id, v.nodes.length])"
    )
    assert result == [], f"axe on {name}: {result}"


def test_a_week_of_5000_mentions_from_queue_to_published_highlight(busy, review_config):
    executable, axe = _chromium(), _axe()
    assert axe.exists()
    from playwright.sync_api import expect, sync_playwright

    base, folder = busy
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            # bypass_csp lets axe's script in; the pages' own CSP is tested elsewhere.
            context = browser.new_context(viewport={"width": 1280, "height": 1000}, bypass_csp=True)
            context.set_default_timeout(60_000)
            page = context.new_page()
            page.goto(f"{base}/login")
            _no_violations(page, "login")
            _sign_in(page, base, "ed")
            # Landing: the newest week with open work, not the clock's week.
            assert f"/weeks/{WEEK}/queue" in page.url

            page.goto(f"{base}/weeks/{SMALL_WEEK}/queue?state=all")
            page.screenshot(path=str(ARTIFACTS / "review-queue-80.png"), full_page=False)
            page.goto(f"{base}/weeks/{WEEK}/queue")
            page.screenshot(path=str(ARTIFACTS / "review-queue-5000.png"), full_page=False)
            _no_violations(page, "queue")

            # Filter to open praise candidates with the filter form.
            page.get_by_label("Art", exact=True).select_option("praise")
            page.get_by_label("Stand", exact=True).select_option("open")
            page.get_by_role("button", name="Filtern").click()
            page.wait_for_url("**kind=praise**")

            # Reject one with the keyboard: j focuses the first post, r rejects it in place.
            first = page.locator("article.post").first
            rejected_id = first.get_attribute("data-post")
            assert rejected_id is not None
            page.locator("h1").click()
            page.keyboard.press("j")
            page.keyboard.press("r")
            expect(page.locator(f"#post-{rejected_id} .decision")).to_have_text("abgelehnt")
            expect(page.locator(f"#post-{rejected_id} .card-status")).to_have_text("Gespeichert.")

            # Mark a highlight and approve it in one save; a typed note goes along.
            second = page.locator("article.post").nth(1)
            highlight_id = second.get_attribute("data-post")
            assert highlight_id is not None
            card = page.locator(f"#post-{highlight_id}")
            card.get_by_label("Notiz der Redaktion").fill("Bitte ganz oben zeigen")
            card.get_by_label("Highlight (im Digest zuerst)").check()
            card.get_by_role("button", name="Freigeben").click()
            card = page.locator(f"#post-{highlight_id}")
            expect(card.locator(".decision")).to_have_text("für den Digest freigegeben")
            expect(card.locator(".badge.highlight")).to_be_visible()
            expect(card.locator(".note")).to_have_text("Bitte ganz oben zeigen")
            text = card.locator("blockquote").inner_text()

            # Bulk-approve the page's open praise candidates (with confirmation) until none is left.
            rounds = 0
            while True:
                page.goto(f"{base}/weeks/{WEEK}/queue?kind=praise")
                bulk = page.get_by_role("button", name="offenen Lob-Kandidaten dieser Seite freigeben")
                if bulk.count() == 0:
                    break
                bulk.click()
                if rounds == 0:
                    _no_violations(page, "confirmation")
                page.get_by_role("button", name="Ja,").click()
                expect(page.locator(".status .notice")).to_contain_text("Beiträge freigegeben.")
                rounds += 1
                assert rounds < 40
            assert rounds >= 2

            page.goto(f"{base}/weeks")
            expect(page.get_by_role("table")).to_contain_text(WEEK)
            _no_violations(page, "weeks")
            page.goto(f"{base}/weeks/{WEEK}/highlights")
            expect(page.locator("article.post").first).to_have_class("post is-highlight")
            _no_violations(page, "highlights")
            page.goto(f"{base}/leadership")
            _no_violations(page, "leadership")
            page.goto(f"{base}/weeks/9999-W99/queue")
            _no_violations(page, "error")
            page.get_by_role("button", name="Abmelden").click()

            _sign_in(page, base, "pia")
            page.goto(f"{base}/weeks/{WEEK}/preview")
            frame = page.frame_locator("iframe.product")
            expect(frame.locator("figure.post").first).to_contain_text(text.strip()[:40])
            expect(page.locator(".why-list")).to_contain_text("im Digest: Highlight, steht zuerst")
            _no_violations(page, "preview")
            page.goto(f"{base}/weeks/{WEEK}/digest.html")
            _no_violations(page, "digest")
            page.goto(f"{base}/weeks/{WEEK}/preview")
            page.get_by_role("button", name="Digest freigeben").click()
            expect(page.get_by_text("Digest freigegeben.")).to_be_visible()
            page.get_by_role("button", name="Veröffentlichen").click()
            expect(page.get_by_text("Der Digest ist veröffentlicht.")).to_be_visible()
            expect(page.get_by_role("link", name="Veröffentlichten Digest öffnen").first).to_be_visible()
            _no_violations(page, "preview after publication")
            page.screenshot(path=str(ARTIFACTS / "review-preview-published.png"), full_page=False)
        finally:
            browser.close()

    published = folder / f"digest-{WEEK}"
    data = json.loads((published / "digest.json").read_text(encoding="utf-8"))
    assert data["highlights"][0]["mention_id"] == int(highlight_id)
    shown = {i["mention_id"] for g in data["groups"] for i in g["items"]}
    assert int(rejected_id) not in shown
    html = (published / "digest.html").read_text(encoding="utf-8")
    assert html.index("Highlights der Woche") < html.index(text.strip()[:30].replace("&", "&amp;"))
