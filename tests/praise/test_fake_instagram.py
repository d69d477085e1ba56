"""The fake Instagram and its demo corpus."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
import requests

from praise.fakes.instagram import CORPUS_PATH, FakeInstagram, load_demo_corpus

BERLIN_NOVEMBER = timezone(timedelta(hours=1))
JOEY = "kater.joey.demo"


def iso_week(timestamp: int) -> str:
    year, week, _ = datetime.fromtimestamp(timestamp, BERLIN_NOVEMBER).isocalendar()
    return f"{year}-W{week:02d}"


def test_generator_reproduces_the_committed_corpus():
    spec = importlib.util.spec_from_file_location(
        "generate_corpus", CORPUS_PATH.with_name("generate_corpus.py")
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = json.dumps(module.build(), ensure_ascii=False, indent=1) + "\n"
    assert built == CORPUS_PATH.read_text(encoding="utf-8")


def test_demo_corpus_has_the_promised_shape():
    corpus = load_demo_corpus()
    with FakeInstagram(corpus) as fake:
        profile = fake.profile_posts(JOEY)
        demo_weeks = [p for p in profile if iso_week(p["taken_at"]) in {"2026-W45", "2026-W46", "2026-W47"}]
        assert len(demo_weeks) == 12
        assert {iso_week(p["taken_at"]) for p in demo_weeks} == {"2026-W45", "2026-W46", "2026-W47"}
        pinned = [p for p in profile if p["pinned"]]
        assert len(pinned) == 1
        assert pinned[0]["taken_at"] < min(p["taken_at"] for p in demo_weeks)
        assert profile[0] is pinned[0]  # pinned comes first, out of date order
        comments = sum(len(p["comments"]) for p in profile)
        assert 70 <= comments <= 90
        assert max(len(p["caption"] or "") for p in profile) > 2000
        assert any(p["caption"] is None for p in profile)
        assert {p["media_type"] for p in profile} == {1, 2, 8}
        assert len(fake.tagged_posts(JOEY)) == 8
        assert len(fake.hashtag_posts("katerjoey")) == 5
        assert any("VPN" in (p["caption"] or "") for p in profile)
    texts = [c["text"] for p in corpus["posts"] for c in p["comments"]]
    assert len(set(texts)) == len(texts)
    assert any(ord(ch) > 0x1F000 for t in texts for ch in t)  # emoji
    # every handle is marked as invented
    assert all(any(mark in u["username"] for mark in ("demo", "bsp", "beispiel")) for u in corpus["users"])
    assert "Fictional" in corpus["note"]


def test_loopback_routing_serves_instagram_urls(tmp_path):
    with FakeInstagram() as fake:
        session = fake.session()
        page = session.get("https://www.instagram.com/kater.joey.demo/", timeout=5)
        assert page.status_code == 200
        assert page.url == "https://www.instagram.com/kater.joey.demo/"
        assert '"xig_user_by_username"' in page.text
        assert session.get("https://www.instagram.com/niemand.demo/", timeout=5).status_code == 404
        assert fake.served == Counter({"profile_page": 2})
        assert fake.requests_log[0] == ("GET", "www.instagram.com", "/kater.joey.demo/")


def test_logged_in_endpoints_redirect_to_login_without_the_session(tmp_path):
    with FakeInstagram() as fake:
        session = fake.session()
        post = fake.profile_posts(JOEY)[1]
        url = f"https://i.instagram.com/api/v1/media/{post['pk']}/comments/"
        anonymous = session.get(url, allow_redirects=False, timeout=5)
        assert anonymous.status_code == 302
        assert anonymous.headers["Location"].startswith("https://www.instagram.com/accounts/login")
        session.cookies.set("sessionid", fake.sessionid)
        answer = session.get(url, timeout=5).json()
        assert answer["status"] == "ok"
        assert len(answer["comments"]) == len(post["comments"])


def test_fail_next_counts_and_matches():
    with FakeInstagram() as fake:
        session = fake.session()
        fake.fail_next(429, times=2, match="tags/web_info")
        fake.fail_next(401)
        assert session.get("https://www.instagram.com/kater.joey.demo/", timeout=5).status_code == 401
        hashtag = "https://i.instagram.com/api/v1/tags/web_info/?tag_name=katerjoey"
        first = session.get(hashtag, timeout=5)
        assert first.status_code == 429
        assert first.json() == {
            "message": "Please wait a few minutes before you try again.",
            "status": "fail",
        }
        assert session.get(hashtag, timeout=5).status_code == 429
        assert session.get(hashtag, timeout=5).status_code == 200
        assert fake.faults_served == Counter({429: 2, 401: 1})
        assert fake.served["hashtag"] == 1


def test_sessionfile_is_what_instaloader_loads(tmp_path):
    import pickle

    with FakeInstagram() as fake:
        path = fake.write_sessionfile(tmp_path / "session", "it.referat.demo")
        cookies = pickle.loads(path.read_bytes())
        assert cookies["sessionid"] == fake.sessionid
        assert "csrftoken" in cookies


def test_not_started_fake_has_no_url():
    with pytest.raises(RuntimeError):
        _ = FakeInstagram().base_url


def test_stopped_fake_refuses_connections():
    fake = FakeInstagram()
    fake.start()
    session = fake.session()
    fake.stop()
    with pytest.raises(requests.ConnectionError):
        session.get("https://www.instagram.com/", timeout=2)
