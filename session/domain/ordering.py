"""Where a new floor request enters the list of speakers.

- Points of order go to the head at once, first come first served among themselves (rule 71).
- An interposed question to the speaker comes next, for the chair to take while the speaker speaks.
- A panellist's response is placed next, for the chair to move if needed.
- Rights of reply wait until all other speakers have been heard (GA decision 34/401); in a debate
  held in meetings, until the speakers of the meeting the reply is for (the day's last, `rights`)
  have been heard, ahead of later meetings' speakers.
- Statements and questions: in a round table, in order of request -- or, where the co-chairs give
  priority to Heads of State or Government and ministers (`priority`), theirs first, then the
  others, each by time of request; in the plenary, by the customary protocol order of
  `ORDER_OF_SPEAKING` (PROCEDURE.md §1): one key, read on the secretariat's desk as it is applied here.

The chair stays free to move anyone afterwards; a new entry goes before the first entry whose key
is greater than its own, so the chair's moves are kept.
"""

from collections.abc import Callable

from .participants import LEVEL_RANK, Category, Level
from .state import FloorRequest, Policy, RequestType
from .text import N_

_HEAD_TYPES = {
    RequestType.POINT_OF_ORDER: {RequestType.POINT_OF_ORDER},
    RequestType.INTERPOSED_QUESTION: {RequestType.POINT_OF_ORDER, RequestType.INTERPOSED_QUESTION},
    RequestType.RESPONSE: {RequestType.POINT_OF_ORDER, RequestType.INTERPOSED_QUESTION, RequestType.RESPONSE},
}
LISTED = frozenset({RequestType.STATEMENT, RequestType.QUESTION})  # what the room's order places

# "Precedence will be accorded to representatives at the Heads of State or Government and
# Ministerial levels, with some flexibility accorded to allow for Observers and UN system"
# (2016 Summit): Member States, then observer States with the European Union and the other
# intergovernmental observers, then the UN system, then NGOs, civil society and the private sector.
PROTOCOL_BLOCK = {
    Category.MEMBER_STATE: 0,
    Category.OBSERVER_STATE: 1,
    Category.INTERGOVERNMENTAL: 1,
    Category.UN_SYSTEM: 2,
    Category.NGO: 3,
    Category.PRIVATE_SECTOR: 3,
}

# "Co-chairs may give priority to Heads of State or Government and ministers" (PROCEDURE.md §3):
# the levels of protocol order down to a minister; a vice-minister is not one.
HIGH_LEVELS = frozenset(
    {Level.HEAD_OF_STATE, Level.VICE_PRESIDENT, Level.HEAD_OF_GOVERNMENT, Level.DEPUTY_PRIME_MINISTER, Level.MINISTER}
)

Part = Callable[[FloorRequest, bool], float]

# The plenary's order of speaking, part by part: what the secretariat's desk prints, and the key.
# Each part: its name on the desk, and its value for an entry (`groups_first`: the chair's switch).
ORDER_OF_SPEAKING: tuple[tuple[str, Part], ...] = (
    (N_("the meeting the speaker is inscribed for"), lambda r, g: r.meeting or 0),
    (N_("speakers carried over from an earlier meeting, in their order"), lambda r, g: 0 if r.carried else 1),
    (
        N_("statements on behalf of a group (the chair may switch this off)"),
        lambda r, g: 0 if g and r.on_behalf_of else 1,
    ),
    (
        N_(
            "Member States; then observer States and the European Union; then the United Nations system; "
            "then NGOs, civil society and the private sector"
        ),
        lambda r, g: PROTOCOL_BLOCK[r.category],
    ),
    (N_("the level of representation verified by Protocol, in protocol order"), lambda r, g: LEVEL_RANK[r.level]),
    (N_("the time of inscription"), lambda r, g: r.requested_at),
)


def plenary_key(request: FloorRequest, groups_first: bool = True) -> tuple[float, ...]:
    return (*(part(request, groups_first) for _, part in ORDER_OF_SPEAKING), request.entry)


def priority_band(request: FloorRequest, high_level_first: bool) -> int:
    """0 for a request the co-chairs' priority puts first (its level, as verified, is high); else 1."""
    return 0 if high_level_first and request.level in HIGH_LEVELS else 1


def round_table_key(request: FloorRequest, high_level_first: bool = False) -> tuple[float, ...]:
    return (priority_band(request, high_level_first), request.requested_at, request.entry)


def insertion_index(
    queue: list[FloorRequest],
    request: FloorRequest,
    policy: Policy,
    groups_first: bool = True,
    high_level_first: bool = False,
) -> int:
    """`groups_first`, `high_level_first`: the chair's switches (the plenary's, the round table's)."""
    if request.type in _HEAD_TYPES:
        return _leading(queue, _HEAD_TYPES[request.type])
    if request.type is RequestType.RIGHT_OF_REPLY:
        return _end_of_meeting(queue, request.meeting)
    first_reply = next((i for i, q in enumerate(queue) if _reply_after(q, request)), len(queue))
    if policy is Policy.PLENARY or high_level_first:
        start = _leading(queue, _HEAD_TYPES[RequestType.RESPONSE])
        key = _listed_key(policy, groups_first)
        own = key(request)
        for i in range(start, first_reply):
            if queue[i].type in LISTED and key(queue[i]) > own:
                return i
    return first_reply


def _listed_key(policy: Policy, groups_first: bool) -> Callable[[FloorRequest], tuple[float, ...]]:
    """The key a statement or question takes its place by: the plenary's protocol order, or a round
    table's priority band then time of request (asked only where the co-chairs give priority)."""
    if policy is Policy.PLENARY:
        return lambda request: plenary_key(request, groups_first)
    return lambda request: round_table_key(request, True)


def _end_of_meeting(queue: list[FloorRequest], meeting: int | None) -> int:
    """Before the first entry for a later meeting; the end of the list for a reply with no meeting."""
    if meeting is None:
        return len(queue)
    return next((i for i, q in enumerate(queue) if q.meeting is not None and q.meeting > meeting), len(queue))


def _reply_after(queued: FloorRequest, request: FloorRequest) -> bool:
    """Whether a waiting reply is heard after `request`: a reply for an earlier meeting is not, nor
    one carried from an earlier meeting (carried entries lead their new meeting, in their order)."""
    if queued.type is not RequestType.RIGHT_OF_REPLY or queued.carried:
        return False
    return queued.meeting is None or request.meeting is None or queued.meeting >= request.meeting


def _leading(queue: list[FloorRequest], types: set[RequestType]) -> int:
    for i, queued in enumerate(queue):
        if queued.type not in types:
            return i
    return len(queue)
