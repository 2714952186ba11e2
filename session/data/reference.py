"""The reference list every event starts from, shipped with the package (``participants.csv``):
the 193 Member States of 2013 with their UN regional group (per the DGACM regional-groups list,
with the counting rules of docs/design.md §2), the observer States, the European Union, and the
UN system entities of the Global Migration Group of 2013. Names are the UN English and French
short names *of 2013* (Swaziland, Czech Republic, Turkey, Cape Verde, ...), as the record of a
2013 meeting would use them. An event adds its NGOs, civil society and private sector, and any
change, in its own file (session.data.eventfile)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

CATEGORIES: tuple[str, ...] = (
    "member_state",
    "observer_state",
    "intergovernmental",
    "un_system",
    "ngo",
    "private_sector",
)  # in plenary speaking order

REGIONAL_GROUPS: dict[str, str] = {
    "african": "African Group",
    "asia_pacific": "Asia-Pacific Group",
    "eastern_european": "Eastern European Group",
    "grulac": "Latin American and Caribbean Group (GRULAC)",
    "weog": "Western European and Others Group (WEOG)",
}


@dataclass(frozen=True)
class ParticipantRecord:
    id: str
    name: str
    name_fr: str
    category: str
    regional_group: str | None
    note: str


def rows(filename: str) -> list[dict[str, str]]:
    """A CSV file of the package's data, by its header."""
    text = resources.files(__package__).joinpath(filename).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def _reference() -> tuple[ParticipantRecord, ...]:
    return tuple(
        ParticipantRecord(
            id=row["id"],
            name=row["name"],
            name_fr=row["name_fr"],
            category=row["category"],
            regional_group=row["regional_group"] or None,
            note=row["note"],
        )
        for row in rows("participants.csv")
    )


def reference_participants() -> list[ParticipantRecord]:
    """The reference list, in file order (Member States by regional group, then the others)."""
    return list(_reference())
