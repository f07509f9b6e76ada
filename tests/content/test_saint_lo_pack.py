"""The Saint-Lô pack (the Incubateur de Compétences of the Mission Locale Saint-Lô
Carentan) is a full 10-day game of about 20 hours, local in one place, readable, with
its own offers, diagnosis, reflections, weekend routes and badges; each check-in point
is on the building it names.

Reachability and coverage are recomputed from the catalogue instead of trusting the
loader's own checks, so a loader bug cannot hide a broken pack."""

from __future__ import annotations

from typing import Any

import pytest
from geopy.distance import geodesic

from content.catalog import Catalog, QuestKind
from content.loader import PACKS_DIR, load_pack, review_pack

SAINT_LO = PACKS_DIR / "saint-lo"

#: Where each building really is, from the sources written at the top of places.yaml.
BUILDINGS = {
    "eglise-notre-dame": (49.11537, -1.09467),  # Waymarking: N 49° 06.922, W 1° 05.680
    "hotel-de-ville": (49.116111, -1.091111),  # Wikipédia: 49° 06′ 58″ N, 1° 05′ 28″ O
    "gare-saint-lo": (49.116944, -1.1),  # Wikipédia: 49° 07′ 01″ N, 1° 06′ 00″ O
    "centre-jean-lurcat": (49.11687, -1.08791),  # Wikipédia and Wikimanche
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_pack(SAINT_LO)


def test_the_pack_loads_and_check_strict_finds_nothing(catalog: Catalog) -> None:
    checked = max(o.verified_on for o in catalog.offers if o.verified_on)  # the day it was signed off
    problems, warnings = review_pack(SAINT_LO, checked)
    assert [str(p) for p in problems] == []
    assert [str(w) for w in warnings] == []  # long sentences, acronyms, point médian, old facts


def test_about_twenty_hours_over_ten_days_with_four_quests_a_day_at_least(catalog: Catalog) -> None:
    minutes = {d: sum(q.duration_minutes for q in catalog.quests_of_day(d)) for d in range(1, 11)}
    assert all(110 <= m <= 130 for m in minutes.values()), minutes
    assert 1140 <= sum(minutes.values()) <= 1260
    assert all(len(catalog.quests_of_day(d)) >= 4 for d in range(1, 11))


def test_the_25_offers_dated_and_sourced_and_each_unlocked_by_a_reachable_quest(catalog: Catalog) -> None:
    assert len(catalog.offers) == 25
    assert all(o.verified_on and o.sources for o in catalog.offers)
    reachable: set[str] = set()
    for quest in catalog.quests:  # sorted by day: prerequisites come first
        if all(p in reachable and (q := catalog.quest(p)) and q.day <= quest.day for p in quest.prerequisites):
            reachable.add(quest.id)
    unlocked = {o for q in catalog.quests if q.id in reachable for o in q.offers}
    assert [o.id for o in catalog.offers if o.id not in unlocked] == []


def test_local_in_one_place_the_mission_locale_of_saint_lo(catalog: Catalog) -> None:
    ml = catalog.mission_locale
    assert ml is not None and ml.name == "Mission Locale Saint-Lô Carentan" and ml.region == "Normandie"
    assert catalog.organisation == ml.name and catalog.town == "Saint-Lô"
    texts = _all_texts(catalog)
    assert not [t for t in texts if "Lille" in t or "Hauts-de-France" in t or "{{" in t]
    yanis = next(c for c in catalog.characters if c.id == "yanis")
    assert ml.name in yanis.role


def test_every_check_in_point_is_inside_its_radius_of_the_building(catalog: Catalog) -> None:
    assert {p.id for p in catalog.places} == set(BUILDINGS)
    for place in catalog.places:
        metres = geodesic(BUILDINGS[place.id], (place.latitude, place.longitude)).meters
        assert metres < place.radius_m / 2, f"{place.id}: {metres:.0f} m of the building"
    town_hall = catalog.place("hotel-de-ville")
    assert town_hall is not None
    old_point = (49.1144, -1.0917)  # the commune's centre, where the point used to be
    assert geodesic(BUILDINGS["hotel-de-ville"], old_point).meters > town_hall.radius_m


def test_weekend_routes_are_autonomous_and_walk_the_town(catalog: Catalog) -> None:
    assert [d.number for d in catalog.days if d.autonomous] == [6, 7]
    for number in (6, 7):
        day = catalog.day(number)
        assert day is not None and day.route is not None
        stops = [catalog.quest(s) for s in day.route.stops]
        assert len(stops) >= 2 and all(q is not None and q.kind is QuestKind.PLACE for q in stops)
    assert {catalog.day(6).route.ordered, catalog.day(7).route.ordered} == {True, False}  # type: ignore[union-attr]


def test_reflections_diagnosis_and_the_incubator_steps(catalog: Catalog) -> None:
    reflective = [d.number for d in catalog.days if d.reflection]
    assert len(reflective) >= 5 and {2, 3, 10} <= set(reflective)
    assert catalog.diagnosis is not None and len(catalog.diagnosis.families) >= 11
    intros = {d.number: d.intro for d in catalog.days}
    for step, number in ((1, 1), (2, 4), (3, 9), (4, 10)):
        assert f"Étape {step} de l'Incubateur" in intros[number]


def test_badges_rest_on_observable_evidence_with_a_level(catalog: Catalog) -> None:
    badges = [s for s in catalog.skills if s.is_badge]
    assert {s.id for s in badges} == {s.id for s in catalog.skills}  # every skill can become a badge
    for skill in badges:
        assert skill.level in (1, 2, 3, 4) and skill.evidence, skill.id
        weekday_quests = [q for q in catalog.quests if skill.id in q.skills and not catalog.day(q.day).autonomous]  # type: ignore[union-attr]
        assert weekday_quests, f"{skill.id} only on the weekend"
    categories = {s.id: s.category for s in catalog.skills}
    assert categories["resolution-problemes"] == "savoir-faire"
    assert {"cooperation", "resolution-problemes"} <= {s.id for s in badges if "piece" in s.evidence}


def _all_texts(catalog: Catalog) -> list[str]:
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, tuple | list):
            for item in value:
                walk(item)
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                walk(getattr(value, name))

    walk(catalog)
    return found
