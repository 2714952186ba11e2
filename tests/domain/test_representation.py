"""Equitable geographical representation across the round tables (PROCEDURE.md §3).

A round table has two co-chairs and a panel of up to four. Four seats cannot hold five regional
groups and a stakeholder, but the four round tables can: balance is judged across the four panels
and their co-chairs together, each panel is told what it adds to the whole, and the only warning is
the whole's shortfall — once every panel is drawn up.
"""

import pytest
from participants import directory

from session.data import demo_event, participants
from session.domain.balance import REGIONAL_GROUPS
from session.domain.panels import Choice, propose_panels, published_elsewhere
from session.domain.participants import Category, Participant
from session.domain.representation import RoundTable, represent, seat_voice
from session.domain.room import other_rooms
from session.domain.state import Event

# The event's own participants, as the seed loads them.
HLD = {p.id: Participant(p.id, p.name, Category(p.category), p.regional_group, p.name_fr) for p in participants()}
PEOPLE = directory(
    "SEN", "KEN", "NGA", "PHL", "IND", "POL", "CZE", "MEX", "BRA", "DEU", "SWE", "IOM", "MFA", "IOE", "ICC"
)

# A reasonable spread, as a President's office might draw it up: every panel has a non-governmental
# voice, no panel holds all five groups, and each group sits somewhere.
SPREAD = {
    "rt1": ("BGD", "SEN", "MEX", "GCM"),
    "rt2": ("PHL", "POL", "SWE", "MFA"),
    "rt3": ("MAR", "ECU", "DEU", "IOM"),
    "rt4": ("IND", "MDA", "USA", "ITUC"),
}


def whole(panels: dict[str, tuple[str, ...]], co_chairs: dict[str, tuple[str, ...]] | None = None, **drawn_up):
    return [
        RoundTable(room, panel, (co_chairs or {}).get(room, ()), drawn_up.get(room, True))
        for room, panel in panels.items()
    ]


# --- the reproduction: four seats, five groups ----------------------------------------------------------


def test_the_seed_has_four_round_tables_judged_together():
    assert demo_event().panel_groups == (("rt1", "rt2", "rt3", "rt4"),)


def test_no_single_panel_can_hold_every_group_and_a_stakeholder_but_the_four_together_do():
    # Judged alone, every one of these panels lacks at least one group: four seats, six voices.
    for panel in SPREAD.values():
        alone = represent([RoundTable("rt", panel)], HLD)
        assert alone.missing_groups, panel
    # Judged together, the four round tables hold every group and the non-governmental voice.
    together = represent(whole(SPREAD), HLD)
    assert together.represented and not together.falls_short
    assert together.missing_groups == ()
    assert together.non_governmental


def test_each_panel_says_what_it_adds_to_the_whole():
    together = represent(whole(SPREAD), HLD)
    assert together.of("rt1").adds == ("african", "asia_pacific", "grulac", "ngo")
    assert together.of("rt2").adds == ("asia_pacific", "eastern_european", "weog", "ngo")
    assert together.of("rt3").adds == ("african", "grulac", "weog", "un_system")
    # the UN system sits on the third panel only
    assert together.of("rt3").only_here == ("un_system",)
    assert together.of("rt1").only_here == ()
    assert together.of("rt9") is None


def test_a_whole_missing_a_group_warns_naming_it():
    # No Eastern European panellist anywhere, and no co-chair from the group either.
    without = dict(SPREAD, rt2=("PHL", "BRA", "SWE", "MFA"), rt4=("IND", "GHA", "USA", "ITUC"))
    shortfall = represent(whole(without), HLD)
    assert shortfall.missing_groups == ("eastern_european",)
    assert shortfall.non_governmental
    assert shortfall.falls_short


def test_a_co_chair_holds_a_seat_for_the_group():
    # The same whole, with an Eastern European minister among the second round table's co-chairs.
    without = dict(SPREAD, rt2=("PHL", "BRA", "SWE", "MFA"), rt4=("IND", "GHA", "USA", "ITUC"))
    chaired = represent(whole(without, co_chairs={"rt2": ("POL", "NGA")}), HLD)
    assert chaired.represented
    assert chaired.of("rt2").adds == ("african", "asia_pacific", "eastern_european", "grulac", "weog", "ngo")
    assert chaired.of("rt2").only_here == ("eastern_european",)


def test_a_whole_without_a_non_governmental_seat_warns():
    states_only = {room: panel[:3] for room, panel in SPREAD.items()}
    shortfall = represent(whole(states_only), HLD)
    assert shortfall.missing_groups == () and not shortfall.non_governmental
    assert shortfall.falls_short


def test_no_warning_while_panels_are_still_to_be_drawn_up():
    # Only the first round table has published its panel: the others will bring the missing groups.
    early = represent(whole(SPREAD, rt2=False, rt3=False, rt4=False), HLD)
    assert early.drawn_up is False
    assert not early.falls_short
    first = represent([RoundTable("rt1", SPREAD["rt1"]), RoundTable("rt2", drawn_up=False)], HLD)
    assert first.missing_groups == ("eastern_european", "weog") and not first.falls_short


def test_a_voice_is_a_regional_group_for_a_state_and_a_category_for_anyone_else():
    assert [seat_voice(PEOPLE[p]) for p in ("SEN", "IOM", "MFA", "IOE")] == [
        "african",
        "un_system",
        "ngo",
        "private_sector",
    ]
    # a participant since removed from the directory holds no voice
    assert represent([RoundTable("rt1", ("XYZ", "MEX"))], PEOPLE).voices == ("grulac",)


# --- the selection assistant aims at the whole ----------------------------------------------------------


def test_the_assistant_counts_the_co_chairs_groups():
    # The co-chairs of the four round tables are African, Asia-Pacific and Eastern European ministers:
    # the first panel seats GRULAC and WEOG first, and says how many co-chairs each group has.
    candidates = {"rt1": {p: i for i, p in enumerate(("SEN", "PHL", "POL", "MEX", "DEU", "MFA"))}}
    co_chairs = {"rt1": ("KEN", "IND"), "rt2": ("CZE", "NGA")}
    [proposal] = propose_panels(candidates, PEOPLE, co_chairs=co_chairs)
    assert proposal.choices == [
        Choice("MFA", "non_governmental", candidates=1),
        Choice("MEX", "group", group="grulac", candidates=1, seats_elsewhere=0, co_chairs=0),
        Choice("DEU", "group", group="weog", candidates=1, seats_elsewhere=0, co_chairs=0),
        Choice("PHL", "group", group="asia_pacific", candidates=1, seats_elsewhere=0, co_chairs=1),
    ]


def test_a_co_chairs_delegation_is_not_proposed_as_a_panellist():
    candidates = {"rt2": {"KEN": 0.0, "SEN": 1.0}}
    [proposal] = propose_panels(candidates, PEOPLE, co_chairs={"rt1": ("KEN", "IND")})
    assert proposal.participants == ["SEN"]
    assert proposal.choices[0] == Choice("SEN", "group", group="african", candidates=1, co_chairs=1)


def test_the_assistant_counts_the_panels_published_in_other_rooms():
    # The second round table published an African, an Asia-Pacific and a GRULAC panellist: the third's
    # proposal seats the Eastern European Group and the WEOG first.
    event = Event(seq=1, action="publish_panel", data={"participants": ["SEN", "PHL", "MEX"]}, at=0.0)
    others = other_rooms({"rt2": [event]}, {"rt2": "Round table 2"})
    taken = published_elsewhere(others)
    assert taken == {"SEN": "rt2", "PHL": "rt2", "MEX": "rt2"}
    candidates = {"rt3": {p: i for i, p in enumerate(("KEN", "IND", "BRA", "POL", "DEU"))}}
    [proposal] = propose_panels(candidates, PEOPLE, taken=taken)
    assert [(c.participant, c.seats_elsewhere) for c in proposal.choices] == [
        ("POL", 0),
        ("DEU", 0),
        ("KEN", 1),
        ("IND", 1),
    ]


@pytest.mark.parametrize("co_chairs", [{}, {"rt1": ("KEN", "CZE"), "rt3": ("SWE", "NGA")}])
def test_proposals_for_the_four_round_tables_represent_the_whole(co_chairs):
    # Every round table drew candidates from every group and civil society; proposed together, the four
    # panels and their co-chairs hold every group, whatever the co-chairs.
    candidates = {
        "rt1": {p: i for i, p in enumerate(("SEN", "PHL", "MFA", "IND", "POL"))},
        "rt2": {p: i for i, p in enumerate(("KEN", "IND", "MEX", "IOE"))},
        "rt3": {p: i for i, p in enumerate(("NGA", "BRA", "DEU", "ICC"))},
        "rt4": {p: i for i, p in enumerate(("SEN", "CZE", "SWE", "IOM"))},
    }
    proposals = propose_panels(candidates, PEOPLE, co_chairs=co_chairs)
    tables = [RoundTable(p.room, tuple(p.participants), co_chairs.get(p.room, ())) for p in proposals]
    assert represent(tables, PEOPLE).represented
    assert set(REGIONAL_GROUPS) <= set(represent(tables, PEOPLE).voices)
