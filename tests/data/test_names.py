"""Every participant's name in the six languages: CLDR's through Babel for States, the UN's own
short names of 2013 where they differ, the organisations' official names as data."""

import pytest

from session.data import participants
from session.data.names import alpha2, official_name

STATES = [p for p in participants() if p.category in ("member_state", "observer_state")]


def test_every_state_has_its_two_letter_code_and_a_name_in_each_language():
    codes = [alpha2(p.id) for p in STATES]
    assert None not in codes and len(set(codes)) == len(STATES) == 195
    assert alpha2("MEX") == "MX" and alpha2("PHL") == "PH" and alpha2("SRB") == "RS"
    for p in STATES:
        for lang in ("es", "ru", "zh", "ar"):
            assert official_name(p.id, lang), (p.id, lang)


@pytest.mark.parametrize(
    ("participant", "lang", "name"),
    [
        ("JOR", "ar", "الأردن"),
        ("EGY", "ar", "مصر"),
        ("MEX", "es", "México"),
        ("PHL", "zh", "菲律宾"),
        # The UN's own names, where CLDR has another.
        ("BOL", "es", "Bolivia (Estado Plurinacional de)"),
        ("PSE", "ru", "Государство Палестина"),
        ("VAT", "es", "Santa Sede"),
        ("GBR", "zh", "大不列颠及北爱尔兰联合王国"),
        ("KOR", "ar", "جمهورية كوريا"),
        ("RUS", "ru", "Российская Федерация"),
        # The names of 2013.
        ("SWZ", "es", "Swazilandia"),
        ("CZE", "ru", "Чешская Республика"),
        ("MKD", "zh", "前南斯拉夫的马其顿共和国"),
        ("TUR", "es", "Turquía"),
        # Organisations of the UN system.
        ("IOM", "ar", "المنظمة الدولية للهجرة"),
        ("UNDP", "zh", "联合国开发计划署"),
        ("EU", "ru", "Европейский союз"),
    ],
)
def test_names_in_un_style(participant, lang, name):
    assert official_name(participant, lang) == name


def test_every_un_system_entity_is_named_in_the_four_other_languages():
    for p in participants():
        if p.category in ("un_system", "intergovernmental"):
            for lang in ("es", "ru", "zh", "ar"):
                assert official_name(p.id, lang), (p.id, lang)


def test_ngos_and_companies_keep_their_own_names_and_english_and_french_stay_the_datas():
    assert official_name("MFA", "ar") is None and official_name("WU", "zh") is None
    assert official_name("MEX", "en") is None and official_name("MEX", "fr") is None
    assert official_name("a walk-in", "ar") is None
