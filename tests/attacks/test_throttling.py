"""Guessing codes: wrong codes are counted per client address — on the join form, on join links
and on the API's bearer — and the eleventh within a minute is refused (429, Retry-After) without
the code even being looked at; another address, and a right code, are not slowed."""

import json
import logging
import re

import httpx
import pytest

from session.domain.permissions import Role
from session.web.i18n import translator
from session.web.security import Throttle

ROOM = "rt2"
LIMIT = 10
WRONG = [f"abcd-{n:04d}" for n in range(LIMIT)]
THROTTLED = "Too many wrong codes from this network. Please wait %(seconds)s seconds and try again."


def post_code(client: httpx.Client, code: str) -> httpx.Response:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/join").text).group(1)
    return client.post("/join", data={"code": code, "csrf_token": token})


def link(client: httpx.Client, code: str) -> httpx.Response:
    return client.get(f"/join/{code}")


@pytest.mark.parametrize("door", [post_code, link], ids=["form", "link"])
def test_the_eleventh_wrong_code_from_an_address_is_refused_with_retry_after(live, attack, door):
    real = live.code(ROOM, Role.DELEGATE, "MEX")
    with httpx.Client(base_url=live.base_url, headers={"Accept-Language": "fr"}) as guesser:
        for code in WRONG:
            assert door(guesser, code).status_code == 403
        refused = door(guesser, "abcd-9999")
        assert refused.status_code == 429, refused.text[:300]
        wait = int(refused.headers["retry-after"])
        assert 0 < wait <= 60
        fr = translator("fr")
        assert fr(THROTTLED, seconds=wait) in refused.text and fr(THROTTLED) != THROTTLED  # the reader's language
        assert door(guesser, real).status_code == 429  # a right guess now looks like a wrong one
        assert guesser.get(f"/rooms/{ROOM}/delegate").status_code == 403
    with attack.elsewhere() as phone:  # someone else, on another address, joins at once
        assert live.join(phone, real).status_code == 303
        assert phone.get(f"/rooms/{ROOM}/delegate").status_code == 200


def test_the_eleventh_wrong_bearer_code_is_refused_with_retry_after(live, attack):
    watcher = attack.gallery(ROOM)
    before = attack.snapshot(ROOM)
    chair = live.code(ROOM, Role.CHAIR)
    body = json.dumps({"action": "close_list"})
    for code in WRONG:
        attack.api_refused(attack.post(ROOM, code, body), 401, "unauthorised")
    throttled = attack.post(ROOM, "abcd-9999", body)
    attack.api_refused(throttled, 429, "rate_limited")
    assert 0 < int(throttled.headers["retry-after"]) <= 60
    attack.api_refused(attack.post(ROOM, chair, body), 429, "rate_limited")  # the code is not even read
    attack.unchanged(ROOM, before)
    attack.still_served(ROOM, watcher)  # the chair on another address acts as usual


def test_the_join_form_and_the_api_share_one_count(live, attack):
    with httpx.Client(base_url=live.base_url) as guesser:
        for code in WRONG[:5]:
            assert link(guesser, code).status_code == 403
    for code in WRONG[5:]:
        attack.api_refused(attack.post(ROOM, code, "{}"), 401, "unauthorised")
    with httpx.Client(base_url=live.base_url) as guesser:
        assert post_code(guesser, "abcd-9999").status_code == 429


def test_right_codes_are_not_counted(live):
    with httpx.Client(base_url=live.base_url) as phone:
        for _ in range(3 * LIMIT):
            assert live.join(phone, live.code(ROOM, Role.OBSERVER)).status_code == 303
        assert live.api(ROOM, live.code(ROOM, Role.CHAIR), action="close_list").status_code == 200


def test_wrong_codes_are_logged_with_the_address_never_the_code(live, caplog):
    caplog.set_level(logging.WARNING, logger="session.web.security")
    with httpx.Client(base_url=live.base_url) as guesser:
        for code in WRONG:
            link(guesser, code)
    records = [r.getMessage() for r in caplog.records if r.name == "session.web.security"]
    assert len(records) == LIMIT + 1  # one per wrong code, and one when the address is refused
    assert all("127.0.0.1" in line for line in records)
    assert not any(code in line for line in records for code in WRONG)


def test_the_count_forgets_old_failures_and_old_addresses():
    now = [1000.0]
    throttle = Throttle(lambda: now[0], limit=3, window_s=60, max_addresses=100)
    for _ in range(3):
        throttle.failed("192.0.2.1")
    assert throttle.retry_after("192.0.2.1") == 60
    now[0] += 59.5
    assert throttle.retry_after("192.0.2.1") == 1
    now[0] += 1
    assert throttle.retry_after("192.0.2.1") == 0  # a minute on, the address may try again
    for n in range(10_000):  # a flood of addresses keeps no more than the cap
        throttle.failed(f"10.0.{n // 256}.{n % 256}")
    assert len(throttle._failures) == 100
    assert throttle.retry_after("10.0.0.0") == 0 and "10.0.39.15" in throttle._failures  # the oldest went first


def test_wrong_codes_on_the_export_door_count_with_the_others(live):
    """The record's download takes a bearer code too: guessing there is guessing all the same."""
    rapporteur = live.code(ROOM, Role.RAPPORTEUR)
    with httpx.Client(base_url=live.base_url) as guesser:

        def export(code: str) -> httpx.Response:
            return guesser.get(f"/rooms/{ROOM}/export.csv", headers={"Authorization": f"Bearer {code}"})

        for code in WRONG:
            assert export(code).status_code == 401
        throttled = export(rapporteur)  # right, but unread while the address waits
        assert throttled.status_code == 429 and 0 < int(throttled.headers["retry-after"]) <= 60
        assert throttled.json()["error"]["code"] == "rate_limited"
