"""The session and login holes of issue 10, each closed and each with a test that would catch it again."""

from __future__ import annotations

import json

from sqlalchemy import select

from reports.digest import build_digest
from review.auth import LoginThrottle, hash_password
from review.config import Role
from review.sessions import COOKIE
from storage.schema import ReviewRow, ReviewSessionRow
from tests.review.conftest import PASSWORDS, csrf_token, sign_in
from tests.review.world import OWN_HANDLES, WEEK, Post, insert_posts

ORIGIN = "http://testserver"


def _decision(engine, mention_id):
    with engine.connect() as conn:
        return conn.execute(select(ReviewRow.decision).where(ReviewRow.mention_id == mention_id)).scalar()


def _approve(client, mention_id, token, **headers):
    return client.post(
        f"/posts/{mention_id}/decision",
        data={"decision": "approved", "csrf_token": token},
        headers=headers,
    )


def test_logout_invalidates_the_old_cookie_for_get_and_post(make_client, world, engine):
    client = make_client()
    token = sign_in(client, "ed")
    stolen = client.cookies.get(COOKIE)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303

    replay = make_client()
    replay.cookies.set(COOKIE, stolen)
    assert replay.get(f"/weeks/{WEEK}/queue").headers.get("location") == "/login"
    response = _approve(replay, world["vpn"], token)
    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    assert _decision(engine, world["vpn"]) is None
    with engine.connect() as conn:
        assert conn.execute(select(ReviewSessionRow.user_name)).all() == []


def test_a_changed_role_or_password_ends_existing_sessions(make_client, world, review_config):
    client = make_client()
    sign_in(client, "ed")
    assert client.get(f"/weeks/{WEEK}/queue").status_code == 200
    cookie = client.cookies.get(COOKIE)

    users = dict(review_config.users)
    users["ed"] = users["ed"].model_copy(update={"role": Role.PUBLISHER})
    promoted = make_client(review_config.model_copy(update={"users": users}))
    promoted.cookies.set(COOKIE, cookie)
    assert promoted.get(f"/weeks/{WEEK}/queue").headers.get("location") == "/login"

    users["ed"] = review_config.users["ed"].model_copy(update={"password_hash": hash_password("neu-12345")})
    rekeyed = make_client(review_config.model_copy(update={"users": users}))
    rekeyed.cookies.set(COOKIE, cookie)
    assert rekeyed.get(f"/weeks/{WEEK}/queue").headers.get("location") == "/login"

    unchanged = make_client()
    unchanged.cookies.set(COOKIE, cookie)
    assert unchanged.get(f"/weeks/{WEEK}/queue").status_code == 200


def test_a_cross_site_post_leaves_the_session_intact(make_client, world, engine):
    client = make_client()
    sign_in(client, "ed")
    cookie = client.cookies.get(COOKIE)
    # What a foreign page's form sends: SameSite=Strict keeps the cookie back, the token is unknown.
    client.cookies.clear()
    forged = client.post(
        f"/posts/{world['vpn']}/decision",
        data={"decision": "approved", "csrf_token": "guessed"},
        headers={"Origin": "https://evil.example"},
    )
    assert forged.status_code == 403
    assert "set-cookie" not in forged.headers
    assert _decision(engine, world["vpn"]) is None

    client.cookies.set(COOKIE, cookie)
    assert client.get(f"/weeks/{WEEK}/queue").status_code == 200


def test_a_rejected_post_with_the_cookie_does_not_touch_the_session(make_client, world):
    client = make_client()
    sign_in(client, "ed")
    cookie = client.cookies.get(COOKIE)
    response = client.post(f"/posts/{world['vpn']}/decision", data={"decision": "approved"})
    assert response.status_code == 403
    assert "set-cookie" not in response.headers
    assert client.cookies.get(COOKIE) == cookie


def test_a_forged_origin_is_refused_even_with_a_valid_token(make_client, world, engine):
    client = make_client()
    token = sign_in(client, "ed")
    for headers in (
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://testserver.evil.example"},
        {"Referer": "https://evil.example/page"},
    ):
        response = _approve(client, world["vpn"], token, **headers)
        assert response.status_code == 403, headers
        assert _decision(engine, world["vpn"]) is None
    assert _approve(client, world["vpn"], token, Origin=ORIGIN).status_code == 303
    assert _decision(engine, world["vpn"]) == "approved"
    assert (
        _approve(client, world["helpdesk"], token, Referer=f"{ORIGIN}/weeks/{WEEK}/queue").status_code == 303
    )


def _fail_login(client, token, forwarded_for):
    return client.post(
        "/login",
        data={"username": "ed", "password": "wrong", "csrf_token": token},
        headers={"X-Forwarded-For": forwarded_for},
    )


def test_x_forwarded_for_from_an_untrusted_client_is_ignored_by_the_rate_limit(make_client, world):
    client = make_client(throttle=LoginThrottle(3, 300), client=("203.0.113.7", 40000))
    token = csrf_token(client)
    statuses = [_fail_login(client, token, f"198.51.100.{n}").status_code for n in range(5)]
    assert statuses == [401, 401, 401, 429, 429]


def test_x_forwarded_for_from_a_trusted_proxy_names_the_client(make_client, world, review_config):
    behind_proxy = review_config.model_copy(update={"trusted_proxies": ["10.0.0.0/24"]})
    client = make_client(behind_proxy, throttle=LoginThrottle(3, 300), client=("10.0.0.2", 40000))
    token = csrf_token(client)
    # Each browser behind the proxy has its own count; a claimed left-most hop does not help.
    assert [_fail_login(client, token, "198.51.100.1").status_code for _ in range(4)] == [401, 401, 401, 429]
    assert _fail_login(client, token, "198.51.100.2").status_code == 401
    assert _fail_login(client, token, "1.2.3.4, 198.51.100.1").status_code == 429
    right = client.post(
        "/login",
        data={"username": "ed", "password": PASSWORDS["ed"], "csrf_token": token},
        headers={"X-Forwarded-For": "198.51.100.3"},
    )
    assert right.status_code == 303


def test_hsts_only_when_the_request_came_over_https(make_client, world, review_config):
    assert "strict-transport-security" not in make_client().get("/login").headers
    direct = make_client(base_url="https://testserver").get("/login")
    assert direct.headers["strict-transport-security"].startswith("max-age=")
    spoofed = make_client().get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "strict-transport-security" not in spoofed.headers
    proxied = make_client(
        review_config.model_copy(update={"trusted_proxies": ["10.0.0.2"]}), client=("10.0.0.2", 1)
    ).get("/login", headers={"X-Forwarded-Proto": "https"})
    assert proxied.headers["strict-transport-security"].startswith("max-age=")


def test_a_published_weeks_preview_equals_the_published_file_after_more_imports(
    make_client, world, engine, tmp_path
):
    editor, publisher = make_client(), make_client()
    edit, publish = sign_in(editor, "ed"), sign_in(publisher, "pia")
    for name, decision in (("vpn", "approved"), ("helpdesk", "approved"), ("irony", "rejected")):
        editor.post(f"/posts/{world[name]}/decision", data={"decision": decision, "csrf_token": edit})
    editor.post(f"/posts/{world['question']}/decision", data={"decision": "rejected", "csrf_token": edit})
    for step in ("approve", "publish"):
        assert publisher.post(f"/weeks/{WEEK}/{step}", data={"csrf_token": publish}).status_code == 303
    published = (tmp_path / "published" / f"digest-{WEEK}" / "digest.html").read_bytes()
    assert publisher.get(f"/weeks/{WEEK}/digest.html").content == published

    more = [
        Post(f"late{n}", f"Nachträglich importiert: danke für den Support Nr. {n}!", 40 + n, f"spaet_{n}")
        for n in range(3)
    ]
    insert_posts(engine, more, first_number=100)
    assert publisher.get(f"/weeks/{WEEK}/digest.html").content == published
    assert publisher.get(f"/weeks/{WEEK}/published/digest.html").content == published
    live = build_digest(engine, WEEK, "de", own_handles=OWN_HANDLES)
    assert (
        live.this_week.mentions
        > json.loads((tmp_path / "published" / f"digest-{WEEK}" / "digest.json").read_text())["this_week"][
            "mentions"
        ]
    )
