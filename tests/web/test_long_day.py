"""Six in the evening on day two: the plenary has heard 600 statements and 193 delegations wait.

A phone's first page, the rapporteur's and every push weigh what they weighed in the morning: the
record shows its latest rows and loads earlier ones on demand; the gallery's and the phones' list of
speakers shows its head and how many more wait. Bounds, not timings (those are `session bench
--long-day`'s): the gallery's and a phone's page and push stay under 24 KB; the rapporteur's, which
also carries the balance of voices (a row per participant, bounded by the list, not by the day),
under 64 KB -- against 217 KB, 67 KB and 643 KB when every row was drawn.
"""

import json
import re
import time

import httpx
import pytest
from livehelpers import seated

from session.bench.longday import fill
from session.domain.permissions import Role
from tests.conftest import seeded_database, start_server

ROOM = "plenary"
HEARD, WAITING = 600, 193
PHONE_BOUND = 24 * 1024
RAPPORTEUR_BOUND = 64 * 1024
NOTES_FORM = re.compile(r'id="notes-(\d+)"')


@pytest.fixture(scope="module")
def long_day(tmp_path_factory):
    url = seeded_database(tmp_path_factory.mktemp("long-day"))
    fill(url, ROOM, interventions=HEARD, waiting=WAITING, start=time.time() - 2 * 24 * 3600)
    server = start_server(url)
    yield server
    server.stop()


def page(live, view: str, role: Role | None = None, participant: str | None = None) -> httpx.Response:
    with httpx.Client(base_url=live.base_url) as client:
        if role is not None:
            live.join(client, live.code(ROOM, role, participant))
        response = client.get(f"/rooms/{ROOM}/{view}")
    assert response.status_code == 200
    return response


def test_first_pages_weigh_what_they_weighed_in_the_morning(long_day):
    gallery = page(long_day, "observe")
    phone = page(long_day, "delegate", Role.DELEGATE, "MEX")
    rapporteur = page(long_day, "log", Role.RAPPORTEUR)
    assert len(gallery.content) < PHONE_BOUND and len(phone.content) < PHONE_BOUND
    assert len(rapporteur.content) < RAPPORTEUR_BOUND
    # The head of the list and how many more wait; the record's figures count the whole day.
    for response in (gallery, phone):
        assert f"({WAITING})" in response.text and f"and {WAITING - 20} more" in response.text
    assert "Interventions: 600;" in gallery.text
    assert "You are number" in phone.text  # its own place, wherever it is on the list
    # The latest rows, and the way to the earlier ones.
    assert len(NOTES_FORM.findall(rapporteur.text)) == 20
    assert 'hx-get="/rooms/plenary/log/earlier?before=580"' in rapporteur.text
    assert 'hx-get="/rooms/plenary/observe/earlier?before=580"' in gallery.text


def test_a_push_on_call_next_stays_as_small_as_in_the_morning(long_day):
    chair = long_day.code(ROOM, Role.CHAIR)
    with seated(
        long_day,
        ROOM,
        gallery=("observe", None, None),
        phone=("delegate", Role.DELEGATE, "PHL"),
        rapporteur=("log", Role.RAPPORTEUR, None),
    ) as sockets:
        firsts = {name: socket.frames[-1] for name, socket in sockets.items()}
        assert long_day.api(ROOM, chair, action="call_next").status_code == 200
        pushes = {name: socket.wait_for(r'id="current"') for name, socket in sockets.items()}
        assert long_day.api(ROOM, chair, action="end_intervention").status_code == 200
        ended = {name: socket.wait_for(r'id="log"') for name, socket in sockets.items() if name != "phone"}
    for name, frames in (("first", firsts), ("call_next", pushes), ("end_intervention", ended)):
        for who, frame in frames.items():
            bound = RAPPORTEUR_BOUND if who == "rapporteur" else PHONE_BOUND
            assert len(frame.encode()) < bound, f"{who}'s {name} push weighs {len(frame.encode())} bytes"


def test_earlier_interventions_load_on_demand_and_the_rapporteur_annotates_one(long_day):
    with httpx.Client(base_url=long_day.base_url) as client:
        long_day.join(client, long_day.code(ROOM, Role.RAPPORTEUR))
        first = client.get(f"/rooms/{ROOM}/log/earlier", params={"before": 580})
        assert first.status_code == 200
        assert "Interventions 561 to 580" in first.text
        assert 'hx-get="/rooms/plenary/log/earlier?before=560"' in first.text
        entries = NOTES_FORM.findall(first.text)
        assert len(entries) == 20
        oldest = client.get(f"/rooms/{ROOM}/log/earlier", params={"before": 20})
        assert "Interventions 1 to 20" in oldest.text and "Show earlier interventions" not in oldest.text

        # The form of a row loaded on demand sends on the page's socket, as the live rows' do.
        with seated(long_day, ROOM, rapporteur=("log", Role.RAPPORTEUR, None)) as sockets:
            entry = entries[-1]
            sockets["rapporteur"].send(
                json.dumps({"action": "annotate", "entry": entry, "notes": "Called for safe corridors."})
            )
            sockets["rapporteur"].wait_for(r'id="flash"')
        again = client.get(f"/rooms/{ROOM}/log/earlier", params={"before": 580})
        assert "Called for safe corridors." in again.text

    # The gallery reads earlier rows without the notes; the rapporteur's page needs its code.
    gallery = httpx.get(f"{long_day.base_url}/rooms/{ROOM}/observe/earlier", params={"before": 580})
    assert gallery.status_code == 200 and "Interventions 561 to 580" in gallery.text
    assert "Called for safe corridors." not in gallery.text and "notes-" not in gallery.text
    assert httpx.get(f"{long_day.base_url}/rooms/{ROOM}/log/earlier?before=580").status_code == 403
    assert httpx.get(f"{long_day.base_url}/rooms/{ROOM}/screen/earlier?before=580").status_code == 404
