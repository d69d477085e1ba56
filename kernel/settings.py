"""Configuration: `praise.toml` for what to collect and how, the environment for secrets and overrides.

Secrets (`X_BEARER_TOKEN`, `INSTAGRAM_USERNAME`, `INSTAGRAM_SESSIONFILE`, and whatever else a platform
declares in the source registry) are read from the environment only and held as `SecretStr`, so that a
settings object printed into a log never shows them.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from kernel.errors import ConfigError

DEFAULT_CONFIG = Path("praise.toml")
DEFAULT_DATABASE_URL = "sqlite:///data/praise.sqlite"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class XSettings(_Section):
    accounts: list[str] = Field(default_factory=list, description="Handles whose mentions we collect.")
    queries: list[str] = Field(default_factory=list, description="Recent-search queries (hashtags, names).")
    read_budget: int = Field(2000, ge=1, description="Most posts read per run: X bills per post read.")
    max_rate_limit_wait: float = Field(
        900, ge=0, description="Longest wait for a rate-limit reset inside one run, in seconds."
    )
    timeout: float = Field(30, gt=0, description="HTTP time-out per request, in seconds.")


class InstagramSettings(_Section):
    profiles: list[str] = Field(
        default_factory=list, description="Profiles whose posts and comments we read."
    )
    tagged: list[str] = Field(default_factory=list, description="Profiles whose tagged posts we read.")
    hashtags: list[str] = Field(default_factory=list, description="Hashtags, best effort.")
    max_posts: int = Field(200, ge=1, description="Most posts read per source and run.")
    comments: bool = True


class AnalysisSettings(_Section):
    # A weights file written by `praise train`; default: the shipped model.
    weights: Path | None = None
    # A praise and irony weights file (``python -m analysis.praise_training --out``); default: the shipped one.
    praise_weights: Path | None = None
    own_accounts: list[str] = Field(default_factory=list)
    staff_accounts: list[str] = Field(default_factory=list)
    topics: dict[str, list[str]] = Field(default_factory=dict)


class OrganisationSettings(_Section):
    """Who "we" are, for the praise and irony decision; our accounts stay in x, instagram and analysis.

    The defaults describe the demo city's IT department; a railway, a library or a utility sets its own.
    """

    names: list[str] = Field(
        default_factory=lambda: [
            "IT-Referat",
            "Stadt-IT",
            "IT-Abteilung",
            "IT-Service",
            "IT-Team",
            "IT-Support",
            "IT",
        ],
        description="How people call us.",
    )
    hashtags: list[str] = Field(
        default_factory=lambda: ["#DankeStadtIT", "#ITforMuc", "#StadtIT"], description="Our hashtags."
    )
    mascots: list[str] = Field(default_factory=lambda: ["Kater Joey", "Joey"], description="Our mascots.")
    services: list[str] = Field(
        default_factory=lambda: [
            "Helpdesk",
            "Help Desk",
            "Servicedesk",
            "Service-Desk",
            "Intranet",
            "Hotline",
            "VPN",
        ],
        description="Things of ours people thank or blame by name.",
    )


class PublishSettings(_Section):
    """Where `praise publish` sends a digest; see praise.example.toml."""

    folder: Path = Field(Path("out/published"), description="Where the folder target writes.")
    # A person approves every digest before it goes out (review workspace); false publishes the draft.
    require_approval: bool = True
    smtp_host: str | None = None
    smtp_port: int = Field(587, ge=1, le=65535)
    smtp_starttls: bool = True
    smtp_username: str | None = None
    smtp_from: str | None = None
    smtp_to: list[str] = Field(default_factory=list)
    webhook_url: str | None = None
    timeout: float = Field(30, gt=0, description="Seconds per SMTP or HTTP operation.")
    attempts: int = Field(3, ge=1, le=10, description="Tries per publication before it counts as failed.")
    backoff: float = Field(2.0, ge=0, description="Seconds before the second try; doubles each time.")
    # From the environment only (PRAISE_SMTP_PASSWORD, PRAISE_WEBHOOK_TOKEN).
    smtp_password: SecretStr | None = None
    webhook_token: SecretStr | None = None

    def secrets(self) -> list[str]:
        """The secret values, so messages can be scrubbed of them."""
        return [
            s.get_secret_value()
            for s in (self.smtp_password, self.webhook_token)
            if s and s.get_secret_value()
        ]


class OperationsSettings(_Section):
    """How runs share the sources (`[operations]`); see praise.example.toml."""

    # A source's lease lasts this long unless its holder renews it (every quarter of it): a run whose
    # machine died blocks its sources at most this long (on the same machine not at all).
    lease_seconds: float = Field(120, ge=10, le=3600)


class AlertSettings(_Section):
    """Who hears about trouble (`[alerts]`): once per incident, by e-mail and/or webhook."""

    # "email", "webhook" or both; the server, sender and token come from [publish].
    targets: list[str] = Field(default_factory=list)
    # Where alerts go when not to the digest's own recipients / URL.
    smtp_to: list[str] = Field(default_factory=list)
    webhook_url: str | None = None
    # A source rate-limited (or told to wait) for longer than this is an incident.
    rate_limited_minutes: float = Field(120, gt=0)
    # No collection started for this long while sources are configured: the schedule stopped.
    missed_run_minutes: float = Field(90, gt=0)
    # A week with this many times the mean negative posts of the four weeks before (and at least
    # `negative_spike_min` of them) is a spike.
    negative_spike_factor: float = Field(2.0, gt=1)
    negative_spike_min: int = Field(10, ge=1)

    @field_validator("targets")
    @classmethod
    def _known_targets(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - {"email", "webhook"})
        if unknown:
            raise ValueError(f"unknown alert target(s) {', '.join(unknown)}: use email or webhook")
        return value


PUBLISH_SECRETS = {"smtp_password": "PRAISE_SMTP_PASSWORD", "webhook_token": "PRAISE_WEBHOOK_TOKEN"}


class Role(StrEnum):
    VIEWER = "viewer"
    EDITOR = "editor"
    PUBLISHER = "publisher"


class ReviewUser(_Section):
    role: Role
    # Users who only come through the trusted header need no password.
    password_hash: str | None = None

    @field_validator("password_hash")
    @classmethod
    def _argon2_only(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("$argon2"):
            raise ValueError("must be an argon2 hash (make one with `praise review-user add`)")
        return value


class ReviewConfig(_Section):
    """The review workspace (`praise review`); see praise.example.toml."""

    lang: str = Field("de", pattern="^(de|en)$")
    # The language the digest is previewed and published in, whatever language a user reads the pages in.
    digest_lang: str = Field("de", pattern="^(de|en)$")
    allow_insecure_http: bool = False
    trusted_user_header: str | None = Field(None, min_length=1, pattern="^[A-Za-z0-9-]+$")
    publish_target: str = Field("folder", pattern="^(folder|email|webhook)$")
    session_hours: float = Field(8, gt=0, le=24 * 14)
    # Failed logins allowed per name and client address within the window, before a short wait.
    login_attempts: int = Field(5, ge=1)
    login_window_minutes: float = Field(5, gt=0)
    # Addresses or networks of reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed;
    # from anyone else those headers are ignored (e.g. ["127.0.0.1", "10.0.0.0/24"]).
    trusted_proxies: list[str] = Field(default_factory=list)

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for entry in value:
            ipaddress.ip_network(entry, strict=False)  # ValueError: pydantic reports the entry
        return value

    users: dict[str, ReviewUser] = Field(default_factory=dict)
    # From the environment only (PRAISE_REVIEW_SECRET).
    secret: SecretStr | None = None


class RetentionSettings(_Section):
    """How long data is kept (`[retention]`); applied by the `retention` flow. 0 keeps forever."""

    # The platforms' full payloads (mentions.raw) and quarantined payloads.
    raw_months: int | None = Field(6, ge=0)
    # Author id, handle, name, URL and media of posts no editor approved or marked as highlight.
    personal_months: int | None = Field(12, ge=0)
    # Posts themselves, with their labels, reviews and notes.
    posts_months: int | None = Field(24, ge=0)
    # Collection run log rows.
    run_log_months: int | None = Field(24, ge=0)


REVIEW_SECRET_ENV = "PRAISE_REVIEW_SECRET"  # noqa: S105 - the variable's name, not a secret


class Settings(_Section):
    database_url: str = DEFAULT_DATABASE_URL
    timezone: str = "Europe/Berlin"
    # Where drafts of digests and the sentiment reports are written.
    out_dir: Path = Path("out")
    x: XSettings = Field(default_factory=XSettings)
    instagram: InstagramSettings = Field(default_factory=InstagramSettings)
    analysis: AnalysisSettings = Field(default_factory=AnalysisSettings)
    organisation: OrganisationSettings = Field(default_factory=OrganisationSettings)
    publish: PublishSettings = Field(default_factory=PublishSettings)
    review: ReviewConfig = Field(default_factory=ReviewConfig)
    retention: RetentionSettings = Field(default_factory=RetentionSettings)
    # Longest post text (and URL, name) `praise import` accepts, in characters. Collection cuts a longer
    # text to this length and keeps the whole original in quarantine.
    max_text_length: int = Field(100_000, ge=1)
    operations: OperationsSettings = Field(default_factory=OperationsSettings)
    alerts: AlertSettings = Field(default_factory=AlertSettings)
    # Filled from the environment only, never from the file.
    x_bearer_token: SecretStr | None = None
    x_api_base_url: str | None = None
    # Routes Instagram's hosts to another base URL (a test double such as the demo's), like the X override.
    instagram_base_url: str | None = None
    instagram_username: str | None = None
    instagram_sessionfile: Path | None = None
    # The sections of registered platforms that have no field above (`[mastodon]`, `[bluesky]`), each
    # validated by the model its platform declares (kernel.sources), secrets filled from the environment.
    sections: dict[str, Any] = Field(default_factory=dict)

    def section(self, name: str) -> Any:
        """The validated `praise.toml` section of a platform, its defaults if the file has none."""
        if name in type(self).model_fields and name != "sections":
            return getattr(self, name)
        if name not in self.sections:
            from kernel.sources import registry

            spec = next((s for s in registry() if s.section == name), None)
            if spec is None:
                raise ConfigError(f"no platform has a section [{name}]")
            self.sections[name] = spec.settings_model()
        return self.sections[name]

    @property
    def own_handles(self) -> set[str]:
        """Every account of ours: collected accounts and profiles plus `analysis.own_accounts`.

        The classifier, the digest and the review queue all ask this one place, so a post by any of
        our accounts is never shown as praise of ourselves.
        """
        from kernel.sources import registry

        accounts = [h for spec in registry() for h in spec.own_handles(self.section(spec.section))]
        accounts.extend(self.analysis.own_accounts)
        return {h.lower().lstrip("@") for h in accounts}


def config_path(explicit: Path | None = None) -> Path:
    if explicit is not None:
        return explicit
    return Path(os.environ.get("PRAISE_CONFIG", DEFAULT_CONFIG))


def load_settings(path: Path | None = None, *, env: dict[str, str] | None = None) -> Settings:
    """Read `praise.toml` (if present) and apply the environment on top.

    A missing default file is fine (the demo needs none); a missing file named explicitly is an error.
    """
    environ = os.environ if env is None else env
    explicit = path is not None or "PRAISE_CONFIG" in environ
    cfg = path if path is not None else Path(environ.get("PRAISE_CONFIG", DEFAULT_CONFIG))
    data: dict[str, Any] = {}
    if cfg.exists():
        try:
            data = tomllib.loads(cfg.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{cfg}: not valid TOML: {exc}") from None
    elif explicit:
        raise ConfigError(f"configuration file {cfg} does not exist")
    # Secrets of the platforms whose fields sit at the top of Settings (X, Instagram), from the registry.
    top_level = _top_level_secrets()
    for field_name, variable in top_level.items():
        if field_name in data:
            raise ConfigError(f"{cfg}: '{field_name}' is a secret: set {variable} in the environment instead")
    publish = data.get("publish")
    if isinstance(publish, dict):
        for key in (*PUBLISH_SECRETS, "password", "token"):
            if key in publish:
                raise ConfigError(
                    f"{cfg}: publish.{key} is a secret: set PRAISE_SMTP_PASSWORD or PRAISE_WEBHOOK_TOKEN in the environment"
                )
    for key, variable in PUBLISH_SECRETS.items():
        if environ.get(variable):
            data.setdefault("publish", {})[key] = environ[variable]
    review = data.get("review")
    if isinstance(review, dict) and "secret" in review:
        raise ConfigError(f"{cfg}: review.secret is a secret: set {REVIEW_SECRET_ENV} in the environment")
    if environ.get(REVIEW_SECRET_ENV):
        data.setdefault("review", {})["secret"] = environ[REVIEW_SECRET_ENV]
    database = data.pop("database", {})
    if isinstance(database, dict) and "url" in database:
        data["database_url"] = database["url"]
    if environ.get("PRAISE_DATABASE_URL"):
        data["database_url"] = environ["PRAISE_DATABASE_URL"]
    if environ.get("PRAISE_X_API_BASE_URL"):
        data["x_api_base_url"] = environ["PRAISE_X_API_BASE_URL"]
    if environ.get("PRAISE_INSTAGRAM_BASE_URL"):
        data["instagram_base_url"] = environ["PRAISE_INSTAGRAM_BASE_URL"]
    for field_name, variable in top_level.items():
        if environ.get(variable):
            data[field_name] = environ[variable]
    data["sections"] = _platform_sections(data, environ, cfg)
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"{cfg}: {where}: {first['msg']}") from None
    from kernel.sources import allow_configured_link_domains

    allow_configured_link_domains(settings)
    return settings


def _top_level_secrets() -> dict[str, str]:
    """Settings field -> environment variable, for secrets that are fields of `Settings` itself."""
    from kernel.sources import registry

    return {
        secret.field: secret.env
        for spec in registry()
        for secret in spec.secrets
        if secret.field in Settings.model_fields
    }


def _platform_sections(data: dict[str, Any], environ: Mapping[str, str], cfg: Path) -> dict[str, Any]:
    """Validate the sections of registered platforms that `Settings` has no field for.

    Each platform's secrets come from the environment only; one found in the file is an error.
    """
    from kernel.sources import registry

    sections: dict[str, Any] = {}
    for spec in registry():
        if spec.section in Settings.model_fields:
            continue
        raw = data.pop(spec.section, {})
        if not isinstance(raw, dict):
            raise ConfigError(f"{cfg}: [{spec.section}] must be a table")
        for secret in spec.secrets:
            if secret.field in raw:
                raise ConfigError(
                    f"{cfg}: {spec.section}.{secret.field} is a secret: set {secret.env} in the environment instead"
                )
            if environ.get(secret.env):
                raw[secret.field] = environ[secret.env]
        for variable, name in spec.env.items():
            if environ.get(variable):
                raw[name] = environ[variable]
        try:
            sections[spec.section] = spec.settings_model.model_validate(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in (spec.section, *first["loc"]))
            raise ConfigError(f"{cfg}: {where}: {first['msg']}") from None
    return sections
