"""How the list of speakers reads to a person: meetings by their titles, times in the event's time
zone and the reader's language in the style of UN documents, and what the chair reads out.

Every page, push and export's human part asks here (through `reading`), so "Thursday, 3 October
2013" and "11:40 a.m." are written one way everywhere; machine columns stay ISO 8601 (session.times).
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from session.domain.schedule import Expected
from session.domain.state import FloorRequest, Policy
from session.labels import MEETING_TITLES, ordinal
from session.times import day, hour, hours

from .i18n import translator

# Short names that English writes with "the": "the Philippines", "the Holy See", "the United Kingdom".
_THE_PREFIXES = ("United ", "Republic ", "Democratic ", "Russian ", "Federated ", "Holy ", "European ", "State of ")
_THE_NAMES = {
    "Bahamas",
    "Comoros",
    "Congo",
    "Gambia",
    "Maldives",
    "Netherlands",
    "Niger",
    "Philippines",
    "Sudan",
    "Czech Republic",
    "Dominican Republic",
    "Central African Republic",
    "Syrian Arab Republic",
    "Lao People's Democratic Republic",
    "former Yugoslav Republic of Macedonia",
}
_THE_ENDINGS = (" Islands", " Republic", " Emirates", " Kingdom", " States")


def with_article(name: str) -> str:
    """`the Philippines`, `Mexico`: a delegation's name as an English sentence carries it."""
    if name in _THE_NAMES or name.startswith(_THE_PREFIXES) or name.endswith(_THE_ENDINGS):
        return f"the {name}"
    return name


def honorific(speaker: str) -> str:
    """ "H.E. Mr. Albert del Rosario" read out: "His Excellency Mr. Albert del Rosario"."""
    if speaker.startswith("H.E. "):
        rest = speaker[5:]
        her = rest.startswith(("Ms.", "Mrs.", "Madam", "Ms ", "Mrs "))
        return f"{'Her' if her else 'His'} Excellency {rest}"
    return speaker


@dataclass(frozen=True)
class Reading:
    """One reader's way of reading times and meetings: the event's zone, the reader's language."""

    zone: str
    lang: str
    policy: Policy = Policy.PLENARY

    def hour(self, ts: float | None) -> str:
        return "" if ts is None else hour(ts, self.zone, self.lang)

    def day(self, ts: float | None) -> str:
        return "" if ts is None else day(ts, self.zone, self.lang)

    def hours(self, start: float, end: float) -> str:
        return hours(start, end, self.zone, self.lang)

    def meeting(self, number: int | None) -> str:
        """`25th plenary meeting` (`Meeting 1` in a round table); empty for none."""
        if number is None:
            return ""
        _ = translator(self.lang)
        return _(MEETING_TITLES[self.policy], ordinal=ordinal(number, self.lang), number=number)

    def context(self) -> dict[str, Callable]:
        return {"hour": self.hour, "day": self.day, "hours": self.hours, "meeting_title": self.meeting}


def floor_sentence(request: FloorRequest, delegation: str, lang: str) -> str:
    """What the chair reads out on giving the floor: "I now give the floor to His Excellency Mr. …,
    Secretary of Foreign Affairs of the Philippines." (the plenary's list names the person)."""
    _ = translator(lang)
    if lang == "en":
        delegation = with_article(delegation)
    if request.speaker and request.title:
        sentence = _(
            "I now give the floor to %(speaker)s, %(title)s of %(delegation)s.",
            speaker=honorific(request.speaker),
            title=request.title,
            delegation=delegation,
        )
    elif request.speaker:
        sentence = _(
            "I now give the floor to %(speaker)s of %(delegation)s.",
            speaker=honorific(request.speaker),
            delegation=delegation,
        )
    else:
        sentence = _("I now give the floor to the representative of %(delegation)s.", delegation=delegation)
    if request.on_behalf_of:
        sentence += " " + _("The statement is made on behalf of %(group)s.", group=request.on_behalf_of)
    return sentence


def by_meeting(
    entries: Sequence[FloorRequest], expected: Mapping[int, Expected], headed: bool
) -> list[tuple[int | None, list[tuple[int, FloorRequest]]]]:
    """The list as it is read out: runs of entries expected in the same meeting, each with its
    meeting's number (None when `headed` is false: a room of one meeting needs no headings) and
    the entries with their places on the whole list."""
    runs: list[tuple[int | None, list[tuple[int, FloorRequest]]]] = []
    for position, request in enumerate(entries, 1):
        when = expected.get(request.entry)
        meeting = when.meeting if headed and when is not None else None
        if not runs or runs[-1][0] != meeting:
            runs.append((meeting, []))
        runs[-1][1].append((position, request))
    return runs
