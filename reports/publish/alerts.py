"""Alerts to people: one short message per incident through the digest's own e-mail and webhook targets.

`[alerts]` in praise.toml names the targets; the SMTP server, sender, password and webhook token are
those of `[publish]`, with `alerts.smtp_to` and `alerts.webhook_url` to send alerts elsewhere.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from html import escape

from kernel.settings import AlertSettings, PublishSettings
from reports.publish import email, webhook
from reports.publish.records import Bundle, PublishError, scrub


@dataclass(frozen=True, slots=True)
class Alert:
    key: str
    kind: str
    subject: str
    detail: str
    opened_at: datetime


TITLES = {
    "source_failed": "Quelle fehlgeschlagen / source failed",
    "auth_failed": "Zugang abgelehnt / access refused",
    "rate_limited": "Quelle lange gedrosselt / source rate-limited for long",
    "missed_run": "Sammlung ausgeblieben / collection did not run",
    "negative_spike": "Ungewöhnlich viele negative Beiträge / spike of negative posts",
}


def alert_bundle(alert: Alert) -> Bundle:
    """The alert as the publishers send it: a title, HTML, Markdown and JSON (every value escaped)."""
    title = f"praise-pipeline: {TITLES.get(alert.kind, alert.kind)}: {alert.subject}"
    when = f"{alert.opened_at:%Y-%m-%d %H:%M} UTC"
    html = (
        '<!doctype html><html lang="de"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body><h1>{escape(title)}</h1>"
        f"<p>{escape(alert.detail)}</p><p>seit / since {escape(when)}</p></body></html>"
    )
    markdown = f"# {title}\n\n{alert.detail}\n\nseit / since {when}\n"
    data = {
        "key": alert.key,
        "kind": alert.kind,
        "subject": alert.subject,
        "detail": alert.detail,
        "opened_at": alert.opened_at.isoformat(),
    }
    return Bundle(
        product="alert",
        period=alert.key,
        title=title,
        html=html,
        markdown=markdown,
        json=json.dumps(data, ensure_ascii=False),
    )


def send_alert(alert: Alert, alerts: AlertSettings, publish: PublishSettings) -> list[str]:
    """Send the alert to every configured target; returns what each did.

    Raises:
        PublishError: a target failed (the message holds no secret); the others were still tried.
    """
    target_settings = publish.model_copy(
        update={
            "smtp_to": alerts.smtp_to or publish.smtp_to,
            "webhook_url": alerts.webhook_url or publish.webhook_url,
        }
    )
    bundle = alert_bundle(alert)
    done: list[str] = []
    errors: list[str] = []
    for target in alerts.targets:
        try:
            if target == "email":
                done.append(f"e-mail {email.send(bundle, target_settings)}")
            elif target == "webhook":
                done.append(f"webhook HTTP {webhook.send(bundle, target_settings)}")
        except PublishError as exc:
            errors.append(scrub(str(exc), publish.secrets()))
    if errors:
        raise PublishError("; ".join(errors))
    return done
