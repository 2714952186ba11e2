"""The balance of voices: who has been heard, for how long, and a fair order to suggest.

A voice is counted by regional group for a Member State and by category for everyone else,
so "the African Group" and "civil society" weigh alike in the suggestion. Points of order are
procedure, not a voice: they count for nothing here.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from .ordering import priority_band
from .participants import Category, Participant
from .state import FloorRequest, RequestType, RoomState

REGIONAL_GROUPS = ("african", "asia_pacific", "eastern_european", "grulac", "weog")
NON_GOVERNMENTAL = {Category.NGO, Category.PRIVATE_SECTOR}
MAX_PANEL = 4  # round tables: two co-chairs and up to four panellists
_LISTED = {RequestType.STATEMENT, RequestType.QUESTION}
Key = TypeVar("Key", str, str | None)  # a voice (None: not one of those counted) or a participant


def voice(request: FloorRequest, directory: Mapping[str, Participant]) -> str:
    participant = directory.get(request.participant)
    if request.category is Category.MEMBER_STATE and participant and participant.regional_group:
        return participant.regional_group
    return request.category.value


@dataclass(frozen=True)
class Share:
    key: str
    turns: int = 0
    spoken_s: float = 0.0
    waiting: int = 0


@dataclass(frozen=True)
class Balance:
    by_group: list[Share]  # Member States, per regional group
    by_category: list[Share]
    by_type: list[Share]
    not_yet_heard: list[FloorRequest]  # waiting, and not heard yet in this room
    mean_overrun_s: float
    max_overrun_s: float
    by_participant: list[Share]  # each participant heard, most speaking time first


def balance(state: RoomState, directory: Mapping[str, Participant]) -> Balance:
    """One pass over the record and one over the list: at 6 p.m. on day two (600 heard, 193
    waiting) summing the record again for each voice and each participant took 20 ms a version."""
    heard = [i for i in state.interventions if i.request.type is not RequestType.POINT_OF_ORDER]
    waiting = [q for q in state.queue if q.type is not RequestType.POINT_OF_ORDER]

    def shares(keys: Iterable[str], key_of: Callable[[FloorRequest], str | None]) -> list[Share]:
        turns, spoken_s = _tally((key_of(i.request), i.duration_s) for i in heard)
        queued = Counter(key_of(q) for q in waiting)
        return [Share(key=k, turns=turns[k], spoken_s=round(spoken_s.get(k, 0), 3), waiting=queued[k]) for k in keys]

    def group(request: FloorRequest) -> str | None:
        key = voice(request, directory)
        return key if key in REGIONAL_GROUPS else None

    turns, spoken_s = _tally((i.request.participant, i.duration_s) for i in state.interventions)
    queued = Counter(q.participant for q in state.queue)
    overruns = [i.overrun_s for i in state.interventions]
    return Balance(
        by_group=shares(REGIONAL_GROUPS, group),
        by_category=shares([c.value for c in Category], lambda r: r.category.value),
        by_type=shares([t.value for t in RequestType], lambda r: r.type.value),
        not_yet_heard=[q for q in state.queue if q.participant not in turns],
        mean_overrun_s=round(sum(overruns) / len(overruns), 3) if overruns else 0.0,
        max_overrun_s=round(max(overruns), 3) if overruns else 0.0,
        by_participant=[
            Share(key=p, turns=turns[p], spoken_s=round(spoken_s[p], 3), waiting=queued[p])
            for p in sorted(turns, key=lambda p: (-spoken_s[p], p))
        ],
    )


def _tally(spoken: Iterable[tuple[Key, float]]) -> tuple[Counter[Key], dict[Key, float]]:
    """Turns and speaking time per key, the time summed in the record's order as `sum` would."""
    turns: Counter[Key] = Counter()
    seconds: dict[Key, float] = {}
    for key, duration_s in spoken:
        turns[key] += 1
        seconds[key] = seconds.get(key, 0) + duration_s
    return turns, seconds


def balanced_order(state: RoomState, directory: Mapping[str, Participant]) -> list[FloorRequest]:
    """Waiting statements and questions, the least-heard voice first (ties by time of request).

    Greedy: once a voice is placed, its expected time grows by that request's limit, so two
    delegations of one group do not follow each other while another group waits. Where the
    co-chairs give priority to Heads of State or Government and ministers (`priority`), theirs come
    first all the same, each band in the least-heard voice's order.
    """
    expected: dict[str, float] = {}
    for intervention in state.interventions:
        if intervention.request.type is not RequestType.POINT_OF_ORDER:
            key = voice(intervention.request, directory)
            expected[key] = expected.get(key, 0.0) + intervention.duration_s
    pending = [q for q in state.queue if q.type in _LISTED]
    order = []
    while pending:
        best = min(
            pending,
            key=lambda q: (
                priority_band(q, state.high_level_first),
                expected.get(voice(q, directory), 0.0),
                q.requested_at,
                q.entry,
            ),
        )
        order.append(best)
        pending.remove(best)
        key = voice(best, directory)
        expected[key] = expected.get(key, 0.0) + best.time_limit_s
    return order


def reorder_listed(queue: list[FloorRequest], order: list[int]) -> list[FloorRequest]:
    """The queue with its statements and questions in `order`; everything else keeps its place."""
    by_entry = {q.entry: q for q in queue}
    listed = iter(by_entry[e] for e in order)
    return [next(listed) if q.type in _LISTED else q for q in queue]


# Procedure and questions are not a voice's speech: they never draw on a budget.
BUDGET_FREE = {RequestType.POINT_OF_ORDER, RequestType.QUESTION, RequestType.INTERPOSED_QUESTION}


@dataclass(frozen=True)
class BudgetLine:
    key: str  # a regional group or a stakeholder category
    budget_s: int
    spent_s: float

    @property
    def left_s(self) -> float:
        return self.budget_s - self.spent_s


def budget_lines(state: RoomState, directory: Mapping[str, Participant], now: float | None = None) -> list[BudgetLine]:
    """What each group and category has left, counting the current speaker up to `now` if given."""
    if state.budgets is None:
        return []
    spent: dict[str, float] = {}
    turns = [(i.request, i.duration_s) for i in state.interventions]
    if now is not None:
        if state.current is not None:
            turns.append((state.current, state.timer.elapsed(now)))
        turns += [(s.request, s.timer.elapsed(now)) for s in state.suspended]  # paused, not finished
    for request, seconds in turns:
        if request.type not in BUDGET_FREE:
            key = voice(request, directory)
            spent[key] = spent.get(key, 0.0) + seconds
    budgets = state.budgets
    keys = [(g, budgets.group_s) for g in REGIONAL_GROUPS]
    keys += [(c.value, budgets.category_s) for c in Category if c is not Category.MEMBER_STATE]
    return [BudgetLine(key, base + budgets.added_s, round(spent.get(key, 0.0), 3)) for key, base in keys]
