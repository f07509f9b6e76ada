"""Wall-clock times and the instants they name (game/rules/localtime.py), with the real
IANA rules of the zones Missions Locales use and a few stranger ones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from game.rules.localtime import LocalTimeError, clock_change, from_instant, from_wall, local, series_problem

PARIS = ZoneInfo("Europe/Paris")


def test_an_ordinary_paris_time_names_one_instant_winter_and_summer() -> None:
    assert from_wall(datetime(2027, 1, 15, 14, 0), PARIS) == datetime(2027, 1, 15, 13, 0)
    assert from_wall(datetime(2027, 7, 1, 14, 0), PARIS) == datetime(2027, 7, 1, 12, 0)
    assert local(datetime(2027, 7, 1, 12, 0), PARIS).isoformat() == "2027-07-01T14:00:00+02:00"


@pytest.mark.parametrize(
    ("wall", "kind", "wall_from", "wall_to"),
    [
        (datetime(2027, 3, 28, 2, 30), "gap", "02:00", "03:00"),
        (datetime(2027, 3, 28, 2, 0), "gap", "02:00", "03:00"),
        (datetime(2027, 10, 31, 2, 30), "overlap", "03:00", "02:00"),
        (datetime(2027, 10, 31, 2, 0), "overlap", "03:00", "02:00"),
    ],
)
def test_the_paris_nights_the_clocks_change(wall: datetime, kind: str, wall_from: str, wall_to: str) -> None:
    change = clock_change(wall, PARIS)
    assert change is not None and change.kind == kind and change.length == timedelta(hours=1)
    assert (f"{change.wall_from:%H:%M}", f"{change.wall_to:%H:%M}") == (wall_from, wall_to)
    with pytest.raises(LocalTimeError) as refused:
        from_wall(wall, PARIS)
    assert "Choisissez une heure avant 02:00 ou à partir de 03:00." in refused.value.reason


def test_the_edges_of_the_changes_are_ordinary_times() -> None:
    assert from_wall(datetime(2027, 3, 28, 1, 59), PARIS) == datetime(2027, 3, 28, 0, 59)
    assert from_wall(datetime(2027, 3, 28, 3, 0), PARIS) == datetime(2027, 3, 28, 1, 0)
    assert from_wall(datetime(2027, 10, 31, 1, 59), PARIS) == datetime(2027, 10, 30, 23, 59)
    assert from_wall(datetime(2027, 10, 31, 3, 0), PARIS) == datetime(2027, 10, 31, 2, 0)


def test_overseas_zones_without_changes_accept_every_time() -> None:
    for name in ("America/Cayenne", "Indian/Reunion", "Pacific/Noumea", "America/Martinique", "Indian/Mayotte"):
        assert clock_change(datetime(2027, 3, 28, 2, 30), ZoneInfo(name)) is None
        assert clock_change(datetime(2027, 10, 31, 2, 30), ZoneInfo(name)) is None


def test_the_southern_hemisphere_and_a_half_hour_change() -> None:
    sydney = ZoneInfo("Australia/Sydney")  # back in April, forward in October
    assert clock_change(datetime(2027, 4, 4, 2, 30), sydney).kind == "overlap"  # type: ignore[union-attr]
    assert clock_change(datetime(2027, 10, 3, 2, 30), sydney).kind == "gap"  # type: ignore[union-attr]
    lord_howe = ZoneInfo("Australia/Lord_Howe")  # the clocks move by 30 minutes
    with pytest.raises(LocalTimeError) as refused:
        from_wall(datetime(2027, 10, 3, 2, 15), lord_howe)
    assert "avancent de 30 minutes" in refused.value.reason and "à partir de 02:30" in refused.value.reason


def test_an_instant_must_carry_the_zones_offset_at_that_instant() -> None:
    at = datetime(2027, 1, 15, 14, 0, tzinfo=timezone(timedelta(hours=1)))
    assert from_instant(at, PARIS) == datetime(2027, 1, 15, 13, 0)
    with pytest.raises(LocalTimeError) as refused:  # a Paris wall time sent as UTC
        from_instant(datetime(2027, 1, 15, 14, 0, tzinfo=UTC), PARIS)
    assert "+00:00" in refused.value.reason and "2027-01-15T15:00:00+01:00" in refused.value.reason
    with pytest.raises(LocalTimeError) as summer:  # the winter offset in July
        from_instant(datetime(2027, 7, 1, 14, 0, tzinfo=timezone(timedelta(hours=1))), PARIS)
    assert "(+02:00)" in summer.value.reason
    with pytest.raises(LocalTimeError):  # no offset at all
        from_instant(datetime(2027, 1, 15, 14, 0), PARIS)


@pytest.mark.parametrize("hours", [1, 2])
def test_an_instant_at_a_repeated_wall_time_is_refused_whichever_offset(hours: int) -> None:
    """Both are real instants, but the young person reads « 02:30 » and the calendar file
    says 02:30 Europe/Paris, which RFC 5545 reads as the first of the two."""
    at = datetime(2027, 10, 31, 2, 30, tzinfo=timezone(timedelta(hours=hours)))
    with pytest.raises(LocalTimeError) as refused:
        from_instant(at, PARIS)
    assert "existe deux fois" in refused.value.reason


def test_a_series_is_checked_slot_by_slot_in_real_time() -> None:
    first = from_wall(datetime(2027, 10, 31, 1, 0), PARIS)
    starts = [first + timedelta(minutes=30 * i) for i in range(4)]  # 01:00, 01:30, 02:00 (first), 02:30
    problem = series_problem(starts, PARIS)
    assert problem is not None and problem.startswith("le 3e créneau de la série")
    assert series_problem(starts[:2], PARIS) is None


def test_dates_at_the_ends_of_the_calendar_are_refused_not_crashed() -> None:
    with pytest.raises(LocalTimeError):
        from_wall(datetime(1, 1, 1, 0, 0), PARIS)
    with pytest.raises(LocalTimeError):
        from_instant(datetime(9999, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-5))), PARIS)
