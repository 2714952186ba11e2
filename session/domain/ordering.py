"""Where a new floor request enters the list of speakers.

- Points of order go to the head at once, first come first served among themselves (rule 71).
- An interposed question to the speaker comes next, for the chair to take while the speaker speaks.
- A panellist's response is placed next, for the chair to move if needed.
- Rights of reply wait until all other speakers have been heard (GA decision 34/401).
- Statements and questions: in a round table, in order of request; in the plenary, Member
  States first, then observers, the UN system and civil society, each by level of
  representation, then by time of request.
"""

from .participants import CATEGORY_RANK, LEVEL_RANK
from .state import FloorRequest, Policy, RequestType

_HEAD_TYPES = {
    RequestType.POINT_OF_ORDER: {RequestType.POINT_OF_ORDER},
    RequestType.INTERPOSED_QUESTION: {RequestType.POINT_OF_ORDER, RequestType.INTERPOSED_QUESTION},
    RequestType.RESPONSE: {RequestType.POINT_OF_ORDER, RequestType.INTERPOSED_QUESTION, RequestType.RESPONSE},
}
_LISTED = {RequestType.STATEMENT, RequestType.QUESTION}


def plenary_key(request: FloorRequest) -> tuple[int, int, float, int]:
    return (CATEGORY_RANK[request.category], LEVEL_RANK[request.level], request.requested_at, request.entry)


def insertion_index(queue: list[FloorRequest], request: FloorRequest, policy: Policy) -> int:
    if request.type in _HEAD_TYPES:
        return _leading(queue, _HEAD_TYPES[request.type])
    if request.type is RequestType.RIGHT_OF_REPLY:
        return len(queue)
    first_reply = next((i for i, q in enumerate(queue) if q.type is RequestType.RIGHT_OF_REPLY), len(queue))
    if policy is Policy.PLENARY:
        start = _leading(queue, _HEAD_TYPES[RequestType.RESPONSE])
        key = plenary_key(request)
        for i in range(start, first_reply):
            if queue[i].type in _LISTED and plenary_key(queue[i]) > key:
                return i
    return first_reply


def _leading(queue: list[FloorRequest], types: set[RequestType]) -> int:
    for i, queued in enumerate(queue):
        if queued.type not in types:
            return i
    return len(queue)
