"""A restarted server shows the meeting exactly as it was: the log is the truth, the timer its facts."""

import time

from session.domain.permissions import Role

ROOM = "rt3"


def command(server, code, **command) -> int:
    response = server.api(ROOM, code, **command)
    assert response.status_code == 200, response.text
    return response.json()["version"]


def stop(server) -> None:
    server.stop()
    assert not server.thread.is_alive(), "the first server did not stop"


def test_a_restarted_server_resumes_the_meeting_where_it_was(serve):
    first = serve()
    chair = first.code(ROOM, Role.CHAIR)
    for participant in ("MEX", "PHL", "SEN", "DEU", "IOM"):
        command(first, chair, action="request_floor", participant=participant)
    command(first, chair, action="call_next")
    command(first, chair, action="end_intervention")
    command(first, chair, action="call_next")
    command(first, chair, action="timer_pause")
    command(first, chair, action="timer_resume")
    command(first, chair, action="end_intervention")
    command(first, chair, action="call_next")  # SEN has the floor, the timer running
    command(first, chair, action="timer_add", seconds=45)
    command(first, chair, action="close_list")

    before_read = time.monotonic()
    old = first.state(ROOM)
    stop(first)
    second = serve()
    new = second.state(ROOM)
    wall = time.monotonic() - before_read

    assert old["timer"]["phase"] == "running" and old["current"]["participant"] == "SEN"
    assert [i["participant"] for i in old["interventions"]] == ["MEX", "PHL"]
    assert [q["participant"] for q in old["queue"]] == ["DEU", "IOM"] and old["list_closed"] is True

    for key in ("version", "queue", "current", "list_closed", "interventions"):
        assert new[key] == old[key], key
    assert new["timer"]["phase"] == old["timer"]["phase"] == "running"
    assert new["timer"]["limit_s"] == old["timer"]["limit_s"] == 180 + 45
    assert new["timer"]["deadline"] == old["timer"]["deadline"]  # the same facts give the same deadline
    assert old["timer"]["elapsed_s"] < new["timer"]["elapsed_s"] <= old["timer"]["elapsed_s"] + wall + 1.0

    # The restarted server goes on from there: the next command is the next version.
    assert command(second, chair, action="end_intervention") == old["version"] + 1
    assert [i["participant"] for i in second.state(ROOM)["interventions"]] == ["MEX", "PHL", "SEN"]


def test_a_paused_timer_stays_at_its_value_across_a_restart(serve):
    first = serve()
    chair = first.code(ROOM, Role.CHAIR)
    command(first, chair, action="request_floor", participant="PHL")
    command(first, chair, action="call_next")
    command(first, chair, action="timer_pause")

    old = first.state(ROOM)
    stop(first)
    second = serve()
    new = second.state(ROOM)

    assert old["timer"]["phase"] == new["timer"]["phase"] == "paused"
    for key in ("limit_s", "elapsed_s", "remaining_s", "remaining_ms", "face", "deadline"):
        assert new["timer"][key] == old["timer"][key], key
    assert new["current"] == old["current"] and new["version"] == old["version"]

    command(second, chair, action="timer_resume")
    assert second.state(ROOM)["timer"]["phase"] == "running"
