"""A refusal reaches a phone in its reader's language."""

import json

from session.domain.permissions import Role
from session.web.i18n import translator


def test_a_french_phone_is_told_in_french_that_the_list_is_closed(live):
    room = "rt1"
    live.api(room, live.code(room, Role.CHAIR), action="close_list")
    cookie = live.cookie(live.code(room, Role.DELEGATE, "SEN"))
    phone = live.socket(room, "delegate", cookie, headers={"Accept-Language": "fr"})
    phone.wait_for('id="my-request"')
    phone.send(json.dumps({"action": "request_floor"}))
    frame = phone.wait_for(r'data-code="list_closed"')
    expected = translator("fr")("The list of speakers is closed.")
    assert expected != "The list of speakers is closed." and expected in frame.replace("&#39;", "'")
    phone.close()
