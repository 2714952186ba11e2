"""What a delegation's phone shows of itself: its own box ("You are number 4, expected at 11:20
a.m.") and its "Request the floor" form.

Everything else a phone shows is its view's shared render; these two are the parts drawn per
person, so each is drawn again only when what it shows changes, and what every phone reads of the
room (each participant's places in the list, each delegation's standing) is worked out once per
version, not once per phone.
"""

from collections.abc import Callable, Mapping, Sequence

from session.domain.choices import Standing, ranked_by_level, request_choices, standings
from session.domain.commands import RequestType
from session.domain.participants import Level, Participant
from session.domain.permissions import Actor
from session.domain.room import known
from session.domain.rules import default_level
from session.domain.schedule import Expected
from session.domain.state import FloorRequest, Policy, RoomState
from session.realtime.rooms import LiveRoom

from .bounded import ASK_VARIANTS, PER_ROOM, PERSONAL_RENDERS, Bounded
from .i18n import i18n_context, name_in
from .listing import Reading
from .present import timer_view
from .views import ASK_PARTIAL, PERSONAL_PARTIAL, View


class OwnBoxes:
    def __init__(
        self,
        directory: Mapping[str, Participant],
        clock: Callable[[], float],
        expected: Callable[[LiveRoom], dict[int, Expected]],
        reading: Callable[[LiveRoom, str], Reading],
        partial: Callable[[str, dict], str],
    ):
        self.directory = directory
        self.clock = clock
        self.expected = expected  # when each entry is expected to speak, worked out once per version
        self.reading = reading
        self.partial = partial
        self._personal: Bounded = Bounded(PERSONAL_RENDERS)  # (room, view, participant, lang) -> (signature, text)
        self._asks: Bounded = Bounded(ASK_VARIANTS)
        self._queue_places: Bounded = Bounded(PER_ROOM)
        self._standings: Bounded = Bounded(PER_ROOM)  # room -> (version, each delegation's standing)

    def ask(self, room: LiveRoom, actor: Actor, lang: str) -> str:
        """The "Request the floor" form: the same for nearly everyone, so drawn once per variant."""
        asking = self.ask_context(room, actor)
        variant = (lang, *asking.values())
        text = self._asks.get(variant)
        if text is None:
            text = self._asks[variant] = self.partial(
                ASK_PARTIAL, {**asking, **self.reading(room, lang).context(), **i18n_context(lang)}
            )
        return text

    def ask_context(self, room: LiveRoom, actor: Actor) -> dict:
        """What the ask form shows one delegation: the kinds it may ask for now, and the level its
        form starts at (its entry's, as verified, else as declared; else its category's default)."""
        state = room.state
        standing = self._standing(room, actor.participant)
        participant = known(state, self.directory).get(actor.participant or "")
        return {
            "kinds": self.kinds(room, actor, standing),
            "by_level": ranked_by_level(state),
            "inscribes": state.rules.policy is Policy.PLENARY,
            "meetings": tuple(m.number for m in state.meetings if m.status != "closed"),
            "my_level": standing.level or (default_level(participant) if participant else Level.HEAD_OF_DELEGATION),
        }

    def _standing(self, room: LiveRoom, participant: str | None) -> Standing:
        """A delegation's standing (choices.standings), worked out once per version for every phone."""
        cached = self._standings.get(room.slug)
        if cached is None or cached[0] != room.state.version:
            cached = self._standings[room.slug] = (room.state.version, standings(room.state))
        return cached[1].get(participant or "", Standing())

    def kinds(self, room: LiveRoom, actor: Actor, standing: Standing | None = None) -> tuple[RequestType, ...]:
        """The kinds of request the actor may pick now: its role's, those its status gives it, none
        it is waiting for already and none while it has the floor (choices.request_choices)."""
        participant = known(room.state, self.directory).get(actor.participant or "")
        if standing is None:
            standing = self._standing(room, actor.participant)
        return request_choices(room.state, actor, participant.category if participant else None, standing)

    def box(self, room: LiveRoom, view: View, actor: Actor, lang: str) -> str:
        """A delegate's own box, drawn again only when what it shows has changed."""
        state, participant = room.state, actor.participant
        deadline = state.interest_deadline
        expected = self.expected(room)
        signature = (
            state.current is not None and state.current.participant == participant,
            state.current is not None,  # "You are next" once the one before has the floor
            state.meeting,
            tuple(
                (request, position, _as_read(expected.get(request.entry)))
                for position, request in self._places_of(room, participant)
            ),
            deadline and (deadline, self.clock() > deadline, participant in state.interests, state.panel_published),
        )
        key = (room.slug, view.name, participant, lang)
        cached = self._personal.get(key)
        if cached is not None and cached[0] == signature:
            return cached[1]
        text = self.partial(
            PERSONAL_PARTIAL,
            {
                "me": self.me(room, actor, lang),
                "state": state,
                "view": view,
                "timer": timer_view(state, self.clock()),
                "name_of": name_in(known(state, self.directory), lang),
                **self.reading(room, lang).context(),
                **i18n_context(lang),
            },
        )
        self._personal[key] = (signature, text)
        return text

    def me(self, room: LiveRoom, actor: Actor, lang: str) -> dict:
        """What the box says: the delegation, its places with their expected times, whether it
        speaks now, and the panels' deadline for expressions of interest."""
        state, participant = room.state, actor.participant
        expected = self.expected(room)
        speaking = state.current is not None and state.current.participant == participant
        # Next, and told to go to the rostrum, once the one before it has the floor or a meeting is
        # under way; a round table's co-chairs give the floor without opening their meeting.
        under_way = state.current is not None or state.open_meeting is not None
        under_way = under_way or state.rules.policy is not Policy.PLENARY
        pending = [
            {
                "request": q,
                "position": position,
                "expected": expected.get(q.entry),
                "meeting": _meeting_named(state, q, expected.get(q.entry)),
                "next": position == 1 and under_way,
            }
            for position, q in self._places_of(room, participant)
        ]
        reading = self.reading(room, lang)
        deadline = state.interest_deadline
        return {
            "participant": None if participant is None else known(state, self.directory).get(participant),
            "id": participant,
            "interest_closed": deadline is not None and self.clock() > deadline,
            "interest_deadline_text": f"{reading.day(deadline)}, {reading.hour(deadline)}" if deadline else "",
            "pending": pending,
            "speaking": speaking,
        }

    def _places_of(self, room: LiveRoom, participant: str | None) -> Sequence[tuple[int, FloorRequest]]:
        """One participant's places in the list (none for an actor who is no participant)."""
        return () if participant is None else self._places(room).get(participant, ())

    def _places(self, room: LiveRoom) -> dict[str, list[tuple[int, FloorRequest]]]:
        """Each participant's places in the list, worked out once per version, not once per phone."""
        cached = self._queue_places.get(room.slug)
        if cached is None or cached[0] != room.state.version:
            places: dict[str, list[tuple[int, FloorRequest]]] = {}
            for position, request in enumerate(room.state.queue, 1):
                places.setdefault(request.participant, []).append((position, request))
            cached = self._queue_places[room.slug] = (room.state.version, places)
        return cached[1]

    def cached(self) -> dict[str, int]:
        return {"personal": len(self._personal), "asks": len(self._asks), "queue_places": len(self._queue_places)}


def _as_read(expected: Expected | None) -> tuple | None:
    """An expected time as the box shows it, to the minute ("expected around 11:20 a.m."): a clock
    paused or given 30 seconds moves every waiting delegation's time by seconds, which redrew the
    193 boxes of a plenary for nothing the phones could show."""
    return None if expected is None else (int(expected.at // 60), expected.meeting, expected.late)


def _meeting_named(state: RoomState, request: FloorRequest, expected: Expected | None) -> int | None:
    """The meeting a delegation's time is in, when its clock time alone would mislead: another
    than the one it was inscribed for (or the one in progress), or past that meeting's end."""
    if expected is None or expected.meeting is None or len(state.meetings) < 2 and not expected.late:
        return None
    if expected.late or expected.meeting != (request.meeting or state.meeting):
        return expected.meeting
    return None
