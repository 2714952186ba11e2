"""The views of a room: one description each, read by the pages, the pushes and the door.

A view is what one kind of screen in a room shows -- the chair's desk, a delegation's phone, the
big screen -- and who may open it. Its partials are listed once, in page order: the first page
includes them from this list and every push renders the same list, so the two cannot drift.
"""

from dataclasses import dataclass

from session.domain.permissions import NOTE_READERS, PRESIDING, Role
from session.labels import N_


@dataclass(frozen=True)
class View:
    name: str  # in the page's address (/rooms/<slug>/<name>) and the socket's ?view=
    title: str  # marked for translation, translated where shown
    roles: frozenset[Role] | None  # who may open it; None: anyone, with a code or without
    columns: tuple[tuple[str, ...], ...]  # its shared partials, in page order, column by column
    personal: bool = False  # a participant's socket also carries its own box (its requests, the ask form)
    balance: bool = False  # draws the balance of voices
    notes: bool = False  # the rapporteur's desk: the one view that draws the notes, to edit them
    next_speakers: int | None = None  # shows only the head of the list, this many, not the whole of it
    queue_head: int | None = None  # its list of speakers stops after this many, "and N more" (not the chair's)
    bilingual: bool = False  # may show the speaker's name in a second language (?second=)
    watcher: Role = Role.OBSERVER  # who someone opening it without a code for it is taken to be
    staff_bar: bool = True  # the header bar naming the room and the view; a projected screen shows the meeting instead

    @property
    def partials(self) -> tuple[str, ...]:
        """Its partials in page order, as the page includes them."""
        return tuple(name for column in self.columns for name in column)

    @property
    def pushed(self) -> tuple[str, ...]:
        """What every push of this view carries besides a participant's own box: its partials and
        the room's name (the header bar's and the page title's), which the secretariat may change."""
        return (*self.partials, ROOM_NAME_PARTIAL)

    @property
    def presiding(self) -> bool:
        """Whether it draws the chair's controls: only when everyone who may open it presides."""
        return self.roles is not None and bool(self.roles) and self.roles <= PRESIDING

    def opens_to(self, role: Role | None) -> bool:
        """Whether someone in `role` (None: no code at all) may open this view."""
        return self.roles is None or role in self.roles

    def __str__(self) -> str:
        return self.name  # the templates write a view as its name (the body's class, the socket's address)


PERSONAL_PARTIAL = "_my_request"
ASK_PARTIAL = "_ask"
ROOM_NAME_PARTIAL = "_room_name"
PARTICIPANTS_PARTIAL = "_participants"  # the chair's list of who may be inscribed: cached apart (see render)
# The head of the list a phone or the gallery shows: the plenary may have 193 waiting, and a page or a
# push must weigh the same then as with five (the published list of speakers stays whole).
QUEUE_HEAD = 20

VIEWS: dict[str, View] = {
    view.name: view
    for view in (
        View(
            "chair",
            N_("Chair"),
            frozenset({Role.CHAIR, Role.ORGANISER}),
            # The tablet's panes (templates/chair.html): the speaker and the clocks, always in
            # sight; the list, scrolling on its own; the boxes folded until opened (web.tablet).
            (
                ("_day", "_current"),
                ("_queue",),
                ("_meetings", "_segments", "_budgets", "_seats", "_panel", "_balance", "_log", PARTICIPANTS_PARTIAL),
            ),
            balance=True,
        ),
        View(
            "delegate",
            N_("Delegate"),
            frozenset({Role.DELEGATE}),
            (("_current", "_queue"),),
            personal=True,
            queue_head=QUEUE_HEAD,
        ),
        View(
            "panel",
            N_("Panel"),
            frozenset({Role.PANELLIST, Role.CHAIR, Role.ORGANISER}),
            (("_current", "_queue", "_panel"),),
            personal=True,
            queue_head=QUEUE_HEAD,
        ),
        # The rapporteur's desk: its notes are read by exactly the note readers (permissions.NOTE_READERS).
        View(
            "log",
            N_("Rapporteur"),
            NOTE_READERS,
            (("_current", "_segments", "_log", "_panel", "_balance"),),
            balance=True,
            notes=True,
        ),
        View(
            "observe",
            N_("Observer"),
            None,
            (("_current", "_meetings", "_segments", "_queue", "_panel", "_log"),),
            queue_head=QUEUE_HEAD,
        ),
        View(
            "screen",
            N_("Big screen"),
            None,
            (("_screen_head", "_screen_speaker", "_screen_next", "_budgets"),),
            next_speakers=6,
            bilingual=True,
            watcher=Role.SCREEN,
            staff_bar=False,
        ),
        # The rolling list as the Journal of the United Nations publishes it, printable on A4.
        View("speakers", N_("List of speakers"), None, (("_speakers",),)),
    )
}
# Where a code lands after joining: the view of its role.
HOME_VIEW: dict[Role, View] = {
    Role.CHAIR: VIEWS["chair"],
    Role.DELEGATE: VIEWS["delegate"],
    Role.PANELLIST: VIEWS["panel"],
    Role.RAPPORTEUR: VIEWS["log"],
    Role.OBSERVER: VIEWS["observe"],
    Role.SCREEN: VIEWS["screen"],
}
