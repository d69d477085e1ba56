"""Publishing to a folder, by SMTP (aiosmtpd on 127.0.0.1) and to a webhook (http.server on 127.0.0.1)."""

from __future__ import annotations

import email
import json
import socket
import threading
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from pydantic import SecretStr
from sqlalchemy import Engine, select

from kernel.errors import ConfigError
from reports.publish import PublishFailed, publish_digest
from reports.publish.config import PublishSettings, load_publish_settings
from storage.publications import AlreadyPublished, get_publication
from storage.schema import AuditRow, PublicationRow

SECRET = "s3cr3t-Passw0rt"
TOKEN = "tok-4711-geheim"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[int, Inbox]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()


class Hook:
    def __init__(self, statuses: list[int]) -> None:
        self.statuses = statuses
        self.requests: list[tuple[dict[str, str], bytes]] = []


@pytest.fixture
def webhook() -> Iterator[tuple[str, Hook]]:
    hook = Hook([200])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            hook.requests.append((dict(self.headers), body))
            status = hook.statuses.pop(0) if len(hook.statuses) > 1 else hook.statuses[0]
            self.send_response(status)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/hooks/digest", hook
    finally:
        server.shutdown()
        server.server_close()


def all_text(engine: Engine) -> str:
    with engine.connect() as conn:
        rows = [str(r) for r in conn.execute(select(PublicationRow))]
        rows += [str(r) for r in conn.execute(select(AuditRow))]
    return "\n".join(rows)


def test_folder_publishes_once_then_refuses_until_forced(
    engine: Engine, world: dict[str, int], tmp_path: Path
) -> None:
    settings = PublishSettings(folder=tmp_path / "published")
    result = publish_digest(engine, "2026-W47", "folder", settings=settings)
    folder = tmp_path / "published" / "digest-2026-W47"
    assert sorted(p.name for p in folder.iterdir()) == ["digest.html", "digest.json", "digest.md"]
    assert result.attempts == 1
    first_html = (folder / "digest.html").read_text(encoding="utf-8")
    assert "Lob der Woche" in first_html
    with pytest.raises(AlreadyPublished):
        publish_digest(engine, "2026-W47", "folder", settings=settings)
    publish_digest(engine, "2026-W47", "folder", settings=settings, force=True)
    assert sorted(p.name for p in (tmp_path / "published").iterdir()) == ["digest-2026-W47"]  # no temp left
    row = get_publication(engine, "digest", "2026-W47", result.target)
    assert row is not None
    assert row.status == "sent"
    assert row.attempts == 2


def test_email_sends_one_message_with_both_parts(
    engine: Engine, world: dict[str, int], smtp: tuple[int, Inbox]
) -> None:
    port, inbox = smtp
    settings = PublishSettings(
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_starttls=False,
        smtp_from="it-referat@beispielstadt.example",
        smtp_to=["intranet-redaktion@beispielstadt.example"],
        timeout=5,
    )
    publish_digest(engine, "2026-W47", "email", settings=settings)
    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert message["Subject"] == "Lob der Woche – KW 47/2026"
    types = [part.get_content_type() for part in message.walk()]
    assert types == ["multipart/alternative", "text/plain", "text/html"]
    body = message.get_body(("html",))
    assert body is not None
    html = body.get_content()
    assert "Das schönste Lob" in html
    with pytest.raises(AlreadyPublished):
        publish_digest(engine, "2026-W47", "email", settings=settings)
    assert len(inbox.messages) == 1


def test_webhook_posts_one_request_with_json_and_html(
    engine: Engine, world: dict[str, int], webhook: tuple[str, Hook]
) -> None:
    url, hook = webhook
    settings = PublishSettings(webhook_url=url, webhook_token=SecretStr(TOKEN), timeout=5)
    publish_digest(engine, "2026-W47", "webhook", settings=settings)
    assert len(hook.requests) == 1
    headers, body = hook.requests[0]
    payload = json.loads(body)
    assert payload["period"] == "2026-W47"
    assert payload["data"]["week"] == "2026-W47"
    assert payload["html"].startswith("<!DOCTYPE html>")
    assert headers["Authorization"] == f"Bearer {TOKEN}"
    assert TOKEN not in all_text(engine)


def test_failed_publish_is_retried_recorded_and_never_leaks_secrets(
    engine: Engine, world: dict[str, int], webhook: tuple[str, Hook]
) -> None:
    url, hook = webhook
    hook.statuses[:] = [503]
    waits: list[float] = []
    settings = PublishSettings(
        webhook_url=f"{url}?token={TOKEN}", webhook_token=SecretStr(TOKEN), attempts=3, backoff=2, timeout=5
    )
    with pytest.raises(PublishFailed, match="after 3 attempts") as failure:
        publish_digest(engine, "2026-W47", "webhook", settings=settings, sleep=waits.append)
    assert len(hook.requests) == 3
    assert waits == [2, 4]
    assert TOKEN not in str(failure.value)
    row = get_publication(engine, "digest", "2026-W47", f"webhook:{url}")
    assert row is not None
    assert (row.status, row.attempts) == ("failed", 3)
    assert row.error is not None
    assert "HTTP 503" in row.error
    assert TOKEN not in all_text(engine)
    # A failed publication is not "published": the next run may try again, and succeeds.
    hook.statuses[:] = [200]
    publish_digest(engine, "2026-W47", "webhook", settings=settings, sleep=waits.append)
    row = get_publication(engine, "digest", "2026-W47", f"webhook:{url}")
    assert row is not None
    assert row.status == "sent"


def test_unreachable_smtp_fails_after_retries_without_the_password(
    engine: Engine, world: dict[str, int]
) -> None:
    settings = PublishSettings(
        smtp_host="127.0.0.1",
        smtp_port=free_port(),  # nobody listens here
        smtp_starttls=False,
        smtp_username="praise-bot",
        smtp_password=SecretStr(SECRET),
        smtp_from="it-referat@beispielstadt.example",
        smtp_to=["intranet-redaktion@beispielstadt.example"],
        attempts=2,
        timeout=2,
    )
    waits: list[float] = []
    with pytest.raises(PublishFailed) as failure:
        publish_digest(engine, "2026-W47", "email", settings=settings, sleep=waits.append)
    assert len(waits) == 1
    assert SECRET not in str(failure.value)
    assert SECRET not in all_text(engine)
    with engine.connect() as conn:
        status = conn.execute(select(PublicationRow.status)).scalar_one()
    assert status == "failed"


def test_publish_settings_come_from_the_file_and_secrets_from_the_environment(tmp_path: Path) -> None:
    cfg = tmp_path / "praise.toml"
    cfg.write_text(
        '[publish]\nsmtp_host = "mail.beispielstadt.example"\nsmtp_to = ["a@beispielstadt.example"]\n',
        encoding="utf-8",
    )
    settings = load_publish_settings(cfg, env={"PRAISE_SMTP_PASSWORD": SECRET})
    assert settings.smtp_host == "mail.beispielstadt.example"
    assert settings.smtp_password is not None
    assert settings.smtp_password.get_secret_value() == SECRET
    assert SECRET not in repr(settings)
    cfg.write_text('[publish]\nsmtp_password = "nein"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="secret"):
        load_publish_settings(cfg, env={})
