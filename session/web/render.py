"""One template, two doors: partials render into the first page and into websocket pushes.

A push for a view is the same string for every connection of that view at that version, so
it is rendered once and cached; only a delegate's own line ("You are number N") is per person,
and it is drawn again only when what it says changes.
"""

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from html import escape

from jinja2 import Environment
from markupsafe import Markup

from session.data import REGIONAL_GROUPS
from session.data.names import official_name
from session.domain.balance import balance, balanced_order, budget_lines
from session.domain.choices import (
    ChairChoices,
    Standing,
    chair_choices,
    ranked_by_level,
    request_choices,
    standings,
)
from session.domain.commands import RequestType
from session.domain.participants import Category, Level, Participant
from session.domain.permissions import Actor, reads_notes
from session.domain.room import known
from session.domain.rules import default_level
from session.domain.schedule import Expected, expected_times
from session.domain.state import FloorRequest, Policy, RoomState
from session.labels import CATEGORY_LABELS, GROUPS, LEVEL_LABELS, TYPE_LABELS, short_voice_label, voice_label
from session.realtime.rooms import LiveRoom
from session.times import clock_face, date_span, duration, iso

from .charts import Bar, bar_chart
from .i18n import DEFAULT, LANGUAGES, i18n_context, translator
from .listing import Reading, by_meeting, floor_sentence, meeting_status, sittings
from .present import timer_view
from .programme import PROGRAMME_PARTIAL, Links, lines, programme_context
from .record import shown_from
from .representation import panel_box
from .representation import signature as panel_signature
from .tablet import folds, uses
from .views import ASK_PARTIAL, PARTICIPANTS_PARTIAL, PERSONAL_PARTIAL, View

# Every key of every cache below is reduced to known values (a room, a view, one of the six
# languages, a participant holding a code), so an outsider cannot add entries; the bounds are a
# second wall, sized well above what a meeting day needs (5 rooms x 6 views x 6 x 7 languages).
SHARED_RENDERS = 512
PERSONAL_RENDERS = 4096  # a delegate's own box per view and language
ASK_VARIANTS = 256
PER_ROOM = 64  # rooms are few; a walk-in list, a queue's places or the chair's choices per room
DATALIST_PARTIAL = "_datalist"
STATUS_PARTIAL = "_meeting_status"


class Bounded(OrderedDict):
    """A dict that forgets the entry used longest ago once it holds `limit` of them."""

    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit

    def get(self, key: Hashable, default=None):
        if key in self:
            self.move_to_end(key)
            return self[key]
        return default

    def __setitem__(self, key: Hashable, value) -> None:
        super().__setitem__(key, value)
        self.move_to_end(key)
        if len(self) > self.limit:
            self.popitem(last=False)


def languages(lang: str | None, second: str | None) -> tuple[str, str | None]:
    """The page's language and the big screen's second one, each one of the six or the default
    (the second: None when absent, unknown or the same as the first): whatever a URL says."""
    lang = lang if lang in LANGUAGES else DEFAULT
    return lang, second if second in LANGUAGES and second != lang else None


def shows_notes(view: View) -> bool:
    """Whether this view draws the rapporteur's notes: only the rapporteur's desk, and only while
    everyone who may open it reads them (permissions.reads_notes) -- a desk opened to others
    someday shows the summary marks alone rather than leak the notes."""
    return view.notes and bool(view.roles) and all(reads_notes(role) for role in view.roles or ())


class Renderer:
    def __init__(
        self,
        env: Environment,
        directory: Mapping[str, Participant],
        clock: Callable[[], float],
        static_url: Callable[[str], str],
        time_zone: Callable[[], str] = lambda: "UTC",
        rooms: Callable[[], Mapping[str, LiveRoom]] = dict,
        event_name: str = "session",
        event_title: str = "session",
        event_venue: str = "",
        event_dates: tuple[str, ...] = (),
    ):
        self.env = env
        self.directory = directory
        self.clock = clock
        self.time_zone = time_zone  # the event's, known once the rooms have started
        self.rooms = rooms  # every room: a round table's panel box reads the others' panels
        self._cache: Bounded = Bounded(SHARED_RENDERS)  # (room, view, lang, second) -> (version, parts)
        self._personal: Bounded = Bounded(PERSONAL_RENDERS)  # (room, view, participant, lang) -> (signature, text)
        self._asks: Bounded = Bounded(ASK_VARIANTS)
        self._queue_places: Bounded = Bounded(PER_ROOM)
        self._standings: Bounded = Bounded(PER_ROOM)  # room -> (version, each delegation's standing)
        self._participants: Bounded = Bounded(PER_ROOM)
        self._choices: Bounded = Bounded(PER_ROOM)  # room -> (version, what the chair may do)
        self._expected: Bounded = Bounded(PER_ROOM)  # room -> (version, each entry's expected time)
        env.globals.update(
            type_labels=TYPE_LABELS,
            level_labels=LEVEL_LABELS,
            request_types=list(RequestType),
            levels=list(Level),
            clock_face=clock_face,
            duration=duration,
            iso=iso,
            voice_label=voice_label,
            categories=list(Category),
            category_labels=CATEGORY_LABELS,
            regional_groups=list(REGIONAL_GROUPS),
            groups=GROUPS,
            by_meeting=by_meeting,
            joined=", ".join,
            shown_from=shown_from,
            static_url=static_url,
            event_name=event_name,  # every page's header bar: the event's short title, read at start
            event_title=event_title,
            event_venue=event_venue,  # the home page's line under the title, with the event's days
            event_dates=event_dates,
            date_span=date_span,
            # the kinds themselves, so a template compares members, never their spelling
            Category=Category,
            Level=Level,
            Policy=Policy,
            RequestType=RequestType,
        )
        for name in env.list_templates(filter_func=lambda name: name.endswith(".html")):
            env.get_template(name)  # compiled now, not in the first push of the day

    def context(
        self, room: LiveRoom, view: View, actor: Actor | None = None, lang: str = DEFAULT, second: str | None = None
    ) -> dict:
        lang, second = languages(lang, second)
        now = self.clock()
        state = room.state
        directory = known(state, self.directory)
        reading = self.reading(room, lang)
        context = {
            "room": room.meta,
            "state": state,
            "view": view,
            "timer": timer_view(state, now),
            "now_ms": int(now * 1000),
            "time_zone": reading.zone,  # the big screen's time of day, kept by the page's script
            "panel": panel_box(room, self.rooms(), self.directory),
            "budgets": budget_lines(state, directory),
            "name_of": name_in(directory, lang),
            "show_notes": shows_notes(view),
            "by_level": ranked_by_level(state),
            "expected": self.expected(room),
            "uses": uses(state),
            **reading.context(),
            **i18n_context(lang),
        }
        if state.current is not None and view.presiding:
            context["floor_sentence"] = floor_sentence(
                state.current, context["name_of"](state.current.participant), lang
            )
        if second is not None:
            context.update(second=second, second_name=name_in(directory, second))
        if view.balance:
            context.update(self.balance_context(room, lang))
        if PARTICIPANTS_PARTIAL in view.partials:
            context["participants_list"] = Markup(self.participants_list(room))
        if view.presiding:
            context["may"] = self.chair_choices(room)
            context["folds"] = folds(state)
        if actor is not None and actor.participant:
            context.update(me=self._me(room, actor, lang), **self.ask_context(room, actor))
        return context

    def reading(self, room: LiveRoom, lang: str) -> Reading:
        return Reading(self.time_zone(), lang, room.state.rules.policy)

    def expected(self, room: LiveRoom) -> dict[int, Expected]:
        """When each entry is expected to speak: worked out once per version, for every screen."""
        cached = self._expected.get(room.slug)
        if cached is None or cached[0] != room.state.version:
            cached = self._expected[room.slug] = (room.state.version, expected_times(room.state, self.clock()))
        return cached[1]

    def chair_choices(self, room: LiveRoom) -> ChairChoices:
        """What the chair's buttons may do: dry-run once per version, whatever the language."""
        cached = self._choices.get(room.slug)
        if cached is None or cached[0] != room.state.version:
            choices = chair_choices(room.state, now=self.clock(), directory=known(room.state, self.directory))
            cached = self._choices[room.slug] = (room.state.version, choices)
        return cached[1]

    def balance_context(self, room: LiveRoom, lang: str = DEFAULT) -> dict:
        _ = translator(lang)
        directory = known(room.state, self.directory)
        stats = balance(room.state, directory)
        charts: list[dict] = []
        for title, shares in (
            (_("Speaking time by regional group (Member States)"), stats.by_group),
            (_("Speaking time by stakeholder category"), stats.by_category),
            (_("Speaking time by request type"), stats.by_type),
        ):
            bars = [
                Bar(_(voice_label(s.key)), _(short_voice_label(s.key)), s.spoken_s, s.turns, s.waiting) for s in shares
            ]
            chart_id = f"chart-{room.slug}-{len(charts)}"
            charts.append({"title": title, "bars": bars, "svg": bar_chart(title, bars, chart_id)})
        suggestion = balanced_order(room.state, directory) if room.state.balanced else []
        return {"balance": stats, "charts": charts, "suggestion": suggestion}

    def _me(self, room: LiveRoom, actor: Actor, lang: str = DEFAULT) -> dict:
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
                "meeting": self._meeting_named(state, q, expected.get(q.entry)),
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

    @staticmethod
    def _meeting_named(state: RoomState, request: FloorRequest, expected: Expected | None) -> int | None:
        """The meeting a delegation's time is in, when its clock time alone would mislead: another
        than the one it was inscribed for (or the one in progress), or past that meeting's end."""
        if expected is None or expected.meeting is None or len(state.meetings) < 2 and not expected.late:
            return None
        if expected.late or expected.meeting != (request.meeting or state.meeting):
            return expected.meeting
        return None

    def participants_list(self, room: LiveRoom) -> str:
        """The chair's list of everyone who may be inscribed: it changes only when a walk-in is added
        or the secretariat lists a participant for the event (the list only grows)."""
        walk_ins = (tuple(room.state.walk_ins.items()), len(self.directory))
        cached = self._participants.get(room.slug)
        if cached is None or cached[0] != walk_ins:
            everyone = sorted(known(room.state, self.directory).values(), key=lambda p: p.name)
            cached = self._participants[room.slug] = (
                walk_ins,
                self.partial(DATALIST_PARTIAL, {"participants": everyone}),
            )
        return cached[1]

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

    def partial(self, name: str, context: dict) -> str:
        return self.partials((name,), context)[0]

    def partials(self, names: Iterable[str], context: dict) -> list[str]:
        """Partials drawn from one context joined to the environment's globals once: Jinja's own
        render copies the context and the globals (a ChainMap, slow to copy) for every template,
        which was half the time of drawing a view's dozen partials."""
        parent = {**self.env.globals, **context}
        texts = []
        for name in names:
            template = self.env.get_template(f"partials/{name}.html")
            try:  # what Template.render does, with the context shared as it stands
                context_of = template.new_context(parent, shared=True)
                texts.append(self.env.concat(template.root_render_func(context_of)))
            except Exception:
                self.env.handle_exception()
        return texts

    def shared(self, room: LiveRoom, view: View, lang: str = DEFAULT, second: str | None = None) -> tuple[str, ...]:
        """One render per (room, version, view, language), shared by every socket that shows it: one
        text per partial, so a socket is sent only the partials it does not have yet."""
        lang, second = languages(lang, second)
        key = (room.slug, view.name, lang, second)
        # The panel box also reads the other round tables' panels: a render of the same version is
        # stale once one of them changes.
        version = (room.state.version, panel_signature(room, self.rooms()))
        cached = self._cache.get(key)
        if cached is not None and cached[0] == version:
            return cached[1]
        context = self.context(room, view, lang=lang, second=second)
        drawn = iter(self.partials((name for name in view.pushed if name != PARTICIPANTS_PARTIAL), context))
        parts = tuple(
            self.participants_list(room) if name == PARTICIPANTS_PARTIAL else next(drawn) for name in view.pushed
        )
        self._cache[key] = (version, parts)
        return parts

    def statuses(self, room: LiveRoom, lang: str = DEFAULT) -> dict[str, str]:
        """A room's meetings as the programme shows them now ("in progress — now speaking:
        Nigeria"), by their ids: drawn once per (room, version, language) for every home page."""
        lang, _ = languages(lang, None)
        key = (STATUS_PARTIAL, room.slug, lang)
        cached = self._cache.get(key)
        if cached is None or cached[0] != room.state.version:
            name_of = name_in(known(room.state, self.directory), lang)
            texts = {}
            for sitting in sittings(room, self.time_zone()):
                status, speaking = meeting_status(room.state, sitting.number)
                context = {
                    "sitting": sitting,
                    "status": status,
                    "speaking": name_of(speaking) if speaking else "",
                    **i18n_context(lang),
                }
                texts[sitting.key] = self.partial(STATUS_PARTIAL, context)
            cached = self._cache[key] = (room.state.version, texts)
        return cached[1]

    def programme(self, lang: str = DEFAULT, links: Links = ()) -> tuple[str, ...]:
        """What a home page's socket shows: the programme's days, then one part per room's
        statuses, so a push sends only the rooms that changed."""
        rooms = list(self.rooms().values())
        statuses = [self.statuses(room, lang) for room in rooms]
        return (self.days(rooms, lang, links, statuses), *("".join(texts.values()) for texts in statuses))

    def days(self, rooms: list[LiveRoom], lang: str, links: Links, statuses: list[dict[str, str]]) -> str:
        """The programme's days (web.programme), drawn again only when its lines change: a meeting
        scheduled or given new hours, a room renamed. Drawn with the statuses of the moment, which
        the rooms' own parts, sent after it, keep up to date."""
        lang, _ = languages(lang, None)
        key = (PROGRAMME_PARTIAL, lang, links)
        drawn_from = lines(rooms, self.time_zone())
        cached = self._cache.get(key)
        if cached is None or cached[0] != drawn_from:
            every = {sitting: text for texts in statuses for sitting, text in texts.items()}
            context = {**programme_context(rooms, self.time_zone(), lang, every, links), **i18n_context(lang)}
            cached = self._cache[key] = (drawn_from, self.partial(PROGRAMME_PARTIAL, context))
        return cached[1]

    def push(
        self, room: LiveRoom, view: View, actor: Actor, lang: str = DEFAULT, second: str | None = None
    ) -> tuple[str, ...]:
        """What a socket of this view shows now, part by part (see `shared`)."""
        parts = self.shared(room, view, lang, second)
        if self.is_personal(view, actor):
            parts += (self.ask(room, view, actor, lang), self.personal(room, view, actor, lang))
        return parts

    @staticmethod
    def is_personal(view: View, actor: Actor) -> bool:
        """Whether this socket's pushes carry a box of its own, or only what its whole view shares."""
        return view.personal and bool(actor.participant)

    def ask(self, room: LiveRoom, view: View, actor: Actor, lang: str) -> str:
        """The "Request the floor" form: the same for nearly everyone, so drawn once per variant."""
        lang, _ = languages(lang, None)
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

    def personal(self, room: LiveRoom, view: View, actor: Actor, lang: str) -> str:
        """A delegate's own box, drawn again only when what it shows has changed."""
        lang, _ = languages(lang, None)
        state, participant = room.state, actor.participant
        deadline = state.interest_deadline
        expected = self.expected(room)
        signature = (
            state.current is not None and state.current.participant == participant,
            state.current is not None,  # "You are next" once the one before has the floor
            state.meeting,
            tuple(
                (request, position, expected.get(request.entry))
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
                "me": self._me(room, actor, lang),
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

    def cached_renders(self) -> dict[str, int]:
        """How many entries each cache holds (what the operations table promises is bounded)."""
        return {
            "shared": len(self._cache),
            "personal": len(self._personal),
            "asks": len(self._asks),
            "queue_places": len(self._queue_places),
            "participants": len(self._participants),
            "choices": len(self._choices),
        }

    def server_clock(self) -> str:
        """The server's clock, so every screen counts down from the same deadline."""
        return f'<div id="server-clock" hx-swap-oob="true" hidden data-now="{int(self.clock() * 1000)}"></div>'


def name_in(directory: Mapping[str, Participant], lang: str) -> Callable[[str], str]:
    """Participants' official short names in the reader's language (session.data.names), else
    the English one the room holds (a walk-in's)."""

    def name_of(participant_id: str) -> str:
        participant = directory.get(participant_id)
        if participant is None:
            return participant_id
        if lang == "fr" and participant.name_fr:
            return participant.name_fr
        return official_name(participant_id, lang) or participant.name

    return name_of


def flash(message: str = "", code: str = "") -> str:
    """This client's answer: a refusal in words, or an empty box once an action succeeded."""
    role = ' role="alert"' if message else ""
    return f'<div id="flash" hx-swap-oob="true" class="flash" data-code="{escape(code)}"{role}>{escape(message)}</div>'
