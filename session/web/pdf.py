"""A minimal PDF writer: A4 pages of text in the standard fonts and filled rectangles.

Enough for a sheet of badges, without a PDF library: the standard 14 fonts need no embedding,
WinAnsi encoding carries the accents of French and the other Latin names (Côte d'Ivoire, Türkiye),
and a QR code is its dark modules drawn as rectangles. Content streams are deflated.
"""

import zlib
from dataclasses import dataclass, field

A4 = (595.28, 841.89)  # points
FONTS = {"regular": "Helvetica", "bold": "Helvetica-Bold", "mono": "Courier-Bold"}
_RESOURCE = {style: f"F{n}" for n, style in enumerate(FONTS, start=1)}
# Helvetica's mean advance is about half an em: wide enough to measure a name for wrapping without
# the fonts' metric tables (a line is wrapped a word early rather than run over the edge).
MEAN_ADVANCE = {"regular": 0.56, "bold": 0.6, "mono": 0.6}


def winansi(text: str) -> bytes:
    """The text in the standard fonts' encoding (Windows-1252); what it lacks becomes "?"."""
    return text.encode("cp1252", errors="replace")


def _literal(text: str) -> bytes:
    raw = winansi(text)
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def text_width(text: str, size: float, style: str = "regular") -> float:
    return len(text) * size * MEAN_ADVANCE[style]


def wrap(text: str, width: float, size: float, style: str = "regular", lines: int = 2) -> list[str]:
    """The text cut into at most `lines` lines that fit `width`, at spaces; the last one shortened
    with an ellipsis if the whole does not fit."""
    words, out, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if line and text_width(candidate, size, style) > width:
            out.append(line)
            line = word
        else:
            line = candidate
    out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] += "…"
    cut = []
    for one in out:
        while len(one) > 1 and text_width(one, size, style) > width:
            one = one[:-2] + "…"
        cut.append(one)
    return cut


@dataclass
class Page:
    """One page's drawing operators; y runs up from the bottom edge, as in PDF."""

    ops: list[bytes] = field(default_factory=list)

    def text(self, x: float, y: float, text: str, size: float, style: str = "regular", centred: bool = False) -> None:
        if centred:
            x -= text_width(text, size, style) / 2
        self.ops.append(
            b"BT /%s %.1f Tf %.2f %.2f Td %s Tj ET" % (_RESOURCE[style].encode(), size, x, y, _literal(text))
        )

    def rect(self, x: float, y: float, w: float, h: float, *, fill: bool = True) -> None:
        self.ops.append(b"%.2f %.2f %.2f %.2f re %s" % (x, y, w, h, b"f" if fill else b"S"))

    def grey_stroke(self, width: float = 0.5) -> None:
        self.ops.append(b"0.75 G %.2f w [3 3] 0 d" % width)

    def black(self) -> None:
        self.ops.append(b"0 g 0 G [] 0 d")


def document(pages: list[Page], title: str = "") -> bytes:
    """The PDF file of these pages (A4, portrait)."""
    objects: list[bytes] = [b"", b""]  # 1: catalogue, 2: page tree, filled in below
    fonts = []
    for base in FONTS.values():
        objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>" % base.encode())
        fonts.append(len(objects))
    font_dict = b" ".join(b"/%s %d 0 R" % (_RESOURCE[s].encode(), n) for s, n in zip(FONTS, fonts, strict=True))
    kids = []
    for page in pages:
        stream = zlib.compress(b"\n".join(page.ops))
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(stream), stream))
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] "
            b"/Resources << /Font << %s >> >> /Contents %d 0 R >>" % (A4[0], A4[1], font_dict, content)
        )
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    objects.append(b"<< /Title %s /Producer (session) >>" % _literal(title))
    info = len(objects)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        info,
        xref,
    )
    return bytes(out)
