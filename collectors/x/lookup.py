"""Which posts X no longer shows: a look-up by id (``GET /2/tweets``) before a digest quotes them.

X answers a deleted post (and one made private or of a suspended account) with an error naming its
id instead of the post. Only ids X names in such an error count as gone; an id neither returned nor
named is an unclear answer and raises, so a post is never dropped on a guess. Each post returned is
billed as a read, so only the digest's few candidates are looked up.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from kernel.errors import TransientError
from kernel.records import JSON

# X's limit of ids per look-up request.
LOOKUP_BATCH = 100


class XLookupApi(Protocol):
    def get_tweets(self, ids: Sequence[str], **params: Any) -> JSON: ...


def gone_posts(client: XLookupApi, ids: Sequence[str]) -> set[str]:
    """The ids among `ids` that X no longer shows publicly.

    Raises:
        TransientError: an answer that neither returns nor names every id asked for.
        kernel.errors.CollectorError: what the client raises for refusals (401, 429, …).
    """
    gone: set[str] = set()
    wanted = list(dict.fromkeys(str(i) for i in ids))
    for start in range(0, len(wanted), LOOKUP_BATCH):
        chunk = wanted[start : start + LOOKUP_BATCH]
        body = client.get_tweets(ids=chunk, tweet_fields=["id"])
        if not isinstance(body, dict):
            raise TransientError("X API answered the post look-up with a body that is not an object")
        returned = {str(t.get("id")) for t in body.get("data") or [] if isinstance(t, dict)}
        named = {
            str(e.get("resource_id") or e.get("value"))
            for e in body.get("errors") or []
            if isinstance(e, dict) and e.get("resource_type") == "tweet"
        }
        unclear = set(chunk) - returned - named
        if unclear:
            raise TransientError(f"X API's post look-up left {len(unclear)} of {len(chunk)} ids unanswered")
        gone |= named & set(chunk) - returned
    return gone
