"""The ``[mastodon]`` section of praise.toml, and the constants of the Mastodon API the collector relies on."""

from __future__ import annotations

from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

# The largest page the status and notification lists return.
PAGE_SIZE_MAX = 40


def instance_host(url: str) -> str:
    """``https://social.example/`` or ``social.example`` -> ``social.example``."""
    text = url.strip().rstrip("/")
    host = urlsplit(text if "://" in text else f"https://{text}").hostname
    return (host or text).lower()


class MastodonSettings(BaseModel):
    """Where and what to read on Mastodon; the access token comes from ``MASTODON_ACCESS_TOKEN`` only."""

    model_config = ConfigDict(extra="forbid")

    instance: str | None = Field(
        None, description="Home instance of our bot account (https://social.example), whose mentions we read."
    )
    accounts: list[str] = Field(
        default_factory=list, description="Our accounts on Mastodon (acct form): never praise of ourselves."
    )
    mentions: bool = Field(True, description="Read the bot account's mention notifications (read scope).")
    replies: bool = Field(True, description="Read the replies under our accounts' latest posts.")
    reply_posts: int = Field(
        20, ge=1, le=40, description="How many of our latest posts have their replies read."
    )
    hashtags: list[str] = Field(default_factory=list, description="Hashtags whose public timelines we read.")
    hashtag_instances: list[str] = Field(
        default_factory=list, description="Further instances whose public hashtag timelines we read."
    )
    max_posts: int = Field(400, ge=1, description="Most posts read per source and run.")
    backfill: int = Field(
        200, ge=0, description="Posts read back in time on a source's first run (it has no cursor yet)."
    )
    max_rate_limit_wait: float = Field(
        300, ge=0, description="Longest wait for a rate-limit reset per run, s."
    )
    timeout: float = Field(30, gt=0, description="HTTP time-out per request, in seconds.")
    # From the environment only: MASTODON_ACCESS_TOKEN, PRAISE_MASTODON_BASE_URL.
    access_token: SecretStr | None = None
    base_url: str | None = None

    @field_validator("instance", "hashtag_instances", mode="after")
    @classmethod
    def _https(cls, value: str | list[str] | None) -> str | list[str] | None:
        for url in [value] if isinstance(value, str) else value or []:
            if url.startswith("http://"):
                raise ValueError(f"{url}: use https (the token travels with every request)")
        return value

    def instances(self) -> list[str]:
        """Every instance we read from, as host names, the bot's home first."""
        hosts = [
            instance_host(u) for u in ([self.instance] if self.instance else []) + self.hashtag_instances
        ]
        return list(dict.fromkeys(hosts))
