"""Charts drawn at build time as inline SVG: no chart library, no CDN, readable offline.

Horizontal bars suit long Chinese labels. Every chart comes with the same numbers as a table
(for screen readers and for copying), and the bars are computed from the very amounts the
index tables show.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

from generator.money import exact_money, format_wan

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 220
BAR_WIDTH = 420
VALUE_WIDTH = 170
MAX_BARS = 30


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: Decimal  # 元


def _shorten(label: str, limit: int = 14) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


@exact_money
def bar_chart(title: str, bars: list[Bar], *, total: Decimal | None = None) -> Markup:
    """An SVG bar chart of amounts in 元 (shown in 万元), with its data table."""
    shown = bars[:MAX_BARS]
    largest = max((b.value for b in shown), default=Decimal(0))
    height = len(shown) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    parts = [
        f'<svg class="jx-chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for index, bar in enumerate(shown):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = 0 if largest <= 0 else int(bar.value / largest * BAR_WIDTH)
        share = ""
        if total:
            share = f"（{(bar.value / total * 100).quantize(Decimal('0.1'))}%）"
        parts += [
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT - 6}" text-anchor="end" '
            f'class="jx-chart-label">{escape(_shorten(bar.label))}<title>{escape(bar.label)}</title></text>',
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{max(length, 1)}" height="{BAR_HEIGHT}" '
            f'class="jx-chart-bar"/>',
            f'<text x="{LABEL_WIDTH + max(length, 1) + 6}" y="{y + BAR_HEIGHT - 6}" '
            f'class="jx-chart-value">{escape(format_wan(bar.value))} 万元{escape(share)}</text>',
        ]
    parts.append("</svg>")
    rows = "".join(
        f'<tr><td>{escape(bar.label)}</td><td class="jx-num">{escape(format_wan(bar.value))}</td>'
        + (
            f'<td class="jx-num">{(bar.value / total * 100).quantize(Decimal("0.1"))}%</td>'
            if total
            else ""
        )
        + "</tr>"
        for bar in bars
    )
    share_head = '<th class="jx-num">占比</th>' if total else ""
    more = f"（图中只画出前 {MAX_BARS} 项，表中为全部）" if len(bars) > MAX_BARS else ""
    table = (
        f'<details class="jx-chart-data"><summary>图表数据{more}</summary>'
        f'<table><thead><tr><th>{escape(title)}</th><th class="jx-num">金额（万元）</th>'
        f"{share_head}</tr></thead><tbody>{rows}</tbody></table></details>"
    )
    return Markup(f'<figure class="jx-figure">{"".join(parts)}{table}</figure>')
