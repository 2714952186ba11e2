"""How times read: the timer's face, time spoken, timestamps for integrations and the record's
clock and dates.

Machine columns are ISO 8601 in UTC: a meeting's record does not depend on the server's zone.
What a person reads is in the event's time zone, in the reader's language and in the style of
UN documents: "Thursday, 3 October 2013", "10 a.m.", "11:40 a.m." (Babel's formats for the
other five languages).
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime, tzinfo
from functools import cache
from typing import overload
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date, format_interval, format_time, get_timezone_location

UTC_ZONE = "UTC"


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


def long_date(iso_date: str, lang: str = "en") -> str:
    """`3 October 2013` from `2013-10-03`; anything else as given."""
    try:
        day = date.fromisoformat(iso_date)
    except ValueError:
        return iso_date
    # UN English is day-month-year ("3 October 2013"), not Babel's American "October 3, 2013".
    return format_date(day, "d MMMM y" if lang == "en" else "long", locale=lang)


def date_span(iso_dates: Sequence[str], lang: str = "en") -> str:
    """`3–4 October 2013` from `2013-10-03` and `2013-10-04`: the event's days, first to last, as
    UN documents write them (`18 November 2027` for one day); nothing for no date."""
    days = sorted(day for day in (_date_or_none(text) for text in iso_dates) if day is not None)
    if not days:
        return ""
    first, last = days[0], days[-1]
    end = long_date(last.isoformat(), lang)
    if first == last:
        return end
    if (first.year, first.month) == (last.year, last.month) and end.startswith(str(last.day)):
        return f"{first.day}\u2013{end}"  # "3–4 octobre 2013", "3–4 de octubre de 2013"
    if lang == "en" and first.year == last.year:
        return f"{format_date(first, 'd MMMM', locale='en')}\u2013{end}"  # "30 September–2 October 2013"
    if lang == "zh" and first.year == last.year:
        return format_interval(first, last, "yMMMMd", locale=lang)  # "2013年10月3日 – 4日"
    return f"{long_date(first.isoformat(), lang)} \u2013 {end}"


def _date_or_none(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


@cache
def zone(name: str) -> tzinfo:
    """The event's time zone by its IANA name; UTC for a name this machine does not know."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def known_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def zone_city(zone_name: str, lang: str = "en") -> str:
    """`New York` (`Nueva York`, `纽约`): the zone as a reader names it, for "New York time"."""
    found = zone(zone_name)
    if found is UTC:
        return UTC_ZONE
    return get_timezone_location(found, locale=lang, return_city=True)


def wall_clock(text: str, zone_name: str) -> str:
    """A date and time typed without an offset (a `datetime-local` field) read in the event's zone,
    written with its offset (`2013-09-06T14:00:00-04:00`); text that says its offset, or is not a
    date at all, as given (whoever reads it says what is wrong)."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is not None:
        return text
    return moment.replace(tzinfo=zone(zone_name)).isoformat()


def local(ts: float, zone_name: str) -> datetime:
    return datetime.fromtimestamp(ts, zone(zone_name))


def iso_local(ts: float | None, zone_name: str) -> str | None:
    """`2013-10-03T11:40:00-04:00`: ISO 8601 with the event's offset, for integrations."""
    return None if ts is None else local(ts, zone_name).isoformat(timespec="seconds")


def day(ts: float, zone_name: str, lang: str = "en") -> str:
    """`Thursday, 3 October 2013`, the day as UN documents write it, in the event's zone."""
    return format_date(local(ts, zone_name).date(), "EEEE, d MMMM y" if lang == "en" else "full", locale=lang)


def midday(iso_date: str, zone_name: str) -> float | None:
    """Noon of a day given by its date (`2013-10-03`) in the event's zone, as a moment: where a
    room known only by its date sits on the programme. None for text that is not a date."""
    try:
        found = date.fromisoformat(iso_date)
    except ValueError:
        return None
    return datetime(found.year, found.month, found.day, 12, tzinfo=zone(zone_name)).timestamp()


def hour(ts: float, zone_name: str, lang: str = "en") -> str:
    """`10 a.m.`, `11:40 a.m.`, `12 noon`: a time of day as UN documents write it, in the event's zone."""
    moment = local(ts, zone_name)
    if lang != "en":
        return format_time(moment, "short", locale=lang)
    if moment.hour == 12 and moment.minute == 0:
        return "12 noon"
    twelve = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{twelve}{minutes} {'a.m.' if moment.hour < 12 else 'p.m.'}"


def hours(start: float, end: float, zone_name: str, lang: str = "en") -> str:
    """`10 a.m.–1 p.m.`"""
    return f"{hour(start, zone_name, lang)}\u2013{hour(end, zone_name, lang)}"
