"""SVG charts drawn at build time: they need no script and no network, and print well.

Each bar carries its number in a `data-value` attribute and in its <title>, so the chart can be
checked against the table printed beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from .stats import OUTCOMES, Tally

COLOURS = {"A": "#1b7a3e", "B": "#2f6db5", "C": "#b5651d", "D": "#7a4fa3", "未标注": "#8a8a8a"}
"""One colour per outcome; each also has its letter in the legend and the table."""

_ROW = 28
_LABEL_WIDTH = 220
_BAR_WIDTH = 420


def outcome_bars(title: str, tallies: Sequence[Tally]) -> str:
    """One horizontal bar per tally, split by outcome share."""
    height = _ROW * (len(tallies) + 1) + 10
    width = _LABEL_WIDTH + _BAR_WIDTH + 20
    parts = [_open(title, width, height)]
    for row, item in enumerate(tallies):
        y = row * _ROW + 8
        parts.append(f'<text x="{_LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end" '
                     f'font-size="13">{escape(_short(item.label))}</text>')  # fmt: skip
        x = float(_LABEL_WIDTH)
        for outcome in OUTCOMES:
            count = item.outcomes[outcome]
            if not count:
                continue
            w = _BAR_WIDTH * count / item.replies
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="20" '
                f'fill="{COLOURS[outcome]}" data-label="{escape(item.label)}" '
                f'data-outcome="{outcome}" data-value="{count}">'
                f"<title>{escape(item.label)} {outcome}：{count} 件</title></rect>"
            )
            x += w
    parts.append(_legend(len(tallies) * _ROW + 14))
    parts.append("</svg>")
    return "".join(parts)


def month_columns(title: str, months: dict[str, int]) -> str:
    """One column per month."""
    if not months:
        return ""
    top = max(months.values()) or 1
    column = max(6, min(24, 640 // len(months)))
    width, height, base = column * len(months) + 60, 200, 170
    parts = [_open(title, width, height)]
    parts.append(f'<text x="4" y="16" font-size="12">{top}</text>')
    for index, (month, count) in enumerate(months.items()):
        h = 150 * count / top
        x = 40 + index * column
        parts.append(
            f'<rect x="{x}" y="{base - h:.1f}" width="{column - 2}" height="{h:.1f}" '
            f'fill="{COLOURS["B"]}" data-label="{month}" data-value="{count}">'
            f"<title>{month}：{count} 件</title></rect>"
        )
        if index == 0 or month.endswith("-01") or index == len(months) - 1:
            parts.append(f'<text x="{x}" y="{base + 18}" font-size="11">{month}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _open(title: str, width: int, height: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="or-chart" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        f"<title>{escape(title)}</title>"
    )


def _legend(y: int) -> str:
    items = []
    for index, outcome in enumerate(OUTCOMES):
        x = _LABEL_WIDTH + index * 80
        items.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{COLOURS[outcome]}"/>'
                     f'<text x="{x + 16}" y="{y + 11}" font-size="12">{outcome}</text>')  # fmt: skip
    return "".join(items)


def _short(label: str) -> str:
    return label if len(label) <= 16 else label[:15] + "…"
