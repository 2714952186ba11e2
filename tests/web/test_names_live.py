"""Delegations are named in the reader's language on the pages people read."""

import httpx

from session.domain.permissions import Role


def _inscribe(live, participant: str) -> None:
    code = live.code("rt1", Role.DELEGATE, participant)
    response = live.api(
        "rt1", code, action="request_floor", participant=participant, type="statement", request_id=participant
    )
    assert response.status_code == 200, response.text


def test_the_arabic_phone_names_jordan_and_egypt_in_arabic(live):
    _inscribe(live, "EGY")
    with httpx.Client(base_url=live.base_url) as client:
        live.join(client, live.code("rt1", Role.DELEGATE, "JOR"))
        page = client.get("/rooms/rt1/delegate?lang=ar").text
    assert "الأردن" in page and "مصر" in page
    assert "Jordan" not in page and "Egypt" not in page


def test_the_gallery_in_chinese_and_russian(live):
    _inscribe(live, "MEX")
    _inscribe(live, "BOL")
    chinese = httpx.get(f"{live.base_url}/rooms/rt1/observe?lang=zh").text
    assert "墨西哥" in chinese and "多民族玻利维亚国" in chinese
    russian = httpx.get(f"{live.base_url}/rooms/rt1/observe?lang=ru").text
    assert "Мексика" in russian and "Боливия (Многонациональное Государство)" in russian
