"""Server-side SVG bar charts with their text alternative: no script, no inline style (CSP)."""

from dataclasses import dataclass
from html import escape

from session.times import duration

BAR_HEIGHT = 22
GAP = 8
LABEL_W = 260
BAR_W = 300
VALUE_W = 150


@dataclass(frozen=True)
class Bar:
    label: str  # in the table and the text alternative
    short: str  # on the chart's axis
    spoken_s: float
    turns: int
    waiting: int


def bar_chart(title: str, bars: list[Bar], chart_id: str) -> str:
    """Horizontal bars of speaking time, with turns and waiting requests written beside them."""
    longest = max((b.spoken_s for b in bars), default=0.0) or 1.0
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_W + BAR_W + VALUE_W
    summary = "; ".join(f"{b.label}: {duration(b.spoken_s)} in {b.turns} turn(s), {b.waiting} waiting" for b in bars)
    rows = []
    for i, b in enumerate(bars):
        y = GAP + i * (BAR_HEIGHT + GAP)
        length = round(BAR_W * b.spoken_s / longest, 1)
        rows.append(
            f'<text x="{LABEL_W - 8}" y="{y + 16}" text-anchor="end" class="chart-label">{escape(b.short)}</text>'
            f'<rect x="{LABEL_W}" y="{y}" width="{max(length, 1.5)}" height="{BAR_HEIGHT}" rx="3" class="chart-bar"/>'
            f'<text x="{LABEL_W + max(length, 1.5) + 6}" y="{y + 16}" class="chart-value">'
            f"{duration(b.spoken_s)} · {b.turns} · {b.waiting} waiting</text>"
        )
    return (
        f'<svg id="{chart_id}" class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(summary)}</desc>{"".join(rows)}</svg>'
    )
