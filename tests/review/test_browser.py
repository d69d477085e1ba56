"""End to end in real Chromium: sign in, decide, correct a label, preview, approve and publish.

Uses Debian's `chromium` (Playwright's own browser download cannot work offline) against the app served
by uvicorn on 127.0.0.1 in a background thread. Screenshots go to test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from review.app import create_app
from review.products import PublishSettings
from storage.db import make_engine
from storage.migrate import upgrade
from tests.review.conftest import PASSWORDS
from tests.review.world import OWN_HANDLES, WEEK, demo_week, insert_posts

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        reason = "Debian's chromium is not installed (apt-get install -y chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests must run under CI: {reason}")
        pytest.skip(reason)
    return path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path, review_config) -> Iterator[tuple[str, dict[str, int], Path]]:
    engine = make_engine(f"sqlite:///{tmp_path / 'praise.sqlite'}")
    upgrade(engine)
    ids = insert_posts(engine, demo_week())
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
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", ids, folder
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


def _sign_in(page, base: str, name: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Benutzername").fill(name)
    page.get_by_label("Passwort").fill(PASSWORDS[name])
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(lambda url: "/login" not in url)


def test_review_approve_and_publish_in_chromium(served, review_config):
    executable = _chromium()
    from playwright.sync_api import expect, sync_playwright

    base, ids, folder = served
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1400})
            _sign_in(page, base, "ed")
            page.goto(f"{base}/weeks/{WEEK}/queue")
            expect(page.locator("html")).to_have_attribute("lang", "de")

            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.textContent") == "Zum Inhalt springen"

            for name in ("vpn", "helpdesk"):
                page.locator(f"#post-{ids[name]}").get_by_role("button", name="Freigeben").click()
                expect(page.locator(f"#post-{ids[name]} .decision")).to_have_text(
                    "für den Digest freigegeben"
                )
            page.locator(f"#post-{ids['irony']}").get_by_role("button", name="Ablehnen").click()
            expect(page.locator(f"#post-{ids['irony']} .decision")).to_have_text("abgelehnt")
            question = page.locator(f"#post-{ids['question']}")
            question.get_by_label("Lob", exact=True).select_option("not_praise")
            question.get_by_role("button", name="Änderungen speichern").click()
            expect(page.locator(f"#post-{ids['question']}")).to_contain_text("von der Redaktion gesetzt")
            page.reload()
            expect(page.get_by_text("1 von 4 Beiträgen offen")).to_be_visible()
            page.screenshot(path=str(ARTIFACTS / "review-queue.png"), full_page=True)

            page.get_by_role("button", name="Abmelden").click()
            _sign_in(page, base, "pia")
            page.goto(f"{base}/weeks/{WEEK}/preview")
            page.get_by_role("button", name="Digest freigeben").click()
            expect(page.get_by_text("Digest freigegeben.")).to_be_visible()
            frame = page.frame_locator("iframe.product")
            expect(frame.locator("body")).to_contain_text("VPN-Zugang lief heute ab 7 Uhr stabil")
            expect(frame.locator("body")).not_to_contain_text("schon wieder weg")
            page.screenshot(path=str(ARTIFACTS / "review-preview.png"), full_page=True)

            page.get_by_role("button", name="Veröffentlichen").click()
            expect(page.get_by_text("Der Digest ist veröffentlicht.")).to_be_visible()
            expect(page.get_by_role("button", name="Veröffentlichen")).to_have_count(0)
        finally:
            browser.close()

    published = folder / f"digest-{WEEK}"
    data = json.loads((published / "digest.json").read_text(encoding="utf-8"))
    shown = {i["mention_id"] for g in data["groups"] for i in g["items"]} | {
        i["mention_id"] for i in data["mascot"] + data["highlights"]
    }
    assert shown == {ids["vpn"], ids["helpdesk"]}
    html = (published / "digest.html").read_text(encoding="utf-8")
    assert "Service-Desk hat mein gesperrtes Konto" in html
    assert "schon wieder weg" not in html
