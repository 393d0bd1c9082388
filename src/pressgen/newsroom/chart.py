"""A registry figure as an accessible line chart: the geometry of its inline SVG and the rows of its data table."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..spec.model import Figure, localize
from .labels import SiteLabels

WIDTH, HEIGHT = 720, 340
LEFT, RIGHT, TOP, BOTTOM = 48, 20, 44, 44  # the legend sits in the top margin


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    period: str
    value: int


@dataclass(frozen=True)
class Series:
    id: str
    label: str
    lines: list[str]  # SVG polyline coordinates, one per run of counted periods
    points: list[Point]
    cells: list[str]  # table cells, one per period


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    summary: str
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    periods: list[str]
    series: list[Series]


def chart(figure: Figure, language: str, labels: SiteLabels) -> Chart:
    periods = sorted({p.period for s in figure.series for p in s.points})
    values = [p.value for s in figure.series for p in s.points if p.value is not None]
    step = _nice_step(max(values, default=1) / 5)
    top = step * max(1, math.ceil(max(values, default=1) / step))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(period: str) -> float:
        return round(LEFT + plot_w * periods.index(period) / max(1, len(periods) - 1), 1)

    def y(value: float) -> float:
        return round(TOP + plot_h * (1 - value / top), 1)

    series = []
    for s in figure.series:
        label = localize(s.label, language) or s.id
        by_period = {p.period: p.value for p in s.points}
        points = [Point(x(p), y(v), _period(p), v) for p, v in sorted(by_period.items()) if v is not None]
        series.append(Series(s.id, label, _runs(periods, by_period, x, y), points,
                             [labels.no_value if by_period.get(p) is None else str(by_period[p]) for p in periods]))
    return Chart(
        id=figure.id,
        title=localize(figure.title, language) or figure.id,
        summary=" / ".join(_summary(s, labels) for s in series if s.points),
        width=WIDTH,
        height=HEIGHT,
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        plot_top=TOP,
        plot_bottom=HEIGHT - BOTTOM,
        x_ticks=[Tick(x(p), _period(p)) for p in periods],
        y_ticks=[Tick(y(v), f"{v:g}") for v in _range(0, top, step)],
        periods=[_period(p) for p in periods],
        series=series,
    )


def _runs(periods: list[str], by_period: dict[str, int | None], x, y) -> list[str]:  # type: ignore[no-untyped-def]
    """Polylines between counted periods: a period with nothing counted breaks the line instead of dropping it to 0."""
    runs: list[list[str]] = [[]]
    for period in periods:
        value = by_period.get(period)
        if value is None:
            runs.append([])
        else:
            runs[-1].append(f"{x(period)},{y(value)}")
    return [" ".join(run) for run in runs if run]


def _summary(series: Series, labels: SiteLabels) -> str:
    first, last = series.points[0], series.points[-1]
    return labels.chart_summary.format(
        series=series.label, first_period=first.period, first=first.value, last_period=last.period, last=last.value
    )


def _period(period: str) -> str:
    return period.replace("-", "/")  # 2018-04 → 2018/04, as period axes are printed


def _nice_step(raw: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ at least `raw`: round tick labels."""
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)


def _range(start: float, stop: float, step: float) -> list[float]:
    return [start + i * step for i in range(int(round((stop - start) / step)) + 1)]
