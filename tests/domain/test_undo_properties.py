"""Property tests of undo: whatever a meeting did before, undoing the chair's last action returns the
room to what it was before that action, the log only grows, and a replay of it is the live room.

A Hypothesis state machine plays a room (plenary or round table) through the one command path
(`parse_command`, `authorize`, `decide`, `apply`), with the actions undo takes back, the others
that come between them (requests, the clock, segments, interposed questions) and undo itself, sent
for the right event or a wrong one, in time or too late. After every undo it checks the room
against a deep copy kept from before the undone action; after every step, that the log folds back
into the same room.
"""

import copy
import json
import types
import typing
from dataclasses import fields, is_dataclass, replace

import hypothesis.strategies as st
from command_path import decided
from hypothesis import settings
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from participants import directory

from session.domain.commands import COMMANDS, RequestType
from session.domain.permissions import Actor, Role
from session.domain.room import apply, new_room, replay
from session.domain.state import Event, Policy, RoomRules, RoomState, Undone
from session.domain.timer import Phase
from session.domain.undo import UNDO_WINDOW_S

DIRECTORY = directory("MEX", "SEN", "PHL", "EU", "VAT", "IOM", "MFA")
IDS = sorted(DIRECTORY)
UNDOABLE = sorted(action for action, command in COMMANDS.items() if command.undoable)
BOOKKEEPING = {"version", "undoable", "undone", "last_entry", "timer"}

chair = Actor(Role.CHAIR)
steps = st.one_of(st.just(0), st.integers(0, 90), st.integers(0, 2 * UNDO_WINDOW_S))
participants = st.sampled_from(IDS)
kinds = st.sampled_from([RequestType.STATEMENT, RequestType.RIGHT_OF_REPLY, RequestType.QUESTION])


class UndoMeeting(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.state = None

    @initialize(policy=st.sampled_from(list(Policy)))
    def open_room(self, policy):
        self.rules = RoomRules(policy=policy, statement_s=180)
        self.state = new_room("room", self.rules)
        self.now = 1_381_000_000.0
        self.log: list[Event] = []
        self.before: dict[int, RoomState] = {}  # seq of an undoable event -> deep copy of the room before it
        self.after: dict[int, RoomState] = {}  # -> and right after it

    def send(self, actor: Actor, message: dict, dt: float) -> dict | None:
        self.now += dt
        decision = decided(self.state, actor, message, self.now, DIRECTORY)
        if decision is None:
            return None
        command, data, before = decision
        event = Event(seq=self.state.version + 1, action=command.action, data=data, at=self.now, actor=str(actor))
        apply(self.state, event)
        self.log.append(event)
        if command.undoable:
            self.before[event.seq] = before
            self.after[event.seq] = copy.deepcopy(self.state)
            # What the room keeps to undo is exactly the room before: applying the event touched none of it.
            assert self.state.undoable is not None and self.state.undoable.seq == event.seq
            assert self.state.undoable.before == replace(before, version=0, undoable=None, undone=[])
        else:
            assert self.state.undoable is None, "an event that is not undoable left something to undo"
        if command.action == "undo":
            self.check_undone(data["seq"], event)
        return data

    def check_undone(self, seq: int, undo: Event) -> None:
        before, after, now = self.before[seq], self.after[seq], self.state
        undone = next(e for e in self.log if e.seq == seq)
        assert seq == undo.seq - 1, "only the room's last event is undone"
        assert undo.at - undone.at <= UNDO_WINDOW_S
        assert now.undone == before.undone + [Undone(seq, undone.action, undone.at, undo.at)]
        assert now.undoable is None
        assert now.last_entry == after.last_entry, "an entry number given is never given again"
        for f in fields(RoomState):
            if f.name not in BOOKKEEPING:
                assert getattr(now, f.name) == getattr(before, f.name), f"'{f.name}' is not what it was"
        if after.timer == before.timer or before.timer.phase is not Phase.RUNNING:
            # Untouched by the action (it ran on, as it should), or at rest before and again now.
            assert now.timer == (after.timer if after.timer == before.timer else before.timer)
        else:
            # The action stopped this clock: it runs on from where it stopped.
            assert now.timer.phase is Phase.RUNNING and now.timer.limit_s == before.timer.limit_s
            assert now.timer.elapsed(undo.at) == before.timer.elapsed(undone.at)
            assert now.timer.started_at == undo.at

    def entry(self, data) -> int:
        known = [q.entry for q in self.state.queue] or [1]
        return data.draw(st.one_of(st.sampled_from(known), st.integers(0, self.state.last_entry + 1)), label="entry")

    # --- what comes between ---------------------------------------------------------------------------

    @rule(participant=participants, kind=kinds, dt=steps)
    def a_delegation_asks_for_the_floor(self, participant, kind, dt):
        self.send(Actor(Role.DELEGATE, participant), {"action": "request_floor", "type": kind.value}, dt)

    @rule(who=st.lists(participants, min_size=2, max_size=4, unique=True), dt=steps)
    def several_ask_for_the_floor(self, who, dt):
        for participant in who:  # so that lists are long enough to rearrange
            self.send(Actor(Role.DELEGATE, participant), {"action": "request_floor"}, dt)

    @rule(participant=participants, dt=steps)
    def a_question_to_the_speaker(self, participant, dt):
        message = {"action": "request_floor", "type": RequestType.INTERPOSED_QUESTION.value}
        self.send(Actor(Role.DELEGATE, participant), message, dt)

    @rule(
        action=st.sampled_from(["timer_start", "timer_pause", "timer_resume", "answer_question", "readd_last"]),
        dt=steps,
    )
    def the_chair_keeps_time(self, action, dt):
        self.send(chair, {"action": action}, dt)

    @rule(seconds=st.sampled_from([-30, 30, 60]), dt=steps)
    def time_added(self, seconds, dt):
        self.send(chair, {"action": "timer_add", "seconds": seconds}, dt)

    @rule(on=st.booleans(), dt=steps)
    def the_clock_on_the_call(self, on, dt):
        self.send(chair, {"action": "start_on_call", "on": on}, dt)

    @rule(data=st.data(), dt=steps)
    def a_question_is_taken(self, data, dt):
        self.send(chair, {"action": "take_question", "entry": self.entry(data)}, dt)

    @rule(data=st.data(), dt=steps)
    def segments(self, data, dt):
        state = self.state
        options = [{"action": "add_segment", "title": "Segment", "limit_s": data.draw(st.sampled_from([90, 240]))}]
        if state.segments:
            options.append({"action": "open_segment", "number": data.draw(st.integers(1, len(state.segments)))})
        options.append({"action": "close_segment"})
        self.send(chair, data.draw(st.sampled_from(options), label="segment"), dt)

    # --- the chair's actions that may be undone ------------------------------------------------------------

    def undoable(self, data) -> dict:
        """One of the actions undo takes back, mostly well aimed."""
        action = data.draw(st.sampled_from(UNDOABLE), label="action")
        message: dict = {"action": action}
        if action in ("move", "remove") or (action == "call" and data.draw(st.booleans(), label="listed")):
            message["entry"] = self.entry(data)
        elif action == "call":
            message["participant"] = data.draw(participants, label="participant")
        if action == "move":
            message["position"] = data.draw(st.integers(1, max(1, len(self.state.queue))), label="position")
        return message

    @rule(data=st.data(), dt=steps)
    def the_chair_acts(self, data, dt):
        self.send(chair, self.undoable(data), dt)

    @rule(data=st.data(), dt=steps)
    def the_chair_undoes(self, data, dt):
        """Mostly the last event the chair saw; sometimes another, or late."""
        last = self.state.version
        seq = data.draw(st.one_of(st.just(last), st.just(last), st.integers(0, last + 1)), label="seq")
        self.send(chair, {"action": "undo", "seq": seq}, dt)

    @rule(data=st.data(), dt=st.integers(0, 30))
    def a_slip_and_its_undoing(self, data, dt):
        """The chair ends a turn, calls, moves or clears by mistake, and undoes it soon after (or too late)."""
        if self.send(chair, self.undoable(data), dt) is not None:
            self.send(chair, {"action": "undo", "seq": self.state.version}, data.draw(steps, label="later"))

    # --- invariants ----------------------------------------------------------------------------------------

    @invariant()
    def the_log_only_grows_and_folds_into_the_room(self):
        if self.state is None:
            return
        assert [e.seq for e in self.log] == list(range(1, len(self.log) + 1))
        stored = [Event(e.seq, e.action, json.loads(json.dumps(e.data)), e.at, e.actor) for e in self.log]
        assert replay(new_room("room", self.rules), stored) == self.state

    @invariant()
    def each_undo_is_on_the_record(self):
        if self.state is None:
            return
        undos = [e for e in self.log if e.action == "undo"]
        assert [(u.seq, u.undone_at) for u in self.state.undone] == [(e.data["seq"], e.at) for e in undos]


UndoMeeting.TestCase.settings = settings(max_examples=150, stateful_step_count=50, deadline=None)
TestUndoMeeting = UndoMeeting.TestCase


def test_the_room_kept_for_an_undo_holds_only_frozen_values_inside_its_lists_and_dicts():
    """`undo` copies the state's lists and dicts one level deep: enough only while what they hold
    can never change in place. A new field holding something mutable must be copied deeper."""

    def frozen(kind) -> bool:
        origin, args = typing.get_origin(kind), typing.get_args(kind)
        if kind in (str, int, float, bool, type(None)) or (isinstance(kind, type) and issubclass(kind, str)):
            return True
        if origin in (tuple, typing.Union, types.UnionType):
            return all(frozen(arg) for arg in args if arg is not Ellipsis)
        return is_dataclass(kind) and kind.__dataclass_params__.frozen

    hints = typing.get_type_hints(RoomState)
    for f in fields(RoomState):
        kind = hints[f.name]
        origin = typing.get_origin(kind)
        if origin in (list, dict):
            assert all(frozen(arg) for arg in typing.get_args(kind)), f"RoomState.{f.name}: {kind}"
        elif f.name not in ("undoable", "rules"):
            assert frozen(kind), f"RoomState.{f.name}: {kind}"
