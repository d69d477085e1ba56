from __future__ import annotations

from datetime import UTC, date, datetime

from reports.formatting import day, moment, number, percent, signed, signed_points


def test_german_dates_numbers_and_percentages() -> None:
    assert day(date(2026, 11, 23)) == "23.11.2026"
    # 23:30 UTC on the 22nd is already the 23rd in Berlin.
    assert day(datetime(2026, 11, 22, 23, 30, tzinfo=UTC)) == "23.11.2026"
    assert moment(datetime(2026, 11, 23, 8, 15, tzinfo=UTC)) == "23.11.2026, 09:15 Uhr"
    assert number(12345.6, decimals=1) == "12.345,6"
    assert percent(0.125) == "12,5\u202f%"
    assert signed(-2) == "\u22122"
    assert signed_points(0.025) == "+2,5\u00a0Pp."
    assert percent(None) == "–"


def test_english_formats() -> None:
    assert day(date(2026, 11, 23), "en") == "2026-11-23"
    assert number(12345.6, "en", 1) == "12,345.6"
    assert percent(0.125, "en") == "12.5%"
