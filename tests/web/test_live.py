"""The live path through a real uvicorn and real websocket clients: a tap reaches every view."""

import json

import pytest
from livehelpers import seated

from session.domain.permissions import Role

ROOM = "rt2"


@pytest.fixture
def table(live):
    """A round table in progress: a chair, two delegates, a panellist and a gallery observer."""
    with seated(
        live,
        ROOM,
        chair=("chair", Role.CHAIR, None),
        mexico=("delegate", Role.DELEGATE, "MEX"),
        philippines=("delegate", Role.DELEGATE, "PHL"),
        panel=("panel", Role.PANELLIST, "ILO"),
        gallery=("observe", None, None),
    ) as sockets:
        yield sockets


def send(socket, **command):
    socket.send(json.dumps(command))


def test_a_delegates_request_appears_on_the_chairs_tablet(table):
    send(table["mexico"], action="request_floor", type="statement", HEADERS={"HX-Request": "true"})
    frame = table["chair"].wait_for(r"Mexico")
    assert "Move up" in frame and "Remove" in frame


def test_the_delegate_sees_its_place_in_the_queue_and_it_moves_up(table):
    send(table["philippines"], action="request_floor")
    table["philippines"].wait_for(r"You are number 1 in the queue")
    send(table["mexico"], action="request_floor")
    table["mexico"].wait_for(r"You are number 2 in the queue")
    send(table["chair"], action="call_next")
    table["mexico"].wait_for(r"You are number 1 in the queue")


def test_calling_the_next_speaker_reaches_delegates_panel_and_gallery(table):
    send(table["mexico"], action="request_floor")
    table["chair"].wait_for("Mexico")
    send(table["chair"], action="call_next")
    for name in ("mexico", "philippines", "panel", "gallery", "chair"):
        frame = table[name].wait_for(r'data-phase="running"')
        current = frame[frame.index('id="current"') :]
        assert "Mexico" in current.split("</section>")[0], name


def test_the_timer_is_pushed_as_a_deadline_not_a_tick(live, table):
    send(table["mexico"], action="request_floor")
    table["chair"].wait_for("Mexico")
    send(table["chair"], action="call_next")
    frame = table["gallery"].wait_for(r'data-phase="running"')
    state = live.state(ROOM)
    assert f'data-deadline="{state["timer"]["deadline_ms"]}"' in frame
    assert state["timer"]["limit_s"] == 180  # a round table's three minutes


def test_a_connection_that_joins_late_gets_the_current_state_at_once(live, table):
    send(table["mexico"], action="request_floor")
    send(table["philippines"], action="request_floor", type="point_of_order")
    table["chair"].wait_for("Philippines")
    send(table["chair"], action="call_next")
    table["chair"].wait_for(r'data-phase="running"')
    late = live.socket(ROOM, "screen")
    frame = late.wait_for(r'id="current"', timeout=2)
    assert 'aria-label="Current speaker"' in frame and "Philippines" in frame and "Mexico" in frame
    assert 'role="timer"' in frame and 'data-phase="running"' in frame
    late.close()


def test_the_chairs_error_goes_to_the_chair_alone(table):
    send(table["chair"], action="call_next")  # nobody waiting
    frame = table["chair"].wait_for(r'id="flash"')
    assert 'data-code="queue_empty"' in frame and "The list of speakers is empty." in frame


def test_a_withdrawn_request_leaves_every_view(table):
    send(table["mexico"], action="request_floor")
    table["gallery"].wait_for("Mexico")
    send(table["mexico"], action="withdraw")
    frame = table["gallery"].wait_for(r"No one is waiting to speak")
    assert "Mexico" not in frame.split('id="queue"')[1]
