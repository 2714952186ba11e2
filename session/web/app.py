"""The application factory: one engine, one hub, routes per role, made per call so tests choose."""

import gc
import time
from collections.abc import Callable
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.templating import Jinja2Templates

from session.realtime.broadcast import make_broadcast
from session.realtime.rooms import LiveRooms
from session.store.database import make_engine, migrate, secret_key

from . import api, live, organiser, pages
from . import exports
from . import panels
from .assets import Assets, CachedStaticFiles
from .render import Renderer
from .security import SecurityHeaders
from .settings import Settings


def create_app(settings: Settings | None = None, *, clock: Callable[[], float] = time.time,
               migrate_schema: bool = True, tune_gc: bool = False) -> Starlette:
    settings = settings or Settings.from_env()
    engine = make_engine(settings.database_url)
    if migrate_schema:
        migrate(engine)
    templates = Jinja2Templates(directory=settings.templates_dir)
    templates.env.auto_reload = False  # read once: no file check on every render of a push
    broadcast = make_broadcast(settings.broadcast_url)
    rooms = LiveRooms(engine, broadcast, clock)
    assets = Assets(settings.static_dir)

    @asynccontextmanager
    async def lifespan(app: Starlette):
        await broadcast.connect()
        await rooms.start()
        app.state.renderer = Renderer(templates.env, rooms.directory, clock, assets.url)
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
        Route("/join", pages.join_form, methods=["GET"]),
        Route("/join", pages.join_submit, methods=["POST"]),
        Route("/join/{code}", pages.join_link, methods=["GET"]),
        Route("/leave", pages.leave, methods=["POST"]),
        Route("/logout", pages.logout, methods=["POST"]),
        Route("/organiser", organiser.desk, methods=["GET"]),
        Route("/organiser/codes", organiser.issue, methods=["POST"]),
        Route("/organiser/codes/{code_id:int}/revoke", organiser.revoke, methods=["POST"]),
        Route("/rooms/{slug}/export.{fmt}", exports.room_export),
        Route("/export.{fmt}", exports.event_export),
        Route("/organiser/panels", panels.desk, methods=["GET"]),
        Route("/organiser/panels/{slug}/deadline", panels.set_deadline, methods=["POST"]),
        Route("/organiser/panels/{slug}/publish", panels.publish, methods=["POST"]),
        Route("/panels", panels.public, methods=["GET"]),
        Route("/panels.{fmt}", panels.export, methods=["GET"]),
        Route("/rooms/{slug}/{view:str}", pages.room_page),
        WebSocketRoute("/rooms/{slug}/ws", live.room_socket),
        Route("/api/rooms/{slug}/state", api.room_state),
        Route("/api/rooms/{slug}/commands", api.room_command, methods=["POST"]),
        Mount("/static", CachedStaticFiles(directory=settings.static_dir), name="static"),
    ]
    middleware = [Middleware(GZipMiddleware, minimum_size=512),
                  Middleware(SecurityHeaders, https_only=settings.https_only),
                  Middleware(SessionMiddleware, secret_key=secret_key(engine),
                             session_cookie="__Host-session" if settings.https_only else "session",
                             same_site="lax", https_only=settings.https_only)]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.settings = settings
    app.state.engine = engine
    app.state.rooms = rooms
    app.state.templates = templates
    app.state.clock = clock
    return app


def worker_app() -> Starlette:
    """Each of several workers builds its app from SESSION_* (the parent migrated the schema once)."""
    return create_app(Settings.from_env(), migrate_schema=False, tune_gc=True)
