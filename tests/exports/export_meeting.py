"""A round table held through the real domain (decide, then apply), with the names and notes
that break careless exports: accents, Arabic and Chinese script, commas, quotes, a newline in a
name, a name that is a spreadsheet formula, notes that start with a dash.

`hold_round_table()` is that meeting's state and `room_log()` its `RoomLog`; `EXPECTED` says,
written out by hand, what the record must hold — so the tests check the exports against the meeting,
not against themselves. `hold_plenary()` is a debate over two plenary meetings, with a speaker
inscribed by name and title on behalf of a group, speakers absent when called and a swap.
"""

from datetime import UTC, datetime

from participants import directory

from session.domain import commands as c
from session.domain.commands import RequestType
from session.domain.participants import Category, Level, Participant
from session.domain.room import apply, decide, new_room
from session.domain.state import AbsentTo, Event, Policy, RoomRules, RoomState
from session.domain.timer import Phase
from session.exports.records import RoomLog

T0 = 1380808800.0  # 3 October 2013, 14:00:00 UTC: 10 a.m. in New York
NEW_YORK = "America/New_York"  # the event's time zone: what the human parts' times are in

SOCIETE = 'Société "Les Amis", Genève'
EMIRATES = "الإمارات العربية المتحدة"
CHINA = "中国"
TWO_LINES = "Fondation du Lac\nLakeside Foundation"
FORMULA = '=HYPERLINK("http://evil.example/","Click here")'

DIRECTORY = directory(
    "SEN",
    "CIV",
    "MEX",
    "DEU",
    "PHL",
    Participant("ARE", EMIRATES, Category.MEMBER_STATE, "asia_pacific"),
    Participant("CHN", CHINA, Category.MEMBER_STATE, "asia_pacific"),
    "IOM",
    Participant("SLA", SOCIETE, Category.NGO),
    Participant("LAC", TWO_LINES, Category.PRIVATE_SECTOR),
    Participant("EVL", FORMULA, Category.NGO),
)

CIV_NOTES = 'Called for "safe, orderly and regular" migration,\nand for better data.'
CIV_KEY_POINTS = "Portability of pensions; recognition of skills"
RULING = 'The point of order is well taken; the speaker will "conclude", please.'
ARE_NOTES = "- Welcomed the dialogue\n- Announced a fund: 10,000,000 USD"
SLA_NOTES = 'Asked the panel | what "regular" means, with *emphasis* and <b>tags</b>'
EVL_NOTES = "@mention and =SUM(A1:A9)"

# What the record must say, in the order the floor was given.
EXPECTED = [
    # participant, category, regional group, level, type, requested, started, ended, duration, limit, overrun, notes
    (
        "Côte d'Ivoire",
        "member_state",
        "african",
        "minister",
        "statement",
        "2013-10-03T14:00:00Z",
        "2013-10-03T14:01:00Z",
        "2013-10-03T14:04:15Z",
        195.3,
        180,
        15.3,
        CIV_NOTES + "\nKey points: " + CIV_KEY_POINTS,
    ),
    (
        "Mexico",
        "member_state",
        "grulac",
        "head_of_delegation",
        "point_of_order",
        "2013-10-03T14:02:00Z",
        "2013-10-03T14:04:16Z",
        "2013-10-03T14:05:01Z",
        45.0,
        120,
        0.0,
        "Ruling: " + RULING,
    ),
    (
        EMIRATES,
        "member_state",
        "asia_pacific",
        "head_of_delegation",
        "statement",
        "2013-10-03T14:00:05Z",
        "2013-10-03T14:05:10Z",
        "2013-10-03T14:08:50Z",
        220.0,
        210,
        10.0,
        ARE_NOTES,
    ),
    (
        SOCIETE,
        "ngo",
        None,
        "other",
        "question",
        "2013-10-03T14:00:10Z",
        "2013-10-03T14:09:00Z",
        "2013-10-03T14:10:00Z",
        60.0,
        180,
        0.0,
        SLA_NOTES,
    ),
    (
        FORMULA,
        "ngo",
        None,
        "other",
        "statement",
        "2013-10-03T14:00:12Z",
        "2013-10-03T14:10:05Z",
        "2013-10-03T14:10:35Z",
        30.0,
        180,
        0.0,
        EVL_NOTES,
    ),
    (
        TWO_LINES,
        "private_sector",
        None,
        "other",
        "statement",
        "2013-10-03T14:00:14Z",
        "2013-10-03T14:11:00Z",
        "2013-10-03T14:11:45Z",
        45.5,
        180,
        0.0,
        "",
    ),
]
PANEL = ["International Organization for Migration", SOCIETE, CHINA]
WAITING = ["Philippines", "Germany"]  # asked, and not heard yet (Côte d'Ivoire asks again, but was heard)
CHAIRS = ("H.E. Ms. Ana Pérez, Minister", "M. Jean-Luc Dupont")


def when(offset: float) -> float:
    return T0 + offset


def iso_at(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Meeting:
    """The command path without a server: decide against the state, then apply the event."""

    def __init__(self, state: RoomState):
        self.state = state

    def __call__(self, command: c.Command, at: float) -> dict:
        data = decide(self.state, command, now=at, directory=DIRECTORY)
        apply(self.state, Event(seq=self.state.version + 1, action=command.action, data=data, at=at))
        if isinstance(command, c.CallNext) and self.state.timer.phase is not Phase.RUNNING:
            self(c.TimerStart(), at)  # where the call does not start the clock, the chair does at once
        return data


def hold_round_table() -> RoomState:
    act = Meeting(new_room("rt2", RoomRules(policy=Policy.ROUND_TABLE, statement_s=180)))
    for pid in ("IOM", "SLA", "CHN"):
        act(c.SeatPanellist(pid), when(-60))
    act(c.RequestFloor("CIV", RequestType.STATEMENT, Level.MINISTER), when(0))
    act(c.RequestFloor("ARE"), when(5))
    act(c.RequestFloor("SLA", RequestType.QUESTION), when(10))
    act(c.RequestFloor("EVL"), when(12))
    act(c.RequestFloor("LAC"), when(14))
    first = act(c.CallNext(), when(60))["entry"]
    act(c.RequestFloor("MEX", RequestType.POINT_OF_ORDER), when(120))
    act(c.EndIntervention(), when(60 + 195.3))
    act(c.Annotate(first, notes=CIV_NOTES, key_points=CIV_KEY_POINTS, summary=True), when(256))
    point = act(c.CallNext(), when(256))["entry"]
    act(c.EndIntervention(), when(301))
    act(c.RulePointOfOrder(point, RULING), when(302))
    emirates = act(c.CallNext(), when(310))["entry"]
    act(c.TimerAdd(30), when(400))
    act(c.EndIntervention(), when(530))
    act(c.Annotate(emirates, notes=ARE_NOTES), when(531))
    question = act(c.CallNext(), when(540))["entry"]
    act(c.EndIntervention(), when(600))
    act(c.Annotate(question, notes=SLA_NOTES, summary=True), when(601))
    formula = act(c.CallNext(), when(605))["entry"]
    act(c.EndIntervention(), when(635))
    act(c.Annotate(formula, notes=EVL_NOTES), when(636))
    act(c.CallNext(), when(660))
    act(c.RequestFloor("PHL"), when(680))
    act(c.RequestFloor("DEU"), when(690))
    act(c.RequestFloor("CIV"), when(695))
    act(c.EndIntervention(), when(705.5))
    return act.state


def room_log(state: RoomState, *, slug="rt2", name="Round table 2", chairs=CHAIRS, zone=NEW_YORK) -> RoomLog:
    return RoomLog(
        slug=slug,
        name=name,
        theme="Human rights of all migrants; regular, orderly and safe migration",
        date="2013-10-03",
        state=state,
        directory=DIRECTORY,
        chairs=chairs,
        exported_at=when(3600),
        zone=zone,
    )


ROSARIO = "H.E. Mr. Albert del Rosario"
ROSARIO_TITLE = "Secretary of Foreign Affairs"
ASEAN = "the Association of Southeast Asian Nations"


def hold_plenary() -> RoomState:
    """The plenary's debate over the 25th and 26th plenary meetings (3 October 2013, 10 a.m.–1 p.m.
    and 3–6 p.m. New York time, UTC-4). In the 25th: the Philippines (for ASEAN) from 10:02 a.m.,
    Mexico absent when called at 10:07 a.m. and moved to the end, Germany, then Mexico. In the 26th:
    China and Côte d'Ivoire swap places at 3:01 p.m., China speaks, Côte d'Ivoire is absent and
    dropped at 3:05 p.m. The 26th is still in progress, with Senegal's point of order waiting."""
    act = Meeting(new_room("plenary", RoomRules(policy=Policy.PLENARY, statement_s=300)))
    act(c.ScheduleMeeting(25, "2013-10-03T10:00-04:00", "2013-10-03T13:00-04:00"), when(-86400))
    act(c.ScheduleMeeting(26, "2013-10-03T15:00-04:00", "2013-10-03T18:00-04:00"), when(-86400))
    act(c.Inscribe("PHL", ROSARIO, ROSARIO_TITLE, on_behalf_of=ASEAN, meeting=25), when(-3600))
    act(c.Inscribe("MEX", meeting=25), when(-3500))
    act(c.Inscribe("DEU", meeting=25), when(-3400))
    act(c.Inscribe("CIV", meeting=26), when(-3300))
    act(c.Inscribe("CHN", meeting=26), when(-3200))
    act(c.OpenMeeting(25), when(0))
    act(c.CallNext(), when(120))  # 14:02 UTC: 10:02 a.m. in New York
    act(c.EndIntervention(), when(440))  # 5:20, over by 0:20
    act(c.CallNext(), when(440))
    act(c.MarkAbsent(AbsentTo.END), when(445))
    act(c.CallNext(), when(450))
    act(c.EndIntervention(), when(700))
    act(c.CallNext(), when(710))
    act(c.EndIntervention(), when(900))
    act(c.CloseMeeting(25), when(1000))
    act(c.OpenMeeting(26), when(5 * 3600))
    civ, chn = (q.entry for q in act.state.queue)
    act(c.SwapPlaces(civ, chn), when(5 * 3600 + 60))
    act(c.CallNext(), when(5 * 3600 + 120))
    act(c.EndIntervention(), when(5 * 3600 + 300))
    act(c.CallNext(), when(5 * 3600 + 310))
    act(c.MarkAbsent(AbsentTo.DROP), when(5 * 3600 + 320))
    act(c.RequestFloor("SEN", RequestType.POINT_OF_ORDER), when(5 * 3600 + 330))
    return act.state


def plenary_log(state: RoomState, zone: str = NEW_YORK) -> RoomLog:
    return RoomLog(
        slug="plenary",
        name="Plenary meeting",
        theme="High-level Dialogue on International Migration and Development — plenary meeting",
        date="2013-10-03",
        state=state,
        directory=DIRECTORY,
        chairs=("President of the General Assembly",),
        exported_at=when(6 * 3600),
        zone=zone,
    )
