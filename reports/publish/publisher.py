"""`publish_digest`: build, claim once, send with retries, record the outcome."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import Engine

from kernel.errors import ConfigError, PraiseError
from reports import strings
from reports.digest import build_digest, render_digest_html, render_digest_json, render_digest_markdown
from reports.publish import email, folder, webhook
from reports.publish.config import PublishSettings
from reports.publish.records import Bundle, PublishError, scrub
from storage.publications import claim_publication, mark_failed, mark_sent, record_attempt

log = logging.getLogger("praise.publish")
TARGETS = ("folder", "email", "webhook")


class PublishFailed(PraiseError):
    """Every attempt failed; the publication is recorded as failed with the last error."""


@dataclass(frozen=True, slots=True)
class PublishResult:
    week: str
    target: str
    attempts: int
    detail: str


def digest_bundle(engine: Engine, week: str, lang: str = "de", *, own_handles: Iterable[str] = ()) -> Bundle:
    """Build the week's digest and render it for sending."""
    digest = build_digest(engine, week, lang, own_handles=own_handles)
    year, number = digest.week.split("-W")
    title = f"{strings.text('digest_title', lang)} – {strings.text('week_short', lang)} {int(number)}/{year}"
    return Bundle(
        product="digest",
        period=digest.week,
        title=title,
        html=render_digest_html(digest),
        markdown=render_digest_markdown(digest),
        json=render_digest_json(digest),
    )


def target_name(target: str, settings: PublishSettings) -> str:
    if target == "folder":
        return folder.target_name(settings.folder)
    if target == "email":
        return email.target_name(settings)
    if target == "webhook":
        return webhook.target_name(settings)
    raise PraiseError(f"--to must be one of {', '.join(TARGETS)}, not {target!r}")


def _require_configured(target: str, settings: PublishSettings) -> None:
    # A missing setting is a user's mistake: say so at once instead of retrying and recording a failure.
    if target == "email" and not (settings.smtp_host and settings.smtp_from and settings.smtp_to):
        raise ConfigError(
            "e-mail needs publish.smtp_host, publish.smtp_from and publish.smtp_to in praise.toml"
        )
    if target == "webhook" and not settings.webhook_url:
        raise ConfigError("the webhook target needs publish.webhook_url in praise.toml")


def _sender(target: str, settings: PublishSettings) -> Callable[[Bundle], str]:
    if target == "folder":
        return lambda b: str(folder.send(b, settings.folder))
    if target == "email":
        return lambda b: f"message {email.send(b, settings)}"
    return lambda b: f"HTTP {webhook.send(b, settings)}"


def publish_digest(
    engine: Engine,
    week: str,
    target: str,
    *,
    settings: PublishSettings,
    lang: str = "de",
    force: bool = False,
    own_handles: Iterable[str] = (),
    actor: str = "praise",
    sleep: Callable[[float], None] = time.sleep,
    bundle: Bundle | None = None,
) -> PublishResult:
    """Publish one week's digest to one target, at most once unless forced.

    Args:
        engine: the database (for the digest and the publication record).
        week: ISO week, e.g. "2026-W47".
        target: "folder", "email" or "webhook".
        settings: the [publish] settings (see `load_publish_settings`).
        lang: the digest's language.
        force: publish again although it was published to this target.
        own_handles: our accounts, never picked as praise.
        actor: who publishes, for the audit log.
        sleep: how to wait between attempts (tests pass a recorder).
        bundle: an already rendered digest (default: built from the database).

    Returns:
        What was done: the target name, attempts used and a detail (path, message id, HTTP status).

    Raises:
        AlreadyPublished: it was published to this target already and `force` is False.
        PublishFailed: every attempt failed; the publication row says `failed` with the error.
        ConfigError: the target is not configured.
        PraiseError: bad week, language or target.
    """
    name = target_name(target, settings)
    _require_configured(target, settings)
    send = _sender(target, settings)
    content = bundle or digest_bundle(engine, week, lang, own_handles=own_handles)
    publication = claim_publication(
        engine, content.product, content.period, name, content_sha256=content.sha256, force=force, actor=actor
    )
    error = ""
    for attempt in range(1, settings.attempts + 1):
        attempts = record_attempt(engine, publication.id)
        try:
            detail = send(content)
        except PublishError as exc:
            error = scrub(str(exc), settings.secrets())
            log.warning(
                "publish %s to %s: attempt %d of %d failed: %s",
                content.period,
                name,
                attempt,
                settings.attempts,
                error,
            )
            if attempt < settings.attempts:
                sleep(settings.backoff * 2 ** (attempt - 1))
            continue
        mark_sent(engine, publication.id, actor=actor)
        return PublishResult(content.period, name, attempts, detail)
    mark_failed(engine, publication.id, error, actor=actor)
    raise PublishFailed(
        f"publishing {content.product} {content.period} to {name} failed after {settings.attempts} attempts: {error}"
    )
