"""Charts drawn on the server as SVG: no script, no outside request, readable by screen
readers through the title and description, and always next to a table with the figures.

Built for a phone first: each row is its label and figure on one line, in full, and the
bar on the line below, across the whole width. The drawing is 400 units wide and is shown
between a phone's column (about 330 px) and 30rem, so its 15-unit text never renders
below 12 px. Bars are to scale. A figure a source gives only as a phrase or a range
("tens of thousands") is drawn as the range it means, lighter and unbounded by a solid
bar; an open figure ("at least 7,400") runs on past its bar as a dashed line.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from casework.statistics import Row, grouped

WIDTH = 400
FONT = 15
LINE = 19
BAR_HEIGHT = 14
ROW_GAP = 12
PADDING = 4
# Characters of label per line at FONT on WIDTH (a generous average glyph width).
WRAP = 44
# Room past an open figure's bar for the dashed run-on.
OPEN_END_ROOM = 1.25


def bar_chart(
    rows: Sequence[Row],
    *,
    chart_id: str,
    title: str,
    description: str,
    value_labels: Sequence[str] | None = None,
) -> SafeString:
    """A bar chart, one row under the other. Bars scale to the largest figure (the top of
    a range, or an open figure with room to run on); a zero stays a visible hairline so
    that "none held" reads as a measured nothing, not a missing bar."""
    if not rows:
        return mark_safe("")
    largest = max(_reach(row) for row in rows) or 1
    parts = []
    y = PADDING
    for index, row in enumerate(rows):
        shown = value_labels[index] if value_labels else grouped(row.value)
        lines = textwrap.wrap(f"{row.label}: {shown}", WRAP) or [""]
        label = format_html_join(
            "",
            '<tspan x="0" dy="{}">{}</tspan>',
            ((0 if number == 0 else LINE, line) for number, line in enumerate(lines)),
        )
        text_y = y + FONT
        bar_y = y + LINE * len(lines) + 2
        parts.append(
            format_html(
                '<g class="bar bar-{}"><text x="0" y="{}" class="chart-label">{}</text>{}</g>',
                index % 6,
                text_y,
                label,
                _bar(row, bar_y, largest),
            )
        )
        y = bar_y + BAR_HEIGHT + ROW_GAP
    height = y - ROW_GAP + PADDING
    return format_html(
        '<svg class="chart" id="{id}" role="img" aria-labelledby="{id}-title {id}-desc" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{bars}</svg>',
        id=chart_id,
        w=WIDTH,
        h=height,
        title=title,
        desc=description,
        bars=mark_safe("".join(parts)),  # each part was built by format_html, so escaped
    )


def _reach(row: Row) -> float:
    """How far along the scale a row needs to go."""
    if row.high is not None:
        return row.high
    return row.value * OPEN_END_ROOM if row.open_end else row.value


def _x(value: float, largest: float) -> float:
    return WIDTH * value / largest


def _bar(row: Row, y: float, largest: float) -> SafeString:
    if row.low is not None and row.high is not None:
        start, end = _x(row.low, largest), _x(row.high, largest)
        return format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" class="chart-range"></rect>',
            f"{start:.1f}",
            y,
            f"{max(end - start, 2):.1f}",
            BAR_HEIGHT,
        )
    end = max(_x(row.value, largest), 2)
    bar = format_html(
        '<rect x="0" y="{}" width="{}" height="{}" class="chart-bar"></rect>', y, f"{end:.1f}", BAR_HEIGHT
    )
    if not row.open_end:
        return bar
    middle = y + BAR_HEIGHT / 2
    return format_html(
        '{}<line x1="{}" y1="{}" x2="{}" y2="{}" class="chart-open"></line>',
        bar,
        f"{end:.1f}",
        middle,
        WIDTH - 1,
        middle,
    )
