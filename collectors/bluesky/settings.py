"""The ``[bluesky]`` section of praise.toml, and the constants of the Bluesky API the collector relies on."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, SecretStr

DEFAULT_BASE_URL = "https://bsky.social"
# The largest pages listNotifications and searchPosts return.
NOTIFICATIONS_PAGE_MAX = 100
SEARCH_PAGE_MAX = 100
# The notifications that are about our posts or name us: likes, follows and reposts are not praise text.
REASONS = ("mention", "reply", "quote")


class BlueskySettings(BaseModel):
    """What to read on Bluesky; the app password comes from ``BLUESKY_APP_PASSWORD`` only."""

    model_config = ConfigDict(extra="forbid")

    handle: str | None = Field(
        None, description="Our account's handle; its app password reads its mentions, replies and quotes."
    )
    accounts: list[str] = Field(
        default_factory=list, description="Our accounts on Bluesky (handles): never praise of ourselves."
    )
    notifications: bool = Field(
        True, description="Read the account's mention, reply and quote notifications."
    )
    searches: list[str] = Field(default_factory=list, description="Post searches: our names and hashtags.")
    max_posts: int = Field(400, ge=1, description="Most posts read per source and run.")
    backfill_days: float = Field(7, gt=0, description="How far back a source's first run reads, in days.")
    max_rate_limit_wait: float = Field(
        300, ge=0, description="Longest wait for a rate-limit reset per run, s."
    )
    timeout: float = Field(30, gt=0, description="HTTP time-out per request, in seconds.")
    # From the environment only: BLUESKY_APP_PASSWORD, PRAISE_BLUESKY_BASE_URL.
    app_password: SecretStr | None = None
    base_url: str | None = None
