"""Urban games over REST: check-ins by GPS and QR code, the facilitator's hand, the
team place that needs k teammates, where teams have been, and editing a pack's places."""

from __future__ import annotations

import time
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from geopy.distance import geodesic
from sqlalchemy import func, inspect, select

from api.extensions import db, engine
from game.store.models import ProcessedAction

from ..conftest import create_session, join, open_day

Headers = dict[str, str]
GRAND_PLACE = (50.6369, 3.0633)
GARE = (50.6364, 3.0708)


def near(point: tuple[float, float], metres: float, bearing: float = 90) -> tuple[float, float]:
    d = geodesic(meters=metres).destination(point, bearing)
    return d.latitude, d.longitude


def fix(point: tuple[float, float], accuracy: float = 8, seconds_ago: float = 1, **extra: Any) -> dict[str, Any]:
    return {
        "latitude": point[0],
        "longitude": point[1],
        "accuracy": accuracy,
        "taken_at": int((time.time() - seconds_ago) * 1000),
        **extra,
    }


@pytest.fixture
def weekend(client: FlaskClient, staff: Headers) -> dict[str, Any]:
    """Day 6 open, the day's first riddle solved: the Grand'Place (3 teammates needed
    within 20 minutes) and the Opéra are on the team's map."""
    game = create_session(client, staff, teams=["Les Comètes", "Les Lynx"], players_choose_team=True)
    team = game["teams"][0]["id"]
    phones = [join(client, game["join_code"], name, team) for name in ("Inès", "Yanis", "Lou", "Sami")]
    rival = join(client, game["join_code"], "Noa", game["teams"][1]["id"])
    for day in range(1, 7):
        open_day(client, staff, game["id"], day)
    r = client.post("/api/me/quests/d6-braderie/answer", json={"answer": "braderie"}, headers=phones[0])
    assert r.status_code == 200 and r.json["correct"], r.json
    return {"game": game, "team": team, "phones": phones, "rival": rival}


def checkin(client: FlaskClient, who: Headers, body: dict[str, Any], quest: str = "d6-place-grand-place") -> Any:
    return client.post(f"/api/me/quests/{quest}/checkin", json=body, headers=who)


def visits(client: FlaskClient, staff: Headers, game: dict[str, Any], team: int) -> list[dict[str, Any]]:
    r = client.get(f"/api/sessions/{game['id']}/places", headers=staff)
    assert r.status_code == 200, r.json
    return next(j for j in r.json["journeys"] if j["team_id"] == team)["visits"]  # type: ignore[no-any-return]


def test_the_map_shows_the_team_places_and_clues_not_positions(client: FlaskClient, weekend: dict[str, Any]) -> None:
    r = client.get("/api/me/places", headers=weekend["phones"][0])
    assert r.status_code == 200
    by_quest = {p["quest_id"]: p for p in r.json["places"]}
    assert set(by_quest) == {"d6-place-grand-place", "d6-place-opera"}  # day 7's are not open yet
    grand = by_quest["d6-place-grand-place"]
    assert grand["place"]["name"].startswith("Grand'Place") and grand["team_min"] == 3
    assert "colonne de la Déesse" in grand["clue"]
    assert r.json["map"]["tiles_url"]


def test_too_far_is_refused_with_the_distance_and_nothing_is_kept(
    app: Flask, client: FlaskClient, staff: Headers, weekend: dict[str, Any]
) -> None:
    with app.app_context():
        rows_before = db().scalar(select(func.count()).select_from(ProcessedAction))
    r = checkin(client, weekend["phones"][0], fix(near(GRAND_PLACE, 130), client_id="refused-0001"))
    assert r.status_code == 200
    assert r.json["accepted"] is False and r.json["reason"] == "too_far"
    assert r.json["message"] == "Tu es à 130 m du lieu, rapproche-toi."
    assert visits(client, staff, weekend["game"], weekend["team"]) == []
    with app.app_context():  # a refused fix (every few seconds on a walk) leaves no row at all
        assert db().scalar(select(func.count()).select_from(ProcessedAction)) == rows_before


def test_poor_accuracy_is_refused_with_what_to_do(client: FlaskClient, weekend: dict[str, Any]) -> None:
    r = checkin(client, weekend["phones"][0], fix(GRAND_PLACE, accuracy=80))
    assert r.json["reason"] == "inaccurate"
    assert r.json["message"] == "Ton GPS est imprécis (80 m), sors à découvert et réessaie."


def test_a_teleport_is_refused(client: FlaskClient, weekend: dict[str, Any]) -> None:
    phone = weekend["phones"][0]
    assert checkin(client, phone, fix(GARE, seconds_ago=3)).json["reason"] == "too_far"
    r = checkin(client, phone, fix(GRAND_PLACE, seconds_ago=1))  # 530 m in 2 s
    assert r.json["accepted"] is False and r.json["reason"] == "teleport"


def test_three_teammates_together_win_the_place_for_the_whole_team(
    client: FlaskClient, staff: Headers, weekend: dict[str, Any]
) -> None:
    p = weekend["phones"]
    before = client.get("/api/me", headers=p[3]).json["team"]["eclats"]
    first = checkin(client, p[0], fix(near(GRAND_PLACE, 20)))
    assert first.json["accepted"] and not first.json["solved"]
    assert (first.json["present"], first.json["needed"]) == (1, 3)
    assert "Il manque encore 2 coéquipiers" in first.json["message"]
    again = checkin(client, p[0], fix(near(GRAND_PLACE, 15)))  # the same player twice counts once
    assert again.json["present"] == 1
    second = checkin(client, p[1], fix(GRAND_PLACE))
    assert second.json.get("present") == 2, second.json
    last = checkin(client, p[2], fix(near(GRAND_PLACE, 30, 200), accuracy=12))
    assert last.json["solved"] is True and last.json["eclats"] > before
    # the fourth teammate, who stayed home, sees it won
    quests = {q["id"]: q for q in client.get("/api/me/quests", headers=p[3]).json}
    assert quests["d6-place-grand-place"]["status"] == "solved"
    seen = visits(client, staff, weekend["game"], weekend["team"])
    assert [v["method"] for v in seen] == ["gps"] * 4
    assert {v["by"] for v in seen} == {"Inès", "Yanis", "Lou"}
    # the rival team has been nowhere
    assert visits(client, staff, weekend["game"], weekend["game"]["teams"][1]["id"]) == []
    late = checkin(client, p[3], fix(GRAND_PLACE))
    assert late.status_code == 409 and late.json["error"] == "already_solved"


def test_no_position_is_stored_or_exported_and_erasure_keeps_the_team_journey(
    app: Flask, client: FlaskClient, staff: Headers, weekend: dict[str, Any]
) -> None:
    checkin(client, weekend["phones"][0], fix(GRAND_PLACE))
    with app.app_context():
        columns = {c["name"] for c in inspect(engine()).get_columns("checkins")}
    assert not {"latitude", "longitude", "accuracy"} & columns
    export = client.get("/api/me/data", headers=weekend["phones"][0])
    assert [(c["lieu"], c["comment"]) for c in export.json["lieux_atteints"]] == [("grand-place", "gps")]
    assert "50.636" not in export.get_data(as_text=True) and "latitude" not in export.get_data(as_text=True)
    assert client.delete("/api/me", headers=weekend["phones"][0]).status_code == 204
    [visit] = visits(client, staff, weekend["game"], weekend["team"])
    assert visit["place_id"] == "grand-place" and visit["by"] is None  # the team was there; who is gone


def test_the_qr_poster_code_checks_in_and_a_wrong_code_does_not(
    client: FlaskClient, staff: Headers, weekend: dict[str, Any]
) -> None:
    game = weekend["game"]
    posters = client.get(f"/api/sessions/{game['id']}/places/posters", headers=staff)
    assert posters.status_code == 200
    poster = next(p for p in posters.json if p["place"]["id"] == "grand-place")
    assert poster["url"].endswith(f"/lieu/grand-place?code={poster['code']}") and "<svg" in poster["qr_svg"]
    phone = weekend["phones"][0]
    wrong = client.post("/api/me/quests/d6-place-grand-place/checkin/qr", json={"code": "AAAAAA"}, headers=phone)
    assert wrong.status_code == 422 and wrong.json["error"] == "wrong_qr_code"
    opera = next(p for p in posters.json if p["place"]["id"] == "opera-de-lille")
    other_place = client.post(
        "/api/me/quests/d6-place-grand-place/checkin/qr", json={"code": opera["code"]}, headers=phone
    )
    assert other_place.status_code == 422
    ok = client.post(
        "/api/me/quests/d6-place-grand-place/checkin/qr", json={"code": poster["code"].lower()}, headers=phone
    )
    assert ok.status_code == 200 and ok.json["accepted"] and ok.json["present"] == 1
    assert [v["method"] for v in visits(client, staff, game, weekend["team"])] == ["qr"]
    # another session's poster has another code
    other = create_session(client, staff, name="Groupe du mardi")
    other_posters = client.get(f"/api/sessions/{other['id']}/places/posters", headers=staff).json
    assert next(p for p in other_posters if p["place"]["id"] == "grand-place")["code"] != poster["code"]


def test_the_facilitator_validates_a_place_by_hand_with_a_reason(
    client: FlaskClient, staff: Headers, weekend: dict[str, Any]
) -> None:
    game, team = weekend["game"], weekend["team"]
    url = f"/api/sessions/{game['id']}/teams/{team}/checkins"
    blank = client.post(url, json={"quest_id": "d6-place-opera", "reason": "   "}, headers=staff)
    assert blank.status_code == 422 and "pourquoi" in blank.json["message"]
    assert (
        client.post(url, json={"quest_id": "d6-place-opera", "reason": "x"}, headers=weekend["phones"][0]).status_code
        == 401
    )
    ok = client.post(url, json={"quest_id": "d6-place-opera", "reason": "GPS en panne, vus sur place"}, headers=staff)
    assert ok.status_code == 201 and ok.json["solved"]
    quests = {q["id"]: q for q in client.get("/api/me/quests", headers=weekend["phones"][1]).json}
    assert quests["d6-place-opera"]["status"] == "solved"
    [visit] = visits(client, staff, game, team)
    assert (visit["method"], visit["by"], visit["reason"]) == ("manual", "Claire", "GPS en panne, vus sur place")
    journey = next(
        j
        for j in client.get(f"/api/sessions/{game['id']}/places", headers=staff).json["journeys"]
        if j["team_id"] == team
    )
    assert journey["last"]["place_id"] == "opera-de-lille"
    assert {"day": 6, "title": "Les éclats de la Grand'Place", "won": 1, "stops": 2} in journey["routes"]
    not_mine = client.post(
        f"/api/sessions/{game['id']}/teams/999999/checkins",
        json={"quest_id": "d6-place-opera", "reason": "x"},
        headers=staff,
    )
    assert not_mine.status_code == 404


def test_an_ordered_route_opens_its_stops_one_after_the_other(
    client: FlaskClient, staff: Headers, weekend: dict[str, Any]
) -> None:
    game, team, phone = weekend["game"], weekend["team"], weekend["phones"][0]
    open_day(client, staff, game["id"], 7)
    assert client.post("/api/me/quests/d7-eurostar/answer", json={"answer": "eurostar"}, headers=phone).json["correct"]
    second = checkin(client, phone, fix((50.6306, 3.0705)), quest="d7-place-beffroi")
    assert second.status_code == 409 and second.json["error"] == "locked"
    url = f"/api/sessions/{game['id']}/teams/{team}/checkins"
    assert client.post(url, json={"quest_id": "d7-place-gare", "reason": "test"}, headers=staff).status_code == 201
    assert checkin(client, phone, fix((50.6306, 3.0705)), quest="d7-place-beffroi").json["accepted"]


def test_warmer_colder_only_where_the_quest_offers_it(
    client: FlaskClient, staff: Headers, weekend: dict[str, Any]
) -> None:
    phone = weekend["phones"][0]
    checkin(client, phone, fix(near(GRAND_PLACE, 400), seconds_ago=40))
    r = checkin(client, phone, fix(near(GRAND_PLACE, 200), seconds_ago=1))
    assert r.json["reason"] == "too_far" and r.json["trend"] is None  # day-6 places give no hint
    open_day(client, staff, weekend["game"]["id"], 7)
    client.post("/api/me/quests/d7-eurostar/answer", json={"answer": "eurostar"}, headers=phone)
    checkin(client, phone, fix(near(GARE, 400), seconds_ago=30), quest="d7-place-gare")
    warmer = checkin(client, phone, fix(near(GARE, 200), seconds_ago=1), quest="d7-place-gare")
    assert warmer.json["trend"] == "warmer" and warmer.json["trend_message"] == "Tu te rapproches…"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"latitude": 200, "longitude": 3.06, "accuracy": 5, "taken_at": 1}, "latitude"),
        ({"latitude": 50.6, "longitude": 3.06, "accuracy": -1, "taken_at": 1}, "accuracy"),
        ({"latitude": 50.6, "longitude": 3.06, "accuracy": 5}, "taken_at"),
        ({"latitude": "nord", "longitude": 3.06, "accuracy": 5, "taken_at": 1}, "latitude"),
        ({"latitude": 50.6, "longitude": 3.06, "accuracy": 5, "taken_at": 1, "player_id": 3}, "player_id"),
    ],
)
def test_hostile_fixes_get_a_clear_422_and_change_nothing(
    client: FlaskClient, staff: Headers, weekend: dict[str, Any], body: dict[str, Any], field: str
) -> None:
    r = checkin(client, weekend["phones"][0], body)
    assert r.status_code == 422 and field in r.json["message"]
    assert visits(client, staff, weekend["game"], weekend["team"]) == []


def test_a_quest_that_is_not_a_place_cannot_be_checked_in(client: FlaskClient, weekend: dict[str, Any]) -> None:
    r = checkin(client, weekend["phones"][0], fix(GRAND_PLACE), quest="d6-braderie")
    assert r.status_code == 422 and r.json["error"] == "not_a_place"


def test_a_replayed_checkin_is_not_counted_twice(client: FlaskClient, weekend: dict[str, Any]) -> None:
    body = fix(GRAND_PLACE, client_id="checkin-0001")
    first = checkin(client, weekend["phones"][0], body)
    again = checkin(client, weekend["phones"][0], body)
    assert first.json["present"] == 1 and again.json["replayed"] is True and again.json["present"] == 1


def test_places_of_a_shipped_pack_are_read_only_a_copy_can_be_edited(
    client: FlaskClient, staff: Headers, weekend: dict[str, Any]
) -> None:
    moved = {"latitude": 50.6372, "longitude": 3.0640, "radius_m": 45}
    shipped = client.put("/api/packs/default/places/grand-place", json=moved, headers=staff)
    assert shipped.status_code == 409 and "copiez-le" in shipped.json["message"]
    copy = client.post("/api/packs/default/copy", json={"name": "lille-2027", "town": "Lille"}, headers=staff)
    assert copy.status_code == 201, copy.json
    assert client.post("/api/packs/default/copy", json={"name": "lille-2027"}, headers=staff).status_code == 409
    assert "lille-2027" in {p["name"] for p in client.get("/api/packs", headers=staff).json}
    r = client.put("/api/packs/lille-2027/places/grand-place", json=moved, headers=staff)
    assert r.status_code == 200 and (r.json["latitude"], r.json["radius_m"]) == (50.6372, 45)
    session = create_session(client, staff, name="Groupe Lille 2027", pack="lille-2027")
    places = client.get(f"/api/sessions/{session['id']}/places", headers=staff).json
    assert places["editable"] is True
    assert next(p for p in places["places"] if p["id"] == "grand-place")["longitude"] == 3.064
    # a new place needs a name and a description; bad input changes nothing
    bare = client.put("/api/packs/lille-2027/places/gare-europe", json=moved, headers=staff)
    assert bare.status_code == 422 and bare.json["error"] == "new_place"
    far = client.put("/api/packs/lille-2027/places/grand-place", json={"latitude": 95, "longitude": 3}, headers=staff)
    assert far.status_code == 422 and "latitude" in far.json["message"]
    added = client.put(
        "/api/packs/lille-2027/places/gare-lille-europe",
        json={**moved, "name": "Gare Lille-Europe", "description": "La gare des TGV et de l'Eurostar."},
        headers=staff,
    )
    assert added.status_code == 200
    after = client.get(f"/api/sessions/{session['id']}/places", headers=staff).json["places"]
    assert next(p for p in after if p["id"] == "grand-place")["latitude"] == 50.6372
    assert "gare-lille-europe" in {p["id"] for p in after}
    assert client.put("/api/packs/..%2Fetc/places/x", json=moved, headers=staff).status_code in (404, 405)
