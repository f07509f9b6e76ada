"""The report's SVG chart, compared whole with the chart as drawn when this test was
written (``report_chart.svg``), so that no change to the drawing goes unseen: seven teams (every marker, colour and dash
pattern, the legend on three rows), a day not yet opened, a team with a single point and
a title that needs escaping. After an intended change of the drawing, look at the
new chart in a browser, then write it over the file::

    .venv/bin/python -c "from tests.unit import test_report_chart as t; t.GOLDEN.write_text(t.chart(), 'utf-8')"
"""

from __future__ import annotations

from pathlib import Path

from game.rules.report import Series, chart_svg

GOLDEN = Path(__file__).with_name("report_chart.svg")

SERIES = (
    Series("Aurore", (5, 12, 12, 30, None, None, None, None, None, None)),
    Series("Horizon", (0, 8, 20, 41, None, None, None, None, None, None)),
    Series("Comète", (10, 10, 11, 11, None, None, None, None, None, None)),
    Series("Nova", (3, 3, 3, 7, None, None, None, None, None, None)),
    Series("Zénith", (0, 0, 0, 0, None, None, None, None, None, None)),
    Series("Éclair & <Cie>", (1, 2, 4, 8, None, None, None, None, None, None)),
    Series("Tard", (None, None, None, 15, None, None, None, None, None, None)),
)


def chart() -> str:
    return chart_svg(SERIES, "Éclats « cumulés » & jours", "éclats cumulés", id_prefix="chart-7")


def test_the_chart_is_drawn_exactly_as_checked() -> None:
    assert chart() == GOLDEN.read_text(encoding="utf-8")


def test_an_empty_session_draws_an_empty_chart_that_says_so() -> None:
    svg = chart_svg((), "Éclats", "éclats")
    assert '<desc id="report-chart-desc">Aucune équipe dans cette session.</desc>' in svg
    assert svg.count('class="series"') == 0 and svg.count('class="legend-item"') == 0
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 760 360" width="760" height="360" ')


def test_a_session_with_no_day_opened_says_there_is_nothing_to_show() -> None:
    svg = chart_svg((Series("Aurore", (None,) * 10),), "Éclats", "éclats")
    assert '<desc id="report-chart-desc">Aucun jour n\'est encore ouvert : rien à montrer.</desc>' in svg
    assert svg.count('fill="#667085">Jour ') == 10  # every day label greyed
