"""A code revoked from the command line (`session access revoke`, another process than the server)
closes the open sockets of that code, even idle ones that send nothing: closed with 1008 and the
reason, within seconds, while everyone else stays connected and served. (Across several workers,
by the secretariat's desk or the command line with a broadcast URL: tests/workers/test_revocation.py.)"""

import json
import os
import subprocess
import sys

from session.domain.permissions import Role

ROOM = "rt4"
REVOKED = "This access code has been revoked."
SWEEP_WAIT_S = 10  # the server looks for revoked codes every 2 s; this is only how long to wait at most


def revoke_from_the_command_line(live, code_id: int, *extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SESSION_")}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "session",
            "access",
            "revoke",
            str(code_id),
            "--database-url",
            live.database_url,
            *extra,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_an_idle_delegate_socket_is_closed_when_its_code_is_revoked_by_another_process(live, attack):
    watcher = attack.gallery(ROOM)
    code = live.code(ROOM, Role.DELEGATE, "MEX")
    cookie = live.cookie(code)
    phones = [attack.socket(ROOM, "delegate", cookie) for _ in range(2)]  # a phone and a laptop
    for phone in phones:
        phone.wait_for('id="my-request"')
    philippines = attack.socket(ROOM, "delegate", live.cookie(live.code(ROOM, Role.DELEGATE, "PHL")))
    philippines.wait_for('id="my-request"')
    before = attack.snapshot(ROOM)

    number = attack.code_id(code)
    done = revoke_from_the_command_line(live, number)
    assert done.returncode == 0 and done.stdout.strip() == f"revoked code {number}", done.stderr

    for phone in phones:  # nothing sent on them: the server closes them by itself
        close = attack.closed(phone, timeout=SWEEP_WAIT_S)
        assert close.code == attack.POLICY_VIOLATION and close.reason == REVOKED
    attack.unchanged(ROOM, before)
    # everyone else is still connected and served
    philippines.send(json.dumps({"action": "request_floor"}))
    philippines.wait_for("You are number 1 in the queue")
    watcher.wait_for("Philippines")
    attack.still_served(ROOM, watcher)


def test_an_idle_chair_tablet_is_closed_and_its_code_refused_after_a_command_line_revocation(live, attack):
    watcher = attack.gallery(ROOM)
    code = live.code(ROOM, Role.CHAIR)
    tablet = attack.socket(ROOM, "chair", live.cookie(code))
    tablet.wait_for('id="current"')
    assert revoke_from_the_command_line(live, attack.code_id(code)).returncode == 0
    close = attack.closed(tablet, timeout=SWEEP_WAIT_S)
    assert close.code == attack.POLICY_VIOLATION and close.reason == REVOKED
    attack.api_refused(live.api(ROOM, code, action="close_list"), 401, "unauthorised")
    attack.still_served(ROOM, watcher)


def test_revoking_an_unknown_code_from_the_command_line_says_so_and_closes_nothing(live, attack):
    watcher = attack.gallery(ROOM)
    code = live.code(ROOM, Role.DELEGATE, "MEX")
    phone = attack.socket(ROOM, "delegate", live.cookie(code))
    phone.wait_for('id="my-request"')
    done = revoke_from_the_command_line(live, attack.code_id(code) + 1000)
    assert done.returncode == 1 and "no active code" in done.stderr
    attack.accepted(phone, {"action": "request_floor"})  # still open, still acting
    watcher.wait_for("Mexico")
