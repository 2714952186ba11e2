"""Rights that follow status (PROCEDURE.md §2): who may raise a point of order, reply, or put a question.

| participant's category                 | point of order              | right of reply                           |
|----------------------------------------|-----------------------------|------------------------------------------|
| Member State                           | yes (rule 71)               | two per item per meeting, 10 then 5 min  |
| intergovernmental (the European Union) | yes, flagged: no challenge  | one per item, flagged (res. 65/276)      |
| observer State (Holy See, Palestine)   | admitted, flagged: chair    | admitted, flagged: chair                 |
| UN system, NGOs, private sector        | no                          | no                                       |

Rights follow the category, never a participant's id: the category is data (the participants
table, a walk-in's category), so a new observer's rights follow its category. Where the chair
decides (PROCEDURE.md: "allowed, the chair may refuse"), the request is admitted with a flag, an
English sentence the chair reads on the list; the chair removes the entry to refuse it.

Rights of reply are heard at the end of the day's last meeting when a day has two meetings on the
item (decision 34/401): a reply asked during, or before, a meeting is for the last meeting of that
meeting's day, and the cap counts the replies for that meeting.

Interposed questions are a round-table and panel practice: refused in the plenary unless the chair
allows them (a switch per room); one from a non-State to a Head of State or Government is admitted
flagged, for the chair to take or not.
"""

from collections.abc import Mapping

from .errors import Refused
from .participants import Category, Level, Participant
from .state import FloorRequest, Meeting, Policy, RequestType, RoomState
from .text import N_

STATES = frozenset({Category.MEMBER_STATE, Category.OBSERVER_STATE})

# The chair's flags: fixed sentences, marked for translation here and translated where shown.
NO_CHALLENGE = N_("May not challenge the presiding officer's ruling (resolution 65/276).")
OBSERVER_POINT = N_("An observer State's point of order: the chair decides whether to hear it.")
OBSERVER_REPLY = N_("An observer State's right of reply: the chair decides whether to hear it.")
EU_REPLY = N_(
    "Right of reply on the positions of the European Union, as the presiding officer decides; "
    "one per item (resolution 65/276)."
)
TO_HEAD_OF_STATE = N_(
    "A question from a non-State to a Head of State or Government: the chair decides whether to take it."
)

# For each request governed by status: a category's flag if it is admitted ("" unflagged), absent if refused.
_ADMITTED: Mapping[RequestType, Mapping[Category, str]] = {
    RequestType.POINT_OF_ORDER: {
        Category.MEMBER_STATE: "",
        Category.INTERGOVERNMENTAL: NO_CHALLENGE,
        Category.OBSERVER_STATE: OBSERVER_POINT,
    },
    RequestType.RIGHT_OF_REPLY: {
        Category.MEMBER_STATE: "",
        Category.INTERGOVERNMENTAL: EU_REPLY,
        Category.OBSERVER_STATE: OBSERVER_REPLY,
    },
}
_REFUSALS = {
    RequestType.POINT_OF_ORDER: (
        "no_point_of_order",
        "Points of order are for Member States (rule 71), the European Union and, as the chair decides, "
        "observer States: {name} may not raise one.",
    ),
    RequestType.RIGHT_OF_REPLY: (
        "no_right_of_reply",
        "Rights of reply are for Member States (decision 34/401), the European Union and, as the chair "
        "decides, observer States: {name} has none.",
    ),
}

# The level of a speaker that a non-State's interposed question does not interrupt unless the chair takes it:
# Heads of State, Vice-Presidents and Heads of Government, the first block of the protocol order.
SUMMIT_LEVELS = frozenset({Level.HEAD_OF_STATE, Level.VICE_PRESIDENT, Level.HEAD_OF_GOVERNMENT})

# The domain knows no time zone, so a day's meetings are told by their hours: the meetings of one
# day follow one another with a break shorter than a night (10 a.m.-1 p.m., then 3-6 p.m.).
NIGHT_S = 8 * 3600


def admission(state: RoomState, participant: Participant, type: RequestType, meeting: int | None) -> str:
    """The chair's flag on a request of `type` from `participant` ("" if none), or `Refused` naming
    the rule. `meeting`: for a reply, the meeting it is for (`reply_meeting`)."""
    flag = ""
    if type in _ADMITTED:
        if participant.category not in _ADMITTED[type]:
            code, message = _REFUSALS[type]
            raise Refused(code, message.format(name=participant.name))
        flag = _ADMITTED[type][participant.category]
    if type is RequestType.RIGHT_OF_REPLY:
        check_reply_cap(state, participant, meeting)
    if type is RequestType.INTERPOSED_QUESTION:
        if not interposed_questions_allowed(state):
            raise interposed_questions_off()
        if participant.category not in STATES and state.current is not None and state.current.level in SUMMIT_LEVELS:
            # Admitted and flagged rather than refused: the chair takes every interposed question
            # by hand anyway (`take_question`), so a flag lets the chair take this one if the
            # speaker welcomes it, where a refusal would leave the chair no way to.
            flag = TO_HEAD_OF_STATE
    return flag


def status_allows(category: Category, type: RequestType) -> bool:
    """Whether a participant of `category` may ever make a request of `type` (the chair may still refuse it)."""
    return type not in _ADMITTED or category in _ADMITTED[type]


# --- interposed questions: the room's switch ---------------------------------------------------------


def interposed_questions_allowed(state: RoomState) -> bool:
    """The chair's switch; unset, a round table takes interposed questions and the plenary does not."""
    if state.interposed_questions is not None:
        return state.interposed_questions
    return state.rules.policy is not Policy.PLENARY


def interposed_questions_off() -> Refused:
    return Refused(
        "interposed_questions_off",
        "Interposed questions are a round-table and panel practice: this room does not take them "
        "unless the chair allows them.",
    )


# --- rights of reply: the meeting they are for, and the cap -------------------------------------------


def reply_meeting(state: RoomState) -> int | None:
    """The meeting a reply asked now is heard at the end of: the last meeting of the day of the
    meeting in progress (or of the next one to be held). None in a room without meetings."""
    found = state.next_meeting()
    if found is None:
        return None
    last = found
    for meeting in state.meetings:
        if meeting.number > last.number and _same_day(last, meeting):
            last = meeting
    return last.number


def _same_day(earlier: Meeting, later: Meeting) -> bool:
    return later.starts_at - earlier.ends_at < NIGHT_S


def reply_cap(state: RoomState, participant: Participant) -> int:
    """Two rights of reply per item per meeting; the European Union, with enhanced observer rights, one per item."""
    return 1 if participant.category is Category.INTERGOVERNMENTAL else len(state.rules.reply_s)


def per_item(participant: Participant) -> bool:
    """Whether the cap counts the whole item (the European Union's one reply) rather than each meeting."""
    return participant.category is Category.INTERGOVERNMENTAL


def check_reply_cap(state: RoomState, participant: Participant, meeting: int | None) -> None:
    cap = reply_cap(state, participant)
    whole = per_item(participant)
    if replies_used(state, participant.id, meeting, whole_item=whole) >= cap:
        where = "" if whole or meeting is None else f" in meeting {meeting}"
        raise Refused("reply_limit", f"{participant.name} has used its {cap} right(s) of reply on this item{where}.")


# A reply counts for the meeting it was asked for (`FloorRequest.meeting`), wherever the chair
# hears it: called early, it is still one of that day's. A reply without one (a room without
# meetings, or an older log) counts with the others without one: the whole room, as before.


def replies_used(state: RoomState, participant: str, meeting: int | None, *, whole_item: bool = False) -> int:
    """Rights of reply for `meeting` heard, being heard or waiting: the cap counts all of them."""
    requests = [i.request for i in state.interventions] + [
        r for r in [*state.queue, state.current, *(s.request for s in state.suspended)] if r is not None
    ]
    return sum(1 for r in requests if _reply_of(r, participant) and (whole_item or r.meeting == meeting))


def replies_heard(state: RoomState, participant: str, meeting: int | None) -> int:
    """Rights of reply for `meeting` already heard: the next one heard gets the next limit."""
    return sum(1 for i in state.interventions if _reply_of(i.request, participant) and i.request.meeting == meeting)


def _reply_of(request: FloorRequest, participant: str) -> bool:
    return request.participant == participant and request.type is RequestType.RIGHT_OF_REPLY
