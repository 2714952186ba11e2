"""Expressions of interest in serving on a round table's panel, until a deadline the organiser sets."""

from datetime import UTC, datetime

import pytest

from session.domain import commands as c
from session.domain.commands import parse_command
from session.domain.errors import Refused
from session.domain.permissions import Actor, Role, authorize

DEADLINE = datetime(2013, 9, 6, 18, 0, tzinfo=UTC).timestamp()  # Friday 6 September 2013, 18:00 UTC


@pytest.fixture
def open_for_interest(round_table, act):
    """Rt1 takes expressions of interest until 6 September 2013, 18:00 UTC, from Member States only."""
    act(round_table, c.SetInterestDeadline("2013-09-06T18:00Z"), DEADLINE - 86400)
    return round_table


# --- the deadline ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "2013-09-06T18:00Z",
        "2013-09-06T18:00:00+00:00",
        "2013-09-06T20:00+02:00",
        "2013-09-06T18:00",
        "2013-09-06 18:00:00",
    ],
    ids=["Z", "offset_zero", "offset_two", "naive", "space"],
)
def test_the_deadline_is_a_moment_in_utc_however_it_is_written(round_table, act, written):
    data = act(round_table, c.SetInterestDeadline(written), 0)
    assert data == {"deadline": DEADLINE, "stakeholders": False}
    assert round_table.interest_deadline == DEADLINE and not round_table.interest_stakeholders


def test_the_organiser_may_open_the_panel_to_stakeholders_and_move_the_deadline(round_table, act):
    act(round_table, c.SetInterestDeadline("2013-09-06T18:00Z"), 0)
    parsed = parse_command({"action": "set_interest_deadline", "deadline": "2013-09-13T18:00Z", "stakeholders": "on"})
    act(round_table, parsed, 1)
    assert round_table.interest_deadline == DEADLINE + 7 * 86400 and round_table.interest_stakeholders


@pytest.mark.parametrize("written", ["tomorrow", "2013-13-06T18:00Z", "06/09/2013 18:00", "2013-09-06T25:00Z", ""])
def test_a_deadline_that_is_not_a_date_and_time_is_refused(round_table, refused, written):
    refusal = refused(round_table, c.SetInterestDeadline(written))
    assert refusal.code == "invalid_field" and "2013-09-06T18:00Z" in refusal.message  # shows how to write it
    assert round_table.interest_deadline is None


def test_the_plenary_has_no_panel_to_express_interest_in(plenary, refused):
    assert refused(plenary, c.SetInterestDeadline("2013-09-06T18:00Z")).code == "no_panel"
    assert refused(plenary, c.ExpressInterest("MEX")).code == "interest_closed"


# --- expressing interest ---------------------------------------------------------------------------


def test_a_member_state_expresses_interest_before_the_deadline_and_sees_it(open_for_interest, act):
    act(open_for_interest, c.ExpressInterest("MEX"), DEADLINE - 3600)
    act(open_for_interest, c.ExpressInterest("SEN"), DEADLINE - 1)
    assert open_for_interest.interests == {"MEX": DEADLINE - 3600, "SEN": DEADLINE - 1}  # and when


def test_an_expression_of_interest_may_name_the_person_who_would_sit_on_the_panel(open_for_interest, act):
    act(
        open_for_interest, c.ExpressInterest("MEX", speaker="Mr. Juan Manuel Gómez Robledo", title="Deputy Minister"), 1
    )
    act(open_for_interest, c.ExpressInterest("SEN"), 2)
    assert open_for_interest.panellists == {"MEX": ("Mr. Juan Manuel Gómez Robledo", "Deputy Minister")}
    act(open_for_interest, c.WithdrawInterest("MEX"), 3)
    assert open_for_interest.panellists == {}


def test_the_person_on_an_expression_of_interest_comes_through_the_message():
    command = parse_command({"action": "express_interest", "speaker": "  Ms. Ana Pérez ", "title": "Minister"})
    assert (command.speaker, command.title) == ("Ms. Ana Pérez", "Minister")  # the text as typed, trimmed
    with pytest.raises(Refused) as too_long:
        parse_command({"action": "express_interest", "speaker": "x" * 500})
    assert too_long.value.code == "invalid_field"


def test_after_the_deadline_interest_is_refused_in_words_without_a_utc_time(open_for_interest, refused):
    refusal = refused(open_for_interest, c.ExpressInterest("MEX"), DEADLINE + 1)
    assert refusal.code == "deadline_passed"
    # The domain has no time zone: a UTC time would mislead a reader in New York.
    assert refusal.message == "Expressions of interest in this panel closed at the deadline."
    assert open_for_interest.interests == {}


def test_before_the_organiser_sets_a_deadline_nobody_can_express_interest(round_table, refused):
    refusal = refused(round_table, c.ExpressInterest("MEX"), 0)
    assert refusal.code == "interest_closed" and refusal.message


@pytest.mark.parametrize("participant", ["MFA", "ICC", "IOM", "VAT", "EU"])
def test_stakeholders_may_express_interest_only_where_the_organiser_allows(round_table, act, refused, participant):
    act(round_table, c.SetInterestDeadline("2013-09-06T18:00Z"), 0)
    assert refused(round_table, c.ExpressInterest(participant), 1).code == "not_eligible"
    act(round_table, c.SetInterestDeadline("2013-09-06T18:00Z", stakeholders=True), 2)
    act(round_table, c.ExpressInterest(participant), 3)
    assert participant in round_table.interests


def test_interest_is_expressed_once(open_for_interest, act, refused):
    act(open_for_interest, c.ExpressInterest("MEX"), 100)
    assert refused(open_for_interest, c.ExpressInterest("MEX"), 200).code == "no_change"
    assert open_for_interest.interests == {"MEX": 100}  # the first moment stands


@pytest.mark.parametrize(
    "command, code",
    [
        (c.ExpressInterest(), "invalid_field"),
        (c.ExpressInterest("XYZ"), "unknown_participant"),
    ],
    ids=["nobody", "unknown"],
)
def test_interest_needs_a_known_participant(open_for_interest, refused, command, code):
    assert refused(open_for_interest, command).code == code


# --- withdrawing it --------------------------------------------------------------------------------


def test_a_delegation_withdraws_its_interest_before_the_deadline_and_may_express_it_again(open_for_interest, act):
    act(open_for_interest, c.ExpressInterest("MEX"), 100)
    act(open_for_interest, c.ExpressInterest("SEN"), 110)
    act(open_for_interest, c.WithdrawInterest("MEX"), 200)
    assert open_for_interest.interests == {"SEN": 110}
    act(open_for_interest, c.ExpressInterest("MEX"), 300)
    assert open_for_interest.interests == {"SEN": 110, "MEX": 300}


def test_after_the_deadline_interest_cannot_be_withdrawn(open_for_interest, act, refused):
    act(open_for_interest, c.ExpressInterest("MEX"), 100)
    refusal = refused(open_for_interest, c.WithdrawInterest("MEX"), DEADLINE + 60)
    assert refusal.code == "deadline_passed" and "closed" in refusal.message
    assert "MEX" in open_for_interest.interests


def test_there_must_be_an_interest_to_withdraw(open_for_interest, refused):
    assert refused(open_for_interest, c.WithdrawInterest("MEX"), 100).code == "not_found"
    assert refused(open_for_interest, c.WithdrawInterest(), 100).code == "not_found"


# --- who may do it ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [c.ExpressInterest(), c.WithdrawInterest(), c.ExpressInterest("MEX")],
    ids=["express", "withdraw", "express_naming_itself"],
)
@pytest.mark.parametrize("role", [Role.DELEGATE, Role.PANELLIST])
def test_a_delegate_acts_for_its_own_delegation(role, command):
    assert authorize(Actor(role, "MEX"), command).participant == "MEX"


@pytest.mark.parametrize("command", [c.ExpressInterest("SEN"), c.WithdrawInterest("SEN")], ids=["express", "withdraw"])
def test_a_delegate_cannot_act_for_another_delegation(command):
    with pytest.raises(Refused) as refusal:
        authorize(Actor(Role.DELEGATE, "MEX"), command)
    assert refusal.value.code == "forbidden"


@pytest.mark.parametrize("role", [Role.OBSERVER, Role.SCREEN, Role.RAPPORTEUR])
def test_those_who_watch_cannot_express_interest(role):
    with pytest.raises(Refused) as refusal:
        authorize(Actor(role), c.ExpressInterest("MEX"))
    assert refusal.value.code == "forbidden"


@pytest.mark.parametrize(
    "command", [c.SetInterestDeadline("2013-09-06T18:00Z"), c.PublishPanel("MEX")], ids=["deadline", "publish"]
)
def test_only_the_organiser_and_the_chair_set_the_deadline_and_publish(command):
    assert authorize(Actor(Role.ORGANISER), command) == command
    with pytest.raises(Refused) as refusal:
        authorize(Actor(Role.DELEGATE, "MEX"), command)
    assert refusal.value.code == "forbidden"


# --- bugs found by these tests, now fixed ------------------------------------------------------------


def test_a_deadline_out_of_range_is_refused_or_at_least_never_crashes(round_table, act, refused):
    try:
        act(round_table, c.SetInterestDeadline("0001-01-01T00:30+01:00"), 0)
    except Refused:
        return  # refusing the deadline is a fix
    assert refused(round_table, c.ExpressInterest("MEX"), 1).code == "deadline_passed"
