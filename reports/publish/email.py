"""The e-mail target: one message per digest (HTML with the Markdown as its plain-text part), via SMTP."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from reports.publish.config import PublishSettings
from reports.publish.records import Bundle, PublishError, scrub


def target_name(settings: PublishSettings) -> str:
    return f"email:{','.join(sorted(settings.smtp_to))}"


def build_message(bundle: Bundle, settings: PublishSettings) -> EmailMessage:
    """multipart/alternative: text/plain (Markdown) first, text/html second, plus the JSON attached."""
    message = EmailMessage()
    message["Subject"] = bundle.title
    message["From"] = settings.smtp_from or ""
    message["To"] = ", ".join(settings.smtp_to)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=(settings.smtp_from or "praise.local").rpartition("@")[2])
    message.set_content(bundle.markdown, subtype="plain", charset="utf-8")
    message.add_alternative(bundle.html, subtype="html", charset="utf-8")
    return message


def send(bundle: Bundle, settings: PublishSettings) -> str:
    """Send the digest as one message; returns its Message-ID.

    Raises:
        PublishError: not configured, or the server refused or could not be reached.
    """
    if not settings.smtp_host or not settings.smtp_from or not settings.smtp_to:
        raise PublishError(
            "e-mail needs publish.smtp_host, publish.smtp_from and publish.smtp_to in praise.toml"
        )
    message = build_message(bundle, settings)
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.timeout) as smtp:
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_username and settings.smtp_password:
                smtp.login(settings.smtp_username, settings.smtp_password.get_secret_value())
            refused = smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as exc:
        reason = scrub(f"{type(exc).__name__}: {exc}", settings.secrets())
        raise PublishError(f"e-mail to {settings.smtp_host}:{settings.smtp_port} failed: {reason}") from None
    if refused:
        raise PublishError(f"e-mail refused for {', '.join(sorted(refused))}")
    return str(message["Message-ID"])
