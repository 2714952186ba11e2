"""No page scrolls sideways on the chair's tablet held landscape (1024×768) or on the big screen and
the secretariat's desks (1920×1080), with the plenary's list long and a round table mid-discussion.
The phone (390×844) has its own test in test_phone.py."""

import pytest
from test_accessibility import fill

from session import data
from session.domain.permissions import Role

PAGES = [  # (role's code: role and participant, room, path)
    (None, None, "/"),
    (None, None, "/join"),
    (None, None, "/panels"),
    (None, None, "/rooms/plenary/observe"),
    (None, None, "/rooms/rt1/observe"),
    (None, None, "/rooms/plenary/screen"),
    (None, None, "/rooms/rt1/screen"),
    (None, None, "/rooms/plenary/speakers"),
    (None, None, "/rooms/rt1/speakers"),
    ((Role.DELEGATE, "MEX"), "plenary", "/rooms/plenary/delegate"),
    ((Role.DELEGATE, "MEX"), "rt1", "/rooms/rt1/delegate"),
    ((Role.CHAIR, None), "plenary", "/rooms/plenary/chair"),
    ((Role.CHAIR, None), "rt1", "/rooms/rt1/chair"),
    ((Role.PANELLIST, "ILO"), "rt1", "/rooms/rt1/panel"),
    ((Role.RAPPORTEUR, None), "plenary", "/rooms/plenary/log"),
    ((Role.RAPPORTEUR, None), "rt1", "/rooms/rt1/log"),
    ((Role.ORGANISER, None), None, "/organiser"),
    ((Role.ORGANISER, None), None, "/organiser/panels"),
    ((Role.ORGANISER, None), None, "/organiser/speakers"),
    ((Role.ORGANISER, None), None, "/organiser/seats"),
    ((Role.ORGANISER, None), None, "/organiser/event"),
    ((Role.ORGANISER, None), None, "/organiser/codes/bulk"),
]
SIZES = {"tablet": 1024, "screen": 1920}


@pytest.fixture(scope="module")
def busy_hall(module_live):
    """The round table mid-discussion with a record, and the plenary with twenty-five inscribed."""
    fill(module_live)
    chairs = [module_live.code("plenary", Role.CHAIR) for _ in range(3)]  # within each code's rate
    states = [p.id for p in data.participants() if p.category == "member_state"]
    waiting = {q["participant"] for q in module_live.state("plenary")["queue"]} | {"MEX", "PHL", "SEN"}
    for n, participant in enumerate([s for s in states if s not in waiting][:22]):
        answer = module_live.api("plenary", chairs[n % 3], action="inscribe", participant=participant)
        assert answer.status_code == 200, answer.text
    return module_live


@pytest.mark.parametrize("who, room, path", PAGES, ids=[p[2] for p in PAGES])
@pytest.mark.parametrize("device", SIZES)
def test_no_page_scrolls_sideways(busy_hall, pages_on, device, who, room, path):
    with pages_on(busy_hall) as open_page:
        page = open_page(busy_hall.code(room, *who) if who else None, device, path=None if who else path)
        if who:
            page.goto(f"{busy_hall.base_url}{path}")
            page.wait_for_load_state("networkidle")
        assert page.url.endswith(path), page.url
        wide = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert wide[0] <= wide[1] == SIZES[device], f"{path} is {wide[0]} px wide at {wide[1]}"
