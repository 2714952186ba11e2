"""The `session` command: `demo` seeds the HLD 2013 event and serves it; `serve` serves a database;
`init` sets up an event from its file and `event export` writes the file back; `access` issues,
lists and revokes access codes (with QR codes to print); `export` writes the record;
`bench` measures fan-out."""

import argparse
import os
import resource
import sys
from dataclasses import replace
from pathlib import Path

import uvicorn

from session.data import eventfile
from session.domain.permissions import Role
from session.exports import command as export_command
from session.realtime import revocations
from session.settings import Settings
from session.store import access, event_setup
from session.store.database import make_engine, migrate
from session.store.eventlog import load_directory, load_rooms, load_time_zone
from session.store.keys import secret_path
from session.store.seed import is_empty, seed_reference_data
from session.times import day, hour, zone_city
from session.web import accesslog
from session.web.app import create_app
from session.web.qr import join_url, save_qr

# Who holds a code in the demo: the delegations and stakeholders a round table would hear first.
DEMO_DELEGATES = ["MEX", "PHL", "IOM", "MFA", "SEN", "DEU", "EU"]
DEMO_PLENARY_EXTRA = ["USA", "CHN", "BRA", "VAT"]
DEMO_PANELLISTS = ["ILO", "GCM"]
EVERY_ROOM = "*"  # the printout's room column for a code valid in every room (DESIGN §6b)
MAX_MESSAGE_BYTES = 16 * 1024  # a command is a few fields; uvicorn's default would be 16 MiB
# uvicorn's websockets (sans-I/O) implementation, offering the app whole pre-encoded frames (see
# session.realtime.frames); no compression, so one encoded frame fits every socket of a view.
WEBSOCKET_OPTIONS = dict(
    ws="session.realtime.frames:FrameWritingProtocol", ws_per_message_deflate=False, ws_max_size=MAX_MESSAGE_BYTES
)
# uvicorn's h11 protocol with a deadline for request headers (see session.web.httpguard).
HTTP_PROTOCOL = "session.web.httpguard:HeaderTimeoutProtocol"


def server_options(settings: Settings) -> dict:
    """What uvicorn is told, the same for `session serve` and the test server: the protocols, and
    the concurrency limit (per worker: past it, a new HTTP request is answered 503 at once)."""
    return dict(http=HTTP_PROTOCOL, limit_concurrency=settings.limit_concurrency, **WEBSOCKET_OPTIONS)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["bench"]:  # the benchmark parses its own options
        from session import bench

        return bench.main(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "export":
        return export_command.run(args)
    if args.command in ("init", "event"):
        return run_event_command(args)
    settings = Settings.from_env(
        host=args.host,
        port=args.port,
        database_url=args.database_url,
        broadcast_url=getattr(args, "broadcast_url", None),
        workers=getattr(args, "workers", None),
    )
    if settings.workers > 1 and settings.broadcast_url.startswith("memory"):
        parser.error("several workers must hear each other: give --broadcast-url redis://… or postgresql://…")
    if args.command == "access":
        return manage_access(args, settings)
    if args.command == "demo":
        print_codes(demo_codes(settings), settings)
    else:
        prepare_database(settings).dispose()
    serve(settings)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="session", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("demo", "seed the HLD 2013 event (if empty), print access codes, serve"),
        ("serve", "serve an existing database"),
    ):
        sub = _server_options(commands.add_parser(name, help=help_text))
        sub.add_argument(
            "--workers",
            type=int,
            help="worker processes (SESSION_WORKERS, default 1); more than "
            "one needs --broadcast-url redis://… or postgresql://…",
        )
    commands.add_parser(
        "bench", help="measure fan-out to many websocket clients against a bare baseline (session bench --help)"
    )
    codes = commands.add_parser("access", help="issue, list and revoke access codes")
    verbs = codes.add_subparsers(dest="verb", required=True)
    create = _server_options(verbs.add_parser("create", help="issue a code and print its join URL"))
    create.add_argument("--role", required=True, choices=[r.value for r in Role])
    create.add_argument(
        "--room",
        action="append",
        help="room slug; repeat it (or give slugs with commas) for several rooms; * or none: every room",
    )
    create.add_argument("--participant", help="participant id, for a delegate or panellist (MEX, IOM, ...)")
    create.add_argument("--label", default="", help="who holds it")
    create.add_argument("--qr", type=Path, help="also write the QR code to this file (.svg or .png)")
    listing = _server_options(verbs.add_parser("list", help="list codes (never the codes themselves)"))
    listing.add_argument("--room")
    revoke = _server_options(verbs.add_parser("revoke", help="revoke a code by its number"))
    revoke.add_argument("code_id", type=int)
    export_command.add_parser(commands)
    add_event_parsers(commands)
    return parser


def add_event_parsers(commands: argparse._SubParsersAction) -> None:
    init = commands.add_parser("init", help="create or update a database from an event file (TOML)")
    init.add_argument("event_file", type=Path, help="the event file, e.g. examples/hld-2013.toml")
    init.add_argument("--database-url", help="SQLAlchemy URL (SESSION_DATABASE_URL, default sqlite:///session.db)")
    init.add_argument("--dry-run", action="store_true", help="say what would change, change nothing")
    event = commands.add_parser("event", help="the event file of a database")
    verbs = event.add_subparsers(dest="verb", required=True)
    export = verbs.add_parser("export", help="write the event file back from a database")
    export.add_argument("--database-url", help="SQLAlchemy URL (SESSION_DATABASE_URL, default sqlite:///session.db)")
    export.add_argument("--output", "-o", type=Path, help="the file to write (default: standard output)")


def run_event_command(args: argparse.Namespace) -> int:
    """`session init EVENT.toml`: every problem of the file, with its line, and nothing written; else
    the changes, in words. `session event export`: the file back."""
    settings = Settings.from_env(database_url=args.database_url)
    engine = make_engine(settings.database_url, settings.secret_file)
    try:
        migrate(engine)
        if args.command == "event":
            text = eventfile.dumps(event_setup.export(engine))
            if args.output is None:
                sys.stdout.write(text)
            else:
                args.output.write_text(text, encoding="utf-8")
            return 0
        try:
            changes = event_setup.set_up(engine, eventfile.load(args.event_file), dry_run=args.dry_run)
        except eventfile.EventFileError as error:
            print(error, file=sys.stderr)
            print(f"session: {args.event_file} refused; nothing was changed", file=sys.stderr)
            return 2
    finally:
        engine.dispose()
    lead = "would change (dry run, nothing written)" if args.dry_run else "changed"
    print(f"{args.event_file}: {lead}:" if changes else f"{args.event_file}: nothing to change")
    for change in changes:
        print(f"  {change}")
    return 0


def _server_options(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
    sub.add_argument("--host", help="address to listen on (SESSION_HOST, default 127.0.0.1)")
    sub.add_argument("--port", type=int, help="port (SESSION_PORT, default 8000)")
    sub.add_argument("--database-url", help="SQLAlchemy URL (SESSION_DATABASE_URL, default sqlite:///session.db)")
    sub.add_argument("--broadcast-url", help="pub/sub URL between workers (SESSION_BROADCAST_URL, default memory://)")
    return sub


def prepare_database(settings: Settings):
    """Migrate to the newest schema, re-key the codes with the secret file (made if missing), and
    seed the HLD 2013 event into an empty database."""
    engine = make_engine(settings.database_url, settings.secret_file)
    migrate(engine)
    if is_empty(engine):
        seed_reference_data(engine)
    return engine


def manage_access(args: argparse.Namespace, settings: Settings) -> int:
    engine = prepare_database(settings)
    try:
        if args.verb == "create":
            return _create_code(engine, args, settings)
        if args.verb == "list":
            zone_name = load_time_zone(engine)
            print(f"Times are {zone_city(zone_name)} time ({zone_name}).")
            for c in access.list_codes(engine, args.room):
                status = f"revoked {_moment(c.revoked_at, zone_name)}" if c.revoked_at else "active"
                who = c.label + (f" ({c.participant})" if c.participant and f"({c.participant})" not in c.label else "")
                issued = _moment(c.created_at, zone_name)
                print(f"{c.id:>5}  {c.where:<8}  {c.role:<10}  {who:<52}  issued {issued}; {status}")
            return 0
        if access.revoke(engine, args.code_id):
            print(f"revoked code {args.code_id}")
            _announce_revocation(args.code_id, settings)
            return 0
        print(f"session: no active code {args.code_id}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()


def _moment(ts: float, zone_name: str) -> str:
    """`Thursday, 3 October 2013, 10:02 a.m.`: a time the secretariat reads, in the event's zone."""
    return f"{day(ts, zone_name)}, {hour(ts, zone_name)}"


def _announce_revocation(code_id: int, settings: Settings) -> None:
    """Open sockets of the code close at once on every worker that hears the broadcast; without one
    (memory:// serves a single process, which this one cannot reach) each server's sweep of revoked
    codes closes them within its version check (VERSION_CHECK_S, 2 s)."""
    if settings.broadcast_url.split(":", 1)[0].lower() in ("", "memory"):
        return
    if not revocations.announce_now(settings.broadcast_url, code_id):
        print(
            "session: could not reach the broadcast; open sockets of the code close within seconds "
            "at each server's next check",
            file=sys.stderr,
        )


def _create_code(engine, args: argparse.Namespace, settings: Settings) -> int:
    role = Role(args.role)
    rooms = {r.slug for r in load_rooms(engine)}
    directory = load_directory(engine)
    wanted = sorted({slug.strip() for given in args.room or () for slug in given.split(",") if slug.strip()} - {"*"})
    if role is Role.ORGANISER:
        wanted = []  # the secretariat's code opens every room
    unknown = [slug for slug in wanted if slug not in rooms]
    if unknown:
        print(
            f"session: --room must be * or among {', '.join(sorted(rooms))}, not {', '.join(unknown)}", file=sys.stderr
        )
        return 2
    if role in (Role.DELEGATE, Role.PANELLIST) and args.participant not in directory:
        print(
            "session: a delegate or panellist code needs --participant with a known id (MEX, IOM, ...)", file=sys.stderr
        )
        return 2
    participant = args.participant if role in (Role.DELEGATE, Role.PANELLIST) else None
    label = args.label or (f"{directory[participant].name} ({participant})" if participant else role.value.capitalize())
    code = access.mint(engine, role=role, room=None, rooms=wanted, participant=participant, label=label)
    url = join_url(settings.base_url, code)
    print(f"{','.join(wanted) or '*':<8}  {role.value:<10}  {label:<52}  {url}")
    if args.qr:
        save_qr(url, args.qr)
        print(f"QR code written to {args.qr}")
    return 0


def demo_codes(settings: Settings) -> list[tuple[str, str, str, str]]:
    """Seed the event if the database is empty, then issue a fresh set of demo codes (the old ones are revoked)."""
    engine = prepare_database(settings)
    access.revoke_all(engine)
    directory = load_directory(engine)
    lines = [
        (
            "",
            Role.ORGANISER.value,
            "Secretariat",
            access.mint(engine, role=Role.ORGANISER, room=None, label="Secretariat"),
        )
    ]
    # One code per delegation for the whole event: it follows the delegation from the plenary to a
    # round table, and each room's rules say where it may not speak.
    for pid in DEMO_DELEGATES + DEMO_PLENARY_EXTRA:
        label = f"{directory[pid].name} ({pid})"
        code = access.mint(engine, role=Role.DELEGATE, room=None, participant=pid, label=label)
        lines.append((EVERY_ROOM, Role.DELEGATE.value, label, code))
    for room in load_rooms(engine):
        slug = room.slug

        def issue(role: Role, label: str, participant: str | None = None, slug: str = slug) -> None:
            code = access.mint(engine, role=role, room=slug, participant=participant, label=label)
            lines.append((slug, role.value, label, code))

        if room.policy == "plenary":
            issue(Role.CHAIR, "President of the General Assembly")
        else:
            issue(Role.CHAIR, "Co-chair 1")
            issue(Role.CHAIR, "Co-chair 2")
            for pid in DEMO_PANELLISTS:
                issue(Role.PANELLIST, f"Panellist — {directory[pid].name} ({pid})", pid)
        issue(Role.RAPPORTEUR, "Rapporteur")
        issue(Role.OBSERVER, "Observer (gallery)")
        issue(Role.SCREEN, "Big screen")
    engine.dispose()
    return lines


def print_codes(lines: list[tuple[str, str, str, str]], settings: Settings) -> None:
    print(f"HLD 2013 demo — open {settings.base_url}/ ; each line: room (* every room), role, who, join URL")
    for slug, role, label, code in lines:
        if not slug:  # the secretariat's code opens every room: not a room line
            print(f"Secretariat (organiser, all rooms): code {code} — enter it at {settings.base_url}/join")
            continue
        print(f"{slug:<8}  {role:<10}  {label:<52}  {join_url(settings.base_url, code)}")
    sys.stdout.flush()


def raise_file_limit() -> int:
    """Raise the soft limit on open files to the hard one: each connection is a file, and the
    usual soft limit (1,024, or 256 on some systems) would stop the server answering anyone long
    before the concurrency limit. Returns the limit now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != soft:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (ValueError, OSError):  # an unlimited hard limit the kernel will not grant as soft
            pass
    return soft


def serve(settings: Settings) -> None:
    # Absolute, so that workers (and anyone reading SESSION_* later) find the same secret file.
    settings = replace(settings, secret_file=str(secret_path(settings.database_url, settings.secret_file)))
    accesslog.install()
    files = raise_file_limit()
    if files != resource.RLIM_INFINITY and files < settings.limit_concurrency + 64:
        print(
            f"session: warning: the open-file limit ({files}) is below SESSION_LIMIT_CONCURRENCY "
            f"({settings.limit_concurrency}); raise it (ulimit -n, LimitNOFILE=) or lower the limit",
            file=sys.stderr,
        )
    options = dict(host=settings.host, port=settings.port, log_level="info", **server_options(settings))
    if settings.workers <= 1:
        uvicorn.run(create_app(settings, tune_gc=True), **options)
        return
    # Each worker process builds its own app from the environment; the schema is already migrated.
    os.environ.update(settings.to_env())
    uvicorn.run("session.web.app:worker_app", factory=True, workers=settings.workers, **options)


if __name__ == "__main__":
    raise SystemExit(main())
