"""Alerts go out through the publishers: SMTP (aiosmtpd on 127.0.0.1), escaped, without secrets."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from aiosmtpd.controller import Controller
from pydantic import SecretStr

from kernel.settings import AlertSettings, PublishSettings
from reports.publish.alerts import Alert, send_alert
from reports.publish.records import PublishError
from tests.reports.test_publish import Inbox, free_port

ALERT = Alert(
    "source_failed:x:search:<b>#Danke</b>",
    "source_failed",
    "x:search:<b>#Danke</b>",
    'x:search:<b>#Danke</b>: X API 500 <script>alert("x")</script>',
    datetime(2026, 11, 30, 9, 0, tzinfo=UTC),
)


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


def test_an_alert_is_one_e_mail_to_the_alert_recipients_with_everything_escaped(
    smtp: tuple[int, Inbox],
) -> None:
    port, inbox = smtp
    publish = PublishSettings(
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_starttls=False,
        smtp_from="praise@beispielstadt.example",
        smtp_to=["redaktion@beispielstadt.example"],
    )
    alerts = AlertSettings(targets=["email"], smtp_to=["it-betrieb@beispielstadt.example"])
    done = send_alert(ALERT, alerts, publish)
    assert len(done) == 1
    (message,) = inbox.messages
    assert message["To"] == "it-betrieb@beispielstadt.example"
    assert "Quelle fehlgeschlagen" in message["Subject"]
    body = message.get_body(("html",))
    assert body is not None
    html = body.get_content()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_an_unreachable_target_is_an_error_without_the_token() -> None:
    publish = PublishSettings(webhook_token=SecretStr("tok-4711-geheim"))
    alerts = AlertSettings(
        targets=["webhook"], webhook_url=f"http://127.0.0.1:{free_port()}/hook?token=tok-4711-geheim"
    )
    with pytest.raises(PublishError) as caught:
        send_alert(ALERT, alerts, publish)
    assert "tok-4711-geheim" not in str(caught.value)


def test_unknown_alert_targets_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown alert target"):
        AlertSettings(targets=["pager"])
