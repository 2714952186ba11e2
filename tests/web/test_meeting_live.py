"""Around the meeting, live: segments, interposed questions, time budgets, expressions of interest."""

import json
import re

from session.domain.permissions import Role


def test_the_25_june_panel_runs_in_its_three_segments(live):
    chair = live.code("panel0625", Role.CHAIR)
    tablet = live.socket("panel0625", "chair", live.cookie(chair))
    frame = tablet.wait_for(r'aria-label="Segments"')
    assert frame.count('name="action" value="open_segment"') == 3
    gallery = live.socket("panel0625", "observe")
    gallery.wait_for('id="current"')
    tablet.send(json.dumps({"action": "open_segment", "number": 2}))
    gallery.wait_for(r"Segment 2: Facilitating labour mobility")
    live.api("panel0625", chair, action="request_floor", participant="PHL")
    live.api("panel0625", chair, action="call_next")
    live.api("panel0625", chair, action="request_floor", participant="MEX")
    tablet.send(json.dumps({"action": "open_segment", "number": 3}))  # closes segment 2; Mexico waits on
    gallery.wait_for(r"Segment 3: The 2013 High-level Dialogue and beyond")
    state = live.state("panel0625")
    assert [q["participant"] for q in state["queue"]] == ["MEX"]
    assert [i["participant"] for i in state["interventions"]] == ["PHL"]
    tablet.close()
    gallery.close()


def test_an_interposed_question_pauses_the_speaker_and_is_answered(live):
    room = "rt4"
    chair = live.code(room, Role.CHAIR)
    live.api(room, chair, action="request_floor", participant="MEX")
    live.api(room, chair, action="call_next")
    phone = live.socket(room, "delegate", live.cookie(live.code(room, Role.DELEGATE, "PHL")))
    phone.wait_for('id="my-request"')
    phone.send(json.dumps({"action": "request_floor", "type": "interposed_question"}))
    phone.wait_for("You are number 1 in the queue")
    tablet = live.socket(room, "chair", live.cookie(chair))
    frame = tablet.wait_for(r"Take the question")
    entry = re.search(r'value="take_question"><input type="hidden" name="entry" value="(\d+)"', frame).group(1)
    tablet.send(json.dumps({"action": "take_question", "entry": int(entry)}))
    frame = phone.wait_for(r"time is paused at")
    assert "Mexico" in frame and "Interposed question" in frame
    tablet.send(json.dumps({"action": "answer_question"}))
    tablet.wait_for(r'class="speaker-meta">Answer')
    tablet.send(json.dumps({"action": "end_intervention"}))
    frame = tablet.wait_for(r'class="speaker-meta">Statement')
    assert 'data-phase="running"' in frame
    state = live.state(room)
    assert state["current"]["participant"] == "MEX"
    assert [(i["participant"], i["type"]) for i in state["interventions"]] == [
        ("PHL", "interposed_question"),
        ("MEX", "answer"),
    ]
    tablet.close()
    phone.close()


def test_time_budgets_are_drawn_down_and_shown_on_the_big_screen(live):
    room = "rt3"
    chair = live.code(room, Role.CHAIR)
    assert live.api(room, chair, action="set_budgets", group_s=600, category_s=300).status_code == 200
    screen = live.socket(room, "screen")
    frame = screen.wait_for(r"Time left per group")
    assert "African Group</th>\n      <td>10:00</td>" in frame
    live.api(room, chair, action="request_floor", participant="SEN")
    live.api(room, chair, action="call_next")
    live.api(room, chair, action="end_intervention")
    live.api(room, chair, action="add_budget", seconds=300)
    frame = screen.wait_for(r"<td>15:00</td>")  # everyone else, 10 + 5 minutes
    assert re.search(r"African Group</th>\n      <td>1[45]:\d\d</td>", frame)  # Senegal spoke a moment
    screen.close()


def test_a_delegation_expresses_interest_in_the_panel_from_its_phone(live):
    room = "rt2"
    assert (
        live.api(
            room, live.code(room, Role.CHAIR), action="set_interest_deadline", deadline="2099-01-01T00:00Z"
        ).status_code
        == 200
    )
    phone = live.socket(room, "delegate", live.cookie(live.code(room, Role.DELEGATE, "MEX")))
    phone.wait_for(r"Express interest in serving as a panellist")
    phone.send(json.dumps({"action": "express_interest"}))
    phone.wait_for(r"You have expressed interest in serving as a panellist.")
    phone.send(json.dumps({"action": "withdraw_interest"}))
    phone.wait_for(r"Express interest in serving as a panellist")
    phone.close()
