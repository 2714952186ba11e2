"""The intervention log as rows: the one shape every export is written from.

One row per finished intervention (`RoomState.interventions`), in the order they were heard,
with the columns of docs/design.md §6 (`COLUMNS`; the CSV header and the JSON keys are exactly these).

- `participant` is the participant's **name** ("Côte d'Ivoire", "International Organization for
  Migration"), not its id: the log is read by rapporteurs and secretariats, who expect the name
  the record of the meeting uses. The id is not lost: `state_json` of the API carries both.
- `category`, `regional_group`, `speaker_level` and `type` are the stable codes of the API and
  the event log (`member_state`, `african`, `minister`, `statement`) so tools can group on them;
  the Markdown and DOCX writers show their labels. `regional_group` is empty (None) for anyone
  who is not a Member State with a group.
- Times are ISO 8601 UTC with `Z`; `duration_s` and `overrun_s` are seconds rounded to 0.1;
  `time_limit_s` is the limit when the turn ended (with any time the chair added).
- `notes` is the rapporteur's notes, then `Key points: …` and `Ruling: …` (a point of order's
  ruling), each on its own line when present.

The design's columns are a contract read from outside (a header checked exactly), so what the
plenary's list adds to a turn — the meeting it was heard in, the speaker's name and title, the
group spoken for — is `inscription_rows`, one per row by `seq`, which the JSON carries apart and
the Markdown and DOCX show in their tables.

Besides the rows: `absence_rows` and `swap_rows`, the record of speakers absent when called and of
delegations that swapped places, each as the JSON writes it.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass

from session.domain.commands import RequestType
from session.domain.participants import Category, Participant
from session.domain.state import FloorRequest, Intervention, RoomState
from session.times import UTC_ZONE, iso

COLUMNS = (
    "room",
    "seq",
    "participant",
    "category",
    "regional_group",
    "speaker_level",
    "type",
    "requested_at",
    "started_at",
    "ended_at",
    "duration_s",
    "time_limit_s",
    "overrun_s",
    "notes",
)
INSCRIPTION_KEYS = ("seq", "meeting", "speaker", "title", "on_behalf_of")


@dataclass(frozen=True)
class EventName:
    """The event as an export names it: its title, and its short name (the header bar's)."""

    title: str
    short: str

    @property
    def key(self) -> str:
        """The short name as the first part of every export's file name: "HLD 2013" → "hld2013"."""
        return re.sub(r"[^a-z0-9]", "", self.short.lower()) or "event"


@dataclass(frozen=True)
class RoomLog:
    """What an export needs of one room: who and what it is, its state, and who chaired it."""

    slug: str
    name: str
    theme: str
    date: str  # ISO date of the meeting, as in rooms.csv
    state: RoomState
    directory: Mapping[str, Participant]
    chairs: tuple[str, ...] = ()  # labels of the room's active chair codes
    exported_at: float = 0.0
    zone: str = UTC_ZONE  # the event's time zone: what the human parts' times are in
    meeting: int | None = None  # the one meeting this record is cut down to (`meetings.only`)
    debate: RoomState | None = None  # then, the whole debate's state, where every entry is found

    def requests(self) -> dict[int, FloorRequest]:
        """Every request of the debate by entry, even in a record of one meeting (a swap's other
        entry may have spoken in another)."""
        return requests_by_entry(self.debate or self.state)

    @property
    def is_plenary(self) -> bool:
        return self.state.rules.policy.value == "plenary"

    def name_of(self, participant_id: str) -> str:
        participant = self.directory.get(participant_id)
        return participant.name if participant else participant_id


def segment_title(state: RoomState, number: int | None) -> str:
    return f"Segment {number}: {state.segments[number - 1].title}" if number else ""


def notes_text(state: RoomState, request: FloorRequest) -> str:
    """The rapporteur's notes, with the facts the columns have no room for: segment, links, ruling."""
    entry = request.entry
    annotation = state.annotations.get(entry)
    lines = [segment_title(state, request.segment)] if request.segment else []
    if request.links_to is not None:
        lines.append(
            f"Answer to the question, entry {request.links_to}"
            if request.type is RequestType.ANSWER
            else f"Interposed question in entry {request.links_to}"
        )
    if annotation is not None and annotation.notes:
        lines.append(annotation.notes)
    if annotation is not None and annotation.key_points:
        lines.append(f"Key points: {annotation.key_points}")
    if state.rulings.get(entry):
        lines.append(f"Ruling: {state.rulings[entry]}")
    return "\n".join(lines)


def regional_group(intervention: Intervention, directory: Mapping[str, Participant]) -> str | None:
    participant = directory.get(intervention.request.participant)
    if intervention.request.category is not Category.MEMBER_STATE or participant is None:
        return None
    return participant.regional_group or None


def intervention_rows(state: RoomState, directory: Mapping[str, Participant]) -> list[dict]:
    rows = []
    for i in state.interventions:
        request = i.request
        participant = directory.get(request.participant)
        rows.append(
            {
                "room": state.slug,
                "seq": i.number,
                "participant": participant.name if participant else request.participant,
                "category": request.category.value,
                "regional_group": regional_group(i, directory),
                "speaker_level": request.level.value,
                "type": request.type.value,
                "requested_at": iso(request.requested_at),
                "started_at": iso(i.started_at),
                "ended_at": iso(i.ended_at),
                "duration_s": round(i.duration_s, 1),
                "time_limit_s": i.time_limit_s,
                "overrun_s": round(i.overrun_s, 1),
                "notes": notes_text(state, request),
            }
        )
    return rows


def inscription_rows(state: RoomState) -> list[dict]:
    """Per turn, by `seq`: the meeting it was heard in (None outside meetings) and the speaker,
    title and group as inscribed (empty where not known)."""
    return [
        {
            "seq": i.number,
            "meeting": i.meeting,
            "speaker": i.request.speaker,
            "title": i.request.title,
            "on_behalf_of": i.request.on_behalf_of,
        }
        for i in state.interventions
    ]


def speaker_of(request: FloorRequest) -> str:
    """`H.E. Mr. Albert del Rosario, Secretary of Foreign Affairs`: who spoke, as inscribed."""
    return ", ".join(part for part in (request.speaker, request.title) if part)


def requests_by_entry(state: RoomState) -> dict[int, FloorRequest]:
    """Every request the room still knows of, by entry: a swap records entries only, and one of
    them may since have been heard, marked absent, removed or still be waiting."""
    known = [i.request for i in state.interventions] + [a.request for a in state.absences]
    known += [r for r, _ in state.removed] + [s.request for s in state.suspended] + state.queue
    if state.current is not None:
        known.append(state.current)
    return {r.entry: r for r in known}


def _who(request: FloorRequest | None, entry: int, directory: Mapping[str, Participant]) -> dict:
    if request is None:  # withdrawn since: the entry is all the record has
        return {"entry": entry, "participant": None, "speaker": ""}
    participant = directory.get(request.participant)
    return {
        "entry": entry,
        "participant": participant.name if participant else request.participant,
        "speaker": request.speaker,
    }


def absence_rows(state: RoomState, directory: Mapping[str, Participant]) -> list[dict]:
    """Speakers called and not in the room, in order: `to` is `end` (of this meeting's list),
    `next` (the next meeting) or `drop` (off the list)."""
    return [
        {"at": iso(a.at), "meeting": a.meeting, **_who(a.request, a.request.entry, directory), "to": a.to.value}
        for a in state.absences
    ]


def swap_rows(
    state: RoomState, directory: Mapping[str, Participant], requests: Mapping[int, FloorRequest]
) -> list[dict]:
    """Delegations that exchanged places on the list, in order: both of them (`requests`: the
    debate's, by entry)."""
    rows = []
    for s in state.swaps:
        first = _who(requests.get(s.entry), s.entry, directory)
        second = _who(requests.get(s.with_entry), s.with_entry, directory)
        rows.append(
            {
                "at": iso(s.at),
                "meeting": s.meeting,
                **first,
                "with_entry": second["entry"],
                "with_participant": second["participant"],
                "with_speaker": second["speaker"],
            }
        )
    return rows


def filename(event: str, extension: str, slug: str | None = None, meeting: int | None = None) -> str:
    """For the event `hld2013` (`EventName.key`): `hld2013-rt2-interventions.csv` for a room,
    `hld2013-plenary-meeting25-interventions.csv` for one of its meetings,
    `hld2013-interventions.csv` for the event."""
    if slug is None:
        return f"{event}-interventions.{extension}"
    part = f"{slug}-meeting{meeting}" if meeting is not None else slug
    return f"{event}-{part}-interventions.{extension}"
