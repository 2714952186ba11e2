"""A code revoked on one worker, or from the command line, closes its open sockets on every worker:
idle ones too, with 1008 and the reason, while other codes' sockets stay open."""

import os
import re
import subprocess
import sys

import httpx
import pytest
from test_workers import ROOM, Meeting, pair  # noqa: F401 - pair: a fixture
from websockets.exceptions import ConnectionClosed

from session.domain.permissions import Role
from session.store import access

REVOKED = "This access code has been revoked."
WAIT_S = 10  # at most: the broadcast closes them at once, the sweep within its 2 s check


def closed(socket):
    """Read until the server closes `socket`; its close frame. The client side is closed too."""
    try:
        with pytest.raises(ConnectionClosed) as info:
            socket.wait_for(r"(?!)", timeout=WAIT_S)
    finally:
        socket.close()
    assert info.value.rcvd is not None, "dropped without a close frame"
    return info.value.rcvd


def code_id(meeting: Meeting, code: str) -> int:
    return access.redeem(meeting.engine, code).code_id


def test_a_revocation_at_the_desk_of_one_worker_closes_the_sockets_on_the_other(pair):
    meeting, left, right = pair
    code = meeting.delegates["MEX"]
    number = code_id(meeting, code)
    phones = [meeting.socket(right, "delegate", code), meeting.socket(left, "delegate", code)]
    philippines = meeting.socket(right, "delegate", meeting.delegates["PHL"])
    organiser = access.mint(meeting.engine, role=Role.ORGANISER, room=None, label="Secretariat")
    with httpx.Client(base_url=left.base_url) as desk:
        desk.cookies.set("session", Meeting.cookie(left, organiser).removeprefix("session="))
        token = re.search(r'name="csrf_token" value="([^"]+)"', desk.get("/organiser").text).group(1)
        answer = desk.post(f"/organiser/codes/{number}/revoke", data={"csrf_token": token})
        assert answer.status_code == 303, answer.text[:300]
    for phone in phones:
        close = closed(phone)
        assert close.code == 1008 and close.reason == REVOKED
    philippines.send('{"action": "request_floor"}')
    philippines.wait_for("You are number 1 in the queue")
    philippines.close()


def test_a_revocation_from_the_command_line_closes_the_sockets_on_every_worker(postgres_url, redis_url, start_server):
    meeting = Meeting(postgres_url)
    left, right = start_server(postgres_url, redis_url), start_server(postgres_url, redis_url)
    code = meeting.delegates["MEX"]
    phones = [meeting.socket(left, "delegate", code), meeting.socket(right, "delegate", code)]
    gallery = meeting.socket(right, "observe")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SESSION_")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "session",
            "access",
            "revoke",
            str(code_id(meeting, code)),
            "--database-url",
            postgres_url,
            "--broadcast-url",
            redis_url,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr
    for phone in phones:
        close = closed(phone)
        assert close.code == 1008 and close.reason == REVOKED
    assert meeting.api(left, action="close_list").status_code == 200
    gallery.wait_for("The list of speakers is closed.")
    gallery.close()
    meeting.engine.dispose()
