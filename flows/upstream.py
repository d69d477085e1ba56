"""Before a digest goes out: posts deleted on X since we stored them are erased, never published.

The digest's X candidates are looked up by id; each one X no longer shows is erased like a person's
request (reason `deleted_upstream`, suppressed against re-import), and the digest is built again,
whose new candidates are looked up in turn. Instagram offers no such look-up to instaloader without
a login per post, so its posts are not re-checked.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE
from sqlalchemy import Engine, select

from collectors.x import build_x_client
from collectors.x.lookup import XLookupApi, gone_posts
from kernel.settings import Settings, load_settings
from reports.digest import build_digest
from storage.db import make_engine
from storage.erasure import DELETED_UPSTREAM, erase_mention
from storage.migrate import upgrade
from storage.reviews import PUBLISHED, week_state
from storage.schema import MentionRow

log = logging.getLogger("praise.flows.upstream")
# Each round erases what vanished and re-checks the posts that move up; a few rounds always suffice.
MAX_ROUNDS = 5


def _x_candidates(engine: Engine, settings: Settings, week: str) -> list[str]:
    digest = build_digest(engine, week, settings.review.digest_lang, own_handles=settings.own_handles)
    items = list(digest.highlights) + [i for g in digest.groups for i in g.items] + list(digest.mascot)
    ids = [i.mention_id for i in items if i.platform == "x"]
    if not ids:
        return []
    with engine.connect() as conn:
        stmt = select(MentionRow.external_id).where(MentionRow.id.in_(ids))
        return [str(e) for e in conn.execute(stmt).scalars()]


def drop_deleted_candidates(
    engine: Engine,
    settings: Settings,
    week: str,
    client: XLookupApi | None = None,
    *,
    actor: str = "schedule",
) -> list[int]:
    """Erase the week's digest candidates X no longer shows; returns the erasure ids.

    `actor` is who asked for the publication (the erasure record names them), the schedule by default.

    Without an X token (an Instagram-only set-up, the offline demo) nothing is checked.
    """
    if client is None:
        if settings.x_bearer_token is None:
            log.info("no X token: digest candidates of %s not re-checked on X", week)
            return []
        client = build_x_client(
            settings.x_bearer_token.get_secret_value(),
            base_url=settings.x_api_base_url,
            timeout=settings.x.timeout,
        )
    erased: list[int] = []
    for _ in range(MAX_ROUNDS):
        candidates = _x_candidates(engine, settings, week)
        gone = gone_posts(client, candidates) if candidates else set()
        if not gone:
            break
        for external_id in sorted(gone):
            result = erase_mention(engine, ("x", external_id), actor=actor, reason=DELETED_UPSTREAM)
            erased.append(result.erasure_id)
    if erased:
        log.info("digest of %s: %d post(s) deleted on X were erased", week, len(erased))
    return erased


@task(name="drop-deleted-posts", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=30)
def drop_deleted_posts(config: str | None, week: str) -> dict[str, Any]:
    settings = load_settings(None if config is None else Path(config))
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        # A published week is read-only and goes out no more: its posts need no look-up (X bills each).
        if week_state(engine, week).status == PUBLISHED:
            return {"week": week, "erased_deleted_upstream": 0}
        return {"week": week, "erased_deleted_upstream": len(drop_deleted_candidates(engine, settings, week))}
    finally:
        engine.dispose()
