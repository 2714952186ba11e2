"""QR codes that phones scan to join: /join/<code>, drawn as SVG (no image files, no inline script)."""

from pathlib import Path

import segno


def join_url(base_url: str, code: str) -> str:
    return f"{base_url.rstrip('/')}/join/{code}"


def qr_svg(url: str, *, scale: int = 5) -> str:
    return segno.make(url, error="m").svg_inline(scale=scale, title=url)


def save_qr(url: str, path: Path) -> None:
    """A standalone SVG (or PNG, by the file's suffix) to print on a delegate's card."""
    segno.make(url, error="m").save(str(path), scale=8, border=4)
