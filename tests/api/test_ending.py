"""The end screen a phone reads once the facilitator has finished the session."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from content.catalog import Catalog

from ..conftest import join, open_day
from .helpers import playable_order, solve_with_prerequisites


def test_the_end_screen_tells_the_story_the_podium_and_the_offers_found(
    client: FlaskClient, staff: dict[str, str], game: dict[str, Any], catalog: Catalog
) -> None:
    sid = game["id"]
    first, second = game["teams"][0], game["teams"][1]
    ines = join(client, game["join_code"], "Inès", first["id"])
    yanis = join(client, game["join_code"], "Yanis", second["id"])
    open_day(client, staff, sid, 1)
    quest = next(q for q in playable_order(catalog, 1) if q.offers)
    solve_with_prerequisites(client, catalog, ines, quest.id)

    before = client.get("/api/me/ending", headers=ines).json
    assert before["finished"] is False

    for day in range(2, 11):
        open_day(client, staff, sid, day)
    r = client.post(f"/api/sessions/{sid}/finish", headers=staff)
    assert r.status_code == 200 and r.json["status"] == "finished"

    mine = client.get("/api/me/ending", headers=ines).json
    assert mine["finished"] is True
    assert mine["title"] == catalog.title
    assert mine["story"] and catalog.days[-1].intro in mine["story"]
    assert mine["podium"][0]["name"] == first["name"]
    assert mine["podium"][0]["rank"] == 1 and mine["podium"][0]["mine"] is True
    assert mine["mine"]["name"] == first["name"]
    assert {o["id"] for o in mine["offers"]} >= set(quest.offers)
    assert mine["badges"] == [] and mine["appointment"] is None

    theirs = client.get("/api/me/ending", headers=yanis).json
    assert theirs["mine"]["name"] == second["name"] and theirs["mine"]["rank"] == 2
    assert theirs["offers"] == []  # the other team's finds are not theirs


def test_the_end_screen_is_for_players_only(client: FlaskClient, staff: dict[str, str]) -> None:
    assert client.get("/api/me/ending").status_code == 401
    assert client.get("/api/me/ending", headers=staff).status_code in (401, 403)
