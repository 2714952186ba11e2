"""Who is at the other end: grants held in the signed session cookie, or a bearer code for the API.

The cookie keeps only the id of the code that was redeemed; the code is looked up again on
every request and connection, so revoking it takes effect at once. Every door — pages, desks,
websockets, exports — reads the cookie's grants through `held_grants`, so the idle timeout and
the absolute lifetime are checked in one place.
"""

import secrets

from starlette.requests import HTTPConnection

from session.domain.errors import Refused
from session.domain.permissions import Actor, Role
from session.store.access import Grant, grant_by_id, redeem

from .security import throttled, wrong_code
from .views import View

ALL_ROOMS = "*"
# Where the cookie keeps a code for several rooms or the whole event (a delegation's, a chair's of
# two round tables): apart from the secretariat's "*", so holding one does not put the other out.
SEVERAL_ROOMS = "**"
# A meeting day without a single request ends the session; a week after joining it ends anyway.
IDLE_S = 18 * 3600
LIFETIME_S = 7 * 24 * 3600


def rotate(conn: HTTPConnection) -> None:
    """A change of privilege gets a new session id and CSRF token: whatever an attacker planted or
    read before it (a fixed session, a token seen on a page) is worth nothing after it."""
    conn.session["sid"] = secrets.token_urlsafe(18)
    conn.session["csrf"] = secrets.token_urlsafe(24)


def held_grants(conn: HTTPConnection) -> dict:
    """The session's grants ({room or "*": code id}) while the session is alive, else {} (and, on
    an HTTP request, the expired grants are dropped from the cookie). Only an HTTP request counts
    as activity: a websocket cannot rewrite the cookie."""
    if "session" not in conn.scope:
        return {}
    session = conn.session
    grants = session.get("grants")
    if not isinstance(grants, dict) or not grants:
        return {}
    now = conn.app.state.clock()
    joined, seen = session.get("joined_at"), session.get("seen_at")
    if not (_is_time(joined) and _is_time(seen)) or now - joined > LIFETIME_S or now - seen > IDLE_S:
        if conn.scope["type"] == "http":
            forget_all(conn)
        return {}
    if conn.scope["type"] == "http":
        session["seen_at"] = now
    return grants


def _is_time(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def remember(conn: HTTPConnection, grant: Grant) -> None:
    grants = dict(held_grants(conn))
    now = conn.app.state.clock()
    if not grants:
        conn.session["joined_at"] = now  # the absolute lifetime runs from the first join, not the last
    grants[grant_key(grant)] = grant.code_id
    conn.session["grants"] = grants
    conn.session["seen_at"] = now
    rotate(conn)


def grant_key(grant: Grant) -> str:
    """Under which key the cookie keeps the grant: its room's slug, "*" or "**" (SEVERAL_ROOMS)."""
    if grant.room is not None:
        return grant.room
    return ALL_ROOMS if grant.actor.role is Role.ORGANISER else SEVERAL_ROOMS


def forget(conn: HTTPConnection, key: str) -> None:
    """Leave one room (or, with "*", the secretariat's access)."""
    grants = dict(held_grants(conn))
    grants.pop(key, None)
    if grants:
        conn.session["grants"] = grants
    else:
        forget_all(conn)
    rotate(conn)


def forget_all(conn: HTTPConnection) -> None:
    for key in ("grants", "joined_at", "seen_at"):
        conn.session.pop(key, None)
    rotate(conn)


def held_grant(conn: HTTPConnection, key: str) -> Grant | None:
    """The still-valid grant the session holds under `key` (a room's slug or "*")."""
    code_id = held_grants(conn).get(key)
    return grant_by_id(conn.app.state.engine, code_id) if isinstance(code_id, int) else None


def grant_for(conn: HTTPConnection, slug: str) -> Grant | None:
    grants = held_grants(conn)
    for key in (slug, SEVERAL_ROOMS, ALL_ROOMS):
        code_id = grants.get(key)
        if isinstance(code_id, int):
            grant = grant_by_id(conn.app.state.engine, code_id)
            if grant is not None and grant.opens(slug):
                return grant
    return None


def organiser_grant(conn: HTTPConnection) -> Grant | None:
    """The secretariat's grant, if this session holds one that is still valid."""
    grant = held_grant(conn, ALL_ROOMS)
    return grant if grant is not None and grant.actor.role is Role.ORGANISER else None


def bearer(conn: HTTPConnection) -> tuple[bool, Grant | None]:
    """Whether an `Authorization: Bearer` code was sent, and its grant if it is valid; refused
    ("rate_limited") while its sender is throttled for sending wrong codes. Every door that takes
    a bearer code (the API, the exports) counts wrong ones here, with /join's."""
    scheme, _, code = conn.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return False, None
    wait = throttled(conn)
    if wait:
        raise Refused("rate_limited", f"Too many wrong access codes from this address; try again in {wait} s.")
    grant = redeem(conn.app.state.engine, code.strip())
    if grant is None:
        wrong_code(conn)
    return True, grant


def bearer_grant(conn: HTTPConnection, slug: str) -> Grant | None:
    """The API's bearer code, if valid for this room (see `bearer`)."""
    _sent, grant = bearer(conn)
    return grant if grant is not None and grant.opens(slug) else None


def may_view(grant: Grant | None, view: View) -> bool:
    return view.opens_to(grant.actor.role if grant is not None else None)


def actor_for_view(grant: Grant | None, view: View) -> Actor:
    """The actor behind a page's connection: its grant if that grant opens the page, else a watcher."""
    if grant is not None and view.roles is not None and grant.actor.role in view.roles:
        return grant.actor
    return Actor(view.watcher)
