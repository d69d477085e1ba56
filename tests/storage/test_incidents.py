"""Alert incidents: alerted once while they last, anew when they come back."""

from __future__ import annotations

import threading

from sqlalchemy import Engine

from storage.incidents import claim_alert, open_incidents, record_incident, resolve_incident, unclaim_alert

KEY = "source_failed:x:search:#DankeStadtIT"


def test_an_incident_is_alerted_once_while_it_lasts(engine: Engine) -> None:
    first = record_incident(engine, KEY, "source_failed", "x:search:#DankeStadtIT", "HTTP 500")
    assert first.notified_at is None
    assert claim_alert(engine, KEY)
    again = record_incident(engine, KEY, "source_failed", "x:search:#DankeStadtIT", "HTTP 502")
    assert again.notified_at is not None
    assert again.detail == "HTTP 502"
    assert not claim_alert(engine, KEY)
    assert [i.key for i in open_incidents(engine, "source_failed")] == [KEY]


def test_a_failed_send_is_tried_again_and_a_resolved_incident_comes_back_new(engine: Engine) -> None:
    record_incident(engine, KEY, "source_failed", "s", "d")
    assert claim_alert(engine, KEY)
    unclaim_alert(engine, KEY)
    assert claim_alert(engine, KEY)
    assert resolve_incident(engine, KEY)
    assert not resolve_incident(engine, KEY)
    assert open_incidents(engine) == []
    assert not claim_alert(engine, KEY)
    record_incident(engine, KEY, "source_failed", "s", "again")
    assert claim_alert(engine, KEY)


def test_only_one_of_several_workers_sends_the_alert(engine: Engine) -> None:
    record_incident(engine, KEY, "source_failed", "s", "d")
    barrier = threading.Barrier(5)
    wins: list[bool] = []

    def claim() -> None:
        barrier.wait()
        wins.append(claim_alert(engine, KEY))

    threads = [threading.Thread(target=claim) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wins.count(True) == 1
