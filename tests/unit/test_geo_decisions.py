"""The check-in decision at its boundaries, compared whole (``geo.Decision``): the radius,
the accuracy limit, the age of a fix, the speed limit, the life of a reading."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from game.rules import geo
from game.rules.errors import InvalidInput
from game.rules.geo import Decision, Fix, Point, Policy, Reading, Rejection, Trend

NOW = datetime(2027, 3, 13, 15, 0, 0)
PLACE = Point(50.6367, 3.0635)  # the Grand-Place, Lille
NORTH = Point(50.6376, 3.0635)  # about 100 m north of it
PRESENT = Policy(dwell_s=0)  # one good fix is enough: the decision at the radius alone


def fix_at(point: Point, accuracy: float = 10.0, taken: datetime = NOW) -> Fix:
    return Fix(point.latitude, point.longitude, accuracy, taken)


def test_a_fix_exactly_at_the_radius_is_at_the_place_and_a_hair_beyond_is_not() -> None:
    f = fix_at(NORTH, accuracy=10)
    distance = geo.distance_m(NORTH, PLACE)
    edge = distance - 10  # the accuracy is credited to the player
    mark = geo.fingerprint(f, b"")
    keep = Reading(distance, 10, NOW, NOW, mark, NOW, NOW)
    assert geo.decide(f, PLACE, edge, NOW, policy=PRESENT) == Decision(True, None, distance, 10, edge, None, keep)
    short = edge - 0.01
    assert geo.decide(f, PLACE, short, NOW, policy=PRESENT) == Decision(
        False, Rejection.TOO_FAR, distance, 10, short, None, Reading(distance, 10, NOW, NOW, mark)
    )


def test_the_accuracy_is_credited_only_up_to_the_policy_limit() -> None:
    f = fix_at(NORTH, accuracy=45)
    distance = geo.distance_m(NORTH, PLACE)
    assert geo.decide(f, PLACE, distance - 30, NOW, policy=PRESENT).accepted
    assert geo.decide(f, PLACE, distance - 30.01, NOW, policy=PRESENT).rejection is Rejection.TOO_FAR


def test_the_worst_accuracy_allowed_is_allowed_and_a_worse_one_is_not() -> None:
    assert geo.decide(fix_at(PLACE, accuracy=50), PLACE, 40, NOW, policy=PRESENT).accepted
    worse = geo.decide(fix_at(PLACE, accuracy=50.5), PLACE, 40, NOW, policy=PRESENT)
    assert worse == Decision(False, Rejection.INACCURATE, 0.0, 50.5, 40, None, None, 0.0)


@pytest.mark.parametrize(
    ("seconds", "stale"),
    [(15, False), (15.5, True), (-5, False), (-5.5, True)],
)
def test_a_fix_up_to_15_s_old_or_5_s_ahead_is_fresh(seconds: float, stale: bool) -> None:
    f = fix_at(PLACE, taken=NOW - timedelta(seconds=seconds))
    decision = geo.decide(f, PLACE, 40, NOW, policy=PRESENT)
    assert (decision.rejection is Rejection.STALE) is stale
    if stale:
        assert decision == Decision(False, Rejection.STALE, 0.0, 10.0, 40, None, None, 0.0)


def test_the_first_fix_inside_waits_for_a_second_one_and_says_how_long() -> None:
    f = fix_at(PLACE, accuracy=8, taken=NOW - timedelta(seconds=2))
    mark = geo.fingerprint(f, b"k")
    keep = Reading(0.0, 8, f.taken_at, NOW, mark, f.taken_at, NOW)
    assert geo.decide(f, PLACE, 40, NOW, key=b"k") == Decision(False, Rejection.STAY, 0.0, 8, 40, None, keep, 20.0)
    later = fix_at(PLACE, accuracy=9, taken=NOW + timedelta(seconds=12))
    then = NOW + timedelta(seconds=13)
    second = geo.decide(later, PLACE, 40, then, keep, key=b"k")
    kept = Reading(0.0, 9, later.taken_at, then, geo.fingerprint(later, b"k"), f.taken_at, NOW)
    # inside for 13 s by the server's clock (14 s by the phone's): 7 s to go
    assert second == Decision(False, Rejection.STAY, 0.0, 9, 40, Trend.SAME, kept, 7.0)
    last = fix_at(PLACE, accuracy=9, taken=NOW + timedelta(seconds=19))
    end = NOW + timedelta(seconds=20)
    third = geo.decide(last, PLACE, 40, end, kept, key=b"k")
    assert third == Decision(
        True,
        None,
        0.0,
        9,
        40,
        Trend.SAME,
        Reading(0.0, 9, last.taken_at, end, geo.fingerprint(last, b"k"), f.taken_at, NOW),
    )


def test_a_reading_is_used_until_it_is_half_an_hour_old() -> None:
    old = Reading(300.0, 5, NOW - timedelta(seconds=1800), NOW - timedelta(seconds=1800), "x")
    f = fix_at(PLACE)
    assert geo.decide(f, PLACE, 40, NOW, old).trend is Trend.WARMER
    older = Reading(300.0, 5, NOW - timedelta(seconds=1801), NOW - timedelta(seconds=1801), "x")
    assert geo.decide(f, PLACE, 40, NOW, older).trend is None


def test_the_speed_limit_itself_is_allowed_and_faster_is_a_teleport() -> None:
    # from 463 m away (±5 m) to the place (±8 m) in 10 s: 450 m in 10 s, 45 m/s
    before = NOW - timedelta(seconds=10)
    previous = Reading(463.0, 5, before, before, "x")
    f = fix_at(PLACE, accuracy=8)
    assert geo.implied_speed_mps(previous, 0.0, f, NOW) == 45.0
    assert geo.decide(f, PLACE, 40, NOW, previous).rejection is Rejection.STAY
    faster = Reading(463.5, 5, before, before, "x")
    assert geo.decide(f, PLACE, 40, NOW, faster) == Decision(False, Rejection.TELEPORT, 0.0, 8, 40, Trend.WARMER, None)
    # the policy's own limit is the one used
    assert geo.decide(f, PLACE, 40, NOW, previous, policy=Policy(max_speed_mps=44)).rejection is Rejection.TELEPORT


def test_the_same_fix_again_is_repeated_and_a_teammates_copy_is_copied() -> None:
    f = fix_at(PLACE)
    first = geo.decide(f, PLACE, 40, NOW)
    assert geo.decide(f, PLACE, 40, NOW + timedelta(seconds=1), first.keep) == Decision(
        False, Rejection.REPEATED, 0.0, 10, 40, Trend.SAME, None, 0.0
    )
    assert geo.decide(f, PLACE, 40, NOW, teammates=frozenset({geo.fingerprint(f, b"")})) == Decision(
        False, Rejection.COPIED, 0.0, 10, 40, None, None, 0.0
    )


@pytest.mark.parametrize(("latitude", "longitude"), [(-90, -180), (90, 180), (0, 0)])
def test_the_ends_of_the_earth_are_valid_positions(latitude: float, longitude: float) -> None:
    assert geo.validate_fix(latitude, longitude, 0.5) is None


@pytest.mark.parametrize(
    ("latitude", "longitude", "accuracy", "code"),
    [
        (-90.001, 0, 5, "latitude"),
        (90.001, 0, 5, "latitude"),
        (0, -180.001, 5, "longitude"),
        (0, 180.001, 5, "longitude"),
        (0, 0, 0, "accuracy"),
        (0, 0, -1, "accuracy"),
        (float("nan"), 0, 5, "position"),
        (0, float("inf"), 5, "position"),
        (0, 0, float("nan"), "position"),
    ],
)
def test_impossible_positions_are_bad_input(latitude: float, longitude: float, accuracy: float, code: str) -> None:
    with pytest.raises(InvalidInput) as err:
        geo.validate_fix(latitude, longitude, accuracy)
    assert err.value.code == code


@pytest.mark.parametrize(
    ("distance", "said"),
    [
        (4.4, "Tu es à 4 m du lieu, rapproche-toi."),
        (19.6, "Tu es à 20 m du lieu, rapproche-toi."),
        (20, "Tu es à 20 m du lieu, rapproche-toi."),
        (236, "Tu es à 240 m du lieu, rapproche-toi."),
        (999, "Tu es à 1000 m du lieu, rapproche-toi."),
        (1000, "Tu es à 1,0 km du lieu, rapproche-toi."),
        (12345, "Tu es à 12,3 km du lieu, rapproche-toi."),
    ],
)
def test_the_distance_is_told_in_round_metres_then_kilometres(distance: float, said: str) -> None:
    assert geo.describe(Decision(False, Rejection.TOO_FAR, distance, 10, 40, None)) == said


def test_each_outcome_is_told_in_plain_words() -> None:
    def told(rejection: Rejection | None, accuracy: float = 10) -> str:
        return geo.describe(Decision(rejection is None, rejection, 100, accuracy, 40, None))

    assert told(None) == "Tu es sur place !"
    assert told(Rejection.INACCURATE, 1500) == "Ton GPS est imprécis (1,5 km), sors à découvert et réessaie."
    assert told(Rejection.STAY).startswith("Tu y es presque")
    assert told(Rejection.TELEPORT).startswith("Ta position a sauté d'un coup")
    assert told(Rejection.STALE).startswith("Ta position est trop ancienne")
    assert told(Rejection.COPIED).startswith("Cette position est exactement la même")
    assert told(Rejection.REPEATED).startswith("C'est la même position que la dernière fois")


def test_the_trend_and_the_hidden_distance_are_told_roughly() -> None:
    assert [geo.describe_trend(t) for t in (Trend.WARMER, Trend.COLDER, Trend.SAME, None)] == [
        "Tu te rapproches…",
        "Tu t'éloignes…",
        "Tu n'as pas beaucoup bougé.",
        None,
    ]
    assert [geo.describe_hidden(d) for d in (0, 149.9, 150, 499.9, 500)] == [
        "Tu es tout près : cherche autour de toi.",
        "Tu es tout près : cherche autour de toi.",
        "Tu n'es pas loin : continue à chercher.",
        "Tu n'es pas loin : continue à chercher.",
        "Tu es encore loin du lieu.",
    ]


def test_the_trend_needs_more_than_ten_metres_of_change() -> None:
    def trend(at: Point, before_m: float) -> Trend | None:
        half_a_minute = NOW - timedelta(seconds=30)
        return geo.decide(fix_at(at), PLACE, 40, NOW, Reading(before_m, 5, half_a_minute, half_a_minute, "x")).trend

    away = geo.distance_m(NORTH, PLACE)
    assert [trend(PLACE, 10), trend(PLACE, 10.5), trend(NORTH, away - 10), trend(NORTH, away - 10.5)] == [
        Trend.SAME,
        Trend.WARMER,
        Trend.SAME,
        Trend.COLDER,
    ]
    assert geo.decide(fix_at(PLACE), PLACE, 40, NOW, Reading(0, 5, NOW, NOW, "x"), with_trend=False).trend is None


def test_a_gathering_counts_teammates_checked_in_within_the_window() -> None:
    checkins = {1: NOW, 2: NOW - timedelta(seconds=600), 3: NOW - timedelta(seconds=601), 4: NOW + timedelta(seconds=1)}
    assert geo.gathering(checkins, 5, 3, 600, NOW) == geo.Gathering(2, 3)
    assert geo.gathering(checkins, 2, 3, 600, NOW) == geo.Gathering(2, 2)
    assert geo.gathering({}, 0, 0, 600, NOW) == geo.Gathering(0, 1)
    assert [geo.Gathering(2, 3).complete, geo.Gathering(3, 3).complete, geo.Gathering(4, 3).complete] == [
        False,
        True,
        True,
    ]
