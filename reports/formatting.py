"""How numbers and dates read on the page: German by default (23.11.2026, 12,5 %), English on request."""

from __future__ import annotations

from datetime import date, datetime

from kernel.weeks import BERLIN


def day(value: date | datetime, lang: str = "de") -> str:
    """A calendar day: `23.11.2026` in German, `2026-11-23` in English; datetimes count in Berlin time."""
    if isinstance(value, datetime):
        value = value.astimezone(BERLIN).date()
    return f"{value:%d.%m.%Y}" if lang == "de" else value.isoformat()


def moment(value: datetime, lang: str = "de") -> str:
    """A point in time in Berlin time: `23.11.2026, 09:15 Uhr` / `2026-11-23 09:15`."""
    local = value.astimezone(BERLIN)
    if lang == "de":
        return f"{local:%d.%m.%Y, %H:%M} Uhr"
    return f"{local:%Y-%m-%d %H:%M}"


def number(value: float, lang: str = "de", decimals: int = 0) -> str:
    """A number with the reader's separators: `12.345,6` in German, `12,345.6` in English."""
    text = f"{value:,.{decimals}f}"
    if lang != "de":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def percent(share: float | None, lang: str = "de", decimals: int = 1) -> str:
    """A share 0..1 as `12,5 %` (German puts a narrow no-break space before %) or `12.5%`."""
    if share is None:
        return "–"
    figure = number(share * 100, lang, decimals)
    return f"{figure}\u202f%" if lang == "de" else f"{figure}%"


def signed(value: float, lang: str = "de", decimals: int = 0) -> str:
    """A change with its sign, `+3` / `−2` (a real minus sign, as typesetting wants)."""
    if value > 0:
        return "+" + number(value, lang, decimals)
    if value < 0:
        return "\u2212" + number(-value, lang, decimals)
    return "±0"


def signed_points(delta: float | None, lang: str = "de") -> str:
    """A change of a share in percentage points: `+2,5 Pp.` / `+2.5 pp`."""
    if delta is None:
        return "–"
    unit = "Pp." if lang == "de" else "pp"
    return f"{signed(delta * 100, lang, 1)}\u00a0{unit}"
