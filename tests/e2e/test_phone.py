"""A phone (390×844): no page wider than the phone."""

import pytest
from test_accessibility import fill

from session.domain.permissions import Role

PHONE = {"width": 390, "height": 844}


PAGES = [  # (role's code, room, path)
    (None, None, "/"),
    (None, None, "/join"),
    (None, None, "/rooms/rt1/observe"),
    (None, None, "/rooms/plenary/observe"),
    ((Role.DELEGATE, "MEX"), "rt1", "/rooms/rt1/delegate"),
    ((Role.DELEGATE, "MEX"), "plenary", "/rooms/plenary/delegate"),
    (None, None, "/rooms/plenary/speakers"),
    (None, None, "/rooms/rt1/speakers"),
    (None, None, "/panels"),
]


@pytest.fixture(scope="module")
def busy_hall(module_live):
    """A busy room and plenary, and a record with every kind of turn, as the gallery reads them."""
    fill(module_live)
    chair = module_live.code("rt1", Role.CHAIR)
    for participant, kind in (("PHL", "right_of_reply"), ("MEX", "point_of_order"), ("IOM", "statement")):
        module_live.api("rt1", chair, action="end_intervention")
        module_live.api("rt1", chair, action="request_floor", participant=participant, type=kind)
        module_live.api("rt1", chair, action="call_next")
    return module_live


@pytest.mark.parametrize("who, room, path", PAGES, ids=[p[2] for p in PAGES])
def test_no_page_is_wider_than_the_phone(busy_hall, pages_on, who, room, path):
    with pages_on(busy_hall) as open_page:
        page = open_page(busy_hall.code(room, *who) if who else None, "phone", path=None if who else path)
        if who:
            page.goto(f"{busy_hall.base_url}{path}")
            page.wait_for_load_state("networkidle")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width} px wide"
