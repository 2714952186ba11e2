"""`session export`: the intervention log from the database, no server needed.

    session export ROOM [--meeting N] [--format csv|json|md|docx] [--output FILE]
    session export --all [--format ...] [--output DIR]

Text formats go to standard output when no `--output` is given (the same bytes as the file,
so a CSV keeps its BOM); a DOCX needs `--output`. `--all` writes one file per room into DIR
(default: the current directory), named like the web downloads (`hld2013-rt2-interventions.csv`).
`--meeting 25` exports one meeting of the room's debate (the 25th plenary meeting) instead of the
whole debate. Times a person reads are in the event's time zone; the database is only read:
nothing is migrated or seeded.
"""

import argparse
import sys
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from session.settings import Settings
from session.store.database import make_engine
from session.store.eventlog import load_event_names, load_rooms

from . import FORMATS, EventName, filename
from .load import load_logs
from .meetings import meeting_number, only


def add_parser(commands) -> argparse.ArgumentParser:
    sub = commands.add_parser(
        "export",
        help="export a room's intervention log (CSV, JSON, Markdown, DOCX)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub.add_argument("room", nargs="?", help="room slug (plenary, rt1, ...)")
    sub.add_argument("--all", action="store_true", help="every room, one file each")
    sub.add_argument("--meeting", metavar="N", help="only this meeting of the room's debate (25, 26, ...)")
    sub.add_argument("--format", choices=list(FORMATS), default="csv", help="default: csv")
    sub.add_argument("--output", type=Path, help="file to write (a directory with --all)")
    sub.add_argument("--database-url", help="SQLAlchemy URL (SESSION_DATABASE_URL, default sqlite:///session.db)")
    return sub


def _fail(message: str, status: int = 2) -> int:
    print(f"session export: {message}", file=sys.stderr)
    return status


def _missing_sqlite_file(url: str) -> str | None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        if not Path(parsed.database).exists():
            return parsed.database
    return None


def _to_stdout(body: bytes) -> None:
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(body.decode("utf-8"))
    else:
        buffer.write(body)
        buffer.flush()


def _count(log) -> str:
    n = len(log.state.interventions)
    meeting = f", meeting {log.meeting}" if log.meeting is not None else ""
    return f"{n} intervention{'' if n == 1 else 's'} of {log.slug}{meeting}"


def run(args: argparse.Namespace) -> int:
    if args.all == bool(args.room):
        return _fail("name one ROOM, or give --all for every room")
    if args.all and args.meeting is not None:
        return _fail("--meeting names a meeting of one ROOM, not of --all")
    fmt = FORMATS[args.format]
    if not args.all and args.output is None and not fmt.text:
        return _fail(f"a {fmt.name} file needs --output FILE")
    url = Settings.from_env(database_url=args.database_url).database_url
    missing = _missing_sqlite_file(url)
    if missing:
        return _fail(f"no database at {missing} (give --database-url, or run `session demo` first)", 1)
    engine = make_engine(url)
    try:
        try:
            slugs = [r.slug for r in load_rooms(engine)]
        except SQLAlchemyError:
            return _fail(f"{make_url(url).render_as_string()} is not a session database", 1)
        if not args.all and args.room not in slugs:
            return _fail(f"unknown room '{args.room}'; the rooms are: {', '.join(slugs)}")
        logs = load_logs(engine, None if args.all else [args.room])
        event = EventName(*load_event_names(engine))
    finally:
        engine.dispose()

    if not args.all:
        log = logs[0]
        if args.meeting is not None:
            try:
                log = only(log, meeting_number(log.state, log.name, args.meeting))
            except LookupError as unknown:
                return _fail(str(unknown))
        body = fmt.room(log)
        if args.output is None:
            _to_stdout(body)
        else:
            args.output.write_bytes(body)
            print(f"{_count(log)} written to {args.output}")
        return 0
    directory = args.output or Path(".")
    directory.mkdir(parents=True, exist_ok=True)
    for log in logs:
        path = directory / filename(event.key, fmt.name, log.slug)
        path.write_bytes(fmt.room(log))
        print(f"{_count(log)} written to {path}")
    return 0
