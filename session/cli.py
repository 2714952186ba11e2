"""The `session` command: `demo` seeds the HLD 2013 event and serves it; `serve` serves a database."""

import argparse
import sys

import uvicorn

from session.domain.permissions import Role
from session.store import access
from session.store.database import make_engine, migrate
from session.store.eventlog import load_directory, load_rooms
from session.store.seed import is_empty, seed_reference_data
from session.web.app import create_app
from session.web.settings import Settings

# Who holds a code in the demo: the delegations and stakeholders a round table would hear first.
DEMO_DELEGATES = ["MEX", "PHL", "IOM", "MFA", "SEN", "DEU", "EU"]
DEMO_PLENARY_EXTRA = ["USA", "CHN", "BRA", "VAT"]
DEMO_PANELLISTS = ["ILO", "GCM"]
MAX_MESSAGE_BYTES = 16 * 1024  # a command is a few fields; uvicorn's default would be 16 MiB


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="session", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (("demo", "seed the HLD 2013 event (if empty), print access codes, serve"),
                            ("serve", "serve an existing database")):
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--host", help="address to listen on (SESSION_HOST, default 127.0.0.1)")
        sub.add_argument("--port", type=int, help="port (SESSION_PORT, default 8000)")
        sub.add_argument("--database-url", help="SQLAlchemy URL (SESSION_DATABASE_URL, default sqlite:///session.db)")
        sub.add_argument("--broadcast-url", help="pub/sub URL between workers (SESSION_BROADCAST_URL, default memory://)")
    args = parser.parse_args(argv)
    settings = Settings.from_env(host=args.host, port=args.port, database_url=args.database_url,
                                 broadcast_url=args.broadcast_url)
    if args.command == "demo":
        print_codes(demo_codes(settings), settings)
    serve(settings)
    return 0


def demo_codes(settings: Settings) -> list[tuple[str, str, str, str]]:
    """Seed the event if the database is empty, then issue a fresh set of demo codes (the old ones are revoked)."""
    engine = make_engine(settings.database_url)
    migrate(engine)
    if is_empty(engine):
        seed_reference_data(engine)
    access.revoke_all(engine)
    directory = load_directory(engine)
    lines = []
    for room in load_rooms(engine):
        slug = room.slug

        def issue(role: Role, label: str, participant: str | None = None) -> None:
            code = access.mint(engine, role=role, room=slug, participant=participant, label=label)
            lines.append((slug, role.value, label, code))

        if room.policy == "plenary":
            issue(Role.CHAIR, "President of the General Assembly")
        else:
            issue(Role.CHAIR, "Co-chair 1")
            issue(Role.CHAIR, "Co-chair 2")
            for pid in DEMO_PANELLISTS:
                issue(Role.PANELLIST, f"Panellist — {directory[pid].name} ({pid})", pid)
        delegates = DEMO_DELEGATES + (DEMO_PLENARY_EXTRA if room.policy == "plenary" else [])
        for pid in delegates:
            issue(Role.DELEGATE, f"{directory[pid].name} ({pid})", pid)
        issue(Role.RAPPORTEUR, "Rapporteur")
        issue(Role.OBSERVER, "Observer (gallery)")
        issue(Role.SCREEN, "Big screen")
    engine.dispose()
    return lines


def print_codes(lines: list[tuple[str, str, str, str]], settings: Settings) -> None:
    print(f"HLD 2013 demo — open {settings.base_url}/ ; each line: room, role, who, join URL")
    for slug, role, label, code in lines:
        print(f"{slug:<8}  {role:<10}  {label:<52}  {settings.base_url}/join/{code}")
    sys.stdout.flush()


def serve(settings: Settings) -> None:
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, ws="websockets-sansio",
                ws_per_message_deflate=False, ws_max_size=MAX_MESSAGE_BYTES, log_level="info")


if __name__ == "__main__":
    raise SystemExit(main())
