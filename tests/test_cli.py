"""`session demo`: seed the event once, print one line per code (room, role, who, join URL), serve:
one line per delegation, its code valid in every room (`*`), and each room's chair lines."""

import re
import signal
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session, select

from session.bench.server import ServerProcess, free_port, session_serve
from session.cli import demo_codes, print_codes
from session.settings import Settings
from session.store import access
from session.store.database import make_engine
from session.store.tables import AccessCodeRow, ParticipantRow, RoomRow

SLUGS = ["plenary", "rt1", "rt2", "rt3", "rt4", "panel0625", "hearing"]  # DESIGN §1, and the meetings before it
EVERY_ROOM = "*"
SESSION = Path(sys.executable).with_name("session")
DELEGATE_LABEL = re.compile(r"(?P<name>.+) \((?P<id>[A-Z]{2,5})\)")


def code_lines(output: str, base_url: str) -> list[dict]:
    """The printout's room lines: room slug, role, who, and the join URL with its code."""
    lines = []
    for line in output.splitlines():
        columns = re.split(r"\s{2,}", line.strip())
        if len(columns) == 4 and (columns[0] in SLUGS or columns[0] == EVERY_ROOM):
            slug, role, label, url = columns
            match = re.fullmatch(re.escape(base_url) + r"/join/(?P<code>[^/\s]+)", url)
            assert match, f"not a join URL ending in /join/<code>: {line!r}"
            lines.append({"room": slug, "role": role, "label": label, "url": url, "code": match["code"]})
    return lines


def check_lines(lines: list[dict]) -> None:
    for slug in SLUGS:
        room = [line for line in lines if line["room"] == slug]
        assert any(line["role"] == "chair" for line in room), f"no chair line for {slug}"
        assert not any(line["role"] == "delegate" for line in room), f"a delegate line for {slug} alone"
    delegates = [line for line in lines if line["role"] == "delegate"]
    assert len(delegates) >= 4 and all(line["room"] == EVERY_ROOM for line in delegates), delegates
    assert len({line["label"] for line in delegates}) == len(delegates), "one line per delegation"
    for line in delegates:
        assert DELEGATE_LABEL.fullmatch(line["label"]), line


def every_room_ready(lines: list[dict]) -> bool:
    delegates = sum(1 for x in lines if x["room"] == EVERY_ROOM and x["role"] == "delegate")
    return delegates >= 4 and all(any(x["room"] == s and x["role"] == "chair" for x in lines) for s in SLUGS)


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(database_url=f"sqlite:///{tmp_path / 'demo.db'}")


def test_the_demo_prints_a_line_per_code_that_redeems_to_what_it_says(settings, capsys):
    print_codes(demo_codes(settings), settings)
    output = capsys.readouterr().out

    lines = code_lines(output, settings.base_url)
    check_lines(lines)
    assert any((line["room"], line["role"], line["label"]) == ("*", "delegate", "Mexico (MEX)") for line in lines)
    assert len({line["code"] for line in lines}) == len(lines)

    engine = make_engine(settings.database_url)
    try:
        with Session(engine) as session:
            names = {p.id: p.name for p in session.exec(select(ParticipantRow))}
        for line in lines:
            grant = access.redeem(engine, line["code"])
            assert grant is not None, line
            assert (grant.actor.role.value, grant.room or EVERY_ROOM) == (line["role"], line["room"]), line
            assert grant.every_room == (line["room"] == EVERY_ROOM), line
            if line["role"] == "delegate":
                label = DELEGATE_LABEL.fullmatch(line["label"])
                assert grant.actor.participant == label["id"], line
                assert names[label["id"]] == label["name"], line
        secretariat = re.search(r"code (\S+)", next(x for x in output.splitlines() if x.startswith("Secretariat")))
        grant = access.redeem(engine, secretariat[1])
        assert grant is not None and grant.actor.role.value == "organiser" and grant.room is None
    finally:
        engine.dispose()


def test_issuing_the_demo_codes_again_keeps_the_event_and_revokes_the_old_codes(settings, capsys):
    print_codes(demo_codes(settings), settings)
    first = code_lines(capsys.readouterr().out, settings.base_url)
    engine = make_engine(settings.database_url)
    try:
        with Session(engine) as session:
            rooms = session.exec(select(RoomRow.slug).order_by(RoomRow.ordinal)).all()
            participants = len(session.exec(select(ParticipantRow.id)).all())
        assert rooms == SLUGS

        print_codes(demo_codes(settings), settings)
        second = code_lines(capsys.readouterr().out, settings.base_url)

        with Session(engine) as session:
            assert session.exec(select(RoomRow.slug).order_by(RoomRow.ordinal)).all() == SLUGS
            assert len(session.exec(select(ParticipantRow.id)).all()) == participants
            codes = session.exec(select(AccessCodeRow)).all()
        check_lines(second)
        assert len(second) == len(first)
        assert {line["code"] for line in first}.isdisjoint(line["code"] for line in second)
        for line in first:
            assert access.redeem(engine, line["code"]) is None, line
        for line in second:
            assert access.redeem(engine, line["code"]) is not None, line
        assert sum(1 for c in codes if c.revoked_at is None) == len(second) + 1  # + the secretariat's
    finally:
        engine.dispose()


def test_session_demo_seeds_prints_codes_and_serves(tmp_path):
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    command = [str(SESSION), "demo", "--port", str(port), "--database-url", f"sqlite:///{tmp_path / 'demo.db'}"]
    server = ServerProcess(command, port=port, log_path=tmp_path / "demo.log", cwd=tmp_path)
    try:
        deadline = time.monotonic() + 30
        while True:
            printed = server.log_path.read_text(encoding="utf-8")
            lines = code_lines(printed[: printed.rfind("\n") + 1], base_url)  # whole lines only
            if every_room_ready(lines) and server.answers():
                break
            assert server.running(), server.log_tail()
            assert time.monotonic() < deadline, "session demo did not print its codes and serve"
            time.sleep(0.05)
        check_lines(lines)

        home = httpx.get(f"{base_url}/")
        assert home.status_code == 200
        rt2_chair = next(x for x in lines if x["room"] == "rt2" and x["role"] == "chair")
        with httpx.Client() as phone:  # the QR code's link, then one tap on "Join"
            confirm = phone.get(rt2_chair["url"], follow_redirects=False)
            assert confirm.status_code == 200
            token = re.search(r'name="csrf_token" value="([^"]+)"', confirm.text).group(1)
            joined = phone.post(
                f"{base_url}/join", data={"code": rt2_chair["code"], "csrf_token": token}, follow_redirects=False
            )
            assert joined.status_code == 303
            assert joined.headers["location"].endswith("/rooms/rt2/chair")
            assert "session" in phone.cookies
    finally:
        stopped_by_ctrl_c = server.stop(signal.SIGINT)
    assert stopped_by_ctrl_c, "session demo did not stop on Ctrl+C"
    assert server.process.returncode is not None
    assert "Traceback" not in server.log_path.read_text()  # Ctrl+C is a clean stop
    assert not (tmp_path / "session.db").exists()  # --database-url was used, not the default file
    assert (tmp_path / "demo.db").exists()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{base_url}/", timeout=2)


def test_session_serve_raises_its_open_file_limit_to_the_hard_limit(tmp_path, database_url):
    """Each connection is a file: with a soft limit of 256 the server stops answering everyone long
    before its concurrency limit, so `session serve` raises it to the hard limit at start-up."""
    import resource

    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    if hard <= 256:
        pytest.skip(f"the hard limit here is {hard}: nothing to raise")
    port = free_port()
    serve = session_serve(port, "--database-url", database_url)
    server = ServerProcess(
        ["sh", "-c", 'ulimit -Sn 256 && exec "$@"', "sh", *serve],  # exec: the pid is the server's
        port=port,
        log_path=tmp_path / "serve.log",
        cwd=tmp_path,
    )
    try:
        server.wait_until_up()
        limits = Path(f"/proc/{server.pid}/limits").read_text()
        line = next(x for x in limits.splitlines() if x.startswith("Max open files"))
        assert line.split()[3:5] == [str(hard), str(hard)], line
    finally:
        server.stop()
