"""The application factory: one engine, one hub, routes per role, made per call so tests choose."""

import gc
import time
from collections.abc import Callable
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp

from session.realtime.broadcast import make_broadcast
from session.realtime.limits import CommandLimits
from session.realtime.rooms import LiveRooms
from session.settings import Settings
from session.store.database import make_engine, migrate, secret_key

from . import (
    accesslog,
    api,
    bulk_codes,
    event_desk,
    exports,
    live,
    memtrace,
    organiser,
    pages,
    panellists,
    panels,
    record,
    seats,
    speakers,
    speakers_desk,
)
from .assets import Assets, CachedStaticFiles
from .compiled import COMPILED
from .live import SocketCaps
from .render import Renderer
from .security import SecurityHeaders


class SessionApp(Starlette):
    """Starlette with the security headers outside everything, Starlette's own error page included:
    a crash answers 500 with the same CSP and frame rules as any page."""

    def __init__(self, *args, https_only: bool = False, **kwargs):
        self.https_only = https_only
        super().__init__(*args, **kwargs)

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeaders(super().build_middleware_stack(), https_only=self.https_only)


def create_app(
    settings: Settings | None = None,
    *,
    clock: Callable[[], float] = time.time,
    migrate_schema: bool = True,
    tune_gc: bool = False,
) -> Starlette:
    settings = settings or Settings.from_env()
    accesslog.install()
    engine = make_engine(settings.database_url, settings.secret_file)
    if migrate_schema:
        migrate(engine)
    templates = Jinja2Templates(directory=settings.templates_dir)
    templates.env.auto_reload = False  # read once: no file check on every render of a push
    templates.env.bytecode_cache = COMPILED
    broadcast = make_broadcast(settings.broadcast_url)
    rooms = LiveRooms(engine, broadcast, clock, limits=CommandLimits(settings.actions_per_code_per_10_s))
    assets = Assets(settings.static_dir)

    @asynccontextmanager
    async def lifespan(app: Starlette):
        await broadcast.connect()
        await rooms.start()
        memtrace.install()
        app.state.renderer = Renderer(
            templates.env,
            rooms.directory,
            clock,
            assets.url,
            lambda: rooms.time_zone,
            lambda: rooms.rooms,
            event_name=rooms.bar_name,
            event_title=rooms.title,
            event_venue=rooms.venue,
            event_dates=rooms.dates,
        )
        if tune_gc:
            # The directory, templates and rooms live as long as the process: keep them out of the
            # collector's way, and collect less often, so a full collection never stalls a push.
            gc.collect()
            gc.freeze()
            gc.set_threshold(50_000, 50, 100)
        try:
            yield
        finally:
            await rooms.stop()
            await broadcast.disconnect()
            engine.dispose()

    routes = [
        Route("/", pages.home),
        WebSocketRoute("/ws", live.programme_socket),
        Route("/join", pages.join_form, methods=["GET"]),
        Route("/join", pages.join_submit, methods=["POST"]),
        Route("/join/{code}", pages.join_link, methods=["GET"]),
        Route("/leave", pages.leave, methods=["POST"]),
        Route("/logout", pages.logout, methods=["POST"]),
        Route("/organiser", organiser.desk, methods=["GET"]),
        Route("/organiser/codes", organiser.issue, methods=["POST"]),
        Route("/organiser/codes/bulk", bulk_codes.form_page, methods=["GET"]),
        Route("/organiser/codes/bulk", bulk_codes.issue, methods=["POST"]),
        Route("/organiser/codes/{code_id:int}/revoke", organiser.revoke, methods=["POST"]),
        Route("/rooms/{slug}/export.{fmt}", exports.room_export),
        Route("/export.{fmt}", exports.event_export),
        Route("/organiser/panels", panels.desk, methods=["GET"]),
        Route("/organiser/panels/{slug}/deadline", panels.set_deadline, methods=["POST"]),
        Route("/organiser/panels/{slug}/publish", panels.publish, methods=["POST"]),
        Route("/organiser/seats", seats.desk, methods=["GET"]),
        Route("/organiser/seats", seats.assign, methods=["POST"]),
        Route("/organiser/seats/{slug}", seats.change, methods=["POST"]),
        Route("/organiser/event", event_desk.desk, methods=["GET"]),
        Route("/organiser/event/rooms/{slug}/name", event_desk.rename_room, methods=["POST"]),
        Route("/organiser/event/participants", event_desk.list_participant, methods=["POST"]),
        Route("/organiser/speakers", speakers_desk.desk, methods=["GET"]),
        Route("/organiser/speakers/{slug}/inscription/open", speakers_desk.open_inscription, methods=["POST"]),
        Route("/organiser/speakers/{slug}/inscription/close", speakers_desk.close_inscription, methods=["POST"]),
        Route("/organiser/speakers/{slug}/meetings", speakers_desk.schedule_meeting, methods=["POST"]),
        Route("/organiser/speakers/{slug}/inscribe", speakers_desk.inscribe, methods=["POST"]),
        Route("/organiser/speakers/{slug}/verify", speakers_desk.verify_level, methods=["POST"]),
        Route("/organiser/speakers/{slug}/import", speakers_desk.import_list, methods=["POST"]),
        Route("/panels", panellists.public, methods=["GET"]),
        Route("/panels.{fmt}", panellists.export, methods=["GET"]),
        # The published list's files, before the views' route would take "speakers.csv" for a view.
        Route("/rooms/{slug}/speakers.csv", speakers.speakers_csv),
        Route("/rooms/{slug}/speakers.json", speakers.speakers_json),
        Route("/rooms/{slug}/{view:str}", pages.room_page),
        Route("/rooms/{slug}/{view:str}/earlier", record.earlier),
        WebSocketRoute("/rooms/{slug}/ws", live.room_socket),
        Route("/api/rooms/{slug}/state", api.room_state),
        Route("/api/rooms/{slug}/commands", api.room_command, methods=["POST"]),
        Mount("/static", CachedStaticFiles(directory=settings.static_dir), name="static"),
    ]
    # Another Host is refused before anything runs (DNS rebinding: an attacker's name resolving to
    # the meeting's intranet address would otherwise get pages, the API and websockets).
    middleware = [
        Middleware(TrustedHostMiddleware, allowed_hosts=settings.host_names, www_redirect=False),
        Middleware(GZipMiddleware, minimum_size=512),
        Middleware(
            SessionMiddleware,
            secret_key=secret_key(engine),
            session_cookie="__Host-session" if settings.https_only else "session",
            same_site="lax",
            https_only=settings.https_only,
        ),
    ]
    app = SessionApp(routes=routes, middleware=middleware, lifespan=lifespan, https_only=settings.https_only)
    app.state.settings = settings
    app.state.engine = engine
    app.state.rooms = rooms
    app.state.socket_caps = SocketCaps(settings.max_sockets_per_address, settings.max_sockets_per_code)
    app.state.templates = templates
    app.state.clock = clock
    return app


def worker_app() -> Starlette:
    """Each of several workers builds its app from SESSION_* (the parent migrated the schema once)."""
    return create_app(Settings.from_env(), migrate_schema=False, tune_gc=True)
