"""What the meeting calls things: the request types, the categories of participants, the levels
of representation and the regional groups — one set of names for the pages, the pushes, the
exports and the command line, so a table in the summary reads like the chair's screen.

A name is marked with `N_` where it is defined and translated where it is shown: the pages show
it in the reader's language; the exports write the record in English.
"""

from session.data import REGIONAL_GROUPS
from session.domain.commands import RequestType
from session.domain.ordering import ORDER_OF_SPEAKING
from session.domain.participants import Category, Level
from session.domain.state import Policy
from session.domain.text import N_

__all__ = ["N_", "ORDER_OF_SPEAKING_LABELS"]


TYPE_LABELS = {
    RequestType.STATEMENT: N_("Statement"),
    RequestType.POINT_OF_ORDER: N_("Point of order"),
    RequestType.RIGHT_OF_REPLY: N_("Right of reply"),
    RequestType.QUESTION: N_("Question to the panel"),
    RequestType.RESPONSE: N_("Panellist response"),
    RequestType.INTERPOSED_QUESTION: N_("Interposed question"),
    RequestType.ANSWER: N_("Answer"),
}
# The groups ("Member States"); one participant's category is CATEGORY_SINGULAR's.
CATEGORY_LABELS = {
    Category.MEMBER_STATE: N_("Member States"),
    Category.OBSERVER_STATE: N_("Observer States"),
    Category.INTERGOVERNMENTAL: N_("Intergovernmental organizations"),
    Category.UN_SYSTEM: N_("UN system"),
    Category.NGO: N_("NGOs and civil society"),
    Category.PRIVATE_SECTOR: N_("Private sector"),
}
CATEGORY_SINGULAR = {
    Category.MEMBER_STATE: "Member State",
    Category.OBSERVER_STATE: "Observer State",
    Category.INTERGOVERNMENTAL: "Intergovernmental organization",
    Category.UN_SYSTEM: "UN system",
    Category.NGO: "NGO or civil society",
    Category.PRIVATE_SECTOR: "Private sector",
}
LEVEL_LABELS = {
    Level.HEAD_OF_STATE: N_("Head of State"),
    Level.VICE_PRESIDENT: N_("Vice-President or Crown Prince"),
    Level.HEAD_OF_GOVERNMENT: N_("Head of Government"),
    Level.DEPUTY_PRIME_MINISTER: N_("Deputy Prime Minister"),
    Level.MINISTER: N_("Minister"),
    Level.VICE_MINISTER: N_("Vice-Minister"),
    Level.HEAD_OF_DELEGATION: N_("Head of Delegation"),
    Level.OTHER: N_("Other"),
}
# Short enough for a chart's axis.
SHORT_GROUP_LABELS = {
    "african": N_("African"),
    "asia_pacific": N_("Asia-Pacific"),
    "eastern_european": N_("Eastern European"),
    "grulac": N_("GRULAC"),
    "weog": N_("WEOG"),
}


def group_label(key: str | None) -> str:
    return REGIONAL_GROUPS.get(key, key) if key else ""


def category_label(key: str, *, plural: bool = True) -> str:
    labels = CATEGORY_LABELS if plural else CATEGORY_SINGULAR
    return labels.get(Category(key), key)


def level_label(key: str) -> str:
    return LEVEL_LABELS.get(Level(key), key)


def type_label(key: str) -> str:
    return TYPE_LABELS.get(RequestType(key), key)


def voice_label(key: str) -> str:
    """A regional group's or a category's name, for charts and tables."""
    if key in REGIONAL_GROUPS:
        return REGIONAL_GROUPS[key]
    if key in {c.value for c in Category}:
        return CATEGORY_LABELS[Category(key)]
    return TYPE_LABELS[RequestType(key)]


def short_voice_label(key: str) -> str:
    """The same, short enough for a chart's axis."""
    return SHORT_GROUP_LABELS.get(key) or voice_label(key)


# The plenary's order of speaking as the secretariat's desk prints it, part by part.
ORDER_OF_SPEAKING_LABELS = tuple(name for name, _part in ORDER_OF_SPEAKING)

# Groups that speak in a debate, offered when a delegation inscribes on behalf of one (any name may be typed).
GROUPS = (
    "the Group of 77 and China",
    "the African Group",
    "the Group of Arab States",
    "the European Union",
    "the Least Developed Countries",
    "the Landlocked Developing Countries",
    "the Alliance of Small Island States",
    "the Caribbean Community",
    "the Non-Aligned Movement",
    "the Organization of Islamic Cooperation",
)

MEETING_TITLES = {
    Policy.PLENARY: N_("%(ordinal)s plenary meeting"),  # "25th plenary meeting"
    Policy.ROUND_TABLE: N_("Meeting %(number)s"),
}


def ordinal(number: int, lang: str = "en") -> str:
    """A meeting's number as an ordinal in the reader's language: 25th, 25e, 25.ª, 25-е, 第25次, 25."""
    if lang == "fr":
        return f"{number}e"
    if lang == "es":
        return f"{number}.ª"
    if lang == "ru":
        return f"{number}-е"
    if lang == "zh":
        return f"第{number}次"
    if lang == "ar":
        return str(number)
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
