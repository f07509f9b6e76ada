"""The check-in rule, with real Lille coordinates and simulated GPS tracks."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import pytest
from geopy.distance import geodesic

from content.loader import load_named_pack
from game.rules import geo
from game.rules.errors import InvalidInput
from game.rules.geo import Fix, Point, Policy, Rejection, Trend

NOW = datetime(2027, 3, 13, 15, 0, 0)
PLACES = {p.id: p for p in load_named_pack("default").places}


def at(place_id: str) -> Point:
    p = PLACES[place_id]
    return Point(p.latitude, p.longitude)


def moved(point: Point, metres: float, bearing: float) -> Point:
    d = geodesic(meters=metres).destination((point.latitude, point.longitude), bearing)
    return Point(d.latitude, d.longitude)


def fix(point: Point, accuracy: float = 10, seconds_ago: float = 1) -> Fix:
    return Fix(point.latitude, point.longitude, accuracy, NOW - timedelta(seconds=seconds_ago))


def haversine(a: Point, b: Point) -> float:
    # an independent cross-check (sphere of mean radius): within 0.5 % of the ellipsoid
    la1, lo1, la2, lo2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(math.sqrt(h))


@pytest.mark.parametrize(
    ("a", "b", "about_m"),
    [
        ("grand-place", "gare-lille-flandres", 530),  # across the old town, east
        ("grand-place", "opera-de-lille", 160),  # the square behind the Vieille Bourse
        ("palais-beaux-arts", "beffroi-hotel-de-ville", 570),  # République to the town hall
        ("grand-place", "cathedrale-treille", 360),  # up into the Vieux-Lille
    ],
)
def test_distances_between_lille_landmarks(a: str, b: str, about_m: float) -> None:
    d = geo.distance_m(at(a), at(b))
    assert d == pytest.approx(geodesic((at(a).latitude, at(a).longitude), (at(b).latitude, at(b).longitude)).meters)
    assert d == pytest.approx(haversine(at(a), at(b)), rel=0.005)
    assert d == pytest.approx(about_m, rel=0.1)


def test_a_walk_that_arrives_is_accepted_and_warms_up_on_the_way() -> None:
    place = at("grand-place")
    previous = None
    decisions = []
    for step in range(12):  # 1.4 m/s, a check every 10 s, from 160 m south
        here = moved(place, 160 - step * 10 * 1.4, 180)
        f = Fix(here.latitude, here.longitude, 8, NOW + timedelta(seconds=10 * step))
        d = geo.decide(f, place, 50, f.taken_at + timedelta(seconds=1), previous)
        decisions.append(d)
        if geo.keeps_as_previous(d):
            previous = f
    assert decisions[0].rejection is Rejection.TOO_FAR
    assert "rapproche-toi" in geo.describe(decisions[0])
    assert all(d.trend is Trend.WARMER for d in decisions[1:4])
    assert decisions[-1].accepted
    first_ok = next(i for i, d in enumerate(decisions) if d.accepted)
    assert decisions[first_ok].distance_m <= 50 + 8


def test_a_teleport_is_refused_then_explained_by_time() -> None:
    gare, citadelle = at("gare-lille-flandres"), Point(50.6403, 3.0458)  # ≈ 1.8 km apart
    before = fix(gare, 10, seconds_ago=6)
    jump = fix(citadelle, 10, seconds_ago=1)
    d = geo.decide(jump, citadelle, 100, NOW, before)
    assert d.rejection is Rejection.TELEPORT
    assert not geo.keeps_as_previous(d)
    # ten minutes later from the same previous fix: a tram ride, not a teleport
    later = Fix(citadelle.latitude, citadelle.longitude, 10, NOW + timedelta(minutes=10))
    assert geo.decide(later, citadelle, 100, later.taken_at, before).accepted


def test_gps_jitter_within_the_accuracy_is_not_a_teleport() -> None:
    place = at("opera-de-lille")
    before = fix(place, 40, seconds_ago=2)
    jitter = fix(moved(place, 70, 90), 40, seconds_ago=1)  # 70 m in 1 s, but ±40 m each
    assert geo.implied_speed_mps(before, jitter) == 0
    assert geo.decide(jitter, place, 40, NOW, before).rejection is not Rejection.TELEPORT


def test_poor_accuracy_is_refused_with_what_to_do() -> None:
    place = at("beffroi-hotel-de-ville")
    d = geo.decide(fix(place, 80), place, 60, NOW)
    assert d.rejection is Rejection.INACCURATE
    assert geo.describe(d) == "Ton GPS est imprécis (80 m), sors à découvert et réessaie."
    assert geo.decide(fix(place, 80), place, 60, NOW, policy=Policy(max_accuracy_m=100)).accepted


def test_just_inside_and_just_outside_the_radius() -> None:
    place = at("palais-beaux-arts")
    # accuracy 10 m counts in full: the edge is at 50 + 10 m
    assert geo.decide(fix(moved(place, 59, 45), 10), place, 50, NOW).accepted
    outside = geo.decide(fix(moved(place, 61, 45), 10), place, 50, NOW)
    assert outside.rejection is Rejection.TOO_FAR
    assert geo.describe(outside) == "Tu es à 60 m du lieu, rapproche-toi."
    # accuracy 45 m counts only up to 30 m: 50 + 30 is the edge, not 50 + 45
    assert geo.decide(fix(moved(place, 79, 0), 45), place, 50, NOW).accepted
    assert geo.decide(fix(moved(place, 82, 0), 45), place, 50, NOW).rejection is Rejection.TOO_FAR


def test_old_future_and_repeated_fixes_are_refused() -> None:
    place = at("grand-place")
    assert geo.decide(fix(place, seconds_ago=16), place, 50, NOW).rejection is Rejection.STALE
    assert geo.decide(fix(place, seconds_ago=-6), place, 50, NOW).rejection is Rejection.STALE
    assert geo.decide(fix(place, seconds_ago=-3), place, 50, NOW).accepted  # phone clock slightly ahead
    same = fix(place, 12, seconds_ago=2)
    d = geo.decide(same, place, 50, NOW, previous=same)
    assert d.rejection is Rejection.REPEATED
    assert "même position" in geo.describe(d)


@pytest.mark.parametrize(
    ("lat", "lon", "acc", "field"),
    [(91, 3, 10, "latitude"), (50, 181, 10, "longitude"), (50, 3, 0, "accuracy"), (math.nan, 3, 10, "position")],
)
def test_impossible_fixes_are_bad_input(lat: float, lon: float, acc: float, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        geo.validate_fix(lat, lon, acc)
    assert caught.value.code == field


def test_a_team_place_needs_k_teammates_within_the_window() -> None:
    recent = {1: NOW - timedelta(minutes=2), 2: NOW - timedelta(minutes=9)}
    assert geo.gathering(recent, 8, 3, 600, NOW) == geo.Gathering(2, 3)
    recent[3] = NOW
    assert geo.gathering(recent, 8, 3, 600, NOW).complete
    recent[2] = NOW - timedelta(minutes=11)  # came too early: no longer counts
    assert not geo.gathering(recent, 8, 3, 600, NOW).complete
    assert geo.gathering({1: NOW}, 1, 3, 600, NOW).complete  # a team of one needs one
