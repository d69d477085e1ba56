"""The `[review]` table of praise.toml (held by `kernel.settings.Settings`).

```toml
[review]
lang = "de"                          # page language; each user can switch to English
digest_lang = "de"                   # language of the previewed and published digest
allow_insecure_http = false          # true only for local use on http://127.0.0.1 (the demo, tests)
trusted_user_header = "X-Remote-User"  # only behind a single sign-on proxy that sets it
publish_target = "folder"            # folder, email or webhook (see [publish])
session_hours = 8

[review.users.anna]
role = "editor"                      # viewer, editor or publisher
password_hash = "$argon2id$v=19$..."  # from `praise review-user add anna --role editor`
```
The session secret comes from the environment variable PRAISE_REVIEW_SECRET only.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from pydantic import ValidationError

from kernel.errors import ConfigError
from kernel.settings import REVIEW_SECRET_ENV, ReviewConfig, ReviewUser, Role, load_settings

SECRET_ENV = REVIEW_SECRET_ENV

__all__ = ["SECRET_ENV", "ReviewConfig", "ReviewUser", "Role", "load_review_config", "review_config_from"]


def load_review_config(path: Path | None = None, *, env: Mapping[str, str] | None = None) -> ReviewConfig:
    """The `[review]` settings of the configuration, with the session secret from the environment.

    Raises:
        ConfigError: the file is not valid TOML, the table is malformed or holds the secret.
    """
    return load_settings(path, env=None if env is None else dict(env)).review


def review_config_from(table: Mapping[str, object], *, where: str = "[review]") -> ReviewConfig:
    """Validate a `[review]` table given as data (tests, the demo).

    Raises:
        ConfigError: the table is malformed.
    """
    try:
        return ReviewConfig.model_validate(dict(table))
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"{where}: review.{field}: {first['msg']}") from None
