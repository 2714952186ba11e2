"""The delegations and organisations the tests speak of: one directory, its regional groups keyed as
the reference data keys them (`session.data.REGIONAL_GROUPS`: african, asia_pacific,
eastern_european, grulac, weog), so a test's Mexico is the server's Mexico.

A test module takes the ones it needs, in its own order, and may add its own (a name chosen to
break an export): `directory("MEX", "PHL", Participant("EVL", FORMULA, Category.NGO))`.
"""

from session.data import REGIONAL_GROUPS
from session.domain.participants import Category, Participant

EVERYONE = {
    p.id: p
    for p in (
        Participant("SEN", "Senegal", Category.MEMBER_STATE, "african"),
        Participant("KEN", "Kenya", Category.MEMBER_STATE, "african"),
        Participant("NGA", "Nigeria", Category.MEMBER_STATE, "african"),
        Participant("CIV", "Côte d'Ivoire", Category.MEMBER_STATE, "african"),
        Participant("PHL", "Philippines", Category.MEMBER_STATE, "asia_pacific"),
        Participant("IND", "India", Category.MEMBER_STATE, "asia_pacific"),
        Participant("POL", "Poland", Category.MEMBER_STATE, "eastern_european"),
        Participant("CZE", "Czech Republic", Category.MEMBER_STATE, "eastern_european"),
        Participant("MEX", "Mexico", Category.MEMBER_STATE, "grulac"),
        Participant("BRA", "Brazil", Category.MEMBER_STATE, "grulac"),
        Participant("DEU", "Germany", Category.MEMBER_STATE, "weog"),
        Participant("SWE", "Sweden", Category.MEMBER_STATE, "weog"),
        Participant("VAT", "Holy See", Category.OBSERVER_STATE),
        Participant("EU", "European Union", Category.INTERGOVERNMENTAL),
        Participant("IOM", "International Organization for Migration", Category.UN_SYSTEM),
        Participant("UNHCR", "Office of the United Nations High Commissioner for Refugees", Category.UN_SYSTEM),
        Participant("MFA", "Migrant Forum in Asia", Category.NGO),
        Participant("ICC", "International Chamber of Commerce", Category.PRIVATE_SECTOR),
        Participant("IOE", "International Organisation of Employers", Category.PRIVATE_SECTOR),
    )
}
assert {p.regional_group for p in EVERYONE.values() if p.regional_group} == set(REGIONAL_GROUPS)


def directory(*entries: str | Participant) -> dict[str, Participant]:
    """The participants named (by id, from EVERYONE) or given, by id, in the order listed."""
    chosen = [EVERYONE[entry] if isinstance(entry, str) else entry for entry in entries]
    return {p.id: p for p in chosen}
