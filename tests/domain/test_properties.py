"""Property tests: random meetings, driven through the one command path, keep the rules of procedure.

A Hypothesis state machine plays a room (plenary or round table, chosen per run) with every command
from every role: each command is built from a wire message (`parse_command`), checked by
`authorize`, decided against the state at a server time that only moves forward, and — when
accepted — wrapped in the next event, applied and logged. A refusal must leave the state exactly as
it was; an acceptance must not have changed the state before its event is applied.

After every step the machine checks the invariants of the list of speakers, the timer, the record
of interventions and the rights of reply, and that the log folds back into the same room: into a
replica fed each event as the store keeps it (JSON), and every ten steps and at the end of a run
into a fresh room.

The machine also drives segments, interposed questions and their answers, group time budgets, and
expressions of interest in a panel, and checks their rules after every step: a speaker suspended for an
interposed question has a stopped clock that resumes where it stopped, waiting questions are put to the
speaker who has the floor, a segment's list is its own, budgets stay alike for every group and are drawn
only by speech, and interest is expressed only before the deadline.

It holds the debate in meetings (scheduled on one day or the next, opened and closed) and checks the
rights that follow status (PROCEDURE.md §2): no point of order or right of reply from the UN system,
an NGO or the private sector is ever on the list or heard; replies stay within their cap per meeting
(the European Union's one per item) and are for the day's last meeting; the chair's flags are where
status puts them; interposed questions come only when the room takes them.

A round table's co-chairs switch priority to Heads of State or Government and ministers on and off
(PROCEDURE.md §3): while it is on, their requests wait ahead of the others, each band by time of
request, and the balanced suggestion keeps them first; a level a delegation declares places nothing
until it is verified.
"""

import json
from dataclasses import fields
from datetime import UTC, datetime, timedelta, timezone

import hypothesis.strategies as st
import pytest
from command_path import decided
from hypothesis import settings
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from participants import directory

from session.domain import commands as c
from session.domain.balance import BUDGET_FREE, MAX_PANEL, REGIONAL_GROUPS, balanced_order, budget_lines
from session.domain.commands import COMMANDS, RequestType
from session.domain.ordering import HIGH_LEVELS, plenary_key, priority_band, round_table_key
from session.domain.participants import Category, Level
from session.domain.permissions import Actor, Role
from session.domain.rights import (
    EU_REPLY,
    NO_CHALLENGE,
    OBSERVER_POINT,
    OBSERVER_REPLY,
    STATES,
    SUMMIT_LEVELS,
    TO_HEAD_OF_STATE,
    interposed_questions_allowed,
    reply_meeting,
)
from session.domain.room import apply, known, new_room, replay
from session.domain.seats import DISCUSSION
from session.domain.state import Event, Policy, RoomRules
from session.domain.timer import Phase

DIRECTORY = directory("MEX", "SEN", "PHL", "CZE", "SWE", "VAT", "EU", "IOM", "UNHCR", "MFA", "ICC")
assert {p.category for p in DIRECTORY.values()} == set(Category)
assert {p.regional_group for p in DIRECTORY.values() if p.regional_group} == set(REGIONAL_GROUPS)
IDS = sorted(DIRECTORY)
UNKNOWN = "XYZ"

COMPARED = [
    "queue",
    "current",
    "current_started_at",
    "timer",
    "list_closed",
    "interventions",
    "removed",
    "rulings",
    "last_entry",
    "version",
]
BEFORE_POINTS_OF_ORDER = {RequestType.STATEMENT, RequestType.QUESTION, RequestType.RIGHT_OF_REPLY}
LISTED = {RequestType.STATEMENT, RequestType.QUESTION}
# The shape of a list nobody has rearranged: points of order, responses, statements and questions, replies.
BLOCK = {
    RequestType.POINT_OF_ORDER: 0,
    RequestType.INTERPOSED_QUESTION: 1,
    RequestType.RESPONSE: 2,
    RequestType.STATEMENT: 3,
    RequestType.QUESTION: 3,
    RequestType.RIGHT_OF_REPLY: 4,
}
FULL_REPLAY_EVERY = 10
INTERPOSED = {RequestType.INTERPOSED_QUESTION, RequestType.ANSWER}
SEGMENT_LIMITED = {RequestType.STATEMENT, RequestType.QUESTION, RequestType.RESPONSE}  # the segment's limit
# What a status gives, by category: the flag the chair reads on a point of order and on a reply (PROCEDURE.md §2).
STATUS_FLAGS = {
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
# Commands after which the list's shape is the chair's (or a meeting's carrying over), not the rules'.
ARRANGING = {"move", "readd_last", "swap", "mark_absent", "apply_suggestion", "close_meeting"}

# --- strategies ---------------------------------------------------------------------------------

PRESIDING = [Actor(Role.CHAIR), Actor(Role.ORGANISER), Actor(Role.CHAIR, "MEX")]
SPEAKING = [Actor(role, pid) for role in (Role.DELEGATE, Role.PANELLIST) for pid in IDS + [UNKNOWN]]
WATCHING = [Actor(Role.RAPPORTEUR), Actor(Role.OBSERVER), Actor(Role.SCREEN), Actor(Role.DELEGATE)]

presiding = st.sampled_from(PRESIDING)
speaking = st.sampled_from(SPEAKING)
watching = st.sampled_from(WATCHING)
# The chair's actions come mostly from the chair (shrinking towards it), now and then from anyone else.
chair_actors = st.one_of(*[presiding] * 6, speaking, watching)
any_actors = st.one_of(presiding, speaking, watching)

steps = st.one_of(st.just(0), st.integers(0, 400), st.floats(0, 400, allow_nan=False, allow_infinity=False))
# A few delegations (a Member State and the EU, whose caps differ) speak often, so that limits are reached.
known_participants = st.one_of(st.sampled_from(["MEX", "EU"]), st.sampled_from(IDS))
participants = st.one_of(known_participants, known_participants, st.just(UNKNOWN))
# Points of order and rights of reply have the most rules; they come up more often than in life.
types = st.one_of(
    st.sampled_from([RequestType.RIGHT_OF_REPLY, RequestType.POINT_OF_ORDER]), st.sampled_from(list(RequestType))
)
levels = st.one_of(st.none(), st.sampled_from(list(Level)))
maybe = st.booleans()
# What a careless integration might send: any field of any command, with any JSON value.
FIELDS = sorted({f.name for command in COMMANDS.values() for f in fields(command)})
json_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**11), 10**11),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=6),
    st.lists(st.integers(0, 3), max_size=2),
    st.fixed_dictionaries({"x": st.integers()}),
    st.sampled_from(["1", " 2 ", "-1", "MEX", "EU", "statement", "point_of_order", "right_of_reply", "minister", ""]),
)


def iso(moment: float) -> str:
    return datetime.fromtimestamp(round(moment), UTC).isoformat()


# --- the machine ------------------------------------------------------------------------------------


class Meeting(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.state = None

    @initialize(policy=st.sampled_from(list(Policy)), statement_s=st.sampled_from([180, 300]))
    def open_room(self, policy, statement_s):
        self.rules = RoomRules(policy=policy, statement_s=statement_s)
        self.state = new_room("room", self.rules)
        self.replica = new_room("room", self.rules)  # fed each event as the store keeps it
        self.now = 1_381_000_000.0  # the morning of 3 October 2013
        self.log: list[Event] = []
        self.previous_interventions = []
        self.seen_entries: set[int] = set()
        self.arranged = False  # the chair has moved or re-added an entry: the list's shape is the chair's
        self.new_point_of_order = None
        self.frozen = None  # (entry, elapsed): a speaker's clock when the chair took a question put to it
        self.spent = {}  # budget line -> seconds spent, as the record stood at the previous step
        self.spent_interventions = 0

    # --- the command path -------------------------------------------------------------------------

    def send(self, actor: Actor, message: dict, dt: float) -> dict | None:
        """Parse, authorize, decide and apply one wire message at a later time; the event data or None."""
        self.now += dt
        self.new_point_of_order = None
        decision = decided(self.state, actor, message, self.now, DIRECTORY)
        if decision is None:
            return None
        command, data, before = decision
        assert self.state == before, "deciding changed the state"
        if command.action == "take_question":
            self.frozen = (before.current.entry, before.timer.elapsed(self.now))
        if command.action in ("express_interest", "withdraw_interest"):
            assert before.interest_deadline is not None and self.now <= before.interest_deadline, "too late"
        if command.action == "express_interest":
            who = known(before, DIRECTORY)[data["participant"]]
            assert who.category is Category.MEMBER_STATE or before.interest_stakeholders, f"{who.id} not eligible"
        event = Event(seq=self.state.version + 1, action=command.action, data=data, at=self.now, actor=str(actor))
        apply(self.state, event)
        self.log.append(event)
        stored = Event(event.seq, event.action, json.loads(json.dumps(event.data)), event.at, event.actor)
        apply(self.replica, stored)
        if command.action in ARRANGING:
            self.arranged = True
        if command.action == "set_priority_to_high_level" and not data["on"]:
            # Priority off moves no one: those it put ahead stay ahead, as the co-chairs announced.
            listed = [q.entry for q in self.state.queue if q.type in LISTED]
            self.arranged = self.arranged or listed != sorted(listed)
        self.priority_kept(command.action, data, before)
        new_request = data.get("request", data) if command.action in ("request_floor", "call") else None
        if new_request and "participant" in new_request:  # a new inscription, with a new number
            assert new_request["entry"] not in self.seen_entries, "an entry number was reused"
            assert all(new_request["entry"] > e for e in self.seen_entries)
            if command.action == "request_floor" and new_request["type"] == RequestType.POINT_OF_ORDER:
                self.new_point_of_order = new_request["entry"]
            if new_request["type"] == RequestType.INTERPOSED_QUESTION:
                assert interposed_questions_allowed(before), "an interposed question in a room that takes none"
            if new_request["type"] == RequestType.RIGHT_OF_REPLY:
                assert new_request.get("meeting") == reply_meeting(before), "a reply not for the day's last meeting"
            if (
                command.action == "request_floor"
                and actor.role in (Role.DELEGATE, Role.PANELLIST)
                and new_request["type"] in DISCUSSION
                and before.seat_cap is not None
                and not before.seatless_may_ask
            ):
                seated = new_request["participant"] in before.seat_holders + before.panel
                assert seated, "a delegation without a seat asked for the floor at a round table with reserved seats"
            if before.segment is not None and new_request["type"] in SEGMENT_LIMITED:
                limit = before.segments[before.segment - 1].limit_s
                assert new_request["time_limit_s"] == limit, "a request in a segment not on the segment's limit"
        return data

    def priority_kept(self, action: str, data: dict, before) -> None:
        """PROCEDURE.md §3, however the co-chairs have arranged the list: switching priority on puts the
        high-level requests ahead, each band in the order it had; one placed while it is on (asked, or
        its level verified) waits behind no statement or question of a lower level."""
        state = self.state
        if not state.high_level_first:
            return
        listed = [q for q in state.queue if q.type in LISTED]
        if action == "set_priority_to_high_level":
            bands = [priority_band(q, True) for q in listed]
            assert bands == sorted(bands), "switching priority on left a minister behind"
            earlier = [q.entry for q in before.queue if q.type in LISTED]
            for band in (0, 1):
                kept = [q.entry for q in listed if priority_band(q, True) == band]
                assert kept == [e for e in earlier if e in kept], "switching priority on reordered a band"
        elif action in ("request_floor", "verify_level") and "position" in data:
            placed = state.queue[data["position"] - 1]
            if placed.type in LISTED and priority_band(placed, True) == 0:
                ahead = [q for q in listed[: listed.index(placed)] if priority_band(q, True) == 1]
                assert not ahead, f"{placed.participant} at a high level waits behind {ahead[0].participant}"

    def suspended(self) -> list:
        """Speakers who have the floor but wait while a question is put to them."""
        return [s.request for s in self.state.suspended]

    def speaker(self) -> int | None:
        """The entry of the speaker whose turn it is: suspended for a question, or holding the floor."""
        if self.state.suspended:
            return self.state.suspended[-1].request.entry
        return self.state.current.entry if self.state.current else None

    def entries(self, data) -> int:
        """An entry to act on: mostly one on the list, sometimes the speaker, one heard, or none at all."""
        state = self.state
        known = [q.entry for q in state.queue]
        if state.current:
            known.append(state.current.entry)
        known += [i.request.entry for i in state.interventions[-3:]]
        anything = st.integers(-1, state.last_entry + 2)
        return data.draw(
            st.one_of(st.sampled_from(known), st.sampled_from(known), anything) if known else anything, label="entry"
        )

    # --- rules: every action, from every role; mostly well-formed, sometimes not --------------------

    @rule(
        role=st.sampled_from([Role.DELEGATE, Role.PANELLIST]),
        participant=known_participants,
        type=types,
        level=levels,
        name_self=maybe,
        dt=steps,
    )
    def delegate_requests_the_floor(self, role, participant, type, level, name_self, dt):
        """A delegation asks for the floor for itself; its form may leave the participant out."""
        message = {
            "action": "request_floor",
            "participant": participant if name_self else None,
            "type": type.value,
            "level": level and level.value,
        }
        self.send(Actor(role, participant), message, dt)

    @rule(actor=presiding, participant=known_participants, type=types, level=levels, dt=steps)
    def chair_inscribes(self, actor, participant, type, level, dt):
        self.send(
            actor,
            {"action": "request_floor", "participant": participant, "type": type.value, "level": level and level.value},
            dt,
        )

    @rule(actor=any_actors, participant=st.one_of(st.none(), participants), type=types, level=levels, dt=steps)
    def anyone_requests_the_floor(self, actor, participant, type, level, dt):
        self.send(
            actor,
            {"action": "request_floor", "participant": participant, "type": type.value, "level": level and level.value},
            dt,
        )

    @rule(actor=any_actors, data=st.data(), owner=maybe, dt=steps)
    def withdraw_by_entry(self, actor, data, owner, dt):
        entry = self.entries(data)
        request = self.state.find(entry)
        if owner and request:  # the delegation whose request it is
            actor = Actor(data.draw(st.sampled_from([Role.DELEGATE, Role.PANELLIST])), request.participant)
        self.send(actor, {"action": "withdraw", "entry": entry}, dt)

    @rule(
        actor=any_actors,
        participant=st.one_of(st.none(), participants),
        type=st.one_of(st.none(), types),
        own=st.booleans(),
        dt=steps,
    )
    def withdraw_by_participant(self, actor, participant, type, own, dt):
        if own and actor.participant and actor.role in (Role.DELEGATE, Role.PANELLIST):
            participant = None  # a delegate withdraws its own request; authorize fills the participant in
        self.send(actor, {"action": "withdraw", "participant": participant, "type": type and type.value}, dt)

    @rule(actor=chair_actors, data=st.data(), seen=maybe, dt=steps)
    def call_next(self, actor, data, seen, dt):
        entry = None
        if seen:  # the entry the chair saw at the head: usually still there, or stale
            head = self.state.queue[0].entry if self.state.queue else None
            entry = head if data.draw(maybe, label="head") else self.entries(data)
        self.send(actor, {"action": "call_next", "entry": entry}, dt)

    @rule(actor=chair_actors, data=st.data(), dt=steps)
    def call_entry(self, actor, data, dt):
        self.send(actor, {"action": "call", "entry": self.entries(data)}, dt)

    @rule(actor=chair_actors, participant=participants, type=types, level=levels, dt=steps)
    def call_participant(self, actor, participant, type, level, dt):
        self.send(
            actor,
            {"action": "call", "participant": participant, "type": type.value, "level": level and level.value},
            dt,
        )

    @rule(actor=chair_actors, data=st.data(), dt=steps)
    def move(self, actor, data, dt):
        entry = self.entries(data)
        size = len(self.state.queue)
        position = data.draw(st.one_of(st.integers(1, max(size, 1)), st.integers(-1, size + 2)), label="position")
        seen = data.draw(
            st.one_of(st.none(), st.just(self.state.position(entry)), st.integers(0, size + 1)), label="from_position"
        )
        self.send(actor, {"action": "move", "entry": entry, "position": position, "from_position": seen}, dt)

    @rule(actor=chair_actors, data=st.data(), dt=steps)
    def remove(self, actor, data, dt):
        self.send(actor, {"action": "remove", "entry": self.entries(data)}, dt)

    @rule(actor=chair_actors, dt=steps)
    def readd_last(self, actor, dt):
        self.send(actor, {"action": "readd_last"}, dt)

    @rule(actor=chair_actors, action=st.sampled_from(["close_list", "reopen_list"]), dt=steps)
    def close_or_reopen_the_list(self, actor, action, dt):
        self.send(actor, {"action": action}, dt)

    @rule(actor=chair_actors, action=st.sampled_from(["timer_start", "timer_pause", "timer_resume"]), dt=steps)
    def timer(self, actor, action, dt):
        self.send(actor, {"action": action}, dt)

    @rule(
        actor=chair_actors,
        dt=steps,
        seconds=st.one_of(
            st.integers(-400, 400),
            st.sampled_from([0, -3600, 3600, -3601, 3601, 10**9, -(10**10)]),
            st.sampled_from(["30", " -60 ", "", "1.5", "abc", True, 1.5, None]),
        ),
    )
    def timer_add(self, actor, seconds, dt):
        self.send(actor, {"action": "timer_add", "seconds": seconds}, dt)

    @rule(actor=chair_actors, data=st.data(), seen=maybe, dt=steps)
    def end_intervention(self, actor, data, seen, dt):
        entry = None
        if seen:  # the speaker the chair saw: usually still speaking, or stale
            speaker = self.state.current.entry if self.state.current else None
            entry = speaker if data.draw(maybe, label="speaker") else self.entries(data)
        self.send(actor, {"action": "end_intervention", "entry": entry}, dt)

    @rule(
        actor=chair_actors,
        data=st.data(),
        dt=steps,
        ruling=st.sampled_from(["The point of order is well taken.", "The speaker is in order.", "   ", "x" * 501]),
    )
    def rule_point_of_order(self, actor, data, ruling, dt):
        points = [i.request.entry for i in self.state.interventions if i.request.type is RequestType.POINT_OF_ORDER]
        if self.state.current and self.state.current.type is RequestType.POINT_OF_ORDER:
            points.append(self.state.current.entry)
        entry = data.draw(st.sampled_from(points)) if points and data.draw(maybe) else self.entries(data)
        self.send(actor, {"action": "rule_point_of_order", "entry": entry, "ruling": ruling}, dt)

    # --- interposed questions ---------------------------------------------------------------------------

    @rule(actor=any_actors, participant=known_participants, dt=steps)
    def someone_asks_the_speaker_a_question(self, actor, participant, dt):
        if actor.role in (Role.DELEGATE, Role.PANELLIST) and actor.participant:
            participant = actor.participant
        self.send(
            actor,
            {"action": "request_floor", "participant": participant, "type": RequestType.INTERPOSED_QUESTION.value},
            dt,
        )

    @rule(actor=chair_actors, data=st.data(), dt=steps)
    def take_question(self, actor, data, dt):
        waiting = [q.entry for q in self.state.queue if q.type is RequestType.INTERPOSED_QUESTION]
        entry = (
            data.draw(st.sampled_from(waiting), label="question")
            if waiting and data.draw(maybe)
            else self.entries(data)
        )
        self.send(actor, {"action": "take_question", "entry": entry}, dt)

    @rule(actor=chair_actors, dt=steps)
    def answer_question(self, actor, dt):
        self.send(actor, {"action": "answer_question"}, dt)

    @rule(actor=presiding, data=st.data(), dt=steps)
    def an_interposed_exchange_goes_on(self, actor, data, dt):
        """The next step of a question put to the speaker, so that questions are taken, answered and done."""
        state = self.state
        current = state.current
        waiting = [q.entry for q in state.queue if q.type is RequestType.INTERPOSED_QUESTION]
        if current is not None and current.type is RequestType.INTERPOSED_QUESTION:
            message = data.draw(st.sampled_from([{"action": "answer_question"}] * 3 + [{"action": "end_intervention"}]))
        elif current is not None and current.type is RequestType.ANSWER:
            message = data.draw(
                st.sampled_from(
                    [
                        {"action": "end_intervention", "entry": current.entry},
                        {"action": "timer_add", "seconds": 30},
                        {"action": "timer_pause"},
                    ]
                )
            )
        elif waiting:
            message = {"action": "take_question", "entry": data.draw(st.sampled_from(waiting))}
        elif current is not None and not interposed_questions_allowed(state):
            message = {"action": "allow_interposed_questions", "on": True}  # the plenary's chair allows them
        elif current is not None:
            asker = data.draw(known_participants)
            actor = Actor(Role.DELEGATE, asker)
            message = {"action": "request_floor", "type": RequestType.INTERPOSED_QUESTION.value}
        else:
            # Now and then a Head of State or Government, to whom a non-State's question is flagged.
            level = data.draw(st.sampled_from([None, Level.HEAD_OF_STATE, Level.HEAD_OF_GOVERNMENT]), label="level")
            message = {"action": "call", "participant": data.draw(known_participants), "level": level and level.value}
        self.send(actor, message, dt)

    # --- segments ---------------------------------------------------------------------------------------

    @rule(
        actor=chair_actors,
        dt=steps,
        title=st.sampled_from(["General exchange", "Interactive dialogue", "", "  "]),
        limit_s=st.sampled_from([None, None, 29, 30, 90, 240, 3600, 3601, -60, "120", "abc"]),
    )
    def add_segment(self, actor, title, limit_s, dt):
        self.send(actor, {"action": "add_segment", "title": title, "limit_s": limit_s}, dt)

    @rule(actor=chair_actors, data=st.data(), dt=steps)
    def open_segment(self, actor, data, dt):
        number = data.draw(st.integers(-1, len(self.state.segments) + 1), label="number")
        self.send(actor, {"action": "open_segment", "number": number}, dt)

    @rule(actor=chair_actors, dt=steps)
    def close_segment(self, actor, dt):
        self.send(actor, {"action": "close_segment"}, dt)

    # --- budgets ----------------------------------------------------------------------------------------

    @rule(
        actor=chair_actors,
        dt=steps,
        group_s=st.sampled_from([0, 59, 60, 600, 1800, 36000, 36001, -60]),
        category_s=st.sampled_from([None, None, 0, 60, 900, 36001]),
    )
    def set_budgets(self, actor, group_s, category_s, dt):
        self.send(actor, {"action": "set_budgets", "group_s": group_s, "category_s": category_s}, dt)

    @rule(actor=chair_actors, dt=steps, seconds=st.sampled_from([0, 60, -60, 300, -300, 3600, 3601, -3601]))
    def add_budget(self, actor, seconds, dt):
        self.send(actor, {"action": "add_budget", "seconds": seconds}, dt)

    # --- the panel by expression of interest --------------------------------------------------------------

    @rule(
        actor=chair_actors,
        dt=steps,
        offset=st.one_of(st.integers(-3600, 3600), st.just(86400)),
        stakeholders=maybe,
        form=st.sampled_from(["Z", "+00:00", "+02:00", "naive", "garbled"]),
    )
    def set_interest_deadline(self, actor, offset, stakeholders, form, dt):
        moment = datetime.fromtimestamp(round(self.now + dt) + offset, UTC)
        written = {
            "Z": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "+00:00": moment.isoformat(),
            "naive": moment.replace(tzinfo=None).isoformat(),
            "+02:00": moment.astimezone(timezone(timedelta(hours=2))).isoformat(),
            "garbled": moment.strftime("%d/%m/%Y %H:%M"),
        }[form]
        self.send(actor, {"action": "set_interest_deadline", "deadline": written, "stakeholders": stakeholders}, dt)

    @rule(
        actor=any_actors,
        participant=st.one_of(st.none(), participants),
        own=maybe,
        action=st.sampled_from(["express_interest", "express_interest", "withdraw_interest"]),
        dt=steps,
    )
    def interest(self, actor, participant, own, action, dt):
        if own and actor.participant and actor.role in (Role.DELEGATE, Role.PANELLIST):
            participant = None  # a delegate acts for its own delegation; authorize fills it in
        self.send(actor, {"action": action, "participant": participant}, dt)

    @rule(data=st.data(), participant=known_participants, dt=steps)
    def the_panel_is_drawn_up(self, data, participant, dt):
        """The organiser opens interest until a deadline, delegations express and withdraw it, a list is published."""
        state = self.state
        if state.interest_deadline is None or data.draw(st.integers(0, 9), label="reset") == 0:
            offset = data.draw(st.sampled_from([600, 3600, 7200]), label="offset")
            moment = datetime.fromtimestamp(round(self.now + dt) + offset, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            self.send(
                Actor(Role.ORGANISER),
                {
                    "action": "set_interest_deadline",
                    "deadline": moment,
                    "stakeholders": data.draw(maybe, label="stakeholders"),
                },
                dt,
            )
        elif state.interests and data.draw(st.integers(0, 3), label="publish") == 0:
            chosen = data.draw(st.lists(st.sampled_from(sorted(state.interests)), max_size=MAX_PANEL, unique=True))
            self.send(Actor(Role.ORGANISER), {"action": "publish_panel", "participants": ",".join(chosen)}, dt)
        else:
            action = "withdraw_interest" if participant in state.interests else "express_interest"
            self.send(Actor(Role.DELEGATE, participant), {"action": action}, dt)

    @rule(actor=chair_actors, dt=steps, chosen=st.lists(st.one_of(st.sampled_from(IDS), st.just(UNKNOWN)), max_size=5))
    def publish_panel(self, actor, chosen, dt):
        self.send(actor, {"action": "publish_panel", "participants": ",".join(chosen)}, dt)

    # --- meetings, and the room's switch for interposed questions ---------------------------------------

    @rule(
        actor=presiding,
        gap=st.sampled_from([0, 2 * 3600, 2 * 3600, 16 * 3600]),
        hours=st.sampled_from([1, 3]),
        dt=steps,
    )
    def schedule_a_meeting(self, actor, gap, hours, dt):
        """The secretariat schedules the next meeting: later the same day (after lunch) or the next."""
        last = self.state.meetings[-1] if self.state.meetings else None
        number = last.number + 1 if last else 25
        starts = (last.ends_at if last else self.now + dt) + gap
        message = {"action": "schedule_meeting", "number": number, "starts_at": iso(starts)}
        self.send(actor, {**message, "ends_at": iso(starts + hours * 3600)}, dt)

    @rule(actor=chair_actors, action=st.sampled_from(["open_meeting", "close_meeting"]), dt=steps)
    def open_or_close_a_meeting(self, actor, action, dt):
        self.send(actor, {"action": action}, dt)

    @rule(actor=presiding, dt=steps)
    def the_debate_moves_to_its_next_meeting(self, actor, dt):
        """The chair ends the turn at the floor, closes the meeting, opens the next: so meetings are held."""
        state = self.state
        if state.open_meeting is None:
            message = {"action": "open_meeting"}
        elif state.current is not None:
            message = {"action": "end_intervention", "entry": state.current.entry}
        else:
            message = {"action": "close_meeting", "number": state.open_meeting.number}
        self.send(actor, message, dt)

    @rule(actor=chair_actors, on=maybe, dt=steps)
    def allow_interposed_questions(self, actor, on, dt):
        self.send(actor, {"action": "allow_interposed_questions", "on": on}, dt)

    @rule(actor=chair_actors, on=maybe, dt=steps)
    def give_priority_to_high_level(self, actor, on, dt):
        self.send(actor, {"action": "set_priority_to_high_level", "on": on}, dt)

    @rule(actor=presiding, data=st.data(), dt=steps)
    def ministers_ask_and_the_co_chairs_give_them_priority(self, actor, data, dt):
        """Delegations at every level ask, and the co-chairs switch priority on or off with them waiting."""
        state = self.state
        if len([q for q in state.queue if q.type in LISTED]) < 3 or data.draw(maybe, label="another"):
            level = data.draw(st.sampled_from([Level.MINISTER, Level.HEAD_OF_STATE, Level.VICE_MINISTER, None]))
            kind = data.draw(st.sampled_from(sorted(LISTED)), label="kind")
            who = data.draw(st.sampled_from(IDS), label="who")
            said = level and level.value
            message = {"action": "request_floor", "participant": who, "type": kind.value, "level": said}
        else:
            message = {"action": "set_priority_to_high_level", "on": not state.high_level_first}
        self.send(actor, message, dt)

    @rule(
        actor=chair_actors,
        action=st.sampled_from(["set_seat_cap", "seat_delegation", "unseat_delegation", "allow_seatless_requests"]),
        participant=participants,
        seats=st.sampled_from([0, 1, 2, 45, -1, 301]),
        on=maybe,
        dt=steps,
    )
    def the_secretariat_reserves_seats(self, actor, action, participant, seats, on, dt):
        """Reserved seats at a round table (the plenary has none): a cap, seats by hand, the co-chairs' switch."""
        self.send(actor, {"action": action, "participant": participant, "seats": seats, "on": on}, dt)

    @rule(
        actor=chair_actors,
        action=st.sampled_from(sorted(COMMANDS) + ["", "adjourn"]),
        dt=steps,
        values=st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=4),
    )
    def garbled_message(self, actor, action, values, dt):
        """Anything that is not a command is refused with a reason, never with a crash."""
        self.send(actor, {**values, "action": action}, dt)

    @rule(actor=presiding, data=st.data(), dt=steps)
    def chair_runs_the_meeting(self, actor, data, dt):
        """What a chair would do next in this state: most of these are accepted, so meetings get going."""
        self.sensible(actor, data, dt)

    @rule(data=st.data(), dt=steps)
    def co_chair_runs_the_meeting(self, data, dt):
        self.sensible(Actor(Role.CHAIR, "SEN"), data, dt)

    def sensible(self, actor, data, dt):
        state = self.state
        options = [
            {"action": "call_next"},
            {"action": "close_list" if not state.list_closed else "reopen_list"},
            {"action": "call", "participant": data.draw(known_participants), "type": data.draw(types).value},
        ]
        if state.queue:
            options.append({"action": "call_next", "entry": state.queue[0].entry})
            entry = data.draw(st.sampled_from(state.queue)).entry
            options += [
                {"action": "call", "entry": entry},
                {"action": "remove", "entry": entry},
                {"action": "move", "entry": entry, "position": data.draw(st.integers(1, len(state.queue)))},
            ]
        if state.removed:
            options.append({"action": "readd_last"})
        if state.current:
            options.append({"action": "end_intervention", "entry": state.current.entry})
            if state.current.type is RequestType.POINT_OF_ORDER:
                options.append(
                    {
                        "action": "rule_point_of_order",
                        "entry": state.current.entry,
                        "ruling": "The point of order is well taken.",
                    }
                )
        questions = [q.entry for q in state.queue if q.type is RequestType.INTERPOSED_QUESTION]
        if questions:
            options.append({"action": "take_question", "entry": data.draw(st.sampled_from(questions))})
        if state.current and state.current.type is RequestType.INTERPOSED_QUESTION:
            options += [{"action": "answer_question"}] * 2
        if state.current and state.current.type not in INTERPOSED:
            options.append(
                {
                    "action": "request_floor",
                    "participant": data.draw(known_participants),
                    "type": RequestType.INTERPOSED_QUESTION.value,
                }
            )
        if len(state.segments) < 3:
            limit_s = data.draw(st.sampled_from([90, 240]))
            options.append({"action": "add_segment", "title": "Segment", "limit_s": limit_s})
        if state.segments:
            options.append({"action": "open_segment", "number": data.draw(st.integers(1, len(state.segments)))})
        if state.segment is not None:
            options.append({"action": "close_segment"})
        options.append(
            {"action": "set_budgets", "group_s": 0}
            if state.budgets
            else {"action": "set_budgets", "group_s": 600, "category_s": 300}
        )
        options.append({"action": "close_meeting" if state.open_meeting else "open_meeting"})
        options.append({"action": "allow_interposed_questions", "on": not interposed_questions_allowed(state)})
        options.append({"action": "set_priority_to_high_level", "on": not state.high_level_first})
        options.append({"action": "set_balanced", "on": not state.balanced})
        if state.balanced:
            suggested = balanced_order(state, known(state, DIRECTORY))
            options.append({"action": "apply_suggestion", "order": ",".join(str(q.entry) for q in suggested)})
        unverified = [q for q in state.queue if not q.level_verified]
        if unverified:
            declared = data.draw(st.sampled_from(unverified), label="unverified")
            level = (declared.requested_level or Level.MINISTER).value
            options.append({"action": "verify_level", "entry": declared.entry, "level": level})
        timer = {
            Phase.IDLE: "timer_start",
            Phase.READY: "timer_start",  # the speaker has reached the rostrum
            Phase.RUNNING: "timer_pause",
            Phase.PAUSED: "timer_resume",
        }
        options.append({"action": timer[state.timer.phase]})
        if state.timer.phase is not Phase.IDLE:
            options.append({"action": "timer_add", "seconds": data.draw(st.sampled_from([-30, 30, 60]))})
        self.send(actor, data.draw(st.sampled_from(options), label="message"), dt)

    # --- invariants ---------------------------------------------------------------------------------------

    @invariant()
    def the_list_has_each_request_once(self):
        if self.state is None:
            return
        state = self.state
        entries = [q.entry for q in state.queue]
        assert len(entries) == len(set(entries)), f"an entry is on the list twice: {entries}"
        kinds = [(q.participant, q.type) for q in state.queue]
        assert len(kinds) == len(set(kinds)), f"a participant is on the list twice for one type: {kinds}"
        heard = [i.request.entry for i in state.interventions]
        assert len(heard) == len(set(heard)), f"an entry was heard twice: {heard}"
        assert not set(heard) & set(entries), "a request heard is still on the list"
        assert all(e <= state.last_entry for e in entries + heard)
        self.seen_entries.update(entries + heard)
        if state.current:
            self.seen_entries.add(state.current.entry)

    @invariant()
    def one_speaker_at_a_time(self):
        if self.state is None:
            return
        state = self.state
        if state.current is None:
            assert state.current_started_at is None
            return
        assert state.current.entry not in [q.entry for q in state.queue], "the speaker is also on the list"
        assert state.current.entry not in [i.request.entry for i in state.interventions], "the speaker was heard"
        assert state.current_started_at is not None and state.current_started_at <= self.now
        # The speaker's clock runs from when the floor was given, so the record gets a duration.
        assert state.timer.phase is not Phase.IDLE, "a speaker has the floor without a timer"
        assert state.timer.elapsed(self.now) <= self.now - state.current_started_at + 0.001

    @invariant()
    def the_timer_is_never_negative(self):
        if self.state is None:
            return
        timer = self.state.timer
        assert timer.elapsed(self.now) >= 0
        assert timer.accumulated_s >= 0
        assert timer.limit_s >= 0
        if timer.phase is Phase.RUNNING:
            assert timer.started_at is not None and timer.started_at <= self.now
        else:
            assert timer.started_at is None
        if timer.phase is Phase.IDLE:
            assert timer.accumulated_s == 0

    @invariant()
    def the_record_only_grows_and_is_in_order(self):
        if self.state is None:
            return
        record = self.state.interventions
        previous = self.previous_interventions
        assert record[: len(previous)] == previous, "the record of interventions was rewritten"
        assert [i.number for i in record] == list(range(1, len(record) + 1))
        for earlier, later in zip(record, record[1:]):
            assert earlier.ended_at <= later.ended_at
        for i in record:
            assert i.started_at <= i.ended_at <= self.now
            assert 0 <= i.duration_s <= i.ended_at - i.started_at + 0.001  # a pause is not counted
            assert i.time_limit_s >= 0
        self.previous_interventions = list(record)

    @invariant()
    def rulings_are_on_points_of_order_heard(self):
        if self.state is None:
            return
        heard = [i.request for i in self.state.interventions] + self.suspended() + [self.state.current]
        points = {r.entry for r in heard if r is not None and r.type is RequestType.POINT_OF_ORDER}
        assert set(self.state.rulings) <= points
        assert all(ruling.strip() for ruling in self.state.rulings.values())

    def requests(self) -> list:
        """Every request the room has known: heard, at the floor, suspended, waiting."""
        state = self.state
        return [i.request for i in state.interventions] + state.queue + self.suspended() + [state.current]

    @invariant()
    def rights_by_status_are_never_violated(self):
        """PROCEDURE.md §2: points of order and replies only from those whose status gives them, flagged
        where the chair decides; a non-State's question to a Head of State or Government flagged."""
        if self.state is None:
            return
        speakers = {r.entry: r for r in self.requests() if r is not None}
        for r in speakers.values():
            if r.type in STATUS_FLAGS:
                assert r.category in STATUS_FLAGS[r.type], f"{r.participant} ({r.category}) has a {r.type.value}"
                assert r.flag == STATUS_FLAGS[r.type][r.category], (r.participant, r.type.value, r.flag)
            elif r.type is RequestType.INTERPOSED_QUESTION:
                speaker = speakers.get(r.links_to)
                summit = speaker is not None and speaker.level in SUMMIT_LEVELS
                expected = TO_HEAD_OF_STATE if summit and r.category not in STATES else ""
                assert r.flag == expected, (r.participant, r.flag)
            else:
                assert r.flag == "", f"{r.type.value} of {r.participant} flagged"

    @invariant()
    def no_more_rights_of_reply_than_allowed(self):
        """Two per item per meeting (10 then 5 minutes); the European Union's one per item."""
        if self.state is None:
            return
        replies = [r for r in self.requests() if r is not None and r.type is RequestType.RIGHT_OF_REPLY]
        for pid, participant in known(self.state, DIRECTORY).items():
            own = [r for r in replies if r.participant == pid]
            if participant.category is Category.INTERGOVERNMENTAL:
                assert len(own) <= 1, f"{pid} has {len(own)} rights of reply on the item"
            for meeting in {r.meeting for r in own}:
                used = sum(1 for r in own if r.meeting == meeting)
                assert used <= 2, f"{pid} has {used} rights of reply for meeting {meeting}"

    @invariant()
    def the_first_reply_gets_ten_minutes_and_the_second_five(self):
        if self.state is None:
            return
        state = self.state
        requests = [i.request for i in state.interventions] + self.suspended() + [state.current]  # in the order heard
        replies = [r for r in requests if r is not None and r.type is RequestType.RIGHT_OF_REPLY]
        for pid, meeting in {(r.participant, r.meeting) for r in replies}:  # counted per meeting
            limits = [r.time_limit_s for r in replies if r.participant == pid and r.meeting == meeting]
            reply_s = self.rules.reply_s
            assert limits == [reply_s[min(k, len(reply_s) - 1)] for k in range(len(limits))], (pid, meeting, limits)

    @invariant()
    def points_of_order_come_first(self):
        if self.state is None:
            return
        queue = self.state.queue
        if self.new_point_of_order is not None:
            where = self.state.position(self.new_point_of_order)
            assert where is not None
            behind = [q.entry for q in queue[: where - 1] if q.type in BEFORE_POINTS_OF_ORDER]
            assert not behind, f"point of order {self.new_point_of_order} was put behind {behind}"
        if self.arranged:
            return
        # Nobody has rearranged the list: it has the shape the rules give it.
        shape = [(q.type.value, q.meeting) for q in queue]
        blocks = [min(BLOCK[q.type], BLOCK[RequestType.STATEMENT]) for q in queue]
        assert blocks == sorted(blocks), f"the list is out of shape: {shape}"
        # A reply waits after the speakers of its meeting (all of them, if it has none), ahead of
        # later meetings' speakers and replies.
        for i, reply in enumerate(queue):
            if reply.type is not RequestType.RIGHT_OF_REPLY:
                continue
            for after in queue[i + 1 :]:
                later = reply.meeting is not None and after.meeting is not None and after.meeting > reply.meeting
                if after.type in LISTED:
                    assert later, f"a reply waits ahead of a speaker of its own meeting: {shape}"
                elif after.meeting is not None and reply.meeting is not None:
                    assert after.meeting >= reply.meeting, f"replies out of their meetings' order: {shape}"
        listed = [q for q in queue if q.type in LISTED]
        if self.rules.policy is Policy.PLENARY:
            assert listed == sorted(listed, key=plenary_key), "the plenary list is out of protocol order"
        elif self.state.high_level_first:
            in_order = sorted(listed, key=lambda q: round_table_key(q, True))
            assert listed == in_order, "the co-chairs' priority to high-level speakers is not kept"
        else:
            assert [q.entry for q in listed] == sorted(q.entry for q in listed), "the round table is out of turn"

    @invariant()
    def priority_by_level_is_the_co_chairs_and_waits_for_verification(self):
        """PROCEDURE.md §3: only a round table's co-chairs give priority, the balanced suggestion keeps it,
        and a level a delegation declares places no one until it is verified."""
        if self.state is None:
            return
        state = self.state
        if self.rules.policy is Policy.PLENARY:
            assert not state.high_level_first, "the plenary has its order of precedence, not the co-chairs' priority"
        suggested = [priority_band(q, state.high_level_first) for q in balanced_order(state, known(state, DIRECTORY))]
        assert suggested == sorted(suggested), "the balanced suggestion put someone ahead of a minister"
        for q in state.queue:
            if not q.level_verified:
                assert q.requested_level is not None and q.level not in HIGH_LEVELS, f"{q.entry} placed on its own word"

    @invariant()
    def a_suspended_speakers_clock_is_stopped_and_resumes_where_it_stopped(self):
        if self.state is None:
            return
        state = self.state
        assert len(state.suspended) <= 1, "a question was taken while another was under way"
        if state.suspended:
            [suspended] = state.suspended
            assert suspended.timer.phase is Phase.PAUSED, "the speaker's clock runs while a question is put"
            assert state.current is not None and state.current.type in INTERPOSED
            assert self.frozen == (suspended.request.entry, suspended.timer.elapsed(self.now)), (
                "the speaker's clock moved while suspended"
            )
            assert suspended.request.entry not in [q.entry for q in state.queue]
            assert suspended.request.entry not in [i.request.entry for i in state.interventions]
            if state.current.type is RequestType.ANSWER:
                question = state.interventions[-1].request
                assert question.type is RequestType.INTERPOSED_QUESTION
                assert state.current.links_to == question.entry
                assert question.links_to == suspended.request.entry
                assert state.current.participant == suspended.request.participant
        else:
            assert state.current is None or state.current.type not in INTERPOSED
            if self.frozen is not None:  # the question and its answer are over: the speaker goes on
                entry, elapsed = self.frozen
                assert state.current is not None and state.current.entry == entry
                assert state.timer.phase is Phase.RUNNING and state.timer.started_at == self.now
                assert state.timer.accumulated_s == elapsed, "the speaker's clock did not resume where it stopped"
                self.frozen = None

    @invariant()
    def questions_wait_for_the_speaker_who_has_the_floor(self):
        if self.state is None:
            return
        speaker = self.speaker()
        for q in self.state.queue:
            assert q.type is not RequestType.ANSWER, "an answer is on the list"
            if q.type is RequestType.INTERPOSED_QUESTION:
                assert speaker is not None and q.links_to == speaker, (
                    f"question {q.entry} waits for {q.links_to}, but {speaker} has the floor"
                )
            else:
                assert q.links_to is None

    @invariant()
    def a_segments_list_is_its_own(self):
        if self.state is None:
            return
        state = self.state
        statuses = [s.status for s in state.segments]
        assert all(status in ("pending", "open", "closed") for status in statuses)
        if state.segment is None:
            assert "open" not in statuses
        else:
            assert statuses.count("open") == 1 and statuses[state.segment - 1] == "open"
        for q in state.queue:
            # Waiting entries are carried into the next segment (PROCEDURE: nothing lost between
            # segments) with the limit they were asked with; a new request's limit is checked in `send`.
            assert q.segment in (None, state.segment), f"entry {q.entry} of segment {q.segment} outlived it"
        for s in state.segments:
            assert 30 <= s.limit_s <= 3600 and s.title.strip()

    @invariant()
    def budgets_are_alike_and_drawn_only_by_speech(self):
        if self.state is None:
            return
        state = self.state
        lines = budget_lines(state, known(state, DIRECTORY))
        if state.budgets is None:
            assert lines == []
        else:
            groups = {line.budget_s for line in lines if line.key in REGIONAL_GROUPS}
            others = {line.budget_s for line in lines if line.key not in REGIONAL_GROUPS}
            assert groups == {state.budgets.group_s + state.budgets.added_s}, "the groups' budgets differ"
            assert others == {state.budgets.category_s + state.budgets.added_s}, "the categories' budgets differ"
            spent = {line.key: line.spent_s for line in lines}
            new = state.interventions[self.spent_interventions :]
            speech = sum(i.duration_s for i in new if i.request.type not in BUDGET_FREE)
            if self.spent:  # budgets were on at the previous step too
                assert all(spent[k] >= self.spent[k] - 0.001 for k in spent), "a budget line was given time back"
                assert sum(spent.values()) - sum(self.spent.values()) == pytest.approx(speech, abs=0.01), (
                    "only speech draws on the budgets"
                )
        self.spent = {line.key: line.spent_s for line in lines}
        self.spent_interventions = len(state.interventions)

    @invariant()
    def panels_and_interests_keep_their_rules(self):
        if self.state is None:
            return
        state = self.state
        assert len(state.panel) <= MAX_PANEL and len(set(state.panel)) == len(state.panel)
        if state.interests:
            assert state.interest_deadline is not None
            assert set(state.interests) <= set(known(state, DIRECTORY))
        if self.rules.policy is Policy.PLENARY:
            assert state.interest_deadline is None and not state.interests
            assert state.panel == [] and not state.panel_published

    @invariant()
    def the_log_folds_into_the_room(self):
        if self.state is None:
            return
        assert self.state.version == len(self.log)
        assert [e.seq for e in self.log] == list(range(1, len(self.log) + 1))
        self.same(self.replica, "the replica fed the stored events")
        if len(self.log) % FULL_REPLAY_EVERY == 0:
            self.full_replay()

    def teardown(self):
        if self.state is not None:
            self.full_replay()

    def full_replay(self):
        stored = [Event(e.seq, e.action, json.loads(json.dumps(e.data)), e.at, e.actor) for e in self.log]
        self.same(replay(new_room("room", self.rules), stored), "a fresh room replaying the log")

    def same(self, other, what):
        for name in COMPARED:
            assert getattr(other, name) == getattr(self.state, name), f"{what}: '{name}' differs"
        assert other == self.state, what


Meeting.TestCase.settings = settings(max_examples=200, stateful_step_count=80, deadline=None)
TestMeeting = Meeting.TestCase


# --- bugs found by this machine, now fixed ---------------------------------------------------------------


def test_a_re_added_reply_heard_second_gets_the_second_limit(round_table, act):
    """GA decision 34/401: the first reply is limited to ten minutes, the second to five. A reply removed
    by mistake and re-added after the delegation's other reply was heard is its second, yet keeps 600 s."""
    act(round_table, c.RequestFloor("MEX", RequestType.RIGHT_OF_REPLY), 0)  # entry 1, first: 600 s
    act(round_table, c.Remove(entry=1), 1)
    act(round_table, c.RequestFloor("MEX", RequestType.RIGHT_OF_REPLY), 2)  # entry 2, still the first: 600 s
    act(round_table, c.CallNext(), 3)
    act(round_table, c.EndIntervention(), 60)  # MEX's first reply heard
    act(round_table, c.ReaddLast(), 61)  # entry 1 is back: MEX's second reply
    act(round_table, c.CallNext(), 62)
    assert round_table.current.entry == 1
    assert round_table.timer.limit_s == round_table.current.time_limit_s == 300
