"""How times read: the timer's face, time spoken, timestamps for integrations and the record's
clock and dates. Every time is UTC: a meeting's record does not depend on the server's zone."""

from datetime import UTC, date, datetime
from typing import overload


def clock_face(seconds: float) -> str:
    """`m:ss`, or `+m:ss` once over time — the same face the timer script draws."""
    sign = "+" if seconds < 0 else ""
    whole = int(abs(seconds) + (0.999 if seconds > 0 else 0))  # count down 3:00 .. 0:01, then +0:00
    return f"{sign}{whole // 60}:{whole % 60:02d}"


def duration(seconds: float) -> str:
    """`m:ss` of time spoken, rounded down."""
    whole = int(max(0.0, seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def clock(seconds: float) -> str:
    """`m:ss` (or `h:mm:ss` from an hour on), to the nearest second: the record's lengths."""
    whole = int(round(max(0.0, seconds)))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@overload
def iso(ts: float) -> str: ...
@overload
def iso(ts: None) -> None: ...
@overload
def iso(ts: float | None) -> str | None: ...
def iso(ts: float | None) -> str | None:
    """`2013-10-03T14:02:05Z`, for integrations and the JSON and CSV records."""
    return None if ts is None else datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def time_of_day(ts: float) -> str:
    """`14:02:05` in UTC."""
    return datetime.fromtimestamp(ts, UTC).strftime("%H:%M:%S")


def long_date(iso_date: str) -> str:
    """`3 October 2013` from `2013-10-03`; anything else as given."""
    try:
        day = date.fromisoformat(iso_date)
    except ValueError:
        return iso_date
    return f"{day.day} {day.strftime('%B')} {day.year}"
