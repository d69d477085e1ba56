"""The webhook target: one HTTP POST carrying the digest as data and as HTML and Markdown."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import requests

from reports.publish.config import PublishSettings
from reports.publish.records import Bundle, PublishError, scrub


def target_name(settings: PublishSettings) -> str:
    """The URL without user info, query or fragment: those may carry a token."""
    parts = urlsplit(settings.webhook_url or "")
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"webhook:{parts.scheme}://{host}{port}{parts.path}"


def payload(bundle: Bundle) -> dict[str, object]:
    return {
        "product": bundle.product,
        "period": bundle.period,
        "title": bundle.title,
        "content_sha256": bundle.sha256,
        "data": json.loads(bundle.json),
        "html": bundle.html,
        "markdown": bundle.markdown,
    }


def send(bundle: Bundle, settings: PublishSettings) -> int:
    """POST the digest; returns the HTTP status. Redirects are not followed (they could leak the token).

    Raises:
        PublishError: not configured, unreachable, or any answer but 2xx.
    """
    if not settings.webhook_url:
        raise PublishError("the webhook target needs publish.webhook_url in praise.toml")
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "Idempotency-Key": f"{bundle.stem}-{bundle.sha256}",
    }
    if settings.webhook_token:
        headers["Authorization"] = f"Bearer {settings.webhook_token.get_secret_value()}"
    body = json.dumps(payload(bundle), ensure_ascii=False).encode("utf-8")
    try:
        response = requests.post(
            settings.webhook_url, data=body, headers=headers, timeout=settings.timeout, allow_redirects=False
        )
    except requests.RequestException as exc:
        reason = scrub(f"{type(exc).__name__}: {exc}", [*settings.secrets(), settings.webhook_url])
        raise PublishError(f"webhook {target_name(settings)} unreachable: {reason}") from None
    if not 200 <= response.status_code < 300:
        raise PublishError(f"webhook {target_name(settings)} answered HTTP {response.status_code}")
    return response.status_code
