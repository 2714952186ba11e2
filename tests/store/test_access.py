"""Access codes: easy to read aloud, stored only as a keyed hash, redeemed to a grant, revocable."""

import hashlib
import hmac
import json
import re
import sqlite3

import pytest
from sqlalchemy.exc import IntegrityError

from session.domain.permissions import Role
from session.store import access
from session.store.database import make_engine
from session.store.keys import secret_path

UNAMBIGUOUS = "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"
CODE = re.compile(rf"[{UNAMBIGUOUS}]{{4}}-[{UNAMBIGUOUS}]{{4}}")


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def test_minted_codes_are_four_and_four_from_the_unambiguous_alphabet(engine):
    codes = [access.mint(engine, role=Role.OBSERVER, room="rt1") for _ in range(50)]
    codes += [access.new_code() for _ in range(500)]
    for code in codes:
        assert CODE.fullmatch(code), code
    assert not set("".join(codes)) & set("0O1lI")
    assert len(set(codes)) == len(codes)


def test_only_the_hmac_of_a_code_keyed_by_the_secret_file_is_stored(engine, database_url):
    code = access.mint(engine, role=Role.DELEGATE, room="rt2", participant="MEX", label="Mexico (MEX)")
    with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
        rows = db.execute("SELECT * FROM access_code").fetchall()
        hashes = [h for (h,) in db.execute("SELECT code_hash FROM access_code")]
    db.close()
    assert len(rows) == 1
    key = json.loads(secret_path(database_url).read_text())["code_key"].encode()
    inner = hashlib.sha256(code.encode()).hexdigest()
    assert hashes == [hmac.new(key, inner.encode(), hashlib.sha256).hexdigest()]
    for value in rows[0]:
        assert code not in str(value)
        assert code.replace("-", "") not in str(value)


def test_redeeming_a_code_gives_its_grant(engine):
    delegate = access.mint(engine, role=Role.DELEGATE, room="rt2", participant="MEX", label="Mexico (MEX)")
    chair = access.mint(engine, role=Role.CHAIR, room="plenary", label="President")
    organiser = access.mint(engine, role=Role.ORGANISER, room=None, label="Secretariat")

    grant = access.redeem(engine, delegate)
    assert grant is not None
    assert (grant.actor.role, grant.room, grant.actor.participant, grant.label) == (
        Role.DELEGATE,
        "rt2",
        "MEX",
        "Mexico (MEX)",
    )
    assert access.grant_by_id(engine, grant.code_id) == grant

    chair_grant = access.redeem(engine, chair)
    assert (chair_grant.actor.role, chair_grant.room, chair_grant.actor.participant) == (Role.CHAIR, "plenary", None)
    assert chair_grant.code_id != grant.code_id

    organiser_grant = access.redeem(engine, organiser)
    assert (organiser_grant.actor.role, organiser_grant.room) == (Role.ORGANISER, None)


@pytest.mark.parametrize("wrong", ["", "abcd-efgh", "x" * 41, "2345-6789 and more"])
def test_a_wrong_code_redeems_to_nothing(engine, wrong):
    code = access.mint(engine, role=Role.CHAIR, room="rt1")
    assert access.redeem(engine, wrong) is None
    if code.swapcase() != code:
        assert access.redeem(engine, code.swapcase()) is None  # codes are case-sensitive
    assert access.redeem(engine, code) is not None


def test_revoking_all_codes_stops_every_one_of_them(engine):
    codes = [
        access.mint(engine, role=Role.CHAIR, room="rt1"),
        access.mint(engine, role=Role.DELEGATE, room="rt1", participant="PHL"),
        access.mint(engine, role=Role.ORGANISER, room=None),
    ]
    ids = [access.redeem(engine, code).code_id for code in codes]

    assert access.revoke_all(engine) == 3

    for code, code_id in zip(codes, ids, strict=True):
        assert access.redeem(engine, code) is None
        assert access.grant_by_id(engine, code_id) is None
    assert access.revoke_all(engine) == 0
    fresh = access.mint(engine, role=Role.CHAIR, room="rt1")
    assert access.redeem(engine, fresh) is not None  # codes issued afterwards work


def test_an_unknown_code_id_has_no_grant(engine):
    assert access.grant_by_id(engine, 12345) is None


def test_revoked_among_names_the_codes_that_no_longer_open_anything(engine):
    kept, dropped = (
        access.redeem(engine, access.mint(engine, role=Role.DELEGATE, room="rt1", participant=p)).code_id
        for p in ("MEX", "PHL")
    )
    assert access.revoke(engine, dropped)
    with engine.connect() as db:
        assert access.revoked_among(db, {kept, dropped, 12345}) == {dropped, 12345}
        assert access.revoked_among(db, {kept}) == set()
        assert access.revoked_among(db, set()) == set()


def test_a_code_opens_its_room_its_rooms_or_every_room(engine):
    one = access.redeem(engine, access.mint(engine, role=Role.DELEGATE, room="rt2", participant="MEX"))
    two = access.redeem(engine, access.mint(engine, role=Role.CHAIR, room=None, rooms=["rt1", "rt3"]))
    every = access.redeem(engine, access.mint(engine, role=Role.DELEGATE, room=None, participant="PHL"))
    assert one and two and every
    assert [one.opens(s) for s in ("rt2", "rt1", "plenary")] == [True, False, False]
    assert [two.opens(s) for s in ("rt1", "rt3", "rt2")] == [True, True, False]
    assert (two.room, two.rooms, two.every_room) == (None, frozenset({"rt1", "rt3"}), False)
    assert every.every_room and all(every.opens(s) for s in ("plenary", "rt1", "rt4"))


def test_codes_issued_together_land_together_or_not_at_all(engine):
    orders = [access.CodeOrder(Role.DELEGATE, (), pid, pid) for pid in ("MEX", "PHL", "IOM")]
    codes = access.mint_many(engine, orders)
    assert [access.redeem(engine, c).actor.participant for c in codes] == ["MEX", "PHL", "IOM"]
    with pytest.raises(IntegrityError):  # a participant the event does not know: its foreign key refuses it
        access.mint_many(
            engine, [access.CodeOrder(Role.DELEGATE, (), "SEN"), access.CodeOrder(Role.DELEGATE, (), "ZZZ")]
        )
    assert len(access.list_codes(engine)) == 3
