"""Every decision is taken on the committed truth, whichever worker takes it.

A worker keeps each room in memory and hears of other workers' events by a notification (Redis
or LISTEN/NOTIFY), or at its version check every 2 s. A command that reaches it in between must
not be refused on its stale copy: a withdrawal of a request another worker has just queued is a
withdrawal, not "not in the queue".
"""

import threading

import httpx
from livehelpers import seeded
from test_workers import DELEGATIONS, ROOM, Meeting, pair, state_at  # noqa: F401 - pair: a fixture


def command(server, code: str, **fields) -> httpx.Response:
    return httpx.post(
        f"{server.base_url}/api/rooms/{ROOM}/commands", json=fields, headers={"Authorization": f"Bearer {code}"}
    )


def test_a_request_made_on_one_worker_is_withdrawn_on_the_other_with_redis_down(postgres_url, own_redis, start_server):
    meeting = Meeting(postgres_url)
    left, right = start_server(postgres_url, own_redis.url), start_server(postgres_url, own_redis.url)
    own_redis.stop()  # no notification reaches anyone now: only the log tells a worker what happened
    for participant in DELEGATIONS:
        code = meeting.delegates[participant]
        asked = command(left, code, action="request_floor")
        assert asked.status_code == 200, asked.text
        withdrawn = command(right, code, action="withdraw")
        assert withdrawn.status_code == 200, (participant, withdrawn.text)
        assert withdrawn.json()["version"] == asked.json()["version"] + 1
    for server in (left, right):  # and both workers end on the same truth
        state = state_at(server, 2 * len(DELEGATIONS))
        assert state["version"] == seeded(ROOM) + 2 * len(DELEGATIONS) and state["queue"] == []
    meeting.engine.dispose()


def alternate(meeting: Meeting, workers: tuple, together: bool, rounds: int = 3) -> None:
    """Each delegation alternates between the workers, waiting for each answer before its next
    command: what its own commands find is known at every step, however the delegations interleave
    (all at once if `together`, else one after the other), so every answer is known too."""
    barrier = threading.Barrier(len(DELEGATIONS) if together else 1)
    wrong: list = []

    def delegation(i: int, participant: str) -> None:
        code = meeting.delegates[participant]
        barrier.wait()
        for round_ in range(rounds):
            first, second = workers[(i + round_) % 2], workers[(i + round_ + 1) % 2]
            for worker, action, expected in (
                (first, "request_floor", 200),
                (second, "withdraw", 200),
                (first, "withdraw", 409),
            ):  # a refusal must be as true
                answer = command(worker, code, action=action)
                if answer.status_code != expected:
                    wrong.append((participant, round_, action, answer.status_code, answer.text))

    threads = [threading.Thread(target=delegation, args=(i, p)) for i, p in enumerate(DELEGATIONS)]
    for thread in threads:
        thread.start()
        if not together:
            thread.join()
    for thread in threads:
        thread.join()
    assert wrong == []
    version = 2 * rounds * len(DELEGATIONS)
    states = [state_at(server, version) for server in workers]
    for state in states:
        assert state["version"] == seeded(ROOM) + version and state["queue"] == []
    assert states[0]["interventions"] == states[1]["interventions"]


def test_alternating_commands_on_two_workers_get_the_answers_the_log_gives(pair):
    meeting, left, right = pair
    alternate(meeting, (left, right), together=True)


def test_alternating_commands_get_the_answers_the_log_gives_with_every_notification_lost(
    postgres_url, own_redis, start_server
):
    meeting = Meeting(postgres_url)
    workers = (start_server(postgres_url, own_redis.url), start_server(postgres_url, own_redis.url))
    own_redis.stop()
    # One delegation after the other: all at once, the workers' own writes would collide and
    # catch up through the version-conflict retry, hiding a stale refusal.
    alternate(meeting, workers, together=False)
    meeting.engine.dispose()
