"""A participant not on the list — a walk-in NGO, a late delegation — added by the chair, without a restart.

Its name is shown on every screen in the hall, so it holds no invisible or direction-changing
character; the same rule holds for every free text a command carries (session/domain/text.py).
"""

from dataclasses import fields
from enum import StrEnum
from typing import get_type_hints

import pytest

from session.domain import commands as c
from session.domain.commands import COMMANDS, parse_command
from session.domain.errors import Refused
from session.domain.participants import Category


def test_a_walk_in_can_ask_for_the_floor_and_be_heard(round_table, act):
    data = act(round_table, c.AddParticipant(name="Migrants' Rights Network", category=Category.NGO), 0)
    assert data["id"] == "MIGRANTS"
    act(round_table, c.RequestFloor("MIGRANTS"), 1)
    act(round_table, c.CallNext(), 2)
    assert round_table.current.participant == "MIGRANTS" and round_table.current.category is Category.NGO


def test_generated_ids_never_collide(round_table, act):
    first = act(round_table, c.AddParticipant(name="Global Youth", category=Category.NGO), 0)["id"]
    second = act(round_table, c.AddParticipant(name="Global Youth Forum", category=Category.NGO), 1)["id"]
    assert first == "GLOBALYO" and second == "GLOBALYO1"


def test_a_late_delegation_keeps_its_regional_group(round_table, act):
    act(
        round_table,
        c.AddParticipant(name="Tuvalu", category=Category.MEMBER_STATE, regional_group="asia_pacific", id="TUV"),
        0,
    )
    assert round_table.walk_ins["TUV"].regional_group == "asia_pacific"


def test_bad_walk_ins_are_refused(round_table, act, refused):
    act(round_table, c.AddParticipant(name="Friends of Migrants", category=Category.NGO, id="FOM"), 0)
    cases = [
        (c.AddParticipant(name="Anyone", category=Category.NGO, id="FOM"), "duplicate_participant"),
        (c.AddParticipant(name="friends of MIGRANTS", category=Category.NGO), "duplicate_participant"),
        (c.AddParticipant(name="Mexico", category=Category.MEMBER_STATE), "duplicate_participant"),
        (c.AddParticipant(name="An NGO", category=Category.NGO, regional_group="weog"), "invalid_field"),
        (c.AddParticipant(name="Atlantis", category=Category.MEMBER_STATE, regional_group="oceanic"), "invalid_field"),
        (c.AddParticipant(name="Lower case id", category=Category.NGO, id="abc"), "invalid_field"),
        (c.AddParticipant(name="", category=Category.NGO), "invalid_field"),
    ]
    for command, code in cases:
        assert refused(round_table, command).code == code, command


def test_walk_ins_belong_to_their_room(round_table, plenary, act, refused):
    act(round_table, c.AddParticipant(name="Friends of Migrants", category=Category.NGO, id="FOM"), 0)
    assert refused(plenary, c.RequestFloor("FOM")).code == "unknown_participant"


# --- what a name (and any free text a command carries) may hold ------------------------------

NAMES_THAT_ARE_NAMES = [
    "Réseau des migrants — Côte d'Ivoire",
    "جمعية حقوق المهاجرين",  # Arabic: it lays itself out right to left, no override needed
    "میرزا\u200cخانی",  # Persian: the zero-width non-joiner is part of the spelling
    "क्\u200dष Foundation",  # Devanagari: the zero-width joiner picks a half form
    "Famille 👨\u200d👩\u200d👧",  # an emoji sequence is joined by ZWJ too
    "מרכז הסיוע לעובדים זרים",
]
INVISIBLE = {
    "right-to-left override (U+202E)": "Mexico\u202eocixeM",
    "left-to-right embedding (U+202A)": "\u202aMexico",
    "pop directional formatting (U+202C)": "Mexico\u202c",
    "right-to-left isolate (U+2067)": "\u2067Mexico",
    "pop directional isolate (U+2069)": "Mexico\u2069",
    "NUL": "Mex\x00ico",
    "escape sequence": "\x1b[2JMexico",
    "line break": "Mexico\nTuvalu",
    "carriage return": "Mexico\rTuvalu",
    "line separator (U+2028)": "Mexico\u2028Tuvalu",
    "zero-width no-break space (U+FEFF)": "\ufeffMexico",
    "soft hyphen (U+00AD)": "Mex\u00adico",
    "Arabic letter mark (U+061C)": "\u061cMexico",
    "lone surrogate": "Mexico\ud800",
}


@pytest.mark.parametrize("name", NAMES_THAT_ARE_NAMES)
def test_names_in_every_script_are_kept_as_typed(round_table, act, name):
    command = parse_command({"action": "add_participant", "name": name, "category": "ngo"})
    data = act(round_table, command, 0)
    assert round_table.walk_ins[data["id"]].name == name


@pytest.mark.parametrize("name", INVISIBLE.values(), ids=list(INVISIBLE))
def test_a_name_with_an_invisible_or_direction_changing_character_is_refused(name):
    with pytest.raises(Refused) as refusal:
        parse_command({"action": "add_participant", "name": name, "category": "ngo"})
    assert refusal.value.code == "control_character"
    assert "'name'" in refusal.value.message and "type it again without it" in refusal.value.message


def test_the_refusal_names_the_character_and_where_it_is():
    with pytest.raises(Refused) as refusal:
        parse_command({"action": "add_participant", "name": "Mexico\u202eocixeM", "category": "ngo"})
    assert "U+202E" in refusal.value.message and "character 7" in refusal.value.message


def _text_fields() -> list[tuple[str, str]]:
    """Every free-text field of every command (not the enumerations, numbers or booleans, nor a
    participant id, which is only looked up: one not on the list is an unknown participant)."""
    found = []
    for action, cls in COMMANDS.items():
        hints = get_type_hints(cls)
        for spec in fields(cls):
            kinds = [k for k in getattr(hints[spec.name], "__args__", (hints[spec.name],)) if k is not type(None)]
            if kinds[0] is str and not issubclass(kinds[0], StrEnum) and spec.name != "participant":
                found.append((action, spec.name))
    return found


TEXT_FIELDS = _text_fields()
MULTILINE = {("annotate", "notes"), ("annotate", "key_points")}


def test_the_text_fields_include_notes_key_points_names_titles_and_rulings():
    assert {
        ("annotate", "notes"),
        ("annotate", "key_points"),
        ("add_participant", "name"),
        ("add_segment", "title"),
        ("rule_point_of_order", "ruling"),
    } <= set(TEXT_FIELDS)


@pytest.mark.parametrize("action, name", TEXT_FIELDS, ids=[f"{a}.{n}" for a, n in TEXT_FIELDS])
@pytest.mark.parametrize("bad", ["a\u202eb", "a\x07b", "a\u2066b"], ids=["override", "bell", "isolate"])
def test_every_text_field_of_every_command_refuses_the_same_characters(action, name, bad):
    with pytest.raises(Refused) as refusal:
        parse_command(
            {
                "action": action,
                "entry": 1,
                "position": 1,
                "number": 1,
                "on": True,
                "category": "ngo",
                "seconds": 30,
                "group_s": 60,
                "name": "x",
                "participant": "MEX",
                "ruling": "x",
                "title": "x",
                "deadline": "2013-10-03T10:00",
                "starts_at": "2013-10-03T10:00-04:00",
                "ends_at": "2013-10-03T13:00-04:00",
                "participants": "MEX",
                "order": "1",
                name: bad,
            }
        )
    assert refusal.value.code == "control_character" and f"'{name}'" in refusal.value.message


@pytest.mark.parametrize("action, name", TEXT_FIELDS, ids=[f"{a}.{n}" for a, n in TEXT_FIELDS])
def test_line_breaks_only_where_the_field_has_lines(action, name):
    message = {
        "action": action,
        "entry": 1,
        "position": 1,
        "number": 1,
        "on": True,
        "category": "ngo",
        "seconds": 30,
        "group_s": 60,
        "name": "x",
        "participant": "MEX",
        "ruling": "x",
        "title": "x",
        "deadline": "2013-10-03T10:00",
        "starts_at": "2013-10-03T10:00-04:00",
        "ends_at": "2013-10-03T13:00-04:00",
        "participants": "MEX",
        "order": "1",
        name: "First point.\r\nSecond point,\tpasted from a table.",
    }
    if (action, name) in MULTILINE:
        assert getattr(parse_command(message), name) == "First point.\nSecond point,\tpasted from a table."
    else:
        with pytest.raises(Refused) as refusal:
            parse_command(message)
        assert refusal.value.code == "control_character"
        assert "a line break" in refusal.value.message


def test_a_rapporteurs_notes_still_refuse_a_direction_override():
    with pytest.raises(Refused) as refusal:
        parse_command({"action": "annotate", "entry": 1, "notes": "Line one\nSupports \u202edraft"})
    assert refusal.value.code == "control_character"
