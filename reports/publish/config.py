"""The `[publish]` table of praise.toml (held by `kernel.settings.Settings`).

```toml
[publish]
folder = "out/published"          # target "folder" (default)
smtp_host = "mail.beispielstadt.example"
smtp_port = 587
smtp_starttls = true
smtp_username = "praise-bot"      # optional; the password only from PRAISE_SMTP_PASSWORD
smtp_from = "it-referat@beispielstadt.example"
smtp_to = ["intranet-redaktion@beispielstadt.example"]
webhook_url = "https://intranet.beispielstadt.example/hooks/digest"   # token from PRAISE_WEBHOOK_TOKEN
timeout = 30
attempts = 3
```
Secrets are refused in the file: they come from the environment only and are held as SecretStr.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from kernel.settings import PublishSettings, load_settings

SMTP_PASSWORD_ENV = "PRAISE_SMTP_PASSWORD"  # noqa: S105 - the variable name, not a password
WEBHOOK_TOKEN_ENV = "PRAISE_WEBHOOK_TOKEN"  # noqa: S105 - the variable name, not a token

__all__ = ["SMTP_PASSWORD_ENV", "WEBHOOK_TOKEN_ENV", "PublishSettings", "load_publish_settings"]


def load_publish_settings(
    path: Path | None = None, *, env: Mapping[str, str] | None = None
) -> PublishSettings:
    """The `[publish]` settings of the configuration, with the secrets from the environment.

    Raises:
        ConfigError: the file is not valid TOML, the table is malformed or holds a secret.
    """
    return load_settings(path, env=None if env is None else dict(env)).publish
