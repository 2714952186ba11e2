"""Labels and clock faces for the human-readable exports (Markdown, DOCX).

One place: the labels are the web views' (`session.web.present`) and the regional groups'
names of `session.data`, so a table in the summary reads like the chair's screen.
"""

from datetime import UTC, date, datetime

from session.data import REGIONAL_GROUPS
from session.domain.commands import RequestType
from session.domain.participants import Category, Level
from session.web.present import CATEGORY_LABELS, LEVEL_LABELS, TYPE_LABELS

__all__ = ["REGIONAL_GROUPS", "CATEGORY_LABELS", "CATEGORY_SINGULAR", "LEVEL_LABELS", "TYPE_LABELS",
           "group_label", "category_label", "level_label", "type_label", "clock", "time_of_day", "long_date"]


def group_label(key: str | None) -> str:
    return REGIONAL_GROUPS.get(key, key) if key else ""


# One participant's category (the views' CATEGORY_LABELS name the groups: "Member States").
CATEGORY_SINGULAR = {
    Category.MEMBER_STATE: "Member State",
    Category.OBSERVER_STATE: "Observer State",
    Category.INTERGOVERNMENTAL: "Intergovernmental organization",
    Category.UN_SYSTEM: "UN system",
    Category.NGO: "NGO or civil society",
    Category.PRIVATE_SECTOR: "Private sector",
}


def category_label(key: str, *, plural: bool = True) -> str:
    labels = CATEGORY_LABELS if plural else CATEGORY_SINGULAR
    return labels.get(Category(key), key)


def level_label(key: str) -> str:
    return LEVEL_LABELS.get(Level(key), key)


def type_label(key: str) -> str:
    return TYPE_LABELS.get(RequestType(key), key)


def clock(seconds: float) -> str:
    """`m:ss` (or `h:mm:ss` from an hour on), to the nearest second."""
    whole = int(round(max(0.0, seconds)))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


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
