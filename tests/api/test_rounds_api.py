"""Live « situation → offre » rounds over REST: launch, answer, close, and the refusals."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from api.clock import set_now
from content.catalog import Catalog

from ..conftest import create_session, join, open_day

Headers = dict[str, str]


class Clock:
    def __init__(self) -> None:
        self.at = datetime(2026, 11, 24, 10, 0, 0)

    def __call__(self) -> datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Iterator[Clock]:
    c = Clock()
    set_now(c)
    yield c
    set_now(None)


def _room(client: FlaskClient, staff: Headers, game: dict[str, Any]) -> tuple[Headers, Headers, Headers]:
    """Inès and Yanis in the first team, Lina in the second; day 1 open."""
    first, second = game["teams"][0]["id"], game["teams"][1]["id"]
    ines = join(client, game["join_code"], "Inès", first)
    yanis = join(client, game["join_code"], "Yanis", first)
    lina = join(client, game["join_code"], "Lina", second)
    open_day(client, staff, game["id"], 1)
    return ines, yanis, lina


def _eclats(client: FlaskClient, player: Headers) -> dict[str, int]:
    board = client.get("/api/me/leaderboard", headers=player).json
    return {line["name"]: line["eclats"] for line in board}


def test_a_round_is_launched_answered_once_by_each_and_revealed_with_points_for_the_teams(
    client: FlaskClient, staff: Headers, game: dict[str, Any], catalog: Catalog, clock: Clock
) -> None:
    sid = game["id"]
    ines, yanis, lina = _room(client, staff, game)
    spec = next(r for r in catalog.rounds if r.day == 1)
    right, wrong = spec.answer_index, (spec.answer_index + 1) % len(spec.choices)
    listed = client.get(f"/api/sessions/{sid}/rounds", headers=staff).json
    line = next(r for r in listed["rounds"] if r["id"] == spec.id)
    assert line["playable"] is True and line["played"] == 0 and line["answer"] == right
    assert listed["current"] is None
    before = _eclats(client, ines)

    r = client.post(f"/api/sessions/{sid}/rounds", json={"round_id": spec.id, "seconds": 60}, headers=staff)
    assert r.status_code == 201, r.json
    assert r.json["status"] == "open" and r.json["seconds_left"] == 60 and r.json["result"] is None
    assert [c["title"] for c in r.json["choices"]] == [catalog.offer(o).title for o in spec.choices]  # type: ignore[union-attr]

    seen = client.get("/api/me/round", headers=ines).json
    assert seen["round"]["situation"] == spec.situation and seen["mine"] is None
    assert "answer" not in str(seen["round"]) or seen["round"]["result"] is None  # never the answer before the close
    assert seen["round"]["result"] is None and "explanation" not in str(seen)

    clock.advance(5)
    assert client.post("/api/me/round/answer", json={"choice": right}, headers=ines).json["mine"] == right
    assert client.post("/api/me/round/answer", json={"choice": right}, headers=yanis).status_code == 200
    assert client.post("/api/me/round/answer", json={"choice": wrong}, headers=lina).status_code == 200
    mine = client.get("/api/me/round", headers=ines).json
    assert mine["mine"] == right and mine["correct"] is None  # not told before the reveal
    assert client.get(f"/api/sessions/{sid}/rounds/current", headers=staff).json["answers"] == 3

    closed = client.post(f"/api/sessions/{sid}/rounds/current/close", headers=staff)
    assert closed.status_code == 200, closed.json
    result = closed.json["result"]
    assert closed.json["status"] == "closed"
    assert result["answer"] == right and result["explanation"] == spec.explanation
    assert (
        result["distribution"][right] == 2 and result["distribution"][wrong] == 1 and sum(result["distribution"]) == 3
    )
    points = {t["name"]: t["points"] for t in result["teams"]}
    first, second = game["teams"][0]["name"], game["teams"][1]["name"]
    assert points[first] == 2 * spec.points and points[second] == 0
    after = _eclats(client, ines)
    assert after[first] == before[first] + 2 * spec.points and after[second] == before[second]

    assert client.get("/api/me/round", headers=ines).json["correct"] is True
    assert client.get("/api/me/round", headers=lina).json["correct"] is False
    # closing twice credits nothing more
    assert client.post(f"/api/sessions/{sid}/rounds/current/close", headers=staff).status_code == 404
    assert _eclats(client, ines) == after
    assert (
        next(r for r in client.get(f"/api/sessions/{sid}/rounds", headers=staff).json["rounds"] if r["id"] == spec.id)[
            "played"
        ]
        == 1
    )


def test_a_second_answer_and_an_answer_after_the_deadline_are_refused_and_change_nothing(
    client: FlaskClient, staff: Headers, game: dict[str, Any], catalog: Catalog, clock: Clock
) -> None:
    sid = game["id"]
    ines, yanis, _lina = _room(client, staff, game)
    spec = next(r for r in catalog.rounds if r.day == 1)
    client.post(f"/api/sessions/{sid}/rounds", json={"round_id": spec.id, "seconds": 30}, headers=staff)
    wrong = (spec.answer_index + 1) % len(spec.choices)
    assert client.post("/api/me/round/answer", json={"choice": wrong}, headers=ines).status_code == 200
    again = client.post("/api/me/round/answer", json={"choice": spec.answer_index}, headers=ines)
    assert again.status_code == 409 and again.json["error"] == "already_answered"
    assert "déjà répondu" in again.json["message"]
    assert client.get("/api/me/round", headers=ines).json["mine"] == wrong

    clock.advance(30)  # the deadline: nobody closed the round, answers are refused anyway
    late = client.post("/api/me/round/answer", json={"choice": spec.answer_index}, headers=yanis)
    assert late.status_code == 409 and late.json["error"] == "round_time_up"
    assert client.get("/api/me/round", headers=yanis).json["mine"] is None
    state = client.get(f"/api/sessions/{sid}/rounds/current", headers=staff).json
    assert state["status"] == "time_up" and state["answers"] == 1 and state["seconds_left"] == 0

    # +30 s from now: answers are taken again
    more = client.patch(f"/api/sessions/{sid}/rounds/current", json={"add_seconds": 30}, headers=staff)
    assert more.status_code == 200 and more.json["status"] == "open" and more.json["seconds_left"] == 30
    assert client.post("/api/me/round/answer", json={"choice": 0}, headers=yanis).status_code == 200
    # untimed: no deadline at all
    untimed = client.patch(f"/api/sessions/{sid}/rounds/current", json={"untimed": True}, headers=staff)
    assert untimed.json["untimed"] is True and untimed.json["seconds_left"] is None
    clock.advance(3600)
    assert client.get(f"/api/sessions/{sid}/rounds/current", headers=staff).json["status"] == "open"


def test_adding_time_never_makes_a_round_shorter(
    client: FlaskClient, staff: Headers, game: dict[str, Any], catalog: Catalog, clock: Clock
) -> None:
    sid = game["id"]
    _room(client, staff, game)
    spec = next(r for r in catalog.rounds if r.day == 1)
    client.post(f"/api/sessions/{sid}/rounds", json={"round_id": spec.id, "seconds": 90}, headers=staff)
    clock.advance(10)
    r = client.patch(f"/api/sessions/{sid}/rounds/current", json={"add_seconds": 30}, headers=staff)
    assert r.json["seconds_left"] == 110  # 80 left + 30, not 30 from now


def test_launching_is_refused_with_a_reason(
    client: FlaskClient, staff: Headers, game: dict[str, Any], catalog: Catalog, clock: Clock
) -> None:
    sid = game["id"]
    day1 = next(r for r in catalog.rounds if r.day == 1)
    day2 = next(r for r in catalog.rounds if r.day == 2)
    # before the session runs
    r = client.post(f"/api/sessions/{sid}/rounds", json={"round_id": day1.id, "seconds": 60}, headers=staff)
    assert r.status_code == 409 and r.json["error"] == "session_not_running"
    _room(client, staff, game)
    # a day not open yet
    r = client.post(f"/api/sessions/{sid}/rounds", json={"round_id": day2.id, "seconds": 60}, headers=staff)
    assert r.status_code == 409 and "jour 2" in r.json["message"]
    # bad input: an unknown round, a time out of range, a missing time
    assert (
        client.post(f"/api/sessions/{sid}/rounds", json={"round_id": "nope", "seconds": 60}, headers=staff).status_code
        == 404
    )
    for seconds in (5, 601, "60"):
        bad = client.post(f"/api/sessions/{sid}/rounds", json={"round_id": day1.id, "seconds": seconds}, headers=staff)
        assert bad.status_code == 422, seconds
    assert client.post(f"/api/sessions/{sid}/rounds", json={"round_id": day1.id}, headers=staff).status_code == 422
    assert client.get(f"/api/sessions/{sid}/rounds/current", headers=staff).status_code == 204  # nothing launched
    # one open round at a time
    assert (
        client.post(
            f"/api/sessions/{sid}/rounds", json={"round_id": day1.id, "seconds": None}, headers=staff
        ).status_code
        == 201
    )
    other = next(r for r in catalog.rounds if r.day == 1 and r.id != day1.id)
    r = client.post(f"/api/sessions/{sid}/rounds", json={"round_id": other.id, "seconds": 60}, headers=staff)
    assert r.status_code == 409 and r.json["error"] == "round_open"
    assert client.get(f"/api/sessions/{sid}/rounds/current", headers=staff).json["round_id"] == day1.id
    # adjusting: one of the two, not both
    both = client.patch(f"/api/sessions/{sid}/rounds/current", json={"add_seconds": 30, "untimed": True}, headers=staff)
    assert both.status_code == 422


def test_players_cannot_launch_and_another_sessions_round_is_not_found(
    app: Flask, client: FlaskClient, staff: Headers, game: dict[str, Any], catalog: Catalog, clock: Clock
) -> None:
    sid = game["id"]
    ines, _yanis, _lina = _room(client, staff, game)
    spec = next(r for r in catalog.rounds if r.day == 1)
    r = client.post(f"/api/sessions/{sid}/rounds", json={"round_id": spec.id, "seconds": 60}, headers=ines)
    assert r.status_code == 403
    assert client.post(f"/api/sessions/{sid}/rounds/current/close", headers=ines).status_code == 403
    assert client.get(f"/api/sessions/{sid}/rounds/current", headers=ines).status_code == 403
    assert client.get("/api/me/round", headers=staff).status_code in (401, 403)
    # a round open in another session: this session has none, its players cannot reach it
    other = create_session(client, staff, name="Groupe du jeudi", players_choose_team=True)
    lina_x = join(client, other["join_code"], "Lina", other["teams"][0]["id"])
    open_day(client, staff, other["id"], 1)
    assert (
        client.post(
            f"/api/sessions/{other['id']}/rounds", json={"round_id": spec.id, "seconds": 60}, headers=staff
        ).status_code
        == 201
    )
    assert client.get(f"/api/sessions/{sid}/rounds/current", headers=staff).status_code == 204
    assert client.post(f"/api/sessions/{sid}/rounds/current/close", headers=staff).status_code == 404
    assert client.get("/api/me/round", headers=ines).json["round"] is None
    refused = client.post("/api/me/round/answer", json={"choice": 0}, headers=ines)
    assert refused.status_code == 404
    assert client.get(f"/api/sessions/{other['id']}/rounds/current", headers=staff).json["answers"] == 0
    assert client.post("/api/me/round/answer", json={"choice": 0}, headers=lina_x).status_code == 200


def test_right_answers_are_evidence_and_leave_with_the_player(
    client: FlaskClient, staff: Headers, game: dict[str, Any], catalog: Catalog, clock: Clock
) -> None:
    sid = game["id"]
    ines, yanis, _lina = _room(client, staff, game)
    spec = next(r for r in catalog.rounds if r.day == 1 and r.skills)
    client.post(f"/api/sessions/{sid}/rounds", json={"round_id": spec.id, "seconds": None}, headers=staff)
    client.post("/api/me/round/answer", json={"choice": spec.answer_index}, headers=ines)
    client.post("/api/me/round/answer", json={"choice": (spec.answer_index + 1) % len(spec.choices)}, headers=yanis)
    ines_id = client.get("/api/me", headers=ines).json["player"]["id"]
    yanis_id = client.get("/api/me", headers=yanis).json["player"]["id"]

    def rounds_evidence(player_id: int) -> list[str]:
        ev = client.get(f"/api/sessions/{sid}/players/{player_id}/evidence", headers=staff).json
        return [
            s["skill_id"] for s in ev["skills"] for item in s["items"] if item["kind"] == "round" and item["counts"]
        ]

    assert rounds_evidence(ines_id) == []  # not before the reveal
    client.post(f"/api/sessions/{sid}/rounds/current/close", headers=staff)
    assert sorted(rounds_evidence(ines_id)) == sorted(spec.skills)
    assert rounds_evidence(yanis_id) == []  # a wrong answer is no evidence

    data = client.get("/api/me/data", headers=ines).json
    assert [a["juste"] for a in data["manches_en_direct"]] == [True]
    assert client.delete("/api/me", headers=ines).status_code in (200, 204)
    board = client.get(f"/api/sessions/{sid}/rounds/current", headers=staff).json
    assert sum(board["result"]["distribution"]) == 1  # her answer went with her


def test_a_round_left_open_ends_with_the_session(
    client: FlaskClient, staff: Headers, game: dict[str, Any], catalog: Catalog, clock: Clock
) -> None:
    sid = game["id"]
    ines, _yanis, _lina = _room(client, staff, game)
    spec = next(r for r in catalog.rounds if r.day == 1)
    client.post(f"/api/sessions/{sid}/rounds", json={"round_id": spec.id, "seconds": None}, headers=staff)
    for day in range(2, 11):
        open_day(client, staff, sid, day)
    assert client.post(f"/api/sessions/{sid}/finish", headers=staff).status_code == 200
    assert client.get("/api/me/round", headers=ines).json["round"] is None  # not over the end screen
    late = client.post("/api/me/round/answer", json={"choice": spec.answer_index}, headers=ines)
    assert late.status_code == 409 and late.json["error"] == "session_finished"
