"""What a publisher sends: one rendered digest in its three forms, and the error publishers raise."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from kernel.errors import PraiseError


class PublishError(PraiseError):
    """One attempt to deliver failed; the message never holds a secret."""


@dataclass(frozen=True, slots=True)
class Bundle:
    """A digest ready to go: the same content as HTML, Markdown and JSON."""

    product: str
    period: str
    title: str
    html: str
    markdown: str
    json: str

    @property
    def sha256(self) -> str:
        digest = hashlib.sha256()
        for part in (self.html, self.markdown, self.json):
            digest.update(part.encode("utf-8"))
            digest.update(b"\0")
        return digest.hexdigest()

    @property
    def stem(self) -> str:
        """File name stem, e.g. `digest-2026-W47`."""
        return f"{self.product}-{self.period}"


def scrub(message: str, secrets: list[str]) -> str:
    """The message with every secret replaced by `***` (servers like to echo what they were sent)."""
    for secret in secrets:
        if secret:
            message = message.replace(secret, "***")
    return message
