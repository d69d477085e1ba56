"""The workspace over HTTP: roles, CSRF, login, the week's flow and its read-only end."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from review.auth import LoginThrottle
from review.config import review_config_from
from review.sessions import Session, SessionCodec
from storage import reviews
from storage.schema import EditorLabelRow, ReviewRow
from tests.review.conftest import PASSWORDS, csrf_token, sign_in
from tests.review.world import WEEK

LOGIN_FAILED = "Benutzername oder Passwort falsch"


def _decision(engine, mention_id):
    with engine.connect() as conn:
        return conn.execute(select(ReviewRow.decision).where(ReviewRow.mention_id == mention_id)).scalar()


def test_pages_need_a_signed_in_user(make_client, world):
    client = make_client()
    for path in ("/", f"/weeks/{WEEK}/queue", f"/weeks/{WEEK}/digest.html", "/leadership"):
        response = client.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"] == "/login", path


def test_a_viewer_reads_but_cannot_approve(make_client, world, engine):
    client = make_client()
    token = sign_in(client, "lea")

    page = client.get(f"/weeks/{WEEK}/queue")
    assert page.status_code == 200
    assert "Freigeben" not in page.text
    response = client.post(
        f"/posts/{world['vpn']}/decision", data={"decision": "approved", "csrf_token": token}
    )

    assert response.status_code == 403
    assert "Dafür fehlt Ihnen die Berechtigung." in response.text
    assert _decision(engine, world["vpn"]) is None
    assert client.post(f"/weeks/{WEEK}/approve", data={"csrf_token": token}).status_code == 403


def test_an_editor_cannot_approve_or_publish_the_week(make_client, world):
    client = make_client()
    token = sign_in(client, "ed")
    assert client.post(f"/weeks/{WEEK}/approve", data={"csrf_token": token}).status_code == 403
    assert client.post(f"/weeks/{WEEK}/publish", data={"csrf_token": token}).status_code == 403


@pytest.mark.parametrize("token", [None, "", "forged-token"])
def test_a_post_without_the_sessions_csrf_token_is_refused(make_client, world, engine, token):
    client = make_client()
    sign_in(client, "ed")
    data = {"decision": "approved"} | ({"csrf_token": token} if token is not None else {})

    response = client.post(f"/posts/{world['vpn']}/decision", data=data)

    assert response.status_code == 403
    assert "Sicherheitstoken" in response.text
    assert _decision(engine, world["vpn"]) is None


def test_another_sessions_token_is_refused(make_client, world, engine):
    attacker, victim = make_client(), make_client()
    attacker_token = sign_in(attacker, "ed")
    sign_in(victim, "ed")
    response = victim.post(
        f"/posts/{world['vpn']}/decision", data={"decision": "approved", "csrf_token": attacker_token}
    )
    assert response.status_code == 403
    assert _decision(engine, world["vpn"]) is None


def test_login_itself_needs_the_token(make_client):
    client = make_client()
    response = client.post("/login", data={"username": "ed", "password": PASSWORDS["ed"]})
    assert response.status_code == 403


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]+"', "", html)


def test_wrong_password_and_unknown_user_get_the_same_answer(make_client):
    client = make_client()

    def attempt(name: str, password: str):
        return client.post(
            "/login", data={"username": name, "password": password, "csrf_token": csrf_token(client)}
        )

    wrong_password = attempt("ed", "falsch-falsch")
    unknown_user = attempt("niemand", PASSWORDS["ed"])

    assert wrong_password.status_code == unknown_user.status_code == 401
    assert LOGIN_FAILED in wrong_password.text
    assert _without_tokens(unknown_user.text).replace('value="niemand"', 'value="ed"') == _without_tokens(
        wrong_password.text
    )


def test_failed_logins_are_slowed_down(make_client):
    clock = [1000.0]
    client = make_client(throttle=LoginThrottle(3, 300, clock=lambda: clock[0]))
    for _ in range(3):
        response = client.post(
            "/login", data={"username": "ed", "password": "falsch", "csrf_token": csrf_token(client)}
        )
        assert response.status_code == 401

    blocked = client.post(
        "/login", data={"username": "ed", "password": PASSWORDS["ed"], "csrf_token": csrf_token(client)}
    )
    assert blocked.status_code == 429
    assert "Zu viele" in blocked.text

    clock[0] += 301
    allowed = client.post(
        "/login", data={"username": "ed", "password": PASSWORDS["ed"], "csrf_token": csrf_token(client)}
    )
    assert allowed.status_code == 303


def test_session_cookie_flags_and_security_headers(make_client, review_config):
    strict = review_config.model_copy(update={"allow_insecure_http": False})
    response = make_client(strict).get("/login")

    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=strict" in cookie
    assert "secure" in cookie
    csp = response.headers["content-security-policy"]
    script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert "'self'" in script_src
    assert "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "HTTPS" in response.text  # the login page explains why signing in over http cannot work

    relaxed = make_client().get("/login").headers["set-cookie"].lower()
    assert "secure" not in relaxed


def test_a_cookie_signed_with_another_secret_is_ignored(make_client, world):
    client = make_client()
    sign_in(client, "ed")
    assert client.get(f"/weeks/{WEEK}/queue").status_code == 200
    forged = SessionCodec("guessed-secret", 3600).dump(Session(user="pia"))
    client.cookies.clear()
    client.cookies.set("praise_review", forged)
    assert client.get(f"/weeks/{WEEK}/queue").status_code == 303


def test_trusted_header_only_when_configured_and_listed(make_client, review_config, world):
    header = {"X-Remote-User": "pia"}
    assert make_client().get(f"/weeks/{WEEK}/queue", headers=header).status_code == 303

    trusting = review_config.model_copy(update={"trusted_user_header": "X-Remote-User"})
    client = make_client(trusting)
    assert client.get(f"/weeks/{WEEK}/queue", headers=header).status_code == 200
    stranger = client.get(f"/weeks/{WEEK}/queue", headers={"X-Remote-User": "mallory"})
    assert stranger.status_code == 403
    assert "mallory" in stranger.text


def test_the_week_from_queue_to_publication(make_client, world, engine, tmp_path):
    editor, publisher = make_client(), make_client()
    edit, publish = sign_in(editor, "ed"), sign_in(publisher, "pia")

    def post(client, path, token, **data):
        response = client.post(path, data={"csrf_token": token, **data})
        assert response.status_code == 303, response.text
        return response

    post(editor, f"/posts/{world['vpn']}/decision", edit, decision="approved")
    blocked = publisher.post(f"/weeks/{WEEK}/approve", data={"csrf_token": publish})
    assert blocked.status_code == 409
    assert "ohne Entscheidung" in blocked.text

    post(editor, f"/posts/{world['helpdesk']}/decision", edit, decision="approved")
    post(editor, f"/posts/{world['irony']}/decision", edit, decision="rejected")
    post(editor, f"/posts/{world['question']}/label", edit, field="praise", value="not_praise")
    post(editor, f"/posts/{world['helpdesk']}/note", edit, note="Schöner Dank, bitte teilen")
    with engine.connect() as conn:
        label = conn.execute(select(EditorLabelRow.value, EditorLabelRow.set_by)).one()
    assert tuple(label) == ("not_praise", "ed")

    queue = editor.get(f"/weeks/{WEEK}/queue").text
    # The question has no decision yet, but as "kein Lob" it no longer blocks the digest's approval.
    assert "1 von 4 Beiträgen offen" in queue
    everything = editor.get(f"/weeks/{WEEK}/queue?state=all").text
    assert "Schöner Dank, bitte teilen" in everything
    assert "ed hat den Beitrag freigegeben" in everything
    assert "ed hat Lob auf „kein Lob“ korrigiert" in everything

    post(publisher, f"/weeks/{WEEK}/approve", publish)
    post(publisher, f"/weeks/{WEEK}/publish", publish)

    published = json.loads((tmp_path / "published" / f"digest-{WEEK}" / "digest.json").read_text())
    shown = {i["mention_id"] for g in published["groups"] for i in g["items"]} | {
        i["mention_id"] for i in published["mascot"]
    }
    assert shown == {world["vpn"], world["helpdesk"]}
    assert reviews.week_state(engine, WEEK).locked
    preview = publisher.get(f"/weeks/{WEEK}/preview").text
    assert "Veröffentlicht am" in preview
    assert "Veröffentlichen</button>" not in preview

    for path, data in [
        (f"/posts/{world['vpn']}/decision", {"decision": "rejected"}),
        (f"/posts/{world['vpn']}/highlight", {"highlight": "1"}),
        (f"/posts/{world['vpn']}/label", {"field": "sentiment", "value": "neutral"}),
        (f"/posts/{world['vpn']}/note", {"note": "zu spät"}),
        (f"/weeks/{WEEK}/approve", {}),
        (f"/weeks/{WEEK}/withdraw", {}),
        (f"/weeks/{WEEK}/publish", {}),
    ]:
        response = publisher.post(path, data={"csrf_token": publish, **data})
        assert response.status_code == 409, path
        assert "ist veröffentlicht" in response.text, path
    assert _decision(engine, world["vpn"]) == "approved"

    # Marking "reposted" stays possible: it does not change the digest.
    reposted = publisher.post(
        f"/posts/{world['vpn']}/reposted", data={"csrf_token": publish, "reposted": "1"}
    )
    assert reposted.status_code == 303
    assert reviews.week_state(engine, WEEK).locked


def test_publishing_needs_an_approved_week(make_client, world):
    client = make_client()
    token = sign_in(client, "pia")
    response = client.post(f"/weeks/{WEEK}/publish", data={"csrf_token": token})
    assert response.status_code == 409
    assert "erst freigegeben" in response.text


def test_highlights_show_snippets_and_take_the_reposted_mark(make_client, world, engine):
    client = make_client()
    token = sign_in(client, "ed")
    client.post(f"/posts/{world['vpn']}/decision", data={"decision": "approved", "csrf_token": token})

    client.post(f"/posts/{world['irony']}/decision", data={"decision": "approved", "csrf_token": token})
    client.post(
        f"/posts/{world['irony']}/label", data={"field": "praise", "value": "not_praise", "csrf_token": token}
    )

    page = client.get(f"/weeks/{WEEK}/highlights").text
    # Approved praise only: the approved irony post is labelled "kein Lob" and stays off the list.
    assert "schon wieder weg" not in page
    # No snippet before the author agreed to be reposted.
    assert "„Danke an das IT-Referat!" not in page
    assert "Textbaustein erst nach erteiltem Einverständnis" in page
    client.post(f"/posts/{world['vpn']}/consent", data={"consent": "granted", "csrf_token": token})
    page = client.get(f"/weeks/{WEEK}/highlights").text
    assert "„Danke an das IT-Referat!" in page
    assert "@anna_k_bsp auf X" in page
    assert "Noch nicht geteilt" in page
    response = client.post(
        f"/posts/{world['vpn']}/reposted", data={"reposted": "1", "back": "highlights", "csrf_token": token}
    )
    assert response.headers["location"].startswith(f"/weeks/{WEEK}/highlights")
    assert "Geteilt am" in client.get(f"/weeks/{WEEK}/highlights").text


def test_leadership_page_frames_the_sentiment_report(make_client, world):
    client = make_client()
    sign_in(client, "lea")
    page = client.get("/leadership", params={"from": "2026-11-09", "to": "2026-11-22"})
    assert page.status_code == 200
    assert 'src="/leadership/report.html?from=2026-11-09&amp;to=2026-11-22"' in page.text
    report = client.get("/leadership/report.html", params={"from": "2026-11-09", "to": "2026-11-22"})
    assert report.status_code == 200
    assert "<svg" in report.text
    assert "frame-ancestors 'self'" in report.headers["content-security-policy"]
    bad = client.get("/leadership", params={"from": "2026-11-22", "to": "2026-11-01"})
    assert bad.status_code == 400


def test_english_on_request(make_client, world):
    client = make_client()
    token = sign_in(client, "ed")
    response = client.post("/language", data={"lang": "en", "back": "//evil.example/", "csrf_token": token})
    assert response.headers["location"] == "/"
    page = client.get(f"/weeks/{WEEK}/queue").text
    assert '<html lang="en">' in page
    assert "Approve" in page


def test_unknown_weeks_and_posts_are_not_found(make_client, world):
    client = make_client()
    token = sign_in(client, "ed")
    assert client.get("/weeks/2026-W99/queue").status_code == 404
    missing = client.post("/posts/999999/decision", data={"decision": "approved", "csrf_token": token})
    assert missing.status_code == 404


def test_config_secret_is_never_read_from_the_file(tmp_path):
    from kernel.errors import ConfigError
    from review.config import load_review_config

    path = tmp_path / "praise.toml"
    path.write_text('[review]\nsecret = "oops"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="PRAISE_REVIEW_SECRET"):
        load_review_config(path, env={})
    path.write_text('[review.users.ed]\nrole = "editor"\npassword_hash = "plain"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="argon2"):
        load_review_config(path, env={})
    path.write_text('[review]\ntrusted_user_header = "X-Remote-User"\n', encoding="utf-8")
    config = load_review_config(path, env={"PRAISE_REVIEW_SECRET": "s3cret"})
    assert config.secret is not None
    assert config.secret.get_secret_value() == "s3cret"
    assert "s3cret" not in repr(config)
    assert review_config_from({}).allow_insecure_http is False
