"""Constants of the X API v2 that the collector relies on (dlt style: one place for them)."""

from __future__ import annotations

from datetime import timedelta

DEFAULT_BASE_URL = "https://api.x.com"

# X charges per resource returned, expansions included. Referenced posts are not expanded (a repost's own
# fields already name the post it repeats); authors and media are, as the digest shows handles and images.
TWEET_FIELDS = (
    "id",
    "text",
    "created_at",
    "author_id",
    "lang",
    "public_metrics",
    "referenced_tweets",
    "conversation_id",
    "attachments",
    "note_tweet",
)
EXPANSIONS = ("author_id", "attachments.media_keys")
USER_FIELDS = ("id", "username", "name")
MEDIA_FIELDS = ("media_key", "type", "url", "preview_image_url")

# The endpoints refuse a max_results outside these bounds.
PAGE_SIZE_MAX = 100
MENTIONS_PAGE_SIZE_MIN = 5
SEARCH_PAGE_SIZE_MIN = 10

# Recent search covers the last seven days and answers 400 to a since_id or start_time older than that.
SEARCH_WINDOW = timedelta(days=7)
# Requests take time and clocks drift: stay this far inside the window so the API does not reject the edge.
SEARCH_WINDOW_MARGIN = timedelta(minutes=2)
