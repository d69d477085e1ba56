from __future__ import annotations

from datetime import UTC, datetime

import pytest

from collectors.x import XCursor
from collectors.x.ids import first_id_at, is_post_id, time_of_id
from kernel.errors import CollectorError


def test_cursor_round_trips_and_leaves_out_empty_fields():
    cursor = XCursor(user_id="16", since_id="100", until_id="90", newest_id="120")
    assert XCursor.from_json(cursor.to_json()) == cursor
    assert XCursor(since_id="100").to_json() == {"since_id": "100"}
    assert XCursor.from_json({}) == XCursor()


def test_numeric_ids_from_older_cursors_are_accepted_as_strings():
    assert XCursor.from_json({"since_id": 2122242189554642944}).since_id == "2122242189554642944"


def test_gap_without_its_newest_id_is_refused():
    with pytest.raises(CollectorError, match="until_id without newest_id"):
        XCursor.from_json({"until_id": "90"})


def test_snowflake_time_round_trip():
    moment = datetime(2026, 11, 16, 8, 15, 42, 123000, tzinfo=UTC)
    post_id = first_id_at(moment)
    assert time_of_id(post_id) == moment
    assert time_of_id(str(int(post_id) + 4_000_000)) == moment  # worker and sequence bits do not move time
    assert int(first_id_at(datetime(2026, 11, 16, 8, 15, 43, tzinfo=UTC))) > int(post_id) + 4_000_000


def test_is_post_id_accepts_only_decimal_strings():
    assert is_post_id("2122242189554642944")
    assert not any(is_post_id(v) for v in (2122242189554642944, "", "12a", "١٢", None))
