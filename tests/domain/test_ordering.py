"""Where a new request enters the list of speakers (DESIGN §3, rule 71, GA decision 34/401)."""

import pytest

from session.domain.commands import RequestType as T
from session.domain.participants import Level

IN_BOTH_ROOMS = pytest.mark.parametrize("room", ["round_table", "plenary"], indirect=True)
STMT, POO, ROR, QUESTION, RESPONSE = T.STATEMENT, T.POINT_OF_ORDER, T.RIGHT_OF_REPLY, T.QUESTION, T.RESPONSE


@pytest.fixture
def room(request):
    return request.getfixturevalue(request.param)


def listing(state):
    return [(q.participant, q.type) for q in state.queue]


@IN_BOTH_ROOMS
def test_points_of_order_go_to_the_head_first_come_first_served_among_themselves(room, inscribe, speakers):
    places = inscribe(room, "MEX", "PHL", ("VAT", POO), ("EU", POO))
    assert places == [1, 2, 1, 2]
    assert speakers(room) == ["VAT", "EU", "MEX", "PHL"]


@IN_BOTH_ROOMS
def test_a_panellists_response_comes_after_the_points_of_order_and_before_everyone_else(room, inscribe):
    places = inscribe(room, "MEX", ("SEN", POO), ("IOM", RESPONSE), ("MFA", RESPONSE), ("PHL", POO))
    assert places == [1, 1, 2, 3, 2]
    assert listing(room) == [("SEN", POO), ("PHL", POO), ("IOM", RESPONSE), ("MFA", RESPONSE), ("MEX", STMT)]


@IN_BOTH_ROOMS
def test_rights_of_reply_wait_until_all_other_speakers_have_been_heard(room, inscribe):
    places = inscribe(room, ("MEX", ROR), "PHL", ("SEN", QUESTION), ("VAT", POO), ("EU", ROR), ("IOM", RESPONSE))
    assert places == [1, 1, 2, 1, 5, 2]
    assert listing(room) == [
        ("VAT", POO),
        ("IOM", RESPONSE),
        ("PHL", STMT),
        ("SEN", QUESTION),
        ("MEX", ROR),
        ("EU", ROR),
    ]


def test_a_round_table_hears_statements_and_questions_in_the_order_asked(round_table, inscribe, speakers):
    places = inscribe(
        round_table, "ICC", "MFA", ("IOM", QUESTION), "EU", "VAT", ("MEX", STMT, Level.HEAD_OF_STATE)
    )  # whatever the category or level
    assert places == [1, 2, 3, 4, 5, 6]
    assert speakers(round_table) == ["ICC", "MFA", "IOM", "EU", "VAT", "MEX"]


def test_the_plenary_hears_member_states_then_observers_then_the_un_system_then_civil_society(
    plenary, inscribe, speakers
):
    places = inscribe(plenary, "ICC", "MFA", "IOM", "EU", "VAT", "MEX")
    assert places == [1, 2, 1, 1, 1, 1]  # NGOs, civil society and the private sector: one block, by time
    assert speakers(plenary) == ["MEX", "VAT", "EU", "IOM", "ICC", "MFA"]


def test_the_plenary_orders_by_category_then_level_of_representation_then_time_of_request(plenary, inscribe, speakers):
    inscribe(
        plenary,
        ("EU", STMT, Level.MINISTER),  # a high level does not lift an observer above a Member State
        ("MEX", STMT, Level.OTHER),
        ("VAT", STMT, Level.HEAD_OF_STATE),
        ("PHL", STMT, Level.MINISTER),
        "SEN",  # a Member State speaks by default at the level of head of delegation
        ("IOM", QUESTION),
    )
    assert speakers(plenary) == ["PHL", "SEN", "MEX", "VAT", "EU", "IOM"]


def test_in_the_plenary_speakers_of_the_same_level_are_heard_in_the_order_they_asked(plenary, inscribe, speakers):
    inscribe(
        plenary,
        ("PHL", STMT, Level.MINISTER),
        ("MEX", QUESTION, Level.MINISTER),
        ("SEN", STMT, Level.MINISTER),
        ("MEX", STMT, Level.VICE_PRESIDENT),
    )
    assert listing(plenary) == [("MEX", STMT), ("PHL", STMT), ("MEX", QUESTION), ("SEN", STMT)]


# DESIGN §2: Head of State, Vice-President or Crown Prince, Head of Government, Deputy Prime Minister,
# Minister, Vice-Minister, Head of Delegation, other.
PROTOCOL_ORDER = [
    Level(name)
    for name in (
        "head_of_state",
        "vice_president",
        "head_of_government",
        "deputy_prime_minister",
        "minister",
        "vice_minister",
        "head_of_delegation",
        "other",
    )
]


NEIGHBOURS = list(zip(PROTOCOL_ORDER, PROTOCOL_ORDER[1:]))


@pytest.mark.parametrize("higher, lower", NEIGHBOURS, ids=lambda level: level.value)
def test_the_plenary_follows_the_un_protocol_order_of_levels(plenary, inscribe, speakers, higher, lower):
    inscribe(plenary, ("MEX", STMT, lower), ("PHL", STMT, higher))
    assert speakers(plenary) == ["PHL", "MEX"]


def test_the_plenary_order_stays_behind_points_of_order_and_responses_and_ahead_of_replies(plenary, inscribe):
    places = inscribe(plenary, ("SEN", POO), ("IOM", RESPONSE), ("MEX", ROR), "MFA", ("PHL", STMT, Level.MINISTER))
    assert places == [1, 2, 3, 3, 3]
    assert listing(plenary) == [("SEN", POO), ("IOM", RESPONSE), ("PHL", STMT), ("MFA", STMT), ("MEX", ROR)]
