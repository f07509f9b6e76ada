"""Boundaries of the rules that the whole-decision tests do not reach: the speed of a
jump, the rounding of distances, the chart's scale and lines, attendance at the instant
a day closes, enclosing marks, a zone named in one word and a zone at UTC+0
(docs/MUTATION.md)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from game.rules import geo, names
from game.rules import localtime as lt
from game.rules.errors import InvalidInput
from game.rules.geo import Decision, Fix, Point, Policy, Reading, Rejection
from game.rules.localtime import ClockChange
from game.rules.report import Mark, Series, attendance, chart_svg, day_windows, nice_step

NOW = datetime(2027, 3, 13, 15, 0, 0)
PLACE = Point(50.6367, 3.0635)


def here(accuracy: float, seconds_ago: float = 0) -> Fix:
    return Fix(PLACE.latitude, PLACE.longitude, accuracy, NOW - timedelta(seconds=seconds_ago))


def reading(distance: float, seconds_ago: float) -> Reading:
    at = NOW - timedelta(seconds=seconds_ago)
    return Reading(distance, 5, at, at, "before")


@pytest.mark.parametrize(
    ("previous", "speed"),
    [
        (reading(100, 1), 87.0),  # 100 m - 5 - 8 forgiven, in one second
        (reading(100, 0), float("inf")),  # any move in no time at all
        (reading(13, 0), 0.0),  # no more than both accuracies: no move
        (reading(13.5, 0.01), 50.0),  # half a metre in a hundredth of a second
    ],
)
def test_the_least_speed_of_a_jump(previous: Reading, speed: float) -> None:
    assert geo.implied_speed_mps(previous, 0.0, here(8), NOW) == pytest.approx(speed)


def test_the_speed_forgives_the_accuracy_the_installation_allows() -> None:
    # 300 m away 5 s ago, now on the place at ±80 m: 215 m in 5 s with a 100 m limit
    # (43 m/s, walkable by the rule), 245 m with the default 50 m limit (49 m/s: a jump)
    wide = Policy(max_accuracy_m=100, dwell_s=0)
    assert geo.decide(here(80), PLACE, 40, NOW, reading(300, 5), policy=wide).accepted
    slower = Policy(max_accuracy_m=100, max_speed_mps=42)
    assert geo.decide(here(80), PLACE, 40, NOW, reading(300, 5), policy=slower).rejection is Rejection.TELEPORT
    assert geo.decide(here(40), PLACE, 40, NOW, reading(300, 5)).rejection is Rejection.TELEPORT


def test_distances_from_twenty_metres_are_rounded_to_ten() -> None:
    told = [geo.describe(Decision(False, Rejection.TOO_FAR, d, 10, 40, None)) for d in (19.4, 20.6, 24.9, 25.1)]
    assert told == [f"Tu es à {m} m du lieu, rapproche-toi." for m in (19, 20, 20, 30)]


def test_tick_steps_grow_by_tens_for_big_totals() -> None:
    assert [nice_step(n) for n in (501, 600, 601, 5000, 12000)] == [100, 100, 200, 1000, 2000]


def test_a_small_chart_counts_one_by_one_and_joins_two_points_with_a_line() -> None:
    svg = chart_svg((Series("Aurore", (2, 5) + (None,) * 8),), "Éclats", "éclats")
    labels = [line.rsplit(">", 2)[-2].split("<")[0] for line in svg.splitlines() if 'text-anchor="end"' in line]
    assert labels == ["0", "1", "2", "3", "4", "5"]
    assert svg.count("<polyline ") == 1
    full = chart_svg((Series("Aurore", tuple(range(10))),), "Éclats", "éclats")
    assert full.count('fill="#181c28">Jour ') == 10  # every day opened: no label greyed


def test_a_day_closing_as_someone_joins_or_leaves_is_not_held_against_them() -> None:
    monday, tuesday = datetime(2026, 11, 23, 9), datetime(2026, 11, 24, 9)
    windows = day_windows({1: monday, 2: tuesday})
    marks = attendance(windows, [], joined_at=tuesday, days=2)
    assert marks == (Mark.NOT_ENROLLED, Mark.ABSENT)
    assert attendance(windows, [], joined_at=monday, revoked_at=tuesday, days=2) == (Mark.ABSENT, Mark.NOT_ENROLLED)


def test_enclosing_marks_count_as_accents_on_a_letter() -> None:
    assert names.clean_nickname("A\u20dd\u20dd") == "A\u20dd\u20dd"
    with pytest.raises(InvalidInput) as err:
        names.clean_nickname("A\u20dd\u20dd\u20dd")
    assert err.value.message == "Ton pseudo a trop d'accents sur une même lettre."
    # marks before any letter are counted from the first
    assert names.clean_nickname("\u0301\u0301ab") == "\u0301\u0301ab"


def test_a_zone_named_in_one_word_and_a_zone_at_utc_are_handled() -> None:
    assert lt.why_not(datetime(2027, 3, 28, 2, 30), ZoneInfo("Poland")) == (
        "le 28/03/2027 à 02:30 n'existe pas à l'heure de Poland (Poland) : cette nuit-là, les montres avancent "
        "d'une heure (à 02:00, elles passent directement à 03:00). Choisissez une heure avant 02:00 ou à partir "
        "de 03:00."
    )
    # London goes back to UTC+0 in October: an hour long, not an hour less a microsecond
    london = ZoneInfo("Europe/London")
    assert lt.clock_change(datetime(2027, 10, 31, 1, 30), london) == ClockChange(
        "overlap", datetime(2027, 10, 31, 2), datetime(2027, 10, 31, 1), timedelta(hours=1)
    )
    assert lt.from_instant(datetime(2027, 1, 5, 9, 0, tzinfo=UTC), ZoneInfo("UTC")) == datetime(2027, 1, 5, 9, 0)
    assert lt.from_instant(datetime(2027, 1, 5, 9, 0, tzinfo=UTC), london) == datetime(2027, 1, 5, 9, 0)


def test_a_time_the_clocks_skip_is_explained_whatever_offset_it_was_sent_with() -> None:
    paris = ZoneInfo("Europe/Paris")
    skipped = datetime(2027, 3, 28, 2, 30, tzinfo=lt.local(datetime(2027, 1, 1), paris).tzinfo)
    with pytest.raises(lt.LocalTimeError) as err:
        lt.from_instant(skipped, paris)
    assert err.value.reason == lt.why_not(datetime(2027, 3, 28, 2, 30), paris)
