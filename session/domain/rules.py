"""Rules several commands share: who a participant is, a speaker's time limit.

Also the shape of a new floor request as its event records it, so that whether a delegation
asks for the floor or the chair calls it unasked, the log holds the same facts and the same rights
by status (`rights`, which also keeps the cap on replies) are checked.
"""

from typing import NotRequired, TypedDict

from .errors import Refused
from .participants import Category, Level, Participant
from .procedure import Directory
from .rights import admission, replies_used, reply_meeting
from .state import FloorRequest, RequestType, RoomState

# A question put to the speaker, and the speaker's answer: short turns inside another's.
INTERPOSED = frozenset({RequestType.INTERPOSED_QUESTION, RequestType.ANSWER})


class NewRequest(TypedDict):
    """A floor request as the log keeps it: every fact needed to rebuild it under any later policy."""

    entry: int
    participant: str
    category: str
    type: str
    level: str
    requested_at: float
    time_limit_s: int
    segment: NotRequired[int | None]  # absent from logs written before segments
    links_to: NotRequired[int | None]  # absent from logs written before interposed questions
    # An inscription on the plenary's list; absent from logs written before inscriptions.
    speaker: NotRequired[str]
    title: NotRequired[str]
    on_behalf_of: NotRequired[str]
    meeting: NotRequired[int | None]
    requested_level: NotRequired[str | None]
    level_verified: NotRequired[bool]
    flag: NotRequired[str]  # for the chair (`rights`); absent when there is none, and from older logs


def default_level(participant: Participant) -> Level:
    states = {Category.MEMBER_STATE, Category.OBSERVER_STATE}
    return Level.HEAD_OF_DELEGATION if participant.category in states else Level.OTHER


def time_limit(state: RoomState, participant: str, type: RequestType, meeting: int | None = None) -> int:
    """`meeting`: for a reply, the meeting it is for; the first reply for a meeting gets the first limit."""
    rules = state.rules
    if type is RequestType.POINT_OF_ORDER:
        return rules.point_of_order_s
    if type is RequestType.RIGHT_OF_REPLY:
        return rules.reply_s[min(replies_used(state, participant, meeting), len(rules.reply_s) - 1)]
    if type in INTERPOSED:
        return rules.interposed_s
    if state.segment is not None:
        return state.segments[state.segment - 1].limit_s
    return rules.statement_s


def known_participant(directory: Directory, participant_id: str) -> Participant:
    found = directory.get(participant_id)
    if found is None:
        raise Refused("unknown_participant", f"Unknown participant '{participant_id[:40]}'.")
    return found


def new_request(
    state: RoomState, participant: Participant, type: RequestType, level: Level | None, now: float
) -> NewRequest:
    """A new request, every door's: the rights its participant's status gives (`rights`) are checked
    here, and a reply is for the meeting it will be heard at the end of."""
    meeting = reply_meeting(state) if type is RequestType.RIGHT_OF_REPLY else None
    flag = admission(state, participant, type, meeting)
    request: NewRequest = {
        "entry": state.last_entry + 1,
        "participant": participant.id,
        "category": participant.category.value,
        "type": type.value,
        "level": (level or default_level(participant)).value,
        "requested_at": now,
        "time_limit_s": time_limit(state, participant.id, type, meeting),
        "segment": state.segment,
        "links_to": state.current.entry if type is RequestType.INTERPOSED_QUESTION and state.current else None,
    }
    if meeting is not None:
        request["meeting"] = meeting
    if flag:
        request["flag"] = flag
    return request


def request_from(facts: NewRequest) -> FloorRequest:
    return FloorRequest(
        entry=facts["entry"],
        participant=facts["participant"],
        category=Category(facts["category"]),
        type=RequestType(facts["type"]),
        level=Level(facts["level"]),
        requested_at=facts["requested_at"],
        time_limit_s=facts["time_limit_s"],
        segment=facts.get("segment"),
        links_to=facts.get("links_to"),
        speaker=facts.get("speaker", ""),
        title=facts.get("title", ""),
        on_behalf_of=facts.get("on_behalf_of", ""),
        meeting=facts.get("meeting"),
        requested_level=Level(requested) if (requested := facts.get("requested_level")) else None,
        level_verified=facts.get("level_verified", True),
        flag=facts.get("flag", ""),
    )


def queued(state: RoomState, entry: int) -> FloorRequest:
    request = state.find(entry)
    if request is None:
        raise Refused("not_in_queue", f"Entry {entry} is not on the list of speakers.")
    return request


def stale(what: str) -> Refused:
    # Co-chairs on two tablets: an action applies to what its chair saw, or is refused.
    return Refused("stale", f"The list changed meanwhile: {what}. Here is the current one.")


def no_interposition(state: RoomState) -> None:
    if state.suspended:
        raise Refused("interposed_question", "An interposed question is under way: end it first.")
