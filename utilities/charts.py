"""Server-rendered SVG charts: geometry computed here, drawn by templates/_chart.html.
No chart library and no CDN: an office network may have no internet."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Bar:
    # Coordinates as SVG wants them (one decimal, a point whatever the language): written
    # here rather than by a template filter per number.
    x: str
    y: str
    width: str
    height: str
    value: int
    series: int
    centre: str = ""  # x of the bar's middle, where its value is written


def _svg(number: float) -> str:
    return f"{number:.1f}"


@dataclass
class BarChart:
    width: int
    height: int
    bars: list[Bar]
    labels: list[tuple[str, str]]
    series_names: list[str]
    max_value: int
    title: str
    show_values: bool = False


def grouped_bars(
    *,
    title: str,
    labels: list[str],
    series: list[tuple[str, list[int]]],
    width: int = 640,
    height: int = 200,
    show_values: bool = False,
) -> BarChart:
    """Bars grouped per label, one colour per series, scaled to the largest value; with
    `show_values`, each bar's value written above it (room is left at the top)."""
    top, bottom = (22 if show_values else 10), 24
    plot = height - top - bottom
    max_value = max([v for _name, values in series for v in values] + [1])
    group = width / max(len(labels), 1)
    bar_width = group * 0.8 / max(len(series), 1)
    bars = []
    for i, _label in enumerate(labels):
        for s, (_name, values) in enumerate(series):
            value = values[i]
            h = plot * value / max_value
            bars.append(
                Bar(
                    x=_svg(i * group + group * 0.1 + s * bar_width),
                    y=_svg(top + plot - h),
                    width=_svg(bar_width * 0.92),
                    height=_svg(h),
                    value=value,
                    series=s,
                    centre=_svg(i * group + group * 0.1 + s * bar_width + bar_width * 0.46),
                )
            )
    label_points = [(_svg(i * group + group / 2), text) for i, text in enumerate(labels)]
    return BarChart(
        width=width,
        height=height,
        bars=bars,
        labels=label_points,
        series_names=[name for name, _values in series],
        max_value=max_value,
        title=title,
        show_values=show_values,
    )
