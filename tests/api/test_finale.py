"""The group finale, « Le Cœur d'Avenir », through the API and the sockets: fragments
earned by each team are pooled for the whole group, one right answer wins it for every
team at once, and every phone and the console hear it."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from content.catalog import Catalog

from ..conftest import join, open_day
from ..sockets.test_sockets import console, of, phone, received
from .helpers import playable_order, right_answer

Headers = dict[str, str]


def earn_fragment(client: FlaskClient, catalog: Catalog, headers: Headers, day: int) -> None:
    """Play the day's answerable missions until the team has won the fragment's éclats."""
    assert catalog.finale is not None
    needed = next(f.eclats for f in catalog.finale.fragments if f.day == day)
    won = 0
    for quest in playable_order(catalog, day):
        if won >= needed:
            break
        r = client.post(f"/api/me/quests/{quest.id}/answer", json=right_answer(quest), headers=headers)
        assert r.status_code == 200 and r.json["correct"], r.json
        won += quest.reward
    assert won >= needed


def eclats(client: FlaskClient, headers: Headers) -> dict[str, int]:
    return {row["name"]: row["eclats"] for row in client.get("/api/me/leaderboard", headers=headers).json}


def test_the_group_pools_its_fragments_and_one_answer_wins_it_for_every_team(
    app: Flask, client: FlaskClient, staff: Headers, game: dict[str, Any], catalog: Catalog
) -> None:
    assert catalog.finale is not None
    sid = game["id"]
    red, blue = game["teams"][0], game["teams"][1]
    ines = join(client, game["join_code"], "Inès", red["id"])
    yanis = join(client, game["join_code"], "Yanis", blue["id"])
    lou = join(client, game["join_code"], "Lou", blue["id"])
    open_day(client, staff, sid, 1)
    earn_fragment(client, catalog, ines, 1)  # red brings day 1's fragment
    open_day(client, staff, sid, 2)
    earn_fragment(client, catalog, yanis, 2)  # blue brings day 2's

    early = client.post("/api/me/finale/answer", json={"answer": catalog.finale.answers[0]}, headers=ines)
    assert early.status_code == 409 and early.json["error"] == "finale_locked"  # not before day 10

    for day in range(3, 11):
        open_day(client, staff, sid, day)
    seen = client.get("/api/me/finale", headers=yanis).json
    assert seen["playable"] is True and seen["solved"] is False and seen["success"] == ""
    pieces = {p["day"]: p for p in seen["fragments"]}
    first, second = catalog.finale.fragments[0], catalog.finale.fragments[1]
    assert pieces[1]["text"] == first.text and pieces[1]["teams"] == [red["name"]] and pieces[1]["mine"] is False
    assert pieces[2]["text"] == second.text and pieces[2]["teams"] == [blue["name"]] and pieces[2]["mine"] is True
    assert pieces[3]["text"] == "?" and pieces[3]["found"] is False and pieces[3]["teams"] == []
    assert "answers" not in seen  # the answer is never sent

    phones = [phone(app, client, h) for h in (ines, yanis, lou)]
    staff_socket = console(app, client, staff, sid)
    for sio in (*phones, staff_socket):
        sio.get_received("/staff" if sio is staff_socket else "/player")
    before = eclats(client, ines)

    wrong = client.post("/api/me/finale/answer", json={"answer": "chacun pour soi"}, headers=lou)
    assert wrong.status_code == 200 and wrong.json["correct"] is False
    assert eclats(client, ines) == before and not of(received(phones[0]), "team")

    bad = client.post("/api/me/finale/answer", json={"answer": ""}, headers=lou)
    assert bad.status_code == 422

    right = client.post("/api/me/finale/answer", json={"answer": "  Solidarite "}, headers=ines)
    assert right.status_code == 200 and right.json["correct"] is True, right.json
    assert right.json["finale"]["solved"] is True and right.json["finale"]["solved_by"] == "Inès"
    after = eclats(client, ines)
    reward = catalog.finale.reward
    assert after == {name: points + reward for name, points in before.items()}  # every team, at once

    for sio, team in zip(phones, (red, blue, blue), strict=True):
        told = [m for m in of(received(sio), "team") if m["type"] == "finale"]
        assert [(m["team_id"], m["reward"], m["by"]) for m in told] == [(team["id"], reward, "Inès")]
    staff_told = [m for m in of(received(staff_socket, "/staff"), "team") if m["type"] == "finale"]
    assert sorted(m["team_id"] for m in staff_told) == sorted([red["id"], blue["id"]])

    again = client.post("/api/me/finale/answer", json={"answer": "solidarité"}, headers=yanis)
    assert again.status_code == 409 and again.json["error"] == "finale_solved"
    assert eclats(client, ines) == after  # nobody is credited twice

    theirs = client.get("/api/me/finale", headers=yanis).json
    assert theirs["solved"] is True and theirs["playable"] is False and theirs["success"] == catalog.finale.success
    watched = client.get(f"/api/sessions/{sid}/finale", headers=staff).json
    assert watched["solved"] is True and watched["solved_by"] == "Inès"

    client.post(f"/api/sessions/{sid}/finish", headers=staff)
    ending = client.get("/api/me/ending", headers=lou).json
    assert ending["finale"]["solved"] is True
    assert [p["text"] for p in ending["finale"]["fragments"]][:2] == [first.text, second.text]


def test_the_finale_is_for_the_groups_players_and_the_sessions_staff(
    client: FlaskClient, staff: Headers, game: dict[str, Any]
) -> None:
    assert client.get("/api/me/finale").status_code == 401
    assert client.post("/api/me/finale/answer", json={"answer": "x"}, headers=staff).status_code in (401, 403)
    assert client.get(f"/api/sessions/{game['id']}/finale").status_code == 401
