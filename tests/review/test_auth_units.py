"""Throttling, sessions and the queue rules, without HTTP."""

from __future__ import annotations

from review.auth import LoginThrottle, Right, User
from review.config import Role
from review.queue import in_queue, needs_decision
from review.sessions import Session, SessionCodec


def test_throttle_counts_per_name_and_client_and_forgets_after_the_window():
    now = [0.0]
    throttle = LoginThrottle(2, 60, clock=lambda: now[0])
    throttle.failed("10.0.0.1", "ed")
    assert throttle.wait_seconds("10.0.0.1", "ed") == 0
    now[0] = 10
    throttle.failed("10.0.0.1", "ED")
    assert throttle.wait_seconds("10.0.0.1", "ed") == 50
    assert throttle.wait_seconds("10.0.0.2", "ed") == 0  # another client
    assert throttle.wait_seconds("10.0.0.1", "pia") == 0  # another name, below the client limit
    now[0] = 61
    assert throttle.wait_seconds("10.0.0.1", "ed") == 0


def test_throttle_limits_one_client_guessing_many_names():
    throttle = LoginThrottle(2, 60, clock=lambda: 5.0)
    for n in range(8):
        throttle.failed("10.0.0.9", f"user{n}")
    assert throttle.wait_seconds("10.0.0.9", "someone-else") > 0


def test_sessions_round_trip_and_expire():
    codec = SessionCodec("secret", 3600)
    session = Session(lang="en", sid="server-side-id")
    assert codec.load(codec.dump(session)) == session
    # The cookie never names the user: who is signed in lives on the server only.
    loaded = codec.load(codec.dump(Session(user="ed")))
    assert loaded is not None
    assert loaded.user is None
    assert codec.load("garbage") is None
    assert SessionCodec("secret", -1).load(codec.dump(session)) is None
    fresh = session.signed_in("pia", sid="another-id")
    assert fresh.csrf != session.csrf
    assert fresh.lang == "en"


def test_rights_follow_the_roles():
    assert not User("lea", Role.VIEWER).may(Right.EDIT)
    assert User("ed", Role.EDITOR).may(Right.EDIT)
    assert not User("ed", Role.EDITOR).may(Right.PUBLISH)
    assert User("pia", Role.PUBLISHER).may(Right.PUBLISH)


def test_queue_rules():
    praise = {"kind": "post", "praise": True, "topics": ["vpn"], "decision": None}
    assert in_queue(praise)
    assert needs_decision(praise)
    assert not in_queue(praise | {"kind": "repost"})
    assert not in_queue(praise | {"author_handle": "@StadtIT_Demo"}, ["stadtit_demo"])
    ironic = praise | {"irony": True}
    assert in_queue(ironic)
    assert not needs_decision(ironic)
    corrected = praise | {"praise": False, "praise_by_editor": True}
    assert in_queue(corrected)
    assert not needs_decision(corrected)
    mascot = {
        "kind": "post",
        "praise": False,
        "sentiment": "positive",
        "topics": ["mascot"],
        "decision": None,
    }
    assert needs_decision(mascot)
    assert not in_queue({"kind": "post", "praise": False, "sentiment": "negative", "topics": ["vpn"]})
    assert not needs_decision(praise | {"consent": "refused"})
