"""Who takes the floor: participants, their categories and the level of the speaker."""

from dataclasses import dataclass
from enum import StrEnum


class Category(StrEnum):
    """Kinds of participant, in the order the plenary list hears them."""

    MEMBER_STATE = "member_state"
    OBSERVER_STATE = "observer_state"
    INTERGOVERNMENTAL = "intergovernmental"
    UN_SYSTEM = "un_system"
    NGO = "ngo"
    PRIVATE_SECTOR = "private_sector"


class Level(StrEnum):
    """Level of representation of the person speaking, in UN protocol order."""

    HEAD_OF_STATE = "head_of_state"
    VICE_PRESIDENT = "vice_president"
    HEAD_OF_GOVERNMENT = "head_of_government"
    DEPUTY_PRIME_MINISTER = "deputy_prime_minister"
    MINISTER = "minister"
    VICE_MINISTER = "vice_minister"
    HEAD_OF_DELEGATION = "head_of_delegation"
    OTHER = "other"


CATEGORY_RANK = {category: rank for rank, category in enumerate(Category)}
LEVEL_RANK = {level: rank for rank, level in enumerate(Level)}


@dataclass(frozen=True)
class Participant:
    id: str
    name: str
    category: Category
    regional_group: str | None = None
    name_fr: str = ""  # French is the UN's other working language
