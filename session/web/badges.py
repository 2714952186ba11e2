"""The sheet of badges of a bulk issue: per delegation its name in English and French, its QR code
and its access code; A4, two columns of four, to cut along the dashed lines."""

from dataclasses import dataclass

import segno

from .pdf import A4, Page, document, wrap

COLUMNS, ROWS = 2, 4
PER_PAGE = COLUMNS * ROWS
MARGIN = 18.0  # points, around the sheet and inside each badge
QR_SIDE = 112.0  # points: 2.3 modules per millimetre for a join URL, easily read by a phone
QUIET_ZONE = 4  # modules of white around a QR code, as the standard asks


@dataclass(frozen=True)
class Badge:
    name: str  # English
    name_fr: str
    code: str
    url: str
    role: str = "Delegate"


def badges_pdf(badges: list[Badge], title: str = "Access codes") -> bytes:
    """One page per PER_PAGE badges (the last page holds the rest)."""
    pages = []
    for start in range(0, len(badges), PER_PAGE):
        page = Page()
        for place, badge in enumerate(badges[start : start + PER_PAGE]):
            _draw(page, badge, place)
        pages.append(page)
    return document(pages or [Page()], title)


def _draw(page: Page, badge: Badge, place: int) -> None:
    """The names across the top; below, the QR code on the left and the role and code beside it."""
    width = (A4[0] - 2 * MARGIN) / COLUMNS
    height = (A4[1] - 2 * MARGIN) / ROWS
    left = MARGIN + (place % COLUMNS) * width
    bottom = A4[1] - MARGIN - (place // COLUMNS + 1) * height
    page.grey_stroke()
    page.rect(left, bottom, width, height, fill=False)
    page.black()
    x, inner = left + MARGIN, width - 2 * MARGIN
    y = bottom + height - MARGIN - 12
    for line in wrap(badge.name, inner, 13, "bold"):
        page.text(x, y, line, 13, "bold")
        y -= 15
    if badge.name_fr and badge.name_fr != badge.name:
        for line in wrap(badge.name_fr, inner, 10):
            page.text(x, y, line, 10)
            y -= 12
    qr_side = min(QR_SIDE, y - bottom - MARGIN + 4)
    _qr(page, badge.url, x - 6, bottom + MARGIN / 2, qr_side)
    beside, room = x + qr_side, inner - qr_side + 6
    code_size = min(16.0, room / (len(badge.code) * 0.62))
    page.text(beside, bottom + MARGIN + 40, badge.role, 9)
    page.text(beside, bottom + MARGIN + 20, badge.code, code_size, "mono")
    page.text(beside, bottom + MARGIN + 6, "Scan it, or type the code", 7)
    page.text(beside, bottom + MARGIN - 3, "at " + badge.url.rsplit("/", 1)[0], 6)


def _qr(page: Page, url: str, x: float, y: float, side: float) -> None:
    """The QR code's dark modules as rectangles, one per run of dark modules in a row."""
    matrix = segno.make(url, error="m").matrix
    size = len(matrix) + 2 * QUIET_ZONE
    module = side / size
    for row, cells in enumerate(matrix):
        top = y + side - (row + QUIET_ZONE + 1) * module
        col = 0
        while col < len(cells):
            if not cells[col]:
                col += 1
                continue
            run = col
            while run < len(cells) and cells[run]:
                run += 1
            # A hair wider than the run, so adjacent rows print without white seams.
            page.rect(x + (col + QUIET_ZONE) * module, top, (run - col) * module + 0.05, module + 0.05)
            col = run
