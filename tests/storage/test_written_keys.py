from __future__ import annotations

from storage.written_keys import WrittenKeys


def test_keys_added_in_batches_are_seen_and_others_are_not() -> None:
    written = WrittenKeys()
    assert written.seen([("x", "1")]) == [False]
    written.add([("x", "1"), ("x", "2")])
    written.add([("instagram", "1"), ("x", "2")])  # a key added twice is kept once
    assert len(written) == 3
    assert written.seen([("x", "2"), ("x", "3"), ("instagram", "1"), ("instagram", "2")]) == [
        True,
        False,
        True,
        False,
    ]
    assert written.seen([]) == []


def test_many_batches_stay_sorted_and_complete() -> None:
    written = WrittenKeys()
    for start in range(0, 20_000, 2_000):
        written.add([("x", str(n)) for n in range(start, start + 2_000, 2)])
    assert len(written) == 10_000
    assert all(written.seen([("x", str(n)) for n in range(0, 20_000, 2)]))
    assert not any(written.seen([("x", str(n)) for n in range(1, 20_000, 2)]))
