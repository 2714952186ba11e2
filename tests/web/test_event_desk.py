"""The secretariat's event desk: a room renamed and a participant listed live, through the command
path, in the record, on every open view at once, and in the event file written back."""

import re

import httpx
from sqlmodel import Session, select

from session.data.eventfile import dumps
from session.domain.permissions import Role
from session.store import event_setup
from session.store.database import make_engine
from session.store.tables import EventRow, ParticipantRow, RoomRow


def token(client: httpx.Client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/organiser/event").text).group(1)


def logged(live, action: str) -> list[EventRow]:
    engine = make_engine(live.database_url)
    try:
        with Session(engine) as session:
            return list(session.exec(select(EventRow).where(EventRow.action == action)).all())
    finally:
        engine.dispose()


def test_the_desk_needs_an_organiser_code(live):
    assert httpx.get(f"{live.base_url}/organiser/event").status_code == 403
    with httpx.Client(base_url=live.base_url) as chair:
        live.join(chair, live.code("rt1", Role.CHAIR))
        assert chair.post("/organiser/event/rooms/rt1/name", data={"name": "Mine"}).status_code == 403


def test_a_forged_form_is_refused(desk):
    response = desk.post("/organiser/event/rooms/rt1/name", data={"csrf_token": "forged", "name": "Mine"})
    assert response.status_code == 403 and "expired" in response.text


def test_a_renamed_room_shows_on_the_open_big_screen_and_is_in_its_log(live, desk):
    screen = live.socket("rt3", "screen")
    try:
        screen.wait_for(r"Round table 3")
        sent = desk.post(
            "/organiser/event/rooms/rt3/name",
            data={"csrf_token": token(desk), "name": "Round table on partnerships", "theme": ""},
        )
        assert sent.status_code == 303
        screen.wait_for(r"Round table on partnerships")
    finally:
        screen.close()
    assert "Round table on partnerships" in httpx.get(f"{live.base_url}/").text
    [event] = logged(live, "rename_room")
    assert event.room == "rt3" and event.actor.startswith("organiser")
    assert "is now called" in desk.get("/organiser/event").text


def test_a_renamed_room_shows_in_the_bar_and_title_of_an_open_chairs_tablet(live, desk):
    chair = live.socket("rt2", "chair", live.cookie(live.code("rt2", Role.CHAIR)))
    try:
        chair.wait_for(r'id="room-name"[^>]*>Round table 2<')
        sent = desk.post(
            "/organiser/event/rooms/rt2/name",
            data={"csrf_token": token(desk), "name": "Round table on mobility", "theme": ""},
        )
        assert sent.status_code == 303
        bar = chair.wait_for(r'<span id="room-name"[^>]*>Round table on mobility</span>')
    finally:
        chair.close()
    assert 'data-title="Round table on mobility · Chair"' in bar and 'hx-swap-oob="true"' in bar


def test_an_empty_name_is_refused_in_words(desk):
    response = desk.post("/organiser/event/rooms/rt1/name", data={"csrf_token": token(desk), "name": " "})
    assert response.status_code == 400 and "needs a name" in response.text


def test_a_listed_participant_may_ask_for_the_floor_in_every_room(live, desk):
    chair = live.socket("rt2", "chair", live.cookie(live.code("rt2", Role.CHAIR)))
    try:
        chair.wait_for(r"Mexico")
        sent = desk.post(
            "/organiser/event/participants",
            data={"csrf_token": token(desk), "id": "gfmd", "name": "Global Forum on Migration", "category": "ngo"},
        )
        assert sent.status_code == 303, sent.text[:500]
        chair.wait_for(r"Global Forum on Migration")  # the chair's list of who may be inscribed
    finally:
        chair.close()
    assert {e.room for e in logged(live, "list_participant")} >= {"plenary", "rt1", "rt2", "rt3", "rt4", "hearing"}
    for room in ("plenary", "rt4"):
        asked = live.api(
            room, live.code(room, Role.CHAIR), action="request_floor", participant="GFMD", type="statement"
        )
        assert asked.status_code == 200, asked.text
    again = desk.post(
        "/organiser/event/participants",
        data={"csrf_token": token(desk), "id": "GFMD", "name": "Another", "category": "ngo"},
    )
    assert again.status_code == 409 and "already a participant" in again.text
    engine = make_engine(live.database_url)
    try:
        with Session(engine) as session:
            assert session.get(ParticipantRow, "GFMD").name == "Global Forum on Migration"
    finally:
        engine.dispose()


def test_the_event_file_written_back_holds_the_changes(live, desk, tmp_path):
    desk.post("/organiser/event/rooms/rt1/name", data={"csrf_token": token(desk), "name": "Round table one"})
    desk.post(
        "/organiser/event/participants",
        data={"csrf_token": token(desk), "id": "MRCI", "name": "Migrants Rights Centre", "category": "ngo"},
    )
    engine = make_engine(live.database_url)
    try:
        spec = event_setup.export(engine)
        with Session(engine) as session:
            assert session.get(RoomRow, "rt1").name == "Round table one"
    finally:
        engine.dispose()
    assert next(r for r in spec.rooms if r.slug == "rt1").name == "Round table one"
    assert any(p.id == "MRCI" and p.name == "Migrants Rights Centre" for p in spec.participants)
    written = dumps(spec)
    assert 'name = "Round table one"' in written and "Migrants Rights Centre" in written
