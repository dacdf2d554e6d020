"""Charts drawn on the server as SVG: nothing to download, readable without JavaScript, and
each one comes with its figures as a table for screen readers and printing."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 640
BAR_AREA_HEIGHT = 220
_TOP = 20
_BOTTOM = 30
_LEFT = 10


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    x: float
    y: float
    width: float
    height: float
    label_x: float


def bar_chart(points: list[tuple[str, float]], largest: float | None = None) -> list[Bar]:
    """Vertical bars for a trend (one per year), scaled to the largest value (or the given
    top of the scale)."""
    if not points:
        return []
    largest = largest or max(value for _, value in points) or 1.0
    slot = (WIDTH - 2 * _LEFT) / len(points)
    width = slot * 0.6
    bars = []
    for index, (label, value) in enumerate(points):
        height = BAR_AREA_HEIGHT * max(value, 0) / largest
        x = _LEFT + index * slot + (slot - width) / 2
        bars.append(
            Bar(
                label=label,
                value=value,
                x=round(x, 1),
                y=round(_TOP + BAR_AREA_HEIGHT - height, 1),
                width=round(width, 1),
                height=round(height, 1),
                label_x=round(x + width / 2, 1),
            )
        )
    return bars


def chart_height() -> int:
    return _TOP + BAR_AREA_HEIGHT + _BOTTOM


@dataclass(frozen=True)
class ShareBar:
    """A share (0-1) as a horizontal bar, with its target as a marker, in per cent of the
    drawing's width."""

    value_width: float
    target_x: float | None


def share_bar(value: float | None, target: float | None) -> ShareBar:
    scale = max(1.0, value or 0.0, target or 0.0)
    return ShareBar(
        value_width=round(100 * max(value or 0.0, 0.0) / scale, 1),
        target_x=round(100 * target / scale, 1) if target is not None else None,
    )


@dataclass(frozen=True)
class TargetChart:
    """A share's years as bars with the plan's target as a horizontal line (None: no target);
    the scale reaches the larger of the highest bar and the target, so both show."""

    bars: list[Bar]
    target_y: float | None


def trend_with_target(points: list[tuple[str, float]], target: float | None) -> TargetChart:
    largest = max([value for _, value in points] + [target or 0.0]) or 1.0
    bars = bar_chart(points, largest=largest)
    if target is None:
        return TargetChart(bars, None)
    return TargetChart(bars, round(_TOP + BAR_AREA_HEIGHT * (1 - max(target, 0) / largest), 1))
