"""Who may do what: the chair presides, a delegate speaks for its own participant, the others watch."""

import pytest

from session.domain import commands as c
from session.domain.commands import COMMANDS, RequestType
from session.domain.errors import Refused
from session.domain.permissions import Actor, Role, authorize

OWN_ACTIONS = ["request_floor", "withdraw", "inscribe"]
PRESIDING_ACTIONS = sorted(set(COMMANDS) - set(OWN_ACTIONS))
PRESIDING = [Role.CHAIR, Role.ORGANISER]
SPEAKING = [Role.DELEGATE, Role.PANELLIST]
READ_ONLY = [Role.OBSERVER, Role.SCREEN]
RAPPORTEUR_ACTIONS = ["annotate"]


def forbidden(actor, command) -> Refused:
    with pytest.raises(Refused) as caught:
        authorize(actor, command)
    assert caught.value.code == "forbidden"
    return caught.value


def test_every_role_has_its_rules_here():
    assert set(PRESIDING + SPEAKING + READ_ONLY + [Role.RAPPORTEUR]) == set(Role)


@pytest.mark.parametrize("action", sorted(COMMANDS))
@pytest.mark.parametrize("role", PRESIDING)
def test_the_chair_and_the_organiser_may_do_everything_as_asked(role, action, sample_command):
    if role is Role.CHAIR and action in SECRETARIAT_ONLY:
        return
    command = sample_command(action)
    assert authorize(Actor(role), command) == command


SECRETARIAT_ONLY = {"rename_room", "list_participant"}  # the event's set-up (domain.setup)


@pytest.mark.parametrize("action", sorted(SECRETARIAT_ONLY))
def test_only_the_secretariat_changes_the_events_set_up(action, sample_command):
    assert forbidden(Actor(Role.CHAIR), sample_command(action))


def test_the_chair_inscribes_any_participant():
    command = c.RequestFloor("MFA", RequestType.QUESTION)
    assert authorize(Actor(Role.CHAIR, "MEX"), command) == command


@pytest.mark.parametrize("role", SPEAKING)
def test_a_delegate_requests_the_floor_and_withdraws_for_its_own_participant(role):
    actor = Actor(role, "PHL")
    question = c.RequestFloor("PHL", RequestType.QUESTION)
    # The door marks what the delegation itself asked: a level it declares waits for Protocol.
    assert authorize(actor, question) == c.RequestFloor("PHL", RequestType.QUESTION, by_delegation=True)
    inscription = c.Inscribe(speaker="H.E. Mr. Albert del Rosario")
    assert authorize(actor, inscription) == c.Inscribe("PHL", "H.E. Mr. Albert del Rosario", by_delegation=True)
    assert authorize(actor, c.Withdraw(entry=3)) == c.Withdraw(entry=3, participant="PHL")
    assert authorize(actor, c.Withdraw(type=RequestType.STATEMENT)) == c.Withdraw(
        participant="PHL", type=RequestType.STATEMENT
    )


@pytest.mark.parametrize(
    "command", [c.RequestFloor("MEX"), c.Withdraw(participant="MEX"), c.Inscribe("MEX")], ids=OWN_ACTIONS
)
def test_a_delegate_may_not_act_for_another_participant(command):
    assert "PHL" in forbidden(Actor(Role.DELEGATE, "PHL"), command).message


def test_a_delegate_code_bound_to_no_participant_may_do_nothing():
    forbidden(Actor(Role.DELEGATE), c.RequestFloor("PHL"))


def test_a_delegate_may_not_withdraw_another_participants_entry_by_its_number(round_table, act, refused):
    act(round_table, c.RequestFloor("MEX"), 0)
    command = authorize(Actor(Role.DELEGATE, "PHL"), c.Withdraw(entry=1))
    assert refused(round_table, command).code == "forbidden"
    act(round_table, c.RequestFloor("PHL"), 1)
    act(round_table, authorize(Actor(Role.DELEGATE, "PHL"), c.Withdraw(entry=2)), 2)
    assert [q.participant for q in round_table.queue] == ["MEX"]


@pytest.mark.parametrize("action", PRESIDING_ACTIONS)
@pytest.mark.parametrize("role", SPEAKING)
def test_a_delegate_may_not_preside(role, action, sample_command):
    forbidden(Actor(role, "PHL"), sample_command(action))


@pytest.mark.parametrize("action", sorted(COMMANDS))
@pytest.mark.parametrize("role", READ_ONLY)
def test_observers_and_screens_issue_no_command(role, action, sample_command):
    forbidden(Actor(role, "PHL"), sample_command(action))


@pytest.mark.parametrize("action", sorted(set(COMMANDS) - set(RAPPORTEUR_ACTIONS)))
def test_a_rapporteur_only_keeps_the_record(action, sample_command):
    forbidden(Actor(Role.RAPPORTEUR), sample_command(action))
    command = sample_command("annotate")
    assert authorize(Actor(Role.RAPPORTEUR), command) == command
