"""One template, two doors: partials render into the first page and into websocket pushes.

A push for a view is the same string for every connection of that view at that version, so
it is rendered once and cached; only a delegate's own line ("You are number N") is per person,
and it is drawn again only when what it says changes.
"""

from collections.abc import Callable, Iterable, Mapping
from html import escape

from jinja2 import Environment
from markupsafe import Markup

from session.data import REGIONAL_GROUPS
from session.domain.balance import balance, balanced_order, budget_lines
from session.domain.choices import (
    ChairChoices,
    chair_choices,
    ranked_by_level,
)
from session.domain.commands import RequestType
from session.domain.participants import Category, Level, Participant
from session.domain.permissions import Actor, reads_notes
from session.domain.room import known
from session.domain.schedule import Expected, expected_times
from session.domain.state import Policy
from session.labels import CATEGORY_LABELS, GROUPS, LEVEL_LABELS, TYPE_LABELS, short_voice_label, voice_label
from session.realtime.rooms import LiveRoom
from session.times import clock_face, date_span, duration, iso

from .bounded import PER_ROOM, SHARED_RENDERS, Bounded
from .charts import Bar, bar_chart
from .i18n import DEFAULT, i18n_context, languages, name_in, translator
from .listing import Reading, by_meeting, floor_sentence, meeting_status, sittings
from .own_box import OwnBoxes
from .present import timer_view
from .programme import PROGRAMME_PARTIAL, Links, lines, programme_context
from .record import record_of
from .representation import panel_box
from .representation import signature as panel_signature
from .tablet import folds, uses
from .views import PARTICIPANTS_PARTIAL, View

DATALIST_PARTIAL = "_datalist"
STATUS_PARTIAL = "_meeting_status"


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
        self._participants: Bounded = Bounded(PER_ROOM)
        self._choices: Bounded = Bounded(PER_ROOM)  # room -> (version, what the chair may do)
        self._expected: Bounded = Bounded(PER_ROOM)  # room -> (version, each entry's expected time)
        self.own = OwnBoxes(directory, clock, self.expected, self.reading, self.partial)
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
            record_of=record_of,
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
            context.update(me=self.own.me(room, actor, lang), **self.own.ask_context(room, actor))
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
        lang, second = languages(lang, second)
        parts = self.shared(room, view, lang, second)
        if self.is_personal(view, actor):
            parts += (self.own.ask(room, actor, lang), self.own.box(room, view, actor, lang))
        return parts

    @staticmethod
    def is_personal(view: View, actor: Actor) -> bool:
        """Whether this socket's pushes carry a box of its own, or only what its whole view shares."""
        return view.personal and bool(actor.participant)

    def cached_renders(self) -> dict[str, int]:
        """How many entries each cache holds (what the operations table promises is bounded)."""
        return {
            "shared": len(self._cache),
            **self.own.cached(),
            "participants": len(self._participants),
            "choices": len(self._choices),
        }

    def server_clock(self) -> str:
        """The server's clock, so every screen counts down from the same deadline."""
        return f'<div id="server-clock" hx-swap-oob="true" hidden data-now="{int(self.clock() * 1000)}"></div>'


def flash(message: str = "", code: str = "") -> str:
    """This client's answer: a refusal in words, or an empty box once an action succeeded."""
    role = ' role="alert"' if message else ""
    return f'<div id="flash" hx-swap-oob="true" class="flash" data-code="{escape(code)}"{role}>{escape(message)}</div>'
