"""Charts drawn on the server as SVG: no script, no outside request, readable by screen
readers through the title and description, and always next to a table with the figures."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from casework.statistics import Row, grouped

BAR_HEIGHT = 22
GAP = 10
LABEL_WIDTH = 300
PLOT_WIDTH = 300
VALUE_WIDTH = 170
PADDING = 8


def bar_chart(
    rows: Sequence[Row],
    *,
    chart_id: str,
    title: str,
    description: str,
    value_labels: Sequence[str] | None = None,
) -> SafeString:
    """A horizontal bar chart. Bars scale to the largest value; a zero stays a visible
    hairline so that "none held" reads as a measured nothing, not a missing bar."""
    if not rows:
        return mark_safe("")
    largest = max(row.value for row in rows) or 1
    height = PADDING * 2 + len(rows) * (BAR_HEIGHT + GAP) - GAP
    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
    parts = []
    for index, row in enumerate(rows):
        y = PADDING + index * (BAR_HEIGHT + GAP)
        bar = max(PLOT_WIDTH * row.value / largest, 2)
        text_y = y + BAR_HEIGHT / 2
        shown = value_labels[index] if value_labels else grouped(row.value)
        parts.append(
            format_html(
                '<g class="bar bar-{}">'
                '<text x="{}" y="{}" class="chart-label" text-anchor="end" dominant-baseline="middle">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" class="chart-bar"></rect>'
                '<text x="{}" y="{}" class="chart-value" dominant-baseline="middle">{}</text>'
                "</g>",
                index % 6,
                LABEL_WIDTH - 8,
                f"{text_y:.1f}",
                _truncate(row.label),
                LABEL_WIDTH,
                y,
                f"{bar:.1f}",
                BAR_HEIGHT,
                f"{LABEL_WIDTH + bar + 6:.1f}",
                f"{text_y:.1f}",
                shown,
            )
        )
    return format_html(
        '<svg class="chart" id="{id}" role="img" aria-labelledby="{id}-title {id}-desc" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{bars}</svg>',
        id=chart_id,
        w=width,
        h=height,
        title=title,
        desc=description,
        bars=mark_safe("".join(parts)),  # each part was built by format_html, so escaped
    )


def _truncate(label: str, limit: int = 32) -> str:
    # The full label stays in the table beside the chart.
    return escape(label if len(label) <= limit else label[: limit - 1] + "…")
