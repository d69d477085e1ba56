"""Publishing from the workspace runs the same look-up on X as `praise publish`: deleted posts never go out."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import Engine, select

from kernel.settings import Settings
from praise.commands.review import deleted_posts_check
from praise.fakes.x_api import DEMO_TOKEN, FakeXApi
from review.app import create_app
from review.config import ReviewConfig
from review.products import PublishSettings
from storage.erasure import erasures
from storage.schema import MentionRow
from tests.review.conftest import sign_in
from tests.review.world import OWN_HANDLES, WEEK


def _tweets(engine: Engine) -> list[dict[str, str]]:
    with engine.connect() as conn:
        ids = conn.execute(select(MentionRow.external_id).where(MentionRow.platform == "x")).scalars().all()
    return [{"id": i, "text": "…", "created_at": "2026-11-16T10:00:00.000Z", "author_id": "1"} for i in ids]


def _external_id(engine: Engine, mention_id: int) -> str:
    with engine.connect() as conn:
        found = conn.execute(select(MentionRow.external_id).where(MentionRow.id == mention_id)).scalar_one()
    return str(found)


def _client(review_config: ReviewConfig, engine: Engine, tmp_path: Path, base_url: str) -> TestClient:
    settings = Settings(x_bearer_token=SecretStr(DEMO_TOKEN), x_api_base_url=base_url)
    app = create_app(
        review_config,
        engine,
        publish_settings=PublishSettings(folder=tmp_path / "published", attempts=1),
        own_handles=OWN_HANDLES,
        before_publish=deleted_posts_check(settings, engine),
    )
    return TestClient(app, follow_redirects=False)


def _approve_week(client: TestClient, token: str, world: dict[str, int]) -> None:
    for name, decision in (("vpn", "approved"), ("helpdesk", "approved"), ("irony", "rejected")):
        response = client.post(
            f"/posts/{world[name]}/decision", data={"decision": decision, "csrf_token": token}
        )
        assert response.status_code == 303, response.text
    response = client.post(
        f"/posts/{world['question']}/label",
        data={"field": "praise", "value": "not_praise", "csrf_token": token},
    )
    assert response.status_code == 303, response.text
    assert client.post(f"/weeks/{WEEK}/approve", data={"csrf_token": token}).status_code == 303


def test_a_post_deleted_on_x_after_approval_is_erased_and_not_published(
    review_config: ReviewConfig, engine: Engine, world: dict[str, int], tmp_path: Path
) -> None:
    with (
        FakeXApi({"tweets": _tweets(engine), "users": []}) as fake,
        _client(review_config, engine, tmp_path, fake.base_url) as client,
    ):
        token = sign_in(client, "pia")
        _approve_week(client, token, world)
        fake.delete_tweet(_external_id(engine, world["vpn"]))
        response = client.post(f"/weeks/{WEEK}/publish", data={"csrf_token": token})
        lookups = [r for r in fake.requests if r.path == "/2/tweets"]
    assert response.status_code == 303, response.text
    assert "msg=published" in response.headers["location"]
    assert lookups
    published = json.loads((tmp_path / "published" / f"digest-{WEEK}" / "digest.json").read_text())
    shown = {i["mention_id"] for g in published["groups"] for i in g["items"]}
    shown |= {i["mention_id"] for i in published["highlights"]}
    assert world["vpn"] not in shown
    assert world["helpdesk"] in shown
    (record,) = erasures(engine)
    assert (record.reason, record.actor) == ("deleted_upstream", "pia")


def test_a_failed_look_up_refuses_the_publication_and_sends_nothing(
    review_config: ReviewConfig, engine: Engine, world: dict[str, int], tmp_path: Path
) -> None:
    with (
        FakeXApi({"tweets": _tweets(engine), "users": []}) as fake,
        _client(review_config, engine, tmp_path, fake.base_url) as client,
    ):
        token = sign_in(client, "pia")
        _approve_week(client, token, world)
        fake.fail_next(401)
        response = client.post(f"/weeks/{WEEK}/publish", data={"csrf_token": token})
    assert response.status_code == 502
    assert "Veröffentlichung fehlgeschlagen" in response.text
    assert DEMO_TOKEN not in response.text
    assert not (tmp_path / "published" / f"digest-{WEEK}").exists()
