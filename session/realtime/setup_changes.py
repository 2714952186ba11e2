"""A live change of the event's set-up (domain.setup), in this worker's memory.

The rows change with the events (store.eventlog); what each worker holds of them, the room's
name and the event's list of participants, is changed here as the events are folded in: by the
worker that committed them and by every other as it catches up, like any room's state.
"""

from collections.abc import Iterable

from session.domain.participants import Category, Participant
from session.domain.state import Event

from .live_room import LiveRoom


def learn(room: LiveRoom, directory: dict[str, Participant], events: Iterable[Event]) -> None:
    """What the room's newly folded events change of the set-up this worker holds (on the loop's
    thread: pages read the directory and the room's name there)."""
    for event in events:
        if event.action == "rename_room":
            room.meta.name = event.data["name"]
            if event.data.get("theme") is not None:
                room.meta.theme = event.data["theme"]
        elif event.action == "list_participant" and event.data["id"] not in directory:
            directory[event.data["id"]] = Participant(
                id=event.data["id"],
                name=event.data["name"],
                category=Category(event.data["category"]),
                regional_group=event.data["regional_group"],
            )
