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
"""

from collections.abc import Mapping
from dataclasses import dataclass

from session.domain.commands import RequestType
from session.domain.participants import Category, Participant
from session.domain.state import FloorRequest, Intervention, RoomState
from session.times import iso

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
EVENT = "hld2013"  # the event's short name, first part of every export's file name


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


def filename(extension: str, slug: str | None = None) -> str:
    """`hld2013-rt2-interventions.csv` for a room, `hld2013-interventions.csv` for the event."""
    return f"{EVENT}-{slug}-interventions.{extension}" if slug else f"{EVENT}-interventions.{extension}"
