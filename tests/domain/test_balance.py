"""The balance of voices, the panel's composition, the balanced suggestion and the rapporteur's notes."""

import pytest
from participants import directory

from session.domain import commands as c
from session.domain.balance import balance, balanced_order
from session.domain.errors import Refused
from session.domain.room import apply, decide, new_room
from session.domain.state import Annotation, Event, Policy, RoomRules

VOICES = directory("SEN", "KEN", "PHL", "POL", "MEX", "BRA", "DEU", "EU", "IOM", "MFA", "IOE")


class Meeting:
    """A round table driven command by command, the clock moving as it goes."""

    def __init__(self):
        self.state = new_room("rt2", RoomRules(policy=Policy.ROUND_TABLE, statement_s=180))
        self.now = 0.0

    def do(self, command, after: float = 1.0):
        self.now += after
        data = decide(self.state, command, now=self.now, directory=VOICES)
        apply(self.state, Event(self.state.version + 1, command.action, data, self.now))
        return data

    def ask(self, *participants, type=c.RequestType.STATEMENT):
        for p in participants:
            self.do(c.RequestFloor(p, type))

    def hear(self, participant, seconds):
        """`participant` (already waiting) is called and speaks for `seconds`."""
        entry = next(q.entry for q in self.state.queue if q.participant == participant)
        self.do(c.Call(entry=entry))
        self.do(c.EndIntervention(), after=seconds)

    def suggestion(self):
        return [q.participant for q in balanced_order(self.state, VOICES)]


@pytest.fixture
def meeting():
    return Meeting()


def test_speaking_time_is_counted_by_group_category_and_type(meeting):
    meeting.ask("MEX", "BRA", "SEN", "MFA")
    meeting.ask("PHL", type=c.RequestType.POINT_OF_ORDER)
    meeting.hear("PHL", 30)  # a point of order is procedure: no voice's time
    meeting.hear("MEX", 170)
    meeting.hear("BRA", 200)
    stats = balance(meeting.state, VOICES)
    groups = {s.key: s for s in stats.by_group}
    assert (groups["grulac"].turns, groups["grulac"].spoken_s) == (2, 370.0)
    assert (groups["african"].turns, groups["african"].waiting) == (0, 1)
    assert groups["asia_pacific"].turns == 0
    categories = {s.key: s for s in stats.by_category}
    assert (categories["member_state"].turns, categories["ngo"].waiting) == (2, 1)
    types = {s.key: s for s in stats.by_type}
    assert types["statement"].turns == 2 and types["point_of_order"].turns == 0
    assert [q.participant for q in stats.not_yet_heard] == ["SEN", "MFA"]
    assert stats.max_overrun_s == 20.0 and stats.mean_overrun_s == pytest.approx(20 / 3, abs=0.001)
    # Each participant's total, the longest first (DESIGN §8: people want to see it).
    assert [(s.key, s.turns, s.spoken_s) for s in stats.by_participant] == [
        ("BRA", 1, 200.0),
        ("MEX", 1, 170.0),
        ("PHL", 1, 30.0),
    ]


def test_the_least_heard_voice_is_suggested_first(meeting):
    meeting.ask("MEX", "BRA")
    meeting.hear("MEX", 180)  # GRULAC has spoken
    meeting.ask("DEU", "SEN")
    # Brazil asked first, but GRULAC has had three minutes and WEOG and Africa none.
    assert meeting.suggestion() == ["DEU", "SEN", "BRA"]


def test_two_delegations_of_one_group_do_not_follow_each_other_while_another_waits(meeting):
    meeting.ask("SEN", "KEN", "MEX")
    # Senegal first (earliest, all unheard); Africa is then expected to have spoken,
    # so Mexico comes before Kenya.
    assert meeting.suggestion() == ["SEN", "MEX", "KEN"]


def test_civil_society_and_the_private_sector_weigh_like_a_regional_group(meeting):
    meeting.ask("MFA", "IOE", "POL")
    meeting.hear("MFA", 120)
    assert meeting.suggestion() == ["IOE", "POL"]


def test_ties_go_to_the_earlier_request(meeting):
    meeting.ask("POL", "PHL", "DEU")
    assert meeting.suggestion() == ["POL", "PHL", "DEU"]


def test_the_suggestion_is_shown_first_and_applied_only_as_shown(meeting):
    meeting.ask("MEX", "BRA")
    meeting.hear("MEX", 180)
    meeting.ask("DEU", "SEN")
    meeting.ask("PHL", type=c.RequestType.POINT_OF_ORDER)
    with pytest.raises(Refused) as off:
        meeting.do(c.ApplySuggestion(order="1"))
    assert off.value.code == "not_balanced"
    meeting.do(c.SetBalanced(on=True))
    shown = ",".join(str(q.entry) for q in balanced_order(meeting.state, VOICES))
    meeting.ask("KEN")  # the list changes after the chair saw the suggestion
    with pytest.raises(Refused) as stale:
        meeting.do(c.ApplySuggestion(order=shown))
    assert stale.value.code == "stale"
    shown = ",".join(str(q.entry) for q in balanced_order(meeting.state, VOICES))
    meeting.do(c.ApplySuggestion(order=shown))
    # The point of order keeps its place at the head; statements follow the suggestion.
    assert [q.participant for q in meeting.state.queue] == ["PHL", "DEU", "SEN", "BRA", "KEN"]


def test_balance_is_for_round_tables():
    plenary = new_room("plenary", RoomRules(policy=Policy.PLENARY, statement_s=300))
    with pytest.raises(Refused) as refused:
        decide(plenary, c.SetBalanced(on=True), now=0, directory=VOICES)
    assert refused.value.code == "not_round_table"


def test_the_chair_seats_up_to_four_panellists_once_each(meeting):
    for p in ("MEX", "SEN", "IOM", "MFA"):
        meeting.do(c.SeatPanellist(p))
    for command, code in (
        (c.SeatPanellist("DEU"), "panel_full"),
        (c.SeatPanellist("MEX"), "no_change"),
        (c.UnseatPanellist("PHL"), "not_on_panel"),
        (c.SeatPanellist("XXX"), "unknown_participant"),
    ):
        with pytest.raises(Refused) as refused:
            decide(meeting.state, command, now=meeting.now, directory=VOICES)
        assert refused.value.code == code
    meeting.do(c.UnseatPanellist("IOM"))
    meeting.do(c.SeatPanellist("PHL"))
    assert meeting.state.panel == ["MEX", "SEN", "MFA", "PHL"]


def test_the_rapporteur_notes_an_intervention_while_it_is_heard_and_after(meeting):
    meeting.ask("MEX", "SEN")
    meeting.do(c.CallNext())
    mexico = meeting.state.current.entry
    meeting.do(c.Annotate(entry=mexico, notes="Portability of pensions"))
    meeting.do(c.EndIntervention())
    meeting.do(c.Annotate(entry=mexico, key_points="1. pensions\n2. remittance costs", summary=True))
    meeting.do(c.Annotate(entry=mexico, summary=False))
    assert meeting.state.annotations[mexico] == Annotation(
        notes="Portability of pensions", key_points="1. pensions\n2. remittance costs", summary=False
    )
    senegal = meeting.state.queue[0].entry
    with pytest.raises(Refused) as refused:
        meeting.do(c.Annotate(entry=senegal, notes="not yet"))
    assert refused.value.code == "not_heard"
