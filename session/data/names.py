"""Every participant's name in the six languages.

English and French are participants.csv's (the UN's short names of 2013). For the other four
languages, names.csv holds:

- for States, the ISO 3166-1 alpha-2 code, by which Babel gives the CLDR territory name, and the
  UN's own short name wherever it differs from CLDR's ("Bolivia (Estado Plurinacional de)",
  "Государство Палестина", "大不列颠及北爱尔兰联合王国", "الكرسي الرسولي"). These are the names the UN
  Statistics Division publishes in its six languages (M49), except for the States renamed since
  2013 (see the note column), which keep the name of 2013, as the record of a 2013 meeting would;
- for the UN system and the European Union, their official names in Spanish, Russian, Chinese
  and Arabic;
- for NGOs, civil society and the private sector, nothing: they keep their own names.

An empty cell means CLDR's name for a State and the English name for anyone else.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from babel import Locale

OTHER_LANGUAGES = ("es", "ru", "zh", "ar")


@cache
def _table() -> dict[str, dict[str, str]]:
    text = resources.files(__package__).joinpath("names.csv").read_text(encoding="utf-8")
    return {row["id"]: row for row in csv.DictReader(text.splitlines())}


@cache
def _territories(lang: str) -> dict[str, str]:
    return dict(Locale(lang).territories)


def alpha2(participant_id: str) -> str | None:
    """A State's two-letter code (MEX -> MX); None for an organisation or an unknown id."""
    row = _table().get(participant_id)
    return (row["alpha2"] or None) if row else None


@cache
def official_name(participant_id: str, lang: str) -> str | None:
    """The participant's name in Spanish, Russian, Chinese or Arabic; None where the data gives
    none (English and French, an organisation keeping its own name, a walk-in), so the caller
    falls back to the name it holds."""
    row = _table().get(participant_id)
    if row is None or lang not in OTHER_LANGUAGES:
        return None
    if row[lang]:
        return row[lang]
    return _territories(lang).get(row["alpha2"]) if row["alpha2"] else None
