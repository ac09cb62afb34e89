"""SVG charts drawn at build time: they need no script and no network, and print well.

Each bar carries its number in a `data-value` attribute and in its <title>, so the chart can be
checked against the table printed beside it. Charts are drawn 360 units wide, a phone's width,
so that their text, scaled with the chart, stays at its size on a phone (never under 11 px)
instead of shrinking to a few pixels.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from .stats import OUTCOMES, Tally

COLOURS = {"A": "#1b7a3e", "B": "#2f6db5", "C": "#b5651d", "D": "#7a4fa3", "未标注": "#8a8a8a"}
"""One colour per outcome; each also has its letter in the legend and the table."""

WIDTH = 360
"""The width of every chart, in SVG units (CSS pixels at full size)."""
_FONT = 13
_LABEL_CHARS = 26
"""A label longer than this (in characters of _FONT size) is cut with …."""
_ROW = 40
_BAR = 14
_LEGEND_STEP = 68
_PLOT_LEFT = 32
_PLOT_HEIGHT = 150
_MONTH_LABEL = 48
"""The width of a YYYY-MM label in _FONT-1 units, with a margin."""


def outcome_bars(title: str, tallies: Sequence[Tally]) -> str:
    """One horizontal bar per tally, split by outcome share, its label above it."""
    height = _ROW * len(tallies) + 28
    parts = [_open(title, WIDTH, height)]
    for row, item in enumerate(tallies):
        y = row * _ROW
        parts.append(f'<text x="0" y="{y + _FONT + 2}" font-size="{_FONT}">'
                     f"{escape(_short(item.label))}</text>")  # fmt: skip
        x = 0.0
        for outcome in OUTCOMES:
            count = item.outcomes[outcome]
            if not count:
                continue
            w = WIDTH * count / item.replies
            parts.append(
                f'<rect x="{x:.1f}" y="{y + _FONT + 7}" width="{w:.1f}" height="{_BAR}" '
                f'fill="{COLOURS[outcome]}" data-label="{escape(item.label)}" '
                f'data-outcome="{outcome}" data-value="{count}">'
                f"<title>{escape(item.label)} {outcome}：{count} 件</title></rect>"
            )
            x += w
    parts.append(_legend(len(tallies) * _ROW + 8))
    parts.append("</svg>")
    return "".join(parts)


def month_columns(title: str, months: dict[str, int]) -> str:
    """One column per month, labelled at the first month, each January and the last month
    where the label has room."""
    if not months:
        return ""
    top = max(months.values()) or 1
    column = min(24.0, (WIDTH - _PLOT_LEFT) / len(months))
    base = _PLOT_HEIGHT + 20
    parts = [_open(title, WIDTH, base + 24)]
    parts.append(f'<text x="0" y="{base - _PLOT_HEIGHT + 10}" font-size="{_FONT - 1}">{top}</text>')
    last = len(months) - 1
    room = -_MONTH_LABEL  # where the previous label ends
    for index, (month, count) in enumerate(months.items()):
        h = _PLOT_HEIGHT * count / top
        x = _PLOT_LEFT + index * column
        parts.append(
            f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{max(column - 2, 1):.1f}" '
            f'height="{h:.1f}" fill="{COLOURS["B"]}" data-label="{month}" data-value="{count}">'
            f"<title>{month}：{count} 件</title></rect>"
        )
        left = min(x, WIDTH - _MONTH_LABEL)
        if (index in (0, last) or month.endswith("-01")) and left >= room:
            parts.append(f'<text x="{left:.1f}" y="{base + 18}" font-size="{_FONT - 1}">'
                         f"{month}</text>")  # fmt: skip
            room = left + _MONTH_LABEL
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
        x = index * _LEGEND_STEP
        items.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{COLOURS[outcome]}"/>'
                     f'<text x="{x + 16}" y="{y + 11}" font-size="{_FONT}">{outcome}</text>')  # fmt: skip
    return "".join(items)


def _short(label: str) -> str:
    return label if len(label) <= _LABEL_CHARS else label[: _LABEL_CHARS - 1] + "…"
