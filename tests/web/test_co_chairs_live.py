"""Two co-chairs acting at the same moment never corrupt the list."""

import json
import re
import threading

from livehelpers import seeded

from session.domain.permissions import Role

ROOM = "rt3"


def test_co_chairs_tapping_call_next_together_call_one_speaker(live):
    chair_code = live.code(ROOM, Role.CHAIR)
    for participant in ("MEX", "PHL", "SEN"):
        assert live.api(ROOM, chair_code, action="request_floor", participant=participant).status_code == 200
    head = live.state(ROOM)["queue"][0]["entry"]
    tablets = [live.socket(ROOM, "chair", live.cookie(live.code(ROOM, Role.CHAIR))) for _ in range(2)]
    for tablet in tablets:
        tablet.wait_for('id="queue"')
    barrier = threading.Barrier(2)

    def tap(tablet):
        barrier.wait()
        tablet.send(json.dumps({"action": "call_next", "entry": head}))

    threads = [threading.Thread(target=tap, args=(t,)) for t in tablets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    answers = [t.wait_for(r'id="flash"') for t in tablets]
    told_stale = ['data-code="stale"' in answer for answer in answers]
    assert sorted(told_stale) == [False, True]  # one applied, the other was told the list had changed
    state = live.state(ROOM)
    assert state["current"]["participant"] == "MEX"
    assert [q["participant"] for q in state["queue"]] == ["PHL", "SEN"]
    stale = tablets[told_stale.index(True)]  # and it has been shown the current list, before or after
    current = 'List of speakers <span class="count">(2)</span>'
    if not any(current in frame for frame in stale.frames):
        stale.wait_for(re.escape(current))
    for tablet in tablets:
        tablet.close()


def test_concurrent_requests_from_many_phones_all_land_once(live):
    delegations = ["MEX", "PHL", "SEN", "DEU", "BRA", "CHN", "USA", "IOM"]
    phones = [live.socket(ROOM, "delegate", live.cookie(live.code(ROOM, Role.DELEGATE, p))) for p in delegations]
    for phone in phones:
        phone.wait_for('id="my-request"')
    barrier = threading.Barrier(len(phones))

    def ask(phone):
        barrier.wait()
        message = json.dumps({"action": "request_floor", "request_id": f"tap-{id(phone)}"})
        phone.send(message)
        phone.send(message)  # a double tap, or a resend after a reconnect

    threads = [threading.Thread(target=ask, args=(p,)) for p in phones]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for phone in phones:
        phone.wait_for(r"You are number \d in the queue")
    state = live.state(ROOM)
    assert sorted(q["participant"] for q in state["queue"]) == sorted(delegations)
    assert state["version"] == seeded(ROOM) + len(delegations)
    for phone in phones:
        phone.close()
