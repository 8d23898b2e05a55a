"""Charts drawn at build time as inline SVG: no chart library, no CDN, readable offline.

Horizontal bars suit long Chinese labels. Every chart comes with the same numbers as a table
(for screen readers and for copying), and the bars are computed from the very amounts the
index tables show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

from generator.core.money import exact_money, format_wan

# One row per bar: the label on its own line, the bar and its value below. The drawing is
# 360 units wide, about the width of a phone's column, so that its 12-unit text is read at
# about 12 px on a phone (at least 11 px at 390 px) and no larger than 16 px on a desktop
# (theme/assets/jixiao.css caps the chart's width); a long label has the whole width.
WIDTH = 360
FONT = 12
LABEL_LINE = 14
BAR_HEIGHT = 12
GAP = 10
ROW = LABEL_LINE + BAR_HEIGHT + GAP
BAR_WIDTH = 200
MAX_BARS = 30
LABEL_CHARS = 29  # CJK characters that fit the width at FONT; a longer label ends in …


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: Decimal  # 元
    url: str | None = None  # the page the bar leads to, relative to the chart's page


def _shorten(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _linked(bar: Bar) -> Markup:
    label = escape(bar.label)
    return label if bar.url is None else Markup(f'<a href="{escape(bar.url)}">{label}</a>')


@exact_money
def bar_chart(
    title: str,
    bars: list[Bar],
    *,
    total: Decimal | None = None,
    shown_as: Callable[[Decimal], str] = format_wan,
    value_unit: str = "万元",
    value_heading: str = "金额（万元）",
) -> Markup:
    """An SVG bar chart of amounts in 元 (shown in 万元), with its data table; `shown_as`,
    `value_unit` and `value_heading` chart another quantity (an average score)."""
    shown = bars[:MAX_BARS]
    largest = max((b.value for b in shown), default=Decimal(0))
    height = len(shown) * ROW + GAP
    parts = [
        f'<svg class="jx-chart" role="group" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for index, bar in enumerate(shown):
        y = GAP + index * ROW
        length = 0 if largest <= 0 else int(bar.value / largest * BAR_WIDTH)
        share = ""
        if total:
            share = f"（{(bar.value / total * 100).quantize(Decimal('0.1'))}%）"
        bar_y = y + LABEL_LINE
        row = [
            f'<text x="0" y="{y + FONT}" class="jx-chart-label">'
            f"{escape(_shorten(bar.label))}<title>{escape(bar.label)}</title></text>",
            f'<rect x="0" y="{bar_y}" width="{max(length, 1)}" height="{BAR_HEIGHT}" '
            f'class="jx-chart-bar"/>',
            f'<text x="{max(length, 1) + 6}" y="{bar_y + BAR_HEIGHT - 2}" '
            f'class="jx-chart-value">{escape(shown_as(bar.value))} {escape(value_unit)}'
            f"{escape(share)}</text>",
        ]
        if bar.url is not None:
            row = [f'<a href="{escape(bar.url)}">', *row, "</a>"]
        parts += row
    parts.append("</svg>")
    rows = "".join(
        f"<tr><td>{_linked(bar)}</td>"
        f'<td class="jx-num">{escape(shown_as(bar.value))}</td>'
        + (
            f'<td class="jx-num">{(bar.value / total * 100).quantize(Decimal("0.1"))}%</td>'
            if total
            else ""
        )
        + "</tr>"
        for bar in bars
    )
    share_head = '<th scope="col" class="jx-num">占比</th>' if total else ""
    more = f"（图中只画出前 {MAX_BARS} 项，表中为全部）" if len(bars) > MAX_BARS else ""
    table = (
        f'<details class="jx-chart-data"><summary>图表数据{more}</summary>'
        f'<table><caption class="jx-visually-hidden">{escape(title)}</caption>'
        f'<thead><tr><th scope="col">{escape(title)}</th>'
        f'<th scope="col" class="jx-num">{escape(value_heading)}</th>'
        f"{share_head}</tr></thead><tbody>{rows}</tbody></table></details>"
    )
    return Markup(f'<figure class="jx-figure">{"".join(parts)}{table}</figure>')
