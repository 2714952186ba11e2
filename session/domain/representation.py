"""Equitable geographical representation, judged across the round tables together (PROCEDURE.md §3).

A round table has two co-chairs (ministers) and a panel of up to four: four seats cannot hold five
regional groups and a stakeholder, but the four round tables and their co-chairs can. So the whole
is judged — every panel, as proposed or published, and every co-chair — and each round table is
told what it adds to that whole. The only warning is the whole's shortfall, and only once every
panel of the whole is drawn up: a single panel is never judged alone against five groups.

A seat's voice is its regional group for a Member State and its category for anyone else, as in
`balance`. The whole is represented when every regional group holds a seat (a panellist or a
co-chair) and at least one seat is non-governmental (NGOs, civil society, the private sector).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .balance import NON_GOVERNMENTAL, REGIONAL_GROUPS
from .participants import Category, Participant

# The order a list of voices is read in: the regional groups, then the stakeholders.
VOICES = REGIONAL_GROUPS + tuple(c.value for c in Category if c is not Category.MEMBER_STATE)


def seat_voice(participant: Participant) -> str:
    """A Member State speaks for its regional group on a panel; anyone else for its category."""
    if participant.category is Category.MEMBER_STATE and participant.regional_group in REGIONAL_GROUPS:
        return participant.regional_group
    return participant.category.value


def in_order(voices: Iterable[str]) -> tuple[str, ...]:
    present = set(voices)
    return tuple(v for v in VOICES if v in present)


@dataclass(frozen=True)
class RoundTable:
    """One round table as the whole counts it: its panel, its co-chairs, and whether its panel is drawn
    up (published, or — at the secretariat's desk — as it would be published)."""

    room: str
    panel: tuple[str, ...] = ()
    co_chairs: tuple[str, ...] = ()
    drawn_up: bool = True

    def seats(self) -> tuple[str, ...]:
        return self.co_chairs + self.panel


@dataclass(frozen=True)
class Contribution:
    room: str
    adds: tuple[str, ...]  # the voices its panellists and co-chairs bring to the whole
    only_here: tuple[str, ...]  # those no other round table of the whole brings


@dataclass(frozen=True)
class Representation:
    contributions: tuple[Contribution, ...]
    voices: tuple[str, ...]  # every voice present across the whole
    missing_groups: tuple[str, ...]  # regional groups with no panellist and no co-chair anywhere
    non_governmental: bool  # NGOs, civil society or the private sector hold a seat somewhere
    drawn_up: bool  # every panel of the whole is drawn up

    @property
    def represented(self) -> bool:
        return not self.missing_groups and self.non_governmental

    @property
    def falls_short(self) -> bool:
        """Warn only now: the whole is drawn up, and a group or the non-governmental voice is missing."""
        return self.drawn_up and not self.represented

    def of(self, room: str) -> Contribution | None:
        return next((c for c in self.contributions if c.room == room), None)


def represent(tables: Sequence[RoundTable], directory: Mapping[str, Participant]) -> Representation:
    """The whole's representation, and what each round table adds to it. Ids not in the directory
    (a participant since removed) hold no voice."""

    def voices_of(table: RoundTable) -> tuple[str, ...]:
        return in_order(seat_voice(directory[p]) for p in table.seats() if p in directory)

    brought = {table.room: voices_of(table) for table in tables}
    contributions = tuple(
        Contribution(
            room=table.room,
            adds=brought[table.room],
            only_here=tuple(
                v for v in brought[table.room] if not any(v in brought[o.room] for o in tables if o.room != table.room)
            ),
        )
        for table in tables
    )
    everywhere = in_order(v for voices in brought.values() for v in voices)
    return Representation(
        contributions=contributions,
        voices=everywhere,
        missing_groups=tuple(g for g in REGIONAL_GROUPS if g not in everywhere),
        non_governmental=any(c.value in everywhere for c in NON_GOVERNMENTAL),
        drawn_up=all(t.drawn_up for t in tables),
    )
