"""The report's pure rules: day windows, attendance, running totals and the SVG chart."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

from game.rules.report import (
    Mark,
    Series,
    attendance,
    chart_svg,
    cumulative,
    day_of,
    day_windows,
    describe,
    nice_step,
    per_day,
)

SVG = "{http://www.w3.org/2000/svg}"
MON = datetime(2026, 11, 23, 9, 0)
TUE = datetime(2026, 11, 24, 9, 0)
WED = datetime(2026, 11, 25, 9, 0)
P, A, N, X = Mark.PRESENT, Mark.ABSENT, Mark.NOT_ENROLLED, Mark.NOT_OPEN


def test_a_day_runs_from_its_opening_to_the_next_one_and_the_last_one_is_still_running() -> None:
    windows = day_windows({2: TUE, 1: MON})
    assert [(w.day, w.start, w.end) for w in windows] == [(1, MON, TUE), (2, TUE, None)]
    assert day_of(MON - timedelta(seconds=1), windows) is None  # before day 1: no day
    assert day_of(MON, windows) == 1
    assert day_of(TUE - timedelta(microseconds=1), windows) == 1
    assert day_of(TUE, windows) == 2
    assert day_of(TUE + timedelta(days=30), windows) == 2  # until now
    assert day_windows({}) == ()


def test_present_on_a_day_when_anything_was_done_in_its_window() -> None:
    windows = day_windows({1: MON, 2: TUE, 3: WED})
    # late evening of day 1 (after midnight, before day 2 opened) still counts for day 1
    marks = attendance(windows, [MON + timedelta(hours=2), TUE - timedelta(minutes=5)], joined_at=MON - timedelta(1))
    assert marks == (P, A, A, X, X, X, X, X, X, X)
    assert attendance(windows, [WED + timedelta(hours=1)], joined_at=MON)[:3] == (A, A, P)
    # activity before day 1 opened belongs to no day
    assert attendance(windows, [MON - timedelta(hours=1)], joined_at=MON - timedelta(1))[:3] == (A, A, A)


def test_days_before_joining_or_after_being_disconnected_are_not_absences() -> None:
    windows = day_windows({1: MON, 2: TUE, 3: WED})
    late = attendance(windows, [TUE + timedelta(hours=1)], joined_at=TUE + timedelta(hours=1))
    assert late[:4] == (N, P, A, X)
    gone = attendance(windows, [MON + timedelta(hours=1)], joined_at=MON, revoked_at=TUE - timedelta(hours=1))
    assert gone[:4] == (P, N, N, X)
    assert len(gone) == 10


def test_running_totals_per_day_with_nothing_drawn_for_days_not_opened() -> None:
    windows = day_windows({1: MON, 2: TUE, 3: WED})
    moments = [MON + timedelta(hours=1), MON + timedelta(hours=2), WED + timedelta(hours=1), MON - timedelta(hours=1)]
    gains = per_day(windows, moments)
    assert gains == {1: 2, 3: 1}
    assert cumulative(gains, [1, 2, 3]) == (2, 2, 3, None, None, None, None, None, None, None)
    assert cumulative({}, []) == (None,) * 10
    assert cumulative({1: 30, 2: -5}, [1, 2], days=3) == (30, 25, None)  # a hint costs éclats


def test_tick_steps_are_round() -> None:
    assert [nice_step(n) for n in (1, 5, 6, 7, 12, 30, 31, 250)] == [1, 1, 1, 2, 2, 5, 10, 50]


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_the_chart_has_one_line_per_team_ten_day_labels_a_legend_and_a_text_alternative() -> None:
    series = [Series("Équipe <Aurore> & co", (2, 5, 7) + (None,) * 7), Series("Horizon", (0, 1, 1) + (None,) * 7)]
    root = _parse(chart_svg(series, "Progression", "missions réussies (cumul)"))
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and desc is not None and title.text == "Progression"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert desc.text == "Missions réussies (cumul), à la fin du jour 3 — Équipe <Aurore> & co : 7 ; Horizon : 1."
    groups = [g for g in root.iter(f"{SVG}g") if g.get("class") == "series"]
    assert [g.get("data-series") for g in groups] == ["Équipe <Aurore> & co", "Horizon"]
    dashes = set()
    for g in groups:
        line = g.find(f"{SVG}polyline")
        assert line is not None and len(line.get("points", "").split()) == 3  # the three opened days only
        dashes.add(line.get("stroke-dasharray"))
    assert dashes == {None, "8 4"}  # the two lines are told apart by more than their colour
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "day-label"]
    assert labels == [f"Jour {d}" for d in range(1, 11)]
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "legend")
    assert [t.text for t in legend.iter(f"{SVG}text")] == ["Équipe <Aurore> & co", "Horizon"]
    # no inline style: the console's CSP forbids it
    assert all(el.get("style") is None for el in root.iter())


def test_the_chart_before_day_one_and_with_a_single_day() -> None:
    empty = [Series("Aurore", (None,) * 10)]
    assert describe(empty, "missions réussies") == "Aucun jour n'est encore ouvert : rien à montrer."
    assert describe([], "missions") == "Aucune équipe dans cette session."
    root = _parse(chart_svg(empty, "Progression", "missions réussies"))
    assert len([t for t in root.iter(f"{SVG}text") if t.get("class") == "day-label"]) == 10
    one = _parse(chart_svg([Series("Aurore", (4,) + (None,) * 9)], "P", "missions"))
    group = next(g for g in one.iter(f"{SVG}g") if g.get("class") == "series")
    assert group.find(f"{SVG}polyline") is None and group.find(f"{SVG}circle") is not None  # a lone point
