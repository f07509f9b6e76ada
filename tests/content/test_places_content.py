"""Places in packs: routes, team places, the Saint-Lô pack, and editing a pack's
places from the console (checked like any pack; a refused change writes nothing)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from geopy.distance import geodesic

from content import editor
from content.catalog import QuestKind
from content.loader import PackError, check_pack, load_named_pack, load_pack, pack_path, use_local_packs

from .test_pack_loader import _MINIMAL, Files, problems_of, write_pack


@pytest.fixture
def files() -> Files:
    return copy.deepcopy(_MINIMAL)


def _route(files: Files, order: str, stops: list[str]) -> None:
    days: list[dict[str, Any]] = files["pack.yaml"]["days"]
    next(d for d in days if d["number"] == 6)["route"] = {"title": "Balade", "order": order, "stops": stops}


def _second_place_quest(files: Files) -> None:
    second = dict(files["quests/day06.yaml"][0], id="visite-opera", place="grand-place", offers=[])
    files["quests/day06.yaml"].append(second)


def test_an_ordered_route_makes_each_stop_wait_for_the_previous(tmp_path: Path, files: Files) -> None:
    _second_place_quest(files)
    _route(files, "ordered", ["visite-grand-place", "visite-opera"])
    catalog = load_pack(write_pack(tmp_path, files))
    assert "visite-grand-place" in catalog.quest("visite-opera").prerequisites  # type: ignore[union-attr]
    day = catalog.day(6)
    assert day is not None and day.route is not None and day.route.ordered
    assert catalog.route_of("visite-opera") is day.route


def test_a_free_route_adds_no_order(tmp_path: Path, files: Files) -> None:
    _second_place_quest(files)
    _route(files, "free", ["visite-grand-place", "visite-opera"])
    catalog = load_pack(write_pack(tmp_path, files))
    assert catalog.quest("visite-opera").prerequisites == ()  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("stops", "reason"),
    [
        (["nulle-part"], "identifiant inconnu : « nulle-part »"),
        (["rdv-conseiller"], "doit être une quête de type « place »"),
    ],
)
def test_route_stops_must_be_place_quests_of_that_day(
    tmp_path: Path, files: Files, stops: list[str], reason: str
) -> None:
    _route(files, "free", stops)
    problems = problems_of(tmp_path, files)
    assert [p.file for p in problems] == ["pack.yaml"], problems
    assert problems[0].path == "days[5].route.stops[0]" and reason in problems[0].reason


def test_route_order_and_team_fields_are_checked(tmp_path: Path, files: Files) -> None:
    _route(files, "en-vrac", ["visite-grand-place"])
    files["quests/day06.yaml"][0]["team_min"] = 0
    files["quests/day01.yaml"][0]["hot_cold"] = True
    reasons = {(p.file, p.path.split(".")[-1]): p.reason for p in problems_of(tmp_path, files)}
    assert "ordre inconnu" in reasons[("pack.yaml", "order")]
    assert "au moins 1" in reasons[("quests/day06.yaml", "team_min")]
    assert "non prévu" in reasons[("quests/day01.yaml", "hot_cold")]


def test_the_saint_lo_pack_is_a_valid_pack_of_its_own_town() -> None:
    assert check_pack(pack_path("saint-lo")) == []
    catalog = load_named_pack("saint-lo")
    assert catalog.town == "Saint-Lô" and "Saint-Lô" in catalog.organisation
    centre = (49.115, -1.090)
    for place in catalog.places:  # all in Saint-Lô, a walk apart
        assert geodesic(centre, (place.latitude, place.longitude)).meters < 2000, place.id
    routes = [d.route for d in catalog.days if d.route]
    assert {r.ordered for r in routes} == {True, False}
    assert any(q.kind is QuestKind.PLACE and q.team_min > 1 for q in catalog.quests)


def test_default_pack_places_are_real_lille_places_on_routes() -> None:
    catalog = load_named_pack("default")
    hotel_de_ville = (50.6313, 3.0706)  # Lille town hall, where the Mission Locale's town is run
    for place in catalog.places:
        assert geodesic(hotel_de_ville, (place.latitude, place.longitude)).meters < 2500, place.id
        assert place.address
    for day in (6, 7):
        route = catalog.day(day).route  # type: ignore[union-attr]
        assert route is not None and all(catalog.quest(s).kind is QuestKind.PLACE for s in route.stops)  # type: ignore[union-attr]


@pytest.fixture
def local(tmp_path: Path) -> Any:
    use_local_packs(tmp_path / "packs")
    yield tmp_path / "packs"
    use_local_packs(None)


def test_a_copy_can_be_moved_and_a_change_that_breaks_it_writes_nothing(local: Path) -> None:
    editor.copy_pack("default", "ma-ville", town="Roubaix")
    assert load_named_pack("ma-ville").town == "Roubaix"
    moved = editor.move_place("ma-ville", "opera-de-lille", editor.PlaceChange(50.638, 3.0655, radius_m=35))
    assert (moved.latitude, moved.longitude, moved.radius_m) == (50.638, 3.0655, 35)
    before = (local / "ma-ville" / "places.yaml").read_bytes()
    with pytest.raises(PackError) as refused:
        editor.move_place("ma-ville", "opera-de-lille", editor.PlaceChange(50.638, 3.0655, name="   "))
    assert "name" in str(refused.value)
    assert (local / "ma-ville" / "places.yaml").read_bytes() == before
    assert not [p for p in local.iterdir() if p.name.startswith(".")]  # no scratch copy left behind
    with pytest.raises(editor.EditError) as shipped:
        editor.move_place("default", "opera-de-lille", editor.PlaceChange(50.638, 3.0655))
    assert shipped.value.code == "pack_read_only"
    with pytest.raises(editor.EditError):
        editor.copy_pack("default", "../evil")


def test_place_ids_from_names() -> None:
    assert editor.place_id_for("Église Notre-Dame de Saint-Lô") == "eglise-notre-dame-de-saint-lo"
