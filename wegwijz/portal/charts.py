"""Simple bar charts as inline SVG: no script, no library, readable by screen readers.

Each chart carries a <title> and <desc> with every value, and the page shows
the same numbers in a table beside it.
"""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH = 340
LABEL_WIDTH = 130
"""Room for the labels left of the axis; longer labels widen the chart instead of being cut off."""
CHAR_WIDTH = 7.5
"""A generous width of one character at the charts' 13px font, to size the label room."""
VALUE_WIDTH = 40
ROW_HEIGHT = 28
BAR_HEIGHT = 18
BAR_CLASSES = ("bar", "bar alt", "bar third")
"""Alternating bar colours (all 3:1 or more against white)."""


def number(value: float | None, decimals: int = 1) -> str:
    """A figure the Dutch way (decimal comma); whole numbers without decimals; '—' for none."""
    if value is None:
        return "—"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.{decimals}f}".replace(".", ",")


def bar_chart(series: list[tuple[str, float]], title: str, chart_id: str) -> Markup:
    """A horizontal bar chart of `series` (label, value)."""
    height = max(1, len(series)) * ROW_HEIGHT + 10
    top = max((value for _, value in series), default=0.0) or 1.0
    label_width = max([LABEL_WIDTH] + [round(len(label) * CHAR_WIDTH) + 12 for label, _ in series])
    width_all = WIDTH + label_width - LABEL_WIDTH
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    description = "; ".join(f"{label}: {number(value)}" for label, value in series) or "geen gegevens"
    parts = [
        f'<svg class="chart" viewBox="0 0 {width_all} {height}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d"'
        f' xmlns="http://www.w3.org/2000/svg" focusable="false">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
        f'<line class="axis" x1="{label_width}" y1="4" x2="{label_width}" y2="{height - 4}"/>',
    ]
    for row, (label, value) in enumerate(series):
        y = 5 + row * ROW_HEIGHT
        width = 0 if value <= 0 else max(2, round(room * value / top))
        parts.append(f'<text x="{label_width - 8}" y="{y + BAR_HEIGHT - 4}" text-anchor="end">{escape(label)}</text>')
        parts.append(f'<rect class="{BAR_CLASSES[row % len(BAR_CLASSES)]}" x="{label_width + 1}" y="{y}" '
                     f'width="{width}" height="{BAR_HEIGHT}" rx="2"/>')
        parts.append(f'<text class="value" x="{label_width + width + 6}" y="{y + BAR_HEIGHT - 4}">'
                     f'{escape(number(value))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
