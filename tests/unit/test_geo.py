"""The check-in rule, with real Lille coordinates and simulated GPS tracks."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import pytest
from geopy.distance import geodesic

from content.loader import load_named_pack
from game.rules import geo
from game.rules.errors import InvalidInput
from game.rules.geo import Fix, Point, Policy, Reading, Rejection, Trend

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


def walk(
    place: Point,
    track: list[tuple[Point, float, float]],
    radius: float = 50,
    lag_s: float = 1,
    previous: Reading | None = None,
    teammates: frozenset[str] = frozenset(),
) -> list[geo.Decision]:
    """Decide each (position, accuracy, seconds) of a track in turn, keeping what the
    service keeps; the server gets each fix ``lag_s`` after it was taken."""
    decisions = []
    for here, accuracy, seconds in track:
        f = Fix(here.latitude, here.longitude, accuracy, NOW + timedelta(seconds=seconds))
        d = geo.decide(f, place, radius, f.taken_at + timedelta(seconds=lag_s), previous, teammates=teammates)
        decisions.append(d)
        previous = d.keep or previous
    return decisions


def test_a_walk_that_arrives_is_accepted_after_staying_and_warms_up_on_the_way() -> None:
    place = at("grand-place")
    # 1.4 m/s, a check every 10 s, from 160 m south; then stays at the colonne
    track = [(moved(place, max(0, 160 - step * 10 * 1.4), 180), 8, 10 * step) for step in range(12)]
    decisions = walk(place, track)
    assert decisions[0].rejection is Rejection.TOO_FAR
    assert "rapproche-toi" in geo.describe(decisions[0])
    assert all(d.trend is Trend.WARMER for d in decisions[1:4])
    first_in = next(i for i, d in enumerate(decisions) if d.inside)
    assert decisions[first_in].distance_m <= 50 + 8
    # the first fix inside only starts the stay: "tu y es presque"
    assert decisions[first_in].rejection is Rejection.STAY and decisions[first_in].wait_s == 20
    assert geo.describe(decisions[first_in]).startswith("Tu y es presque : reste sur place quelques secondes")
    assert decisions[first_in + 1].rejection is Rejection.STAY  # 10 s in: not yet
    assert decisions[first_in + 1].wait_s == pytest.approx(10)
    assert decisions[first_in + 2].accepted  # 20 s inside, by both clocks
    assert decisions[-1].accepted


def test_a_real_group_arriving_together_is_each_accepted_after_twenty_seconds() -> None:
    """Four teammates walk up to the Opéra side by side, each phone with its own GPS
    noise; each is in after one fix inside and a second one 21 s later (the phone sends
    it by itself), and none is taken for a copy of another."""
    place = at("opera-de-lille")
    prints: set[str] = set()
    for n, (bearing, accuracy) in enumerate(((0, 6), (40, 9), (80, 12), (120, 5.5))):
        start = moved(place, 120, 200 + n)
        track = [
            (start, accuracy, 0),
            (moved(place, 60, 200 + n), accuracy, 43),
            (moved(place, 8 + n, bearing), accuracy, 80),
            (moved(place, 9 + n, bearing + 3), accuracy, 101),
        ]
        decisions = walk(place, track, radius=40, teammates=frozenset(prints))
        assert [d.rejection for d in decisions] == [Rejection.TOO_FAR, Rejection.TOO_FAR, Rejection.STAY, None]
        prints |= {d.keep.fingerprint for d in decisions if d.keep and d.inside}


def test_a_teleport_is_refused_then_explained_by_time() -> None:
    gare, citadelle = at("gare-lille-flandres"), Point(50.6403, 3.0458)  # ≈ 1.8 km apart
    [before] = walk(citadelle, [(gare, 10, -6)])
    assert before.rejection is Rejection.TOO_FAR and before.keep is not None
    d = geo.decide(fix(citadelle, 10, seconds_ago=1), citadelle, 100, NOW, before.keep)
    assert d.rejection is Rejection.TELEPORT and d.keep is None and d.suspicious
    # ten minutes later from the same previous reading: a tram ride, not a teleport
    later = Fix(citadelle.latitude, citadelle.longitude, 10, NOW + timedelta(minutes=10))
    assert geo.decide(later, citadelle, 100, later.taken_at, before.keep).rejection is Rejection.STAY


def test_gps_jitter_within_the_accuracy_is_not_a_teleport() -> None:
    place = at("opera-de-lille")
    [before] = walk(place, [(moved(place, 80, 270), 40, -2)], radius=40)
    jitter = fix(moved(place, 10, 90), 40, seconds_ago=1)  # 70 m closer in 1 s, but ±40 m each
    assert before.keep is not None
    assert geo.implied_speed_mps(before.keep, geo.distance_m(jitter.point, place), jitter, NOW) == 0
    assert geo.decide(jitter, place, 40, NOW, before.keep).rejection is not Rejection.TELEPORT


def test_a_refused_inaccurate_fix_is_never_the_previous_one() -> None:
    """Attack: a first fix at home with a 100 km "accuracy" is refused, but used to be
    remembered; its accuracy then forgave any jump onto the place."""
    place = at("grand-place")
    home = moved(place, 3000, 200)
    [far] = walk(place, [(home, 10, -30)])
    [huge] = walk(place, [(home, 100_000, -3)], previous=far.keep)
    assert huge.rejection is Rejection.INACCURATE and huge.keep is None
    jump = geo.decide(fix(place, 8, seconds_ago=1), place, 50, NOW, far.keep)  # what the service still holds
    assert jump.rejection is Rejection.TELEPORT
    # without a previous reading at all, the 100 km fix still opens nothing: one fix inside is not presence
    assert geo.decide(fix(place, 8, seconds_ago=1), place, 50, NOW).rejection is Rejection.STAY


def test_faking_taken_at_at_the_edges_of_the_window_buys_no_travel_time() -> None:
    """Attack: the real fix from 600 m away says it was taken 14 s ago, the fake one at
    the place says 4 s from now: 18 s of travel by the phone's clock (33 m/s, fine),
    but the server got them 1 s apart."""
    place = at("grand-place")
    far = Fix(*_coords(moved(place, 600, 90)), 8, NOW - timedelta(seconds=14))
    first = geo.decide(far, place, 50, NOW)
    assert first.rejection is Rejection.TOO_FAR and first.keep is not None
    fake = Fix(place.latitude, place.longitude, 8, NOW + timedelta(seconds=1 + 4))
    assert geo.decide(fake, place, 50, NOW + timedelta(seconds=1), first.keep).rejection is Rejection.TELEPORT
    # the same two fixes, really 18 s apart: a bike ride, fine
    honest = Fix(place.latitude, place.longitude, 8, NOW + timedelta(seconds=4))
    assert geo.decide(honest, place, 50, NOW + timedelta(seconds=18), first.keep).rejection is Rejection.STAY


def test_presence_needs_twenty_seconds_by_both_clocks() -> None:
    place = at("palais-beaux-arts")
    first = geo.decide(fix(place, 8, seconds_ago=14), place, 50, NOW)  # "taken" at the edge of the window
    assert first.rejection is Rejection.STAY and first.keep is not None
    # the phone claims 23 s later (4 s ahead of the server), the server got it 5 s later: not yet
    early = Fix(place.latitude + 1e-5, place.longitude, 8, NOW + timedelta(seconds=9))
    d = geo.decide(early, place, 50, NOW + timedelta(seconds=5), first.keep)
    assert d.rejection is Rejection.STAY and d.wait_s == pytest.approx(15)
    first = geo.decide(fix(place, 8, seconds_ago=1), place, 50, NOW)
    assert first.keep is not None
    # 21 s later by both clocks: in
    later = Fix(place.latitude + 2e-5, place.longitude, 8, NOW + timedelta(seconds=20))
    assert geo.decide(later, place, 50, NOW + timedelta(seconds=21), first.keep).accepted
    # leaving the place in between starts the stay again
    out = geo.decide(fix(moved(place, 90, 0), 8, seconds_ago=-9), place, 50, NOW + timedelta(seconds=10), first.keep)
    assert out.rejection is Rejection.TOO_FAR and out.keep is not None and out.keep.inside_since_taken is None
    back = geo.decide(later, place, 50, NOW + timedelta(seconds=21), out.keep)
    assert back.rejection is Rejection.STAY
    # the installation may ask for no stay at all
    assert geo.decide(fix(place, 8, seconds_ago=1), place, 50, NOW, policy=Policy(dwell_s=0)).accepted


def test_a_fix_copied_from_a_teammate_is_refused() -> None:
    """Attack: one phone's fix sent with three teammates' logins. The first is the
    phone's own; the same position and accuracy from the others are copies."""
    place = at("grand-place")
    shared = fix(moved(place, 12, 30), 7.5, seconds_ago=1)
    own = geo.decide(shared, place, 50, NOW, key=b"k")
    assert own.rejection is Rejection.STAY and own.keep is not None
    copy = geo.decide(
        shared, place, 50, NOW + timedelta(seconds=2), key=b"k", teammates=frozenset({own.keep.fingerprint})
    )
    assert copy.rejection is Rejection.COPIED and copy.keep is None and copy.suspicious
    assert "sa propre position" in geo.describe(copy)
    # the same copy with a later taken_at is still the same phone's reading
    moved_on = Fix(shared.latitude, shared.longitude, shared.accuracy_m, NOW + timedelta(seconds=3))
    assert (
        geo.decide(
            moved_on, place, 50, NOW + timedelta(seconds=4), key=b"k", teammates=frozenset({own.keep.fingerprint})
        ).rejection
        is Rejection.COPIED
    )
    # a teammate's own phone, a metre away: not a copy
    beside = fix(moved(place, 13, 31), 7.5, seconds_ago=1)
    assert (
        geo.decide(beside, place, 50, NOW, key=b"k", teammates=frozenset({own.keep.fingerprint})).rejection
        is Rejection.STAY
    )


def test_fingerprints_are_keyed_and_short() -> None:
    f = fix(at("grand-place"), 9)
    assert geo.fingerprint(f, b"a") == geo.fingerprint(f, b"a") != geo.fingerprint(f, b"b")
    assert len(geo.fingerprint(f, b"a")) == 16
    assert str(f.latitude) not in geo.fingerprint(f, b"a")


def test_poor_accuracy_is_refused_with_what_to_do() -> None:
    place = at("beffroi-hotel-de-ville")
    d = geo.decide(fix(place, 80), place, 60, NOW)
    assert d.rejection is Rejection.INACCURATE
    assert geo.describe(d) == "Ton GPS est imprécis (80 m), sors à découvert et réessaie."
    assert geo.decide(fix(place, 80), place, 60, NOW, policy=Policy(max_accuracy_m=100)).inside


def test_just_inside_and_just_outside_the_radius() -> None:
    place = at("palais-beaux-arts")
    # accuracy 10 m counts in full: the edge is at 50 + 10 m
    assert geo.decide(fix(moved(place, 59, 45), 10), place, 50, NOW).inside
    outside = geo.decide(fix(moved(place, 61, 45), 10), place, 50, NOW)
    assert outside.rejection is Rejection.TOO_FAR
    assert geo.describe(outside) == "Tu es à 60 m du lieu, rapproche-toi."
    # accuracy 45 m counts only up to 30 m: 50 + 30 is the edge, not 50 + 45
    assert geo.decide(fix(moved(place, 79, 0), 45), place, 50, NOW).inside
    assert geo.decide(fix(moved(place, 82, 0), 45), place, 50, NOW).rejection is Rejection.TOO_FAR


def test_old_future_and_repeated_fixes_are_refused() -> None:
    place = at("grand-place")
    assert geo.decide(fix(place, seconds_ago=16), place, 50, NOW).rejection is Rejection.STALE
    assert geo.decide(fix(place, seconds_ago=-6), place, 50, NOW).rejection is Rejection.STALE
    assert geo.decide(fix(place, seconds_ago=-3), place, 50, NOW).inside  # phone clock slightly ahead
    same = fix(place, 12, seconds_ago=2)
    first = geo.decide(same, place, 50, NOW - timedelta(seconds=1))
    d = geo.decide(same, place, 50, NOW, previous=first.keep)
    assert d.rejection is Rejection.REPEATED and d.keep is None
    assert "même position" in geo.describe(d)


def test_an_old_reading_says_nothing_about_the_next_fix() -> None:
    place = at("grand-place")
    far = geo.decide(fix(moved(place, 2000, 0), 10), place, 50, NOW)
    assert far.keep is not None
    # 31 minutes later the player is at the place: no teleport, no stale stay either
    much_later = NOW + timedelta(minutes=31)
    d = geo.decide(Fix(place.latitude, place.longitude, 8, much_later), place, 50, much_later, far.keep)
    assert d.rejection is Rejection.STAY and d.trend is None


def _coords(p: Point) -> tuple[float, float]:
    return p.latitude, p.longitude


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
