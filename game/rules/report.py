"""The facilitator's report, pure: which day a moment belongs to, who was there each day,
the teams' progress day after day, and the chart of it as an SVG document.

Days are opened by the facilitator, not by the clock, so "day D" is a window of time:
from the opening of day D to the opening of day D+1 (or, for the day still running,
until now). Whatever happened in that window belongs to day D.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from xml.sax.saxutils import escape, quoteattr

from content.catalog import DAYS_IN_SESSION


class Mark(StrEnum):
    """One cell of the attendance sheet."""

    PRESENT = "present"
    ABSENT = "absent"
    NOT_ENROLLED = "not_enrolled"  # joined after that day, or disconnected before it
    NOT_OPEN = "not_open"  # the day has not been opened yet


@dataclass(frozen=True)
class DayWindow:
    day: int
    start: datetime
    end: datetime | None  # None: the day still running (its window goes on until now)

    def holds(self, at: datetime) -> bool:
        return self.start <= at and (self.end is None or at < self.end)


def day_windows(openings: Mapping[int, datetime]) -> tuple[DayWindow, ...]:
    """Each opened day's window, from its opening to the next day's opening; the last
    opened day's window is still open."""
    days = sorted(openings)
    return tuple(
        DayWindow(day, openings[day], openings[days[i + 1]] if i + 1 < len(days) else None)
        for i, day in enumerate(days)
    )


def day_of(at: datetime, windows: Sequence[DayWindow]) -> int | None:
    """The day a moment belongs to; None before day 1 was opened."""
    return next((w.day for w in windows if w.holds(at)), None)


def attendance(
    windows: Sequence[DayWindow],
    activity: Iterable[datetime],
    joined_at: datetime,
    revoked_at: datetime | None = None,
    days: int = DAYS_IN_SESSION,
) -> tuple[Mark, ...]:
    """A young person's row of marks, one per day of the session: present on a day when
    they did anything during that day's window. A day before they joined (or after a
    facilitator disconnected them) is not held against them."""
    by_day = {w.day: w for w in windows}
    seen = {d for d in (day_of(at, windows) for at in activity) if d is not None}
    marks = []
    for day in range(1, days + 1):
        window = by_day.get(day)
        if window is None:
            marks.append(Mark.NOT_OPEN)
        elif day in seen:
            marks.append(Mark.PRESENT)
        elif (window.end is not None and joined_at >= window.end) or (
            revoked_at is not None and revoked_at <= window.start
        ):
            marks.append(Mark.NOT_ENROLLED)
        else:
            marks.append(Mark.ABSENT)
    return tuple(marks)


def per_day(windows: Sequence[DayWindow], moments: Iterable[datetime]) -> dict[int, int]:
    """How many of the moments fall in each opened day (those before day 1 are dropped)."""
    counts: dict[int, int] = {}
    for at in moments:
        day = day_of(at, windows)
        if day is not None:
            counts[day] = counts.get(day, 0) + 1
    return counts


def cumulative(gains: Mapping[int, int], opened: Iterable[int], days: int = DAYS_IN_SESSION) -> tuple[int | None, ...]:
    """The running total at the end of each day of the session, from each day's gain;
    None for the days not opened yet (nothing to draw there)."""
    opened_days = set(opened)
    running = 0
    out: list[int | None] = []
    for day in range(1, days + 1):
        if day in opened_days:
            running += gains.get(day, 0)
            out.append(running)
        else:
            out.append(None)
    return tuple(out)


# ---------------------------------------------------------------- chart (SVG)


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[int | None, ...]  # one per day; None where the day is not opened


# Colours with at least 3:1 contrast on white (WCAG 1.4.11), each with its own dash pattern
# and marker so that a series is never told by its colour alone (WCAG 1.4.1), even printed
# in black and white; a session has at most 6 teams.
COLOURS = ("#0072B2", "#C2410C", "#047857", "#7E22CE", "#A16207", "#BE185D", "#334155", "#0E7490")
DASHES = ("", "8 4", "3 3", "10 3 3 3", "1 4", "6 2 2 2 2 2")
MARKERS = ("circle", "square", "triangle", "diamond", "triangle-down", "cross")

WIDTH = 760
PLOT_TOP, PLOT_HEIGHT, LEFT, RIGHT = 44, 240, 56, 16
LEGEND_COLUMNS, LEGEND_ROW = 3, 24
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"


def nice_step(top: int, max_ticks: int = 6) -> int:
    """A round tick step (1, 2, 5, 10, 20, 50…) giving at most ``max_ticks`` intervals."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if -(-top // step) <= max_ticks:
                return step
        magnitude *= 10


def _fmt(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _marker(kind: str, x: float, y: float, colour: str, label: str) -> str:
    tip = f"<title>{escape(label)}</title>"
    paint = f'fill="{colour}" stroke="#ffffff" stroke-width="1"'
    r = 4.5
    if kind == "circle":
        return f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="{r}" {paint}>{tip}</circle>'
    if kind == "square":
        return f'<rect x="{_fmt(x - r)}" y="{_fmt(y - r)}" width="{2 * r}" height="{2 * r}" {paint}>{tip}</rect>'
    shapes = {
        "triangle": ((0, -r - 1), (r + 1, r), (-r - 1, r)),
        "triangle-down": ((0, r + 1), (r + 1, -r), (-r - 1, -r)),
        "diamond": ((0, -r - 1), (r + 1, 0), (0, r + 1), (-r - 1, 0)),
        "cross": ((-r, -r / 2), (-r / 2, -r / 2), (-r / 2, -r), (r / 2, -r), (r / 2, -r / 2), (r, -r / 2),
                  (r, r / 2), (r / 2, r / 2), (r / 2, r), (-r / 2, r), (-r / 2, r / 2), (-r, r / 2)),
    }  # fmt: skip
    points = " ".join(f"{_fmt(x + dx)},{_fmt(y + dy)}" for dx, dy in shapes[kind])
    return f'<polygon points="{points}" {paint}>{tip}</polygon>'


def describe(series: Sequence[Series], unit: str) -> str:
    """One sentence per team for the chart's ``<desc>``: where each team stands at the
    last opened day."""
    opened = max((i + 1 for s in series for i, v in enumerate(s.values) if v is not None), default=0)
    if not series:
        return "Aucune équipe dans cette session."
    if opened == 0:
        return "Aucun jour n'est encore ouvert : rien à montrer."
    parts = [f"{s.name} : {s.values[opened - 1] or 0}" for s in series]
    return f"{unit.capitalize()}, à la fin du jour {opened} — " + " ; ".join(parts) + "."


def chart_svg(
    series: Sequence[Series],
    title: str,
    unit: str,
    days: int = DAYS_IN_SESSION,
    id_prefix: str = "report-chart",
) -> str:
    """A line chart of the teams' running totals over the days, as a standalone SVG
    document: one line per team (colour, dash pattern and marker of its own), the days
    "Jour 1…10" along the bottom, a legend with the team names, and ``role="img"`` with a
    ``<title>`` and a ``<desc>`` summing it up for screen readers (the page shows the
    same numbers as a table next to it). Presentation attributes only, no ``style``:
    the console's Content Security Policy forbids inline styles."""
    plot_width = WIDTH - LEFT - RIGHT
    rows = max(1, -(-len(series) // LEGEND_COLUMNS))
    legend_top = PLOT_TOP + PLOT_HEIGHT + 44
    height = legend_top + rows * LEGEND_ROW + 8
    top_value = max((v for s in series for v in s.values if v is not None), default=0)
    step = nice_step(max(top_value, 1))
    y_max = max(step * -(-top_value // step), step)
    column = plot_width / days

    def x_of(day: int) -> float:
        return LEFT + column * (day - 0.5)

    def y_of(value: int) -> float:
        return PLOT_TOP + PLOT_HEIGHT - PLOT_HEIGHT * value / y_max

    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-labelledby="{title_id} {desc_id}" font-family={quoteattr(FONT)} font-size="12" '
        f'class="report-chart-svg">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(describe(series, unit))}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        f'<text x="{LEFT}" y="{PLOT_TOP - 22}" font-size="13" font-weight="700" fill="#181c28">'
        f"{escape(unit.capitalize())}</text>",
        '<g class="y-axis" aria-hidden="true">',
    ]
    for value in range(0, y_max + 1, step):
        y = _fmt(y_of(value))
        out.append(f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="#d3d7e2" stroke-width="1"/>')
        out.append(f'<text x="{LEFT - 8}" y="{y}" dy="4" text-anchor="end" fill="#4f5669">{value}</text>')
    out.append("</g>")
    bottom = PLOT_TOP + PLOT_HEIGHT
    out.append(
        f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}" stroke="#4f5669" stroke-width="1"/>'
    )
    out.append('<g class="x-axis">')
    for day in range(1, days + 1):
        opened = any(s.values[day - 1] is not None for s in series if len(s.values) >= day)
        out.append(
            f'<text class="day-label" x="{_fmt(x_of(day))}" y="{bottom + 20}" text-anchor="middle" '
            f'fill="{"#181c28" if opened else "#667085"}">Jour {day}</text>'
        )
    out.append("</g>")
    for i, s in enumerate(series):
        colour, dash, marker = COLOURS[i % len(COLOURS)], DASHES[i % len(DASHES)], MARKERS[i % len(MARKERS)]
        points = [(day, v) for day, v in enumerate(s.values[:days], start=1) if v is not None]
        out.append(f'<g class="series" data-series={quoteattr(s.name)}><title>{escape(s.name)}</title>')
        if len(points) > 1:
            coords = " ".join(f"{_fmt(x_of(d))},{_fmt(y_of(v))}" for d, v in points)
            dashing = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(
                f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2.5" '
                f'stroke-linejoin="round"{dashing}/>'
            )
        for d, v in points:
            out.append(_marker(marker, x_of(d), y_of(v), colour, f"{s.name}, jour {d} : {v}"))
        out.append("</g>")
    out.append('<g class="legend">')
    cell = plot_width / LEGEND_COLUMNS
    for i, s in enumerate(series):
        colour, dash, marker = COLOURS[i % len(COLOURS)], DASHES[i % len(DASHES)], MARKERS[i % len(MARKERS)]
        lx = LEFT + cell * (i % LEGEND_COLUMNS)
        ly = legend_top + LEGEND_ROW * (i // LEGEND_COLUMNS)
        dashing = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<g class="legend-item"><line x1="{_fmt(lx)}" y1="{ly}" x2="{_fmt(lx + 36)}" y2="{ly}" stroke="{colour}" '
            f'stroke-width="2.5"{dashing}/>{_marker(marker, lx + 18, ly, colour, s.name)}'
            f'<text x="{_fmt(lx + 44)}" y="{ly}" dy="4" fill="#181c28">{escape(s.name)}</text></g>'
        )
    out.append("</g></svg>")
    return "\n".join(out)
