from __future__ import annotations

from typing import Any

from reports.selection import may_be_shown, primary_topic, select_mascot, select_praise


def rec(n: int, **values: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": n,
        "kind": "post",
        "platform": "x",
        "author_handle": f"user{n}",
        "praise": True,
        "praise_score": 0.8,
        "sentiment": "positive",
        "topics": ["helpdesk"],
        "likes": 0,
        "reposts": 0,
        "replies": 0,
        "quotes": 0,
        "needs_review": False,
        "irony": False,
        "decision": None,
        "consent": None,
        "created_at": f"2026-11-17T09:{n:02d}",
    }
    base.update(values)
    return base


def test_flagged_posts_need_a_person_and_rejected_or_reposts_never_show() -> None:
    assert not may_be_shown(rec(1, needs_review=True))
    assert not may_be_shown(rec(2, irony=True))
    assert may_be_shown(rec(3, irony=True, decision="approved"))
    assert not may_be_shown(rec(4, decision="rejected"))
    assert not may_be_shown(rec(5, kind="repost"))
    assert not may_be_shown(rec(6, consent="refused", decision="approved"))
    assert not may_be_shown(rec(7, author_handle="StadtIT_Demo"), own_handles=["stadtit_demo"])


def test_ranking_prefers_confidence_and_engagement() -> None:
    low = rec(1, praise_score=0.55)
    liked = rec(2, praise_score=0.8, likes=200)
    plain = rec(3, praise_score=0.8)
    picked = select_praise([low, plain, liked], limit=3)
    assert [r["id"] for r in picked] == [2, 3, 1]


def test_variety_across_platforms_and_topics_beats_a_small_lead() -> None:
    records = [rec(n, topics=["helpdesk"], praise_score=0.9) for n in range(1, 5)]
    records.append(rec(10, topics=["vpn"], platform="instagram", praise_score=0.8))
    picked = select_praise(records, limit=2)
    assert {r["id"] for r in picked} == {1, 10}


def test_at_most_two_posts_per_author() -> None:
    records = [rec(n, author_handle="fan", likes=100) for n in range(1, 5)] + [rec(9)]
    picked = select_praise(records, limit=4)
    assert sum(1 for r in picked if r["author_handle"] == "fan") == 2
    assert any(r["id"] == 9 for r in picked)


def test_mascot_posts_go_to_the_corner_not_the_praise_list() -> None:
    cat = rec(1, topics=["mascot"])
    both = rec(2, topics=["mascot", "devices"])
    grumpy = rec(3, topics=["mascot"], sentiment="negative", praise=False)
    assert primary_topic(both) == "devices"
    assert [r["id"] for r in select_praise([cat, both, grumpy])] == [2]
    assert [r["id"] for r in select_mascot([cat, both, grumpy])] == [1]
