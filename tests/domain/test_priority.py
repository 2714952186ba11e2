"""Round tables, priority at the co-chairs' discretion (PROCEDURE.md §3).

"No prepared list: participants ask for the floor in the room; co-chairs may give priority to Heads
of State or Government and ministers, and aim for balance among stakeholders."
"""

import pytest
from participants import directory

from session.domain import commands as c
from session.domain.balance import balanced_order
from session.domain.choices import chair_choices, ranked_by_level
from session.domain.commands import RequestType as T
from session.domain.participants import Level
from session.domain.permissions import Actor, Role, authorize
from session.domain.room import apply, decide, new_room, replay
from session.domain.state import Event, Policy, RoomRules

VOICES = directory("MEX", "PHL", "SEN", "KEN", "DEU", "SWE", "VAT", "EU", "IOM", "MFA")
STMT, POO, ROR = T.STATEMENT, T.POINT_OF_ORDER, T.RIGHT_OF_REPLY
PRIORITY_ON, PRIORITY_OFF = c.SetPriorityToHighLevel(on=True), c.SetPriorityToHighLevel(on=False)
CO_CHAIR = Actor(Role.CHAIR)


class RoundTable:
    """Round table 2, driven through the command path with the clock moving on."""

    def __init__(self, policy=Policy.ROUND_TABLE):
        self.rules = RoomRules(policy=policy, statement_s=180)
        self.state = new_room("rt2", self.rules)
        self.log: list[Event] = []
        self.now = 1_380_805_200.0  # 3 October 2013, 3 p.m. in New York

    def do(self, command, actor=CO_CHAIR, after: float = 1.0) -> dict:
        self.now += after
        data = decide(self.state, authorize(actor, command), now=self.now, directory=VOICES)
        event = Event(self.state.version + 1, command.action, data, self.now)
        apply(self.state, event)
        self.log.append(event)
        return data

    def refused(self, command, actor=CO_CHAIR):
        with pytest.raises(c.Refused) as refusal:
            decide(self.state, authorize(actor, command), now=self.now, directory=VOICES)
        return refusal.value

    def ask(self, *requests):
        """Each a participant, (participant, level) as the co-chairs' secretariat takes it, or (participant, type)."""
        for request in requests:
            participant, what = request if isinstance(request, tuple) else (request, None)
            if isinstance(what, Level):
                self.do(c.RequestFloor(participant, STMT, what))
            else:
                self.do(c.RequestFloor(participant, what or STMT))

    def hear(self, participant, seconds):
        entry = next(q.entry for q in self.state.queue if q.participant == participant)
        self.do(c.Call(entry=entry))
        self.do(c.EndIntervention(), after=seconds)

    @property
    def speakers(self):
        return [q.participant for q in self.state.queue]


@pytest.fixture
def rt():
    return RoundTable()


def test_without_priority_a_round_table_hears_everyone_in_the_order_they_asked(rt):
    assert not rt.state.high_level_first, "off by default"
    rt.ask("SEN", ("PHL", Level.MINISTER), ("MEX", Level.HEAD_OF_STATE))
    assert rt.speakers == ["SEN", "PHL", "MEX"]


def test_with_priority_heads_of_state_or_government_and_ministers_speak_first_then_by_time_of_request(rt):
    rt.do(PRIORITY_ON)
    rt.ask(
        "SEN",  # a Member State speaks by default at the level of head of delegation
        ("PHL", Level.MINISTER),
        ("KEN", Level.VICE_MINISTER),  # a vice-minister is not a minister
        ("MEX", Level.HEAD_OF_GOVERNMENT),  # higher than a minister, but asked later: time of request
        "IOM",
        ("DEU", Level.VICE_PRESIDENT),
        ("SWE", Level.DEPUTY_PRIME_MINISTER),
        ("VAT", Level.HEAD_OF_STATE),
    )
    assert rt.speakers == ["PHL", "MEX", "DEU", "SWE", "VAT", "SEN", "KEN", "IOM"]


def test_points_of_order_and_rights_of_reply_keep_their_places(rt):
    rt.do(PRIORITY_ON)
    rt.ask("SEN", ("KEN", ROR), ("EU", POO), ("PHL", Level.MINISTER))
    listing = [(q.participant, q.type) for q in rt.state.queue]
    assert listing == [("EU", POO), ("PHL", STMT), ("SEN", STMT), ("KEN", ROR)]


def test_switching_priority_on_moves_the_ministers_already_waiting_ahead_each_in_their_order(rt):
    rt.ask("SEN", ("PHL", Level.MINISTER), "IOM", ("MEX", Level.HEAD_OF_STATE), ("EU", POO), ("KEN", ROR))
    rt.do(c.Move(entry=3, position=2))  # the co-chairs had brought IOM forward: it stays ahead of Senegal
    assert rt.speakers == ["EU", "IOM", "SEN", "PHL", "MEX", "KEN"]
    facts = rt.do(PRIORITY_ON)
    assert facts == {"on": True, "order": [2, 4, 3, 1]}  # the event records the new order
    assert rt.speakers == ["EU", "PHL", "MEX", "IOM", "SEN", "KEN"]
    assert replay(new_room("rt2", rt.rules), rt.log) == rt.state, "the log stays a fold"


def test_switching_priority_off_moves_no_one_and_later_requests_follow_in_order_of_request(rt):
    rt.do(PRIORITY_ON)
    rt.ask("SEN", ("PHL", Level.MINISTER))
    assert rt.do(PRIORITY_OFF) == {"on": False}
    rt.ask(("MEX", Level.HEAD_OF_STATE))
    assert rt.speakers == ["PHL", "SEN", "MEX"]


def test_the_switch_says_when_it_is_already_so(rt):
    refusal = rt.refused(PRIORITY_OFF)
    assert refusal.code == "no_change" and "already off" in refusal.message
    rt.do(PRIORITY_ON)
    assert rt.refused(PRIORITY_ON).code == "no_change"


def test_the_plenary_has_its_order_of_precedence_and_no_such_switch():
    plenary = RoundTable(Policy.PLENARY)
    refusal = plenary.refused(PRIORITY_ON)
    assert refusal.code == "not_round_table"
    assert "order of precedence" in refusal.message and "round tables" in refusal.message
    assert not chair_choices(plenary.state, now=plenary.now, directory=VOICES).set_priority_to_high_level


def test_only_the_co_chairs_give_priority(rt):
    for actor in (Actor(Role.DELEGATE, "MEX"), Actor(Role.RAPPORTEUR), Actor(Role.OBSERVER)):
        assert rt.refused(PRIORITY_ON, actor).code == "forbidden"
    rt.do(PRIORITY_ON, Actor(Role.CHAIR, "SEN"))  # a co-chair who is a minister of Senegal
    assert rt.state.high_level_first


def test_a_delegations_own_word_on_its_level_waits_for_the_co_chairs_to_verify_it(rt):
    rt.do(PRIORITY_ON)
    rt.ask("SEN")
    rt.do(c.RequestFloor(type=STMT, level=Level.MINISTER), Actor(Role.DELEGATE, "PHL"))
    rt.ask("KEN")
    philippines = rt.state.queue[1]
    assert (philippines.level, philippines.requested_level, philippines.level_verified) == (
        Level.HEAD_OF_DELEGATION,
        Level.MINISTER,
        False,
    )
    assert rt.speakers == ["SEN", "PHL", "KEN"], "not ahead until verified"
    rt.do(c.VerifyLevel(entry=philippines.entry, level=Level.MINISTER))
    assert rt.speakers == ["PHL", "SEN", "KEN"]
    assert rt.state.queue[0].level_verified and rt.state.queue[0].requested_at == philippines.requested_at


def test_without_priority_verifying_a_level_moves_no_one(rt):
    rt.do(c.RequestFloor(type=STMT, level=Level.MINISTER), Actor(Role.DELEGATE, "PHL"))
    rt.ask("SEN", "KEN")
    rt.do(c.VerifyLevel(entry=1, level=Level.MINISTER))
    assert rt.speakers == ["PHL", "SEN", "KEN"]
    assert rt.state.queue[0].level is Level.MINISTER and rt.state.queue[0].level_verified


def test_the_request_form_asks_the_level_once_the_level_orders_the_list(rt):
    assert not ranked_by_level(rt.state)
    assert chair_choices(rt.state, now=rt.now, directory=VOICES).set_priority_to_high_level
    rt.do(PRIORITY_ON)
    assert ranked_by_level(rt.state)


def test_the_balanced_suggestion_keeps_ministers_first_and_the_least_heard_voice_first_within_each_band(rt):
    rt.ask("SEN", "MEX")
    rt.hear("SEN", 180)  # Africa has spoken
    rt.hear("MEX", 170)  # so has GRULAC
    rt.ask(("KEN", Level.MINISTER), ("PHL", Level.MINISTER), "SWE", "MEX", "MFA")
    rt.do(c.SetBalanced(on=True))
    rt.do(PRIORITY_ON)

    def suggested():
        return [q.participant for q in balanced_order(rt.state, VOICES)]

    # Ministers first: Asia-Pacific, unheard, before Africa; then WEOG and civil society, unheard, before GRULAC.
    assert suggested() == ["PHL", "KEN", "SWE", "MFA", "MEX"]
    rt.do(c.ApplySuggestion(order=",".join(str(q.entry) for q in balanced_order(rt.state, VOICES))))
    assert rt.speakers == ["PHL", "KEN", "SWE", "MFA", "MEX"]
    rt.do(PRIORITY_OFF)
    assert suggested() == ["PHL", "SWE", "MFA", "MEX", "KEN"], "off: the least-heard voice alone"
