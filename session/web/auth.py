"""Who is at the other end: grants held in the signed session cookie, or a bearer code for the API.

The cookie keeps only the id of the code that was redeemed; the code is looked up again on
every request and connection, so revoking it takes effect at once.
"""

from starlette.requests import HTTPConnection

from session.domain.permissions import Actor, Role
from session.store.access import Grant, grant_by_id, redeem

ALL_ROOMS = "*"

# Which grants open which page. None: open to anyone (the public gallery and the big screen).
VIEW_ROLES: dict[str, set[Role] | None] = {
    "chair": {Role.CHAIR, Role.ORGANISER},
    "delegate": {Role.DELEGATE},
    "panel": {Role.PANELLIST, Role.CHAIR, Role.ORGANISER},
    "log": {Role.RAPPORTEUR, Role.CHAIR, Role.ORGANISER},
    "observe": None,
    "screen": None,
}
HOME_VIEW = {Role.CHAIR: "chair", Role.DELEGATE: "delegate", Role.PANELLIST: "panel",
             Role.RAPPORTEUR: "log", Role.OBSERVER: "observe", Role.SCREEN: "screen"}


def remember(conn: HTTPConnection, grant: Grant) -> None:
    grants = dict(conn.session.get("grants", {}))
    grants[grant.room or ALL_ROOMS] = grant.code_id
    conn.session["grants"] = grants


def grant_for(conn: HTTPConnection, slug: str) -> Grant | None:
    engine = conn.app.state.engine
    grants = conn.session.get("grants", {}) if "session" in conn.scope else {}
    if not isinstance(grants, dict):
        return None
    for key in (slug, ALL_ROOMS):
        code_id = grants.get(key)
        if isinstance(code_id, int):
            grant = grant_by_id(engine, code_id)
            if grant is not None and grant.room in (slug, None):
                return grant
    return None


def bearer_grant(conn: HTTPConnection, slug: str) -> Grant | None:
    scheme, _, code = conn.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    grant = redeem(conn.app.state.engine, code.strip())
    return grant if grant is not None and grant.room in (slug, None) else None


def may_view(grant: Grant | None, view: str) -> bool:
    roles = VIEW_ROLES[view]
    return roles is None or (grant is not None and grant.actor.role in roles)


def actor_for_view(grant: Grant | None, view: str) -> Actor:
    """The actor behind a page's connection: its grant if that grant opens the page, else a watcher."""
    if grant is not None and VIEW_ROLES[view] is not None and grant.actor.role in VIEW_ROLES[view]:
        return grant.actor
    return Actor(Role.SCREEN if view == "screen" else Role.OBSERVER)
