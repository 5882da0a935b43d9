"""Charts as inline SVG, drawn on the server: the same markup in the browser and in the PDF, no JavaScript.

Pure functions of numbers and labels; every piece of text is escaped. Each chart is a <figure> whose caption
says what it counts (also the SVG's <title>), and the page puts its numbers in a table beside it, so nothing is
only in the picture. Drawn 380 units wide with 14-16 unit text: scaled to a phone's 300 px the text stays near
12 px, and a label is wrapped onto more lines, never cut.
"""

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Colours that stay apart on a washed-out projector and in greyscale print.
PALETTE = ("#1f4e79", "#2e8b57", "#c0661a", "#7a1f5c", "#5b6773")
TARGET_COLOUR = "#9b1c1c"
TEXT_COLOUR = "#1d2733"
FONT = 'font-family="Liberation Sans, Arial, sans-serif"'


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    target: int | None = None  # drawn as a red mark across the bar
    note: str = ""  # written after the value, e.g. "85%"


def _n(value: int) -> str:
    return number_format(value, force_grouping=True)


def _svg(width: int, height: int, title: str, body: list[str]) -> SafeString:
    return mark_safe(
        f'<figure class="chart-figure"><figcaption>{escape(title)}</figcaption>'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'class="chart" preserveAspectRatio="xMinYMin meet" {FONT}>'
        f"<title>{escape(title)}</title>{''.join(body)}</svg></figure>"
    )


def hbar_chart(bars: Sequence[Bar], *, title: str, relative: bool = False, width: int = 380) -> SafeString:
    """Horizontal bars, each under its whole label (wrapped, never cut); a target, when given, is a red tick.

    On a common scale, or `relative`: each bar as a share of its own target (the tick then at 100%,
    bars beyond 120% cut), for rows of very different sizes.
    """
    line_height, bar_height, gap, value_width = 19, 18, 12, 110
    plot = width - value_width
    per_line = width // 9  # characters of 16-unit text that fit on a line
    scale_max = max([1, *(b.value for b in bars), *(b.target or 0 for b in bars)])
    body, y = [], 0
    for i, bar in enumerate(bars):
        for text in textwrap.wrap(bar.label, per_line) or [""]:
            y += line_height
            body.append(f'<text x="0" y="{y - 4}" font-size="16" fill="{TEXT_COLOUR}">{escape(text)}</text>')
        if relative:
            share = min(bar.value / bar.target, 1.2) if bar.target else 0
            length, target_x = round(plot * share / 1.2), round(plot / 1.2)
        else:
            length = round(plot * bar.value / scale_max)
            target_x = round(plot * (bar.target or 0) / scale_max)
        colour = PALETTE[i % len(PALETTE)] if len(bars) <= len(PALETTE) else PALETTE[0]
        body.append(
            f'<rect x="0" y="{y}" width="{max(length, 1)}" height="{bar_height}" fill="{colour}" rx="2"/>'
            f'<text x="{plot + 10}" y="{y + bar_height - 4}" font-size="16" font-weight="bold" '
            f'fill="{TEXT_COLOUR}">{escape(_n(bar.value))}'
            + (f' <tspan font-weight="normal">{escape(bar.note)}</tspan>' if bar.note else "")
            + "</text>"
        )
        if bar.target:
            body.append(
                f'<line x1="{target_x}" y1="{y - 3}" x2="{target_x}" y2="{y + bar_height + 3}" '
                f'stroke="{TARGET_COLOUR}" stroke-width="3"/>'
            )
        y += bar_height + gap
    return _svg(width, y, title, body)


def column_chart(
    groups: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    *,
    title: str,
    targets: Sequence[int] | None = None,
    target_label: str = "",
    width: int = 380,
    height: int = 260,
) -> SafeString:
    """Columns grouped by `groups` (e.g. quarters), one colour per series, with a legend; targets as red ticks."""
    left, bottom, top, legend = 44, 28, 12, 26
    plot_w, plot_h = width - left - 10, height - bottom - top - legend
    scale_max = max([1, *(v for _name, values in series for v in values), *(targets or [])])
    step = _nice_step(scale_max)
    scale_max = step * -(-scale_max // step)
    body = []
    for k in range(0, scale_max + 1, step):
        y = top + plot_h - round(plot_h * k / scale_max)
        body.append(
            f'<line x1="{left}" y1="{y}" x2="{width - 10}" y2="{y}" stroke="#d9dee3"/>'
            f'<text x="{left - 6}" y="{y + 4}" text-anchor="end" font-size="14" fill="#5b6773">{escape(_n(k))}</text>'
        )
    group_w = plot_w / max(len(groups), 1)
    bar_w = group_w * 0.8 / max(len(series), 1)
    for g, group in enumerate(groups):
        x0 = left + g * group_w + group_w * 0.1
        for s, (_name, values) in enumerate(series):
            value = values[g]
            h = round(plot_h * value / scale_max)
            body.append(
                f'<rect x="{x0 + s * bar_w:.1f}" y="{top + plot_h - h}" width="{bar_w - 2:.1f}" height="{h}" '
                f'fill="{PALETTE[s % len(PALETTE)]}"/>'
            )
        if targets:
            y = top + plot_h - round(plot_h * targets[g] / scale_max)
            body.append(
                f'<line x1="{x0:.1f}" y1="{y}" x2="{x0 + group_w * 0.8:.1f}" y2="{y}" stroke="{TARGET_COLOUR}" '
                f'stroke-width="3" stroke-dasharray="6 3"/>'
            )
        body.append(
            f'<text x="{left + g * group_w + group_w / 2:.1f}" y="{top + plot_h + 18}" text-anchor="middle" '
            f'font-size="15" fill="{TEXT_COLOUR}">{escape(group)}</text>'
        )
    entries = [(name, PALETTE[s % len(PALETTE)], "rect") for s, (name, _values) in enumerate(series)]
    if targets:
        entries.append((target_label, TARGET_COLOUR, "line"))
    x, legend_y = left, height - 8
    for name, colour, shape in entries:
        needed = 30 + 8 * len(name)  # an estimate of the text's width at 15 units
        if x > left and x + needed > width:  # the legend goes on in a new line, the picture grows
            x, legend_y = left, legend_y + 20
        if shape == "rect":
            body.append(f'<rect x="{x}" y="{legend_y - 11}" width="12" height="12" fill="{colour}"/>')
        else:
            body.append(
                f'<line x1="{x}" y1="{legend_y - 5}" x2="{x + 14}" y2="{legend_y - 5}" stroke="{colour}" '
                f'stroke-width="3" stroke-dasharray="6 3"/>'
            )
        body.append(f'<text x="{x + 18}" y="{legend_y}" font-size="15" fill="{TEXT_COLOUR}">{escape(name)}</text>')
        x += needed
    return _svg(width, legend_y + 8, title, body)


def _nice_step(maximum: int) -> int:
    """A round gridline step giving four or five lines up to `maximum`."""
    raw = max(maximum / 4, 1)
    magnitude = 10 ** (len(str(int(raw))) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return max(1, int(factor * magnitude))
    return int(10 * magnitude)
