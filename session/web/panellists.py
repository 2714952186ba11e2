"""The published lists of panellists, as everyone reads them: `/panels`, names in the reader's
language, who sits on each panel and for each delegation who where known, and the round tables
whose list is still to be announced; `/panels.csv` and `/panels.md` export it. The secretariat's
judgement of the balance stays on its desk (`web.panels`)."""

import csv
import io

from starlette.requests import Request
from starlette.responses import Response

from session.data import REGIONAL_GROUPS
from session.domain.room import known
from session.exports.csv_export import guard
from session.exports.markdown_export import escape as md_escape
from session.labels import category_label, group_label

from .exports import event_name
from .i18n import name_in, translator
from .pages import language, render
from .panels import CATEGORY_ONE, CSV_COLUMNS, deadline_view, person_row, round_tables


def _public_tables(request: Request, lang: str) -> list[dict]:
    directory = request.app.state.rooms.directory
    zone_name = request.app.state.rooms.time_zone
    now = request.app.state.clock()
    tables = []
    for room in round_tables(request):
        state = room.state
        people = known(state, directory)
        panel = list(state.panel) if state.panel_published else None
        tables.append(
            {
                "room": room.meta,
                "panel": panel,
                "name_of": name_in(people, lang),
                "deadline": deadline_view(room, now, zone_name, lang),
                "people": [person_row(p, people, room) for p in panel or []],
                "english_name_of": name_in(people, "en"),
            }
        )
    return tables


async def public(request: Request) -> Response:
    """The published lists as the public reads them: who sits on each panel, and who for each
    delegation where known; the secretariat's judgement of the balance stays on its desk."""
    lang = language(request)
    return render(
        request,
        "panels.html",
        {
            "view": "panels",
            "tables": _public_tables(request, lang),
            "category_one": CATEGORY_ONE,
            "group_labels": REGIONAL_GROUPS,
        },
    )


def export_rows(tables: list[dict]) -> list[dict]:
    return [
        {
            "room": t["room"].slug,
            "round_table": t["room"].name,
            "participant": p["id"],
            "name": t["english_name_of"](p["id"]),
            "category": p["category"],
            "regional_group": p["group"],
            "speaker": p["speaker"],
            "title": p["title"],
        }
        for t in tables
        for p in t["people"]
    ]


def panels_csv(tables: list[dict], title: str = "session") -> bytes:
    """UTF-8 with a BOM, CRLF, every text cell guarded against formula injection like the log's CSV."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in export_rows(tables):
        writer.writerow({k: guard(row[k]) for k in CSV_COLUMNS})
    return buffer.getvalue().encode("utf-8-sig")


def panels_markdown(tables: list[dict], title: str = "session") -> bytes:
    lines = [f"# {md_escape(title)} — list of panellists", ""]
    for table in tables:
        room = table["room"]
        lines += [f"## {md_escape(room.name)}", ""]
        if room.theme:
            lines += [md_escape(room.theme), ""]
        if table["panel"] is None:
            lines += ["To be announced.", ""]
            continue
        lines += ["| Panellist | Category | Regional group |", "|---|---|---|"]
        for person in table["people"]:
            cells = (
                _named(table["english_name_of"](person["id"]), person),
                category_label(person["category"], plural=False) if person["category"] else "",
                group_label(person["group"] or None),
            )
            lines.append("| " + " | ".join(md_escape(c) for c in cells) + " |")
        lines.append("")
    return "\n".join(lines).encode("utf-8")


def _named(name: str, person: dict) -> str:
    """`Mexico (Mr. Juan Manuel Gómez Robledo, Deputy Minister)`: a panellist with its person, where known."""
    who = ", ".join(part for part in (person["speaker"], person["title"]) if part)
    return f"{name} ({who})" if who else name


_EXPORTS = {"csv": ("text/csv; charset=utf-8", panels_csv), "md": ("text/markdown; charset=utf-8", panels_markdown)}


async def export(request: Request) -> Response:
    fmt = request.path_params["fmt"]
    if fmt not in _EXPORTS:
        return render(
            request,
            "join.html",
            {"view": "join", "message": translator(language(request))("There is no such page.")},
            404,
        )
    media_type, write = _EXPORTS[fmt]
    event = event_name(request)
    return Response(
        write(_public_tables(request, "en"), event.title),
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{event.key}-panels.{fmt}"',
            "Cache-Control": "no-store",
        },
    )
