"""The round tables' representation as the pages read it: the whole, and what one panel adds.

Which round tables are judged together, and their co-chairs, is the event's (its file's
`[[panel_groups]]` and `co_chairs`, on the rooms' rows); the judgement is the domain's
(`session.domain.representation`). A room outside every group (a preparatory panel, the hearing) is
told what its panel holds and is never warned: four seats alone cannot hold five groups and a
stakeholder. The secretariat's desk judges each group on its own; a chair's panel box, the group of
its own room.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from session.domain.participants import Participant
from session.domain.representation import Representation, RoundTable, represent
from session.domain.room import known
from session.realtime.rooms import LiveRoom


def co_chairs(rooms: Iterable[LiveRoom]) -> dict[str, tuple[str, ...]]:
    """room → its co-chairs, for those of these rooms judged together with others."""
    return {r.slug: tuple(r.meta.co_chairs.split()) for r in rooms if r.meta.panel_group}


def together(rooms: Mapping[str, LiveRoom], room: str) -> list[LiveRoom]:
    """The round tables judged together with `room`, in the event's order; none for a room judged
    alone."""
    return _group(rooms, rooms[room].meta.panel_group if room in rooms else 0)


def groups(rooms: Mapping[str, LiveRoom]) -> list[list[LiveRoom]]:
    """Every group of round tables judged together, each in the event's order."""
    return [_group(rooms, number) for number in sorted({r.meta.panel_group for r in rooms.values()} - {0})]


def _group(rooms: Mapping[str, LiveRoom], number: int) -> list[LiveRoom]:
    if not number:
        return []
    return sorted((r for r in rooms.values() if r.meta.panel_group == number), key=lambda r: r.meta.ordinal)


def everyone(tables: Sequence[LiveRoom], directory: Mapping[str, Participant]) -> dict[str, Participant]:
    """The event's participants and every round table's walk-ins (an event participant's id wins)."""
    merged: dict[str, Participant] = {}
    for room in tables:
        merged.update(room.state.walk_ins)
    merged.update(directory)
    return merged


def judge(
    tables: Sequence[LiveRoom],
    directory: Mapping[str, Participant],
    panels: Mapping[str, Sequence[str]],
    drawn_up: Mapping[str, bool],
) -> Representation:
    """The whole with each round table's panel as given (published, proposed or being seated)."""
    chairs = co_chairs(tables)
    return represent(
        [
            RoundTable(r.slug, tuple(panels.get(r.slug, ())), chairs.get(r.slug, ()), drawn_up.get(r.slug, False))
            for r in tables
        ],
        everyone(tables, directory),
    )


def as_listed(
    rooms: Mapping[str, LiveRoom], directory: Mapping[str, Participant], lists: Mapping[str, Sequence[str]]
) -> list[tuple[list[LiveRoom], Representation]]:
    """Each group's whole as the secretariat's desk draws it up: every round table's list as given
    there, each group of round tables judged on its own."""
    return [(tables, judge(tables, directory, lists, {r.slug: True for r in tables})) for tables in groups(rooms)]


def adds(wholes: Iterable[Representation], room: str) -> tuple[str, ...] | None:
    """What a round table adds to the whole of its group; None for a room outside every group."""
    for whole in wholes:
        share = whole.of(room)
        if share:
            return share.adds
    return None


@dataclass(frozen=True)
class PanelBox:
    """What a round table's panel box says: the voices its panel and co-chairs bring, and the whole."""

    adds: tuple[str, ...]
    whole: Representation | None  # None: a room outside the round tables judged together


def panel_box(room: LiveRoom, rooms: Mapping[str, LiveRoom], directory: Mapping[str, Participant]) -> PanelBox:
    """As the room's chair sees it: this panel as seated now (drawn up once it has a panellist), the
    other round tables' as published."""
    tables = together(rooms, room.slug)
    if all(r.slug != room.slug for r in tables):
        alone = represent([RoundTable(room.slug, tuple(room.state.panel))], known(room.state, directory))
        return PanelBox(alone.voices, None)
    panels = {r.slug: r.state.panel for r in tables if r.state.panel_published}
    drawn_up = {r.slug: r.state.panel_published for r in tables}
    panels[room.slug] = room.state.panel
    drawn_up[room.slug] = room.state.panel_published or bool(room.state.panel)
    whole = judge(tables, directory, panels, drawn_up)
    share = whole.of(room.slug)
    return PanelBox(share.adds if share else (), whole)


def signature(room: LiveRoom, rooms: Mapping[str, LiveRoom]) -> tuple:
    """What the panel box reads of the other round tables: a render is stale once this changes."""
    tables = together(rooms, room.slug)
    if all(r.slug != room.slug for r in tables):
        return ()
    return tuple((r.slug, r.state.panel_published, tuple(r.state.panel)) for r in tables if r.slug != room.slug)
