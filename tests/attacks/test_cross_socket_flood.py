"""Floods across sockets: a code may open many sockets, and a delegation may hold several codes, so
the limits count per access code across all its sockets (every action: 30 in 10 s) and per
delegation (panel interest, like floor requests: 6 a minute). Past the limit each command is
refused with `rate_limited` and words that name the limit, nothing more reaches the log, and every
other code is served as before."""

import json
import threading

import pytest

from session.domain.permissions import Role
from session.realtime.limits import COMMANDS_PER_10_S_PER_CODE, INTEREST_CHANGES_PER_MINUTE, SlidingWindow

ROOM = "rt3"
SOCKETS = 20
PER_CODE = (
    f"Too many actions with this access code: at most {COMMANDS_PER_10_S_PER_CODE} in 10 seconds, "
    "across all its screens; wait a moment and try again."
)
INTEREST = (
    f"Too many changes of panel interest from MEX in the last minute (at most "
    f"{INTEREST_CHANGES_PER_MINUTE}); wait a moment and try again."
)


def test_the_limits_are_what_the_readme_promises():
    assert COMMANDS_PER_10_S_PER_CODE == 30 and INTEREST_CHANGES_PER_MINUTE == 6


@pytest.fixture
def live(serve):
    """The server, letting one code open all the sockets this attack needs: the cap on sockets per
    code is another defence, with its own test; this one is about what the sockets send."""
    return serve(max_sockets_per_code=SOCKETS + 5)


def answers(attack, socket, count: int) -> list[tuple[str, str]]:
    """The next `count` answers (data-code, words) this socket is sent, pushes skipped."""
    got = []
    while len(got) < count:
        frame = socket.wait_for(r'id="flash"')
        got.append(attack.flash_of(frame))
    return got


def test_twenty_sockets_of_one_rapporteur_code_write_no_more_notes_than_the_limit(live, attack):
    watcher = attack.gallery(ROOM)
    chair = live.code(ROOM, Role.CHAIR)
    for command in ({"action": "request_floor", "participant": "MEX"}, {"action": "call_next"}):
        assert live.api(ROOM, chair, **command).status_code == 200
    rapporteur = live.code(ROOM, Role.RAPPORTEUR)
    cookie = live.cookie(rapporteur)
    desks = [attack.socket(ROOM, "log", cookie) for _ in range(SOCKETS)]
    for desk in desks:
        desk.wait_for('id="current"')
    version = live.state(ROOM)["version"]
    each = 5  # 100 notes in all, far under each socket's own limit of 40 messages
    results: dict[int, list] = {}

    def write(n: int) -> None:
        attack.burst(
            desks[n], [json.dumps({"action": "annotate", "entry": 1, "notes": f"note {n}.{k}"}) for k in range(each)]
        )
        results[n] = answers(attack, desks[n], each)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(SOCKETS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    got = [answer for n in range(SOCKETS) for answer in results[n]]
    assert len(got) == SOCKETS * each
    refused = [words for code, words in got if code]
    assert sum(1 for code, _ in got if code == "") == COMMANDS_PER_10_S_PER_CODE
    assert refused == [PER_CODE] * (SOCKETS * each - COMMANDS_PER_10_S_PER_CODE)
    assert live.state(ROOM)["version"] == version + COMMANDS_PER_10_S_PER_CODE  # nothing beyond the limit
    # Another code, even another rapporteur's, is not limited by this one's flood; nor is the room.
    other = attack.socket(ROOM, "log", live.cookie(live.code(ROOM, Role.RAPPORTEUR)))
    other.wait_for('id="current"')
    attack.accepted(other, {"action": "annotate", "entry": 1, "key_points": "Safe, orderly, regular."})
    assert (
        attack.refused(desks[0], json.dumps({"action": "annotate", "entry": 1, "notes": "again"}), "rate_limited")
        == PER_CODE
    )
    attack.still_served(ROOM, watcher)


def test_one_delegation_toggling_panel_interest_over_several_sockets_is_limited(live, attack):
    watcher = attack.gallery(ROOM)
    chair = live.code(ROOM, Role.CHAIR)
    assert live.api(ROOM, chair, action="set_interest_deadline", deadline="2999-01-01T00:00Z").status_code == 200
    cookie = live.cookie(live.code(ROOM, Role.DELEGATE, "MEX"))
    phones = [attack.socket(ROOM, "delegate", cookie) for _ in range(4)]
    for phone in phones:
        phone.wait_for('id="my-request"')
    version = live.state(ROOM)["version"]
    toggles = 20
    got = []
    for n in range(toggles):  # express, withdraw, express, ... each from the next socket
        action = "express_interest" if n % 2 == 0 else "withdraw_interest"
        got.append(attack.answer(phones[n % len(phones)], json.dumps({"action": action})))
    assert got[:INTEREST_CHANGES_PER_MINUTE] == [("", "")] * INTEREST_CHANGES_PER_MINUTE
    assert got[INTEREST_CHANGES_PER_MINUTE:] == [("rate_limited", INTEREST)] * (toggles - INTEREST_CHANGES_PER_MINUTE)
    assert live.state(ROOM)["version"] == version + INTEREST_CHANGES_PER_MINUTE
    # a second code of the same delegation shares its limit ...
    again = attack.socket(ROOM, "delegate", live.cookie(live.code(ROOM, Role.DELEGATE, "MEX")))
    again.wait_for('id="my-request"')
    assert attack.refused(again, json.dumps({"action": "express_interest"}), "rate_limited") == INTEREST
    # ... another delegation does not, nor does the room
    philippines = attack.socket(ROOM, "delegate", live.cookie(live.code(ROOM, Role.DELEGATE, "PHL")))
    philippines.wait_for('id="my-request"')
    attack.accepted(philippines, {"action": "express_interest"})
    assert live.state(ROOM)["version"] == version + INTEREST_CHANGES_PER_MINUTE + 1
    attack.still_served(ROOM, watcher)


def test_stale_keys_of_a_limit_are_forgotten():
    """Every key-holding limit is bounded: a code or delegation quiet for a whole window is dropped."""
    now = [0.0]
    window = SlidingWindow(2, 10.0, clock=lambda: now[0])
    for key in range(1000):
        assert window.allow(key)
    assert len(window) == 1000
    now[0] = 10.5
    assert window.allow("fresh") and len(window) == 1
    assert window.allow("fresh") and not window.allow("fresh")  # the limit itself still holds
