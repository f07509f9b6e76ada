"""The weekend's in-town alternative, switched on per team by the facilitator: the
team's phones then show, and check in at, the alternative's place, with the sentence
of the rule itself; the offers are still unlocked; a player cannot switch it."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from ..conftest import create_session
from . import test_places_api as _places
from .test_places_api import GARE, GRAND_PLACE, Clock, arrive, checkin, near

clock, fix, weekend = _places.clock, _places.fix, _places.weekend  # the urban-game fixtures

Headers = dict[str, str]
QUEST = "d6-place-grand-place"


def my_place(client: FlaskClient, who: Headers, quest: str = QUEST) -> dict[str, Any]:
    places = client.get("/api/me/places", headers=who).json["places"]
    return next(p for p in places if p["quest_id"] == quest)  # type: ignore[no-any-return]


def my_quest(client: FlaskClient, who: Headers, quest: str = QUEST) -> dict[str, Any]:
    return next(q for q in client.get("/api/me/quests", headers=who).json if q["id"] == quest)  # type: ignore[no-any-return]


def switch(client: FlaskClient, who: Headers, game: dict[str, Any], team: int, on: Any) -> Any:
    return client.put(f"/api/sessions/{game['id']}/teams/{team}/weekend", json={"in_town": on}, headers=who)


def test_switched_on_the_team_sees_and_checks_in_at_the_alternative_and_still_unlocks_the_offer(
    client: FlaskClient, staff: Headers, clock: Clock, fix: Any, weekend: dict[str, Any]
) -> None:
    ines, yanis, lou, _sami = weekend["phones"]
    game, team = weekend["game"], weekend["team"]
    before = my_place(client, ines)
    assert before["place"]["id"] == "grand-place" and before["in_town"] is False
    assert before["gathering"] == "Il faut être 3 de l'équipe ici, dans les 20 minutes."
    assert "toute l'équipe" not in my_quest(client, ines)["question"]
    assert my_quest(client, ines)["gathering"] == before["gathering"]

    # a player cannot switch it, not even for their own team
    assert switch(client, ines, game, team, True).status_code in (401, 403)
    assert switch(client, staff, game, team, "peut-être").status_code == 422
    assert switch(client, staff, game, team, 1).status_code == 422  # a JSON boolean, not 1
    assert my_place(client, ines)["in_town"] is False

    r = switch(client, staff, game, team, True)
    assert r.status_code == 200 and r.json == {"team_id": team, "name": "Les Comètes", "in_town": True}
    listed = client.get(f"/api/sessions/{game['id']}/weekend", headers=staff).json
    assert {t["name"]: t["in_town"] for t in listed["teams"]} == {"Les Comètes": True, "Les Lynx": False}
    assert QUEST in {q["quest_id"] for q in listed["quests"]}

    after = my_place(client, ines)
    assert after["place"]["id"] == "gare-lille-flandres" and after["in_town"] is True
    assert after["gathering"] == "Il faut être 2 de l'équipe ici, dans les 30 minutes."
    assert "Lille-Flandres" in after["clue"] and my_quest(client, ines)["question"] == after["clue"]
    rival = my_quest(client, weekend["rival"])  # the other team is unchanged
    assert "Grand'Place" in rival["question"] and rival["gathering"] == before["gathering"]

    # the Grand'Place no longer counts for this team; the alternative's place does
    assert checkin(client, lou, fix(GRAND_PLACE)).json["reason"] == "too_far"
    first = arrive(client, clock, fix, ines, GARE)
    assert first.json["accepted"] and not first.json["solved"] and first.json["needed"] == 2
    second = arrive(client, clock, fix, yanis, near(GARE, 6, 200))
    assert second.json["accepted"] and second.json["solved"], second.json
    cards = client.get("/api/me/offers", headers=ines).json["offers"]
    offers = {o["id"] for o in cards if o["unlocked"]}
    assert "sport" in offers


def test_switched_on_the_teams_poster_of_the_alternative_checks_in_not_the_original(
    client: FlaskClient, staff: Headers, weekend: dict[str, Any]
) -> None:
    game, team = weekend["game"], weekend["team"]
    posters = client.get(f"/api/sessions/{game['id']}/places/posters", headers=staff).json
    code = {(p["place"]["id"], p["team_id"]): p["code"] for p in posters}
    assert switch(client, staff, game, team, True).status_code == 200
    url = f"/api/me/quests/{QUEST}/checkin/qr"
    wrong = client.post(url, json={"code": code[("grand-place", team)]}, headers=weekend["phones"][0])
    assert wrong.status_code == 422
    right = client.post(url, json={"code": code[("gare-lille-flandres", team)]}, headers=weekend["phones"][0])
    assert right.status_code == 200 and right.json["accepted"], right.json


def test_a_team_of_another_session_cannot_be_switched(
    client: FlaskClient, staff: Headers, weekend: dict[str, Any]
) -> None:
    other = create_session(client, staff, teams=["Autre"])
    r = switch(client, staff, other, weekend["team"], True)
    assert r.status_code == 404
