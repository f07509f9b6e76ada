"""Urban games over REST: check-ins by GPS and QR code, the facilitator's hand, the
team place that needs k teammates, where teams have been, and editing a pack's places."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from geopy.distance import geodesic
from sqlalchemy import func, inspect, select

from api.clock import set_now
from api.extensions import db, engine
from game.store.checkins import CheckInPrint, CheckInReading
from game.store.models import ProcessedAction

from ..conftest import create_session, join, open_day

Headers = dict[str, str]
GRAND_PLACE = (50.6369, 3.0633)
GARE = (50.6364, 3.0708)
STAY = 21  # the phone sends its second fix by itself this long after the first one inside


class Clock:
    """The server's clock (``api.clock``: when a fix is received), moved by hand; the
    phone's ``taken_at`` follows it."""

    def __init__(self) -> None:
        self.at = datetime.now(UTC).replace(tzinfo=None)

    def __call__(self) -> datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)

    def ms(self, seconds_ago: float = 0) -> int:
        return int((self.at - timedelta(seconds=seconds_ago)).replace(tzinfo=UTC).timestamp() * 1000)


@pytest.fixture
def clock() -> Iterator[Clock]:
    c = Clock()
    set_now(c)
    yield c
    set_now(None)


def near(point: tuple[float, float], metres: float, bearing: float = 90) -> tuple[float, float]:
    d = geodesic(meters=metres).destination(point, bearing)
    return d.latitude, d.longitude


@pytest.fixture
def fix(clock: Clock) -> Any:
    """fix(point, accuracy, seconds_ago): a body as the phone sends it, taken by the clock."""

    def make(point: tuple[float, float], accuracy: float = 8, seconds_ago: float = 1, **extra: Any) -> dict[str, Any]:
        return {
            "latitude": point[0],
            "longitude": point[1],
            "accuracy": accuracy,
            "taken_at": clock.ms(seconds_ago),
            **extra,
        }

    return make


@pytest.fixture
def weekend(client: FlaskClient, staff: Headers, clock: Clock) -> dict[str, Any]:
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


def arrive(
    client: FlaskClient,
    clock: Clock,
    fix: Any,
    who: Headers,
    point: tuple[float, float],
    quest: str = "d6-place-grand-place",
    accuracy: float = 8,
) -> Any:
    """An honest arrival: a fix inside ("tu y es presque"), then the one the phone
    sends by itself a little later, from where the player stands (GPS noise moves it)."""
    first = checkin(client, who, fix(point, accuracy), quest)
    assert first.status_code == 200 and first.json["reason"] == "stay", first.json
    assert first.json["retry_in_s"] == STAY
    clock.advance(first.json["retry_in_s"])
    return checkin(client, who, fix(near(point, 1.5, 45), accuracy), quest)


def visits(client: FlaskClient, staff: Headers, game: dict[str, Any], team: int) -> list[dict[str, Any]]:
    r = client.get(f"/api/sessions/{game['id']}/places", headers=staff)
    assert r.status_code == 200, r.json
    return next(j for j in r.json["journeys"] if j["team_id"] == team)["visits"]  # type: ignore[no-any-return]


def flags(client: FlaskClient, staff: Headers, game: dict[str, Any], team: int) -> list[dict[str, Any]]:
    r = client.get(f"/api/sessions/{game['id']}/places", headers=staff)
    return next(j for j in r.json["journeys"] if j["team_id"] == team)["flags"]  # type: ignore[no-any-return]


def test_the_map_shows_the_team_places_and_clues_not_positions(client: FlaskClient, weekend: dict[str, Any]) -> None:
    r = client.get("/api/me/places", headers=weekend["phones"][0])
    assert r.status_code == 200
    by_quest = {p["quest_id"]: p for p in r.json["places"]}
    assert set(by_quest) == {"d6-place-grand-place", "d6-place-opera"}  # day 7's are not open yet
    grand = by_quest["d6-place-grand-place"]
    assert grand["place"]["name"].startswith("Grand'Place") and grand["team_min"] == 3
    assert "colonne de la Déesse" in grand["clue"]
    assert grand["pinned"] and grand["place"]["latitude"] == GRAND_PLACE[0]  # a place to go to: on the map
    assert r.json["map"]["tiles_url"]


def test_a_warmer_colder_place_shows_no_pin_until_a_teammate_reaches_it(
    client: FlaskClient, staff: Headers, clock: Clock, fix: Any, weekend: dict[str, Any]
) -> None:
    """Attack: the phone's map data gave the exact position of a place the team has to
    search for, ready to be sent back as a fake fix."""
    p = weekend["phones"]
    open_day(client, staff, weekend["game"]["id"], 7)
    assert client.post("/api/me/quests/d7-eurostar/answer", json={"answer": "eurostar"}, headers=p[0]).json["correct"]
    r = client.get("/api/me/places", headers=p[1])
    gare = next(v for v in r.json["places"] if v["quest_id"] == "d7-place-gare")
    assert gare["hot_cold"] and not gare["pinned"]
    assert (gare["place"]["latitude"], gare["place"]["longitude"], gare["place"]["radius_m"]) == (None, None, None)
    assert gare["place"]["name"] == "Gare Lille-Flandres" and gare["clue"]  # the clue still leads there
    assert str(GARE[0]) not in r.get_data(as_text=True)
    # a teammate reached it: now the others may see where to join them
    assert arrive(client, clock, fix, p[0], near(GARE, 10), quest="d7-place-gare").json["accepted"]
    gare = next(
        v for v in client.get("/api/me/places", headers=p[1]).json["places"] if v["quest_id"] == "d7-place-gare"
    )
    assert gare["pinned"] and gare["place"]["latitude"] == GARE[0] and gare["present"] == 1


def test_too_far_is_refused_with_the_distance_and_changes_nothing(
    app: Flask, client: FlaskClient, staff: Headers, fix: Any, weekend: dict[str, Any]
) -> None:
    with app.app_context():
        rows_before = db().scalar(select(func.count()).select_from(ProcessedAction))
    r = checkin(client, weekend["phones"][0], fix(near(GRAND_PLACE, 130), client_id="refused-0001"))
    assert r.status_code == 200
    assert r.json["accepted"] is False and r.json["reason"] == "too_far"
    assert r.json["message"] == "Tu es à 130 m du lieu, rapproche-toi."
    assert visits(client, staff, weekend["game"], weekend["team"]) == []
    with app.app_context():  # a refused fix (every few seconds on a walk) is not worth a replay row
        assert db().scalar(select(func.count()).select_from(ProcessedAction)) == rows_before


def test_poor_accuracy_is_refused_with_what_to_do(client: FlaskClient, fix: Any, weekend: dict[str, Any]) -> None:
    r = checkin(client, weekend["phones"][0], fix(GRAND_PLACE, accuracy=80))
    assert r.json["reason"] == "inaccurate"
    assert r.json["message"] == "Ton GPS est imprécis (80 m), sors à découvert et réessaie."


def test_a_teleport_is_refused_and_flagged_for_the_facilitator(
    client: FlaskClient, staff: Headers, clock: Clock, fix: Any, weekend: dict[str, Any]
) -> None:
    phone = weekend["phones"][0]
    assert checkin(client, phone, fix(GARE, seconds_ago=3)).json["reason"] == "too_far"
    clock.advance(2)
    r = checkin(client, phone, fix(GRAND_PLACE))  # 530 m in 2 s
    assert r.json["accepted"] is False and r.json["reason"] == "teleport"
    clock.advance(2)
    assert checkin(client, phone, fix(GRAND_PLACE)).json["reason"] == "teleport"  # still unexplained
    [flag] = flags(client, staff, weekend["game"], weekend["team"])
    assert (flag["reason"], flag["by"], flag["place_id"], flag["count"]) == ("teleport", "Inès", "grand-place", 2)
    assert "sauté" in flag["label"]
    assert flags(client, staff, weekend["game"], weekend["game"]["teams"][1]["id"]) == []
    # what the facilitator sees about a young person is in that young person's export
    mine = client.get("/api/me/data", headers=phone).json["verifications_de_lieux"]
    assert [(f["motif"], f["fois"]) for f in mine] == [("teleport", 2)]


def test_one_fix_at_the_place_is_not_enough_two_twenty_seconds_apart_are(
    client: FlaskClient, staff: Headers, clock: Clock, fix: Any, weekend: dict[str, Any]
) -> None:
    """Attack: the place's coordinates sent once from far away won it; a first fix was
    never questioned. Now presence is shown over time."""
    p = weekend["phones"][0]
    first = checkin(client, p, fix(GRAND_PLACE))
    assert first.json["accepted"] is False and first.json["reason"] == "stay"
    assert first.json["message"].startswith("Tu y es presque : reste sur place quelques secondes")
    assert first.json["retry_in_s"] == STAY and first.json["present"] == 0
    clock.advance(5)
    soon = checkin(client, p, fix(near(GRAND_PLACE, 2)))
    assert soon.json["reason"] == "stay" and soon.json["retry_in_s"] == 16
    assert visits(client, staff, weekend["game"], weekend["team"]) == []
    clock.advance(16)
    there = checkin(client, p, fix(near(GRAND_PLACE, 3)))
    assert there.json["accepted"] and there.json["present"] == 1, there.json
    assert [v["by"] for v in visits(client, staff, weekend["game"], weekend["team"])] == ["Inès"]


def test_a_refused_inaccurate_fix_does_not_open_the_way(
    client: FlaskClient, clock: Clock, fix: Any, weekend: dict[str, Any]
) -> None:
    """Attack: a fix from home with a 100 km accuracy was refused but became the previous
    one, and its accuracy excused the jump onto the place."""
    phone = weekend["phones"][0]
    home = near(GRAND_PLACE, 3000, 200)
    assert checkin(client, phone, fix(home)).json["reason"] == "too_far"
    clock.advance(3)
    assert checkin(client, phone, fix(home, accuracy=100_000)).json["reason"] == "inaccurate"
    clock.advance(2)
    assert checkin(client, phone, fix(GRAND_PLACE)).json["reason"] == "teleport"


def test_faking_taken_at_at_the_edges_of_the_window_buys_no_travel_time(
    client: FlaskClient, clock: Clock, fix: Any, weekend: dict[str, Any]
) -> None:
    """Attack: a real fix 600 m away "taken" 14 s ago, then one at the place "taken" 4 s
    from now, sent a second later: 18 s of travel by the phone's clock, 1 s for real."""
    phone = weekend["phones"][0]
    assert checkin(client, phone, fix(near(GRAND_PLACE, 600), seconds_ago=14)).json["reason"] == "too_far"
    clock.advance(1)
    assert checkin(client, phone, fix(GRAND_PLACE, seconds_ago=-4)).json["reason"] == "teleport"


def test_one_phone_for_three_teammates_wins_nothing_and_is_flagged(
    client: FlaskClient, staff: Headers, clock: Clock, fix: Any, weekend: dict[str, Any]
) -> None:
    """Attack: one phone's fixes sent with three teammates' logins won a three-person place."""
    ines, yanis, lou = weekend["phones"][:3]
    here = fix(near(GRAND_PLACE, 12), accuracy=6.5)
    assert checkin(client, ines, here).json["reason"] == "stay"
    clock.advance(1)
    for teammate in (yanis, lou):
        r = checkin(client, teammate, {**here, "taken_at": clock.ms()})
        assert r.json["reason"] == "copied" and "sa propre position" in r.json["message"]
    clock.advance(STAY)
    again = fix(near(GRAND_PLACE, 13), accuracy=6.5)
    assert checkin(client, ines, again).json["accepted"]
    for teammate in (yanis, lou):
        assert checkin(client, teammate, again).json["reason"] == "copied"
    quests = {q["id"]: q for q in client.get("/api/me/quests", headers=yanis).json}
    assert quests["d6-place-grand-place"]["status"] != "solved"
    seen = {(f["by"], f["reason"], f["count"]) for f in flags(client, staff, weekend["game"], weekend["team"])}
    assert seen == {("Yanis", "copied", 2), ("Lou", "copied", 2)}


def test_three_teammates_together_win_the_place_for_the_whole_team(
    app: Flask, client: FlaskClient, staff: Headers, clock: Clock, fix: Any, weekend: dict[str, Any]
) -> None:
    p = weekend["phones"]
    before = client.get("/api/me", headers=p[3]).json["team"]["eclats"]
    # they walk up together; each phone has its own GPS reading
    for n, phone in enumerate(p[:3]):
        assert checkin(client, phone, fix(near(GRAND_PLACE, 300 + n, 180))).json["reason"] == "too_far"
    clock.advance(200)  # 1.5 m/s
    first = checkin(client, p[0], fix(near(GRAND_PLACE, 20)))
    second = checkin(client, p[1], fix(GRAND_PLACE, accuracy=11))
    third = checkin(client, p[2], fix(near(GRAND_PLACE, 30, 200), accuracy=12))
    assert [r.json["reason"] for r in (first, second, third)] == ["stay"] * 3
    clock.advance(STAY)  # each phone sends its next fix by itself
    first = checkin(client, p[0], fix(near(GRAND_PLACE, 18)))
    assert first.json["accepted"] and not first.json["solved"]
    assert (first.json["present"], first.json["needed"]) == (1, 3)
    assert "Il manque encore 2 coéquipiers" in first.json["message"]
    again = checkin(client, p[0], fix(near(GRAND_PLACE, 15)))  # the same player twice counts once
    assert again.json["accepted"] and again.json["present"] == 1
    second = checkin(client, p[1], fix(near(GRAND_PLACE, 3), accuracy=11))
    assert second.json.get("present") == 2, second.json
    last = checkin(client, p[2], fix(near(GRAND_PLACE, 28, 200), accuracy=12))
    assert last.json["solved"] is True and last.json["eclats"] > before
    # the fourth teammate, who stayed home, sees it won
    quests = {q["id"]: q for q in client.get("/api/me/quests", headers=p[3]).json}
    assert quests["d6-place-grand-place"]["status"] == "solved"
    seen = visits(client, staff, weekend["game"], weekend["team"])
    assert [v["method"] for v in seen] == ["gps"] * 4
    assert {v["by"] for v in seen} == {"Inès", "Yanis", "Lou"}
    assert flags(client, staff, weekend["game"], weekend["team"]) == []  # honest play raises nothing
    with app.app_context():  # what decided it is no longer needed: gone
        assert db().scalar(select(func.count()).select_from(CheckInReading)) == 0
        assert db().scalar(select(func.count()).select_from(CheckInPrint)) == 0
    # the rival team has been nowhere
    assert visits(client, staff, weekend["game"], weekend["game"]["teams"][1]["id"]) == []
    late = checkin(client, p[3], fix(GRAND_PLACE))
    assert late.status_code == 409 and late.json["error"] == "already_solved"


def test_presence_is_shared_by_every_server_process(
    app: Flask, client: FlaskClient, clock: Clock, fix: Any, weekend: dict[str, Any]
) -> None:
    """Behind a load balancer the second fix lands on another process: the stay begun on
    the first still counts (it is in the database, not in one process's memory)."""
    from api import create_app

    other = create_app({**{k: app.config[k] for k in ("TESTING", "INSTANCE_DIR", "DATABASE_URL", "UPLOAD_DIR")}})
    try:
        assert checkin(client, weekend["phones"][0], fix(GRAND_PLACE)).json["reason"] == "stay"
        clock.advance(STAY)
        r = checkin(other.test_client(), weekend["phones"][0], fix(near(GRAND_PLACE, 2)))
        assert r.json["accepted"] and r.json["present"] == 1, r.json
    finally:
        other.extensions["eclats.engine"].dispose()


def test_what_the_rule_keeps_is_deleted_once_expired(
    app: Flask, client: FlaskClient, clock: Clock, fix: Any, weekend: dict[str, Any]
) -> None:
    ines, yanis = weekend["phones"][:2]
    assert checkin(client, ines, fix(GRAND_PLACE)).json["reason"] == "stay"
    with app.app_context():
        assert db().scalar(select(func.count()).select_from(CheckInReading)) == 1
        assert db().scalar(select(func.count()).select_from(CheckInPrint)) == 1
    clock.advance(31 * 60)  # Inès went home without a word
    assert checkin(client, yanis, fix(near(GRAND_PLACE, 10))).json["reason"] == "stay"
    with app.app_context():  # only Yanis's are left
        assert db().scalar(select(func.count()).select_from(CheckInReading)) == 1
        assert db().scalar(select(func.count()).select_from(CheckInPrint)) == 1


def test_no_position_is_stored_or_exported_and_erasure_keeps_the_team_journey(
    app: Flask, client: FlaskClient, staff: Headers, clock: Clock, fix: Any, weekend: dict[str, Any]
) -> None:
    arrive(client, clock, fix, weekend["phones"][0], GRAND_PLACE)
    with app.app_context():
        for table in ("checkins", "checkin_readings", "checkin_prints", "checkin_flags"):
            columns = {c["name"] for c in inspect(engine()).get_columns(table)}
            assert not {"latitude", "longitude", "lat", "lon"} & columns, table
    export = client.get("/api/me/data", headers=weekend["phones"][0])
    assert [(c["lieu"], c["comment"]) for c in export.json["lieux_atteints"]] == [("grand-place", "gps")]
    assert "50.636" not in export.get_data(as_text=True) and "latitude" not in export.get_data(as_text=True)
    assert client.delete("/api/me", headers=weekend["phones"][0]).status_code == 204
    [visit] = visits(client, staff, weekend["game"], weekend["team"])
    assert visit["place_id"] == "grand-place" and visit["by"] is None  # the team was there; who is gone


def test_erasure_forgets_the_last_fix(
    app: Flask, client: FlaskClient, staff: Headers, clock: Clock, fix: Any, weekend: dict[str, Any]
) -> None:
    """An erased player's last fix used to stay in the server's memory, and the next
    joiner's "warmer" was computed from it."""
    game, team, ines = weekend["game"], weekend["team"], weekend["phones"][0]
    open_day(client, staff, game["id"], 7)
    client.post("/api/me/quests/d7-eurostar/answer", json={"answer": "eurostar"}, headers=ines)
    assert checkin(client, ines, fix(near(GARE, 400)), quest="d7-place-gare").json["reason"] == "too_far"
    clock.advance(60)
    assert checkin(client, ines, fix(near(GARE, 10)), quest="d7-place-gare").json["reason"] == "stay"
    with app.app_context():
        me = client.get("/api/me", headers=ines).json["player"]["id"]
        assert db().scalar(select(func.count()).select_from(CheckInReading).where(CheckInReading.player_id == me))
        assert db().scalar(select(func.count()).select_from(CheckInPrint).where(CheckInPrint.player_id == me))
    assert client.delete("/api/me", headers=ines).status_code == 204
    with app.app_context():
        db().expire_all()
        assert db().scalar(select(func.count()).select_from(CheckInReading)) == 0
        assert db().scalar(select(func.count()).select_from(CheckInPrint)) == 0
    zoe = join(client, game["join_code"], "Zoé", team)
    assert client.get("/api/me", headers=zoe).json["player"]["id"] != me
    clock.advance(30)
    first = checkin(client, zoe, fix(near(GARE, 200)), quest="d7-place-gare")
    assert first.json["reason"] == "too_far" and first.json["trend"] is None  # nothing to compare with


def test_qr_posters_are_per_team_and_another_teams_code_is_refused(
    client: FlaskClient, staff: Headers, weekend: dict[str, Any]
) -> None:
    game, team = weekend["game"], weekend["team"]
    rival_team = game["teams"][1]["id"]
    posters = client.get(f"/api/sessions/{game['id']}/places/posters", headers=staff)
    assert posters.status_code == 200
    by = {(p["place"]["id"], p["team_id"]): p for p in posters.json}
    assert {t for (place, t) in by if place == "grand-place"} == {team, rival_team}  # one poster per team
    poster, rivals = by[("grand-place", team)], by[("grand-place", rival_team)]
    assert poster["team_name"] == "Les Comètes" and poster["code"] != rivals["code"]
    assert poster["url"].endswith(f"/lieu/grand-place?code={poster['code']}") and "<svg" in poster["qr_svg"]
    phone = weekend["phones"][0]
    url = "/api/me/quests/d6-place-grand-place/checkin/qr"
    wrong = client.post(url, json={"code": "AAAAAA"}, headers=phone)
    assert wrong.status_code == 422 and wrong.json["error"] == "wrong_qr_code"
    other_place = client.post(url, json={"code": by[("opera-de-lille", team)]["code"]}, headers=phone)
    assert other_place.status_code == 422
    # attack: a photo of the poster seen by another team
    theirs = client.post(url, json={"code": rivals["code"]}, headers=phone)
    assert theirs.status_code == 200 and theirs.json["accepted"] is False
    assert theirs.json["reason"] == "other_team_code" and "« Les Comètes »" in theirs.json["message"]
    client.post("/api/me/quests/d6-braderie/answer", json={"answer": "braderie"}, headers=weekend["rival"])
    mine_for_them = client.post(url, json={"code": poster["code"]}, headers=weekend["rival"])
    assert mine_for_them.json["accepted"] is False and "« Les Lynx »" in mine_for_them.json["message"]
    assert visits(client, staff, game, team) == [] and visits(client, staff, game, rival_team) == []
    [flag] = flags(client, staff, game, team)
    assert (flag["reason"], flag["by"]) == ("other_team_code", "Inès")
    ok = client.post(url, json={"code": poster["code"].lower()}, headers=phone)
    assert ok.status_code == 200 and ok.json["accepted"] and ok.json["present"] == 1
    assert [v["method"] for v in visits(client, staff, game, team)] == ["qr"]
    # another session's poster has another code
    other = create_session(client, staff, name="Groupe du mardi")
    other_posters = client.get(f"/api/sessions/{other['id']}/places/posters", headers=staff).json
    assert poster["code"] not in {p["code"] for p in other_posters}


def test_the_facilitator_validates_a_place_by_hand_with_a_reason(
    client: FlaskClient, staff: Headers, weekend: dict[str, Any]
) -> None:
    game, team = weekend["game"], weekend["team"]
    url = f"/api/sessions/{game['id']}/teams/{team}/checkins"
    blank = client.post(url, json={"quest_id": "d6-place-opera", "reason": "   "}, headers=staff)
    assert blank.status_code == 422 and "pourquoi" in blank.json["message"]
    assert (
        client.post(url, json={"quest_id": "d6-place-opera", "reason": "x"}, headers=weekend["phones"][0]).status_code
        in (401, 403)  # a player's login is not a facilitator's
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
    client: FlaskClient, staff: Headers, clock: Clock, fix: Any, weekend: dict[str, Any]
) -> None:
    game, team, phone = weekend["game"], weekend["team"], weekend["phones"][0]
    open_day(client, staff, game["id"], 7)
    assert client.post("/api/me/quests/d7-eurostar/answer", json={"answer": "eurostar"}, headers=phone).json["correct"]
    second = checkin(client, phone, fix((50.6306, 3.0705)), quest="d7-place-beffroi")
    assert second.status_code == 409 and second.json["error"] == "locked"
    url = f"/api/sessions/{game['id']}/teams/{team}/checkins"
    assert client.post(url, json={"quest_id": "d7-place-gare", "reason": "test"}, headers=staff).status_code == 201
    assert arrive(client, clock, fix, phone, (50.6306, 3.0705), quest="d7-place-beffroi").json["accepted"]


def test_warmer_colder_only_where_the_quest_offers_it(
    client: FlaskClient, staff: Headers, clock: Clock, fix: Any, weekend: dict[str, Any]
) -> None:
    phone = weekend["phones"][0]
    checkin(client, phone, fix(near(GRAND_PLACE, 400)))
    clock.advance(60)
    r = checkin(client, phone, fix(near(GRAND_PLACE, 200)))
    assert r.json["reason"] == "too_far" and r.json["trend"] is None  # day-6 places give no hint
    open_day(client, staff, weekend["game"]["id"], 7)
    client.post("/api/me/quests/d7-eurostar/answer", json={"answer": "eurostar"}, headers=phone)
    first = checkin(client, phone, fix(near(GARE, 400)), quest="d7-place-gare")
    assert first.json["trend"] is None  # the first fix for this place: nothing to compare with
    clock.advance(60)
    warmer = checkin(client, phone, fix(near(GARE, 200)), quest="d7-place-gare")
    assert warmer.json["trend"] == "warmer" and warmer.json["trend_message"] == "Tu te rapproches…"
    clock.advance(60)
    colder = checkin(client, phone, fix(near(GARE, 350)), quest="d7-place-gare")
    assert colder.json["trend"] == "colder" and colder.json["trend_message"] == "Tu t'éloignes…"
    # a place to search for never tells its exact distance: three of them would locate it
    for r in (first, warmer, colder):
        assert r.json["distance_m"] is None and " m du lieu" not in r.json["message"]
    assert warmer.json["message"] == "Tu n'es pas loin : continue à chercher."
    day6 = checkin(client, phone, fix(near(GRAND_PLACE, 200)))
    assert day6.json["distance_m"] is not None  # a place on the map says how far


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


def test_a_quest_that_is_not_a_place_cannot_be_checked_in(
    client: FlaskClient, fix: Any, weekend: dict[str, Any]
) -> None:
    r = checkin(client, weekend["phones"][0], fix(GRAND_PLACE), quest="d6-braderie")
    assert r.status_code == 422 and r.json["error"] == "not_a_place"


def test_a_replayed_checkin_is_not_counted_twice(
    client: FlaskClient, clock: Clock, fix: Any, weekend: dict[str, Any]
) -> None:
    phone = weekend["phones"][0]
    staying = fix(GRAND_PLACE, client_id="checkin-0000")
    assert checkin(client, phone, staying).json["reason"] == "stay"
    # the answer was lost and the phone sends the same request again: the same answer
    retried = checkin(client, phone, staying)
    assert retried.json["replayed"] is True and retried.json["reason"] == "stay"
    clock.advance(STAY)
    body = fix(near(GRAND_PLACE, 2), client_id="checkin-0001")
    first = checkin(client, phone, body)
    again = checkin(client, phone, body)
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
