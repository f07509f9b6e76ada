"""A live round for a room of 60 (issue 14: « a whole session of 12 and a room of 60 »):
every phone gets the round, answers once over its socket, every answer is counted once,
the console sees the count grow without learning who chose what, and every phone gets
the reveal."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from flask_socketio import SocketIOTestClient

from api.extensions import db, socketio
from content.catalog import Catalog
from game.services import play

from ..conftest import create_session, open_day
from .test_sockets import console, of, phone, received

Headers = dict[str, str]
ROOM = 60


def _join_many(app: Flask, code: str, count: int) -> list[str]:
    """``count`` young people join (straight through the service: the join quota of one
    network would slow a test down, not change what it shows)."""
    tokens = []
    with app.app_context():
        for i in range(count):
            secret, _player = play.join(db(), code, f"Jeune {i + 1}", None, datetime(2026, 11, 24, 9, 0))
            tokens.append(secret)
        db().commit()
    return tokens


def test_a_room_of_60_answers_one_round_and_every_phone_gets_the_reveal(
    app: Flask, client: FlaskClient, staff: Headers, catalog: Catalog
) -> None:
    game = create_session(client, staff, teams=["Orion", "Véga", "Lyra", "Altaïr", "Deneb", "Rigel"])
    sid = game["id"]
    phones: list[SocketIOTestClient] = []
    for secret in _join_many(app, game["join_code"], ROOM):
        sio = socketio.test_client(app, namespace="/player", auth={"token": secret}, flask_test_client=client)
        assert sio.is_connected("/player")
        phones.append(sio)
    open_day(client, staff, sid, 1)
    staff_sio = console(app, client, staff, sid)
    for sio in phones:
        sio.get_received("/player")
    staff_sio.get_received("/staff")

    spec = next(r for r in catalog.rounds if r.day == 1)
    launched = client.post(f"/api/sessions/{sid}/rounds", json={"round_id": spec.id, "seconds": None}, headers=staff)
    assert launched.status_code == 201 and launched.json["players"] == ROOM
    for sio in phones:
        opened = of(received(sio), "round")
        assert len(opened) == 1 and opened[0]["status"] == "open" and opened[0]["result"] is None
        assert "answers" not in opened[0]  # phones never get the live count

    right = spec.answer_index
    wrong = (right + 1) % len(spec.choices)
    choices = [right if i % 3 else wrong for i in range(ROOM)]  # 40 right, 20 wrong
    for sio, choice in zip(phones, choices, strict=True):
        ack = sio.emit("round_answer", {"choice": choice}, namespace="/player", callback=True)
        assert ack["ok"] is True and ack["mine"] == choice, ack
    # a second answer from a phone is refused and counted nowhere
    again = phones[0].emit("round_answer", {"choice": right}, namespace="/player", callback=True)
    assert again["ok"] is False and again["status"] == 409

    counts = of(received(staff_sio, "/staff"), "round_count")
    assert [c["answers"] for c in counts] == list(range(1, ROOM + 1))
    assert all(set(c) == {"live_id", "answers", "players"} for c in counts)  # never who chose what

    closed = client.post(f"/api/sessions/{sid}/rounds/current/close", headers=staff)
    assert closed.status_code == 200
    assert closed.json["result"]["distribution"][right] == 40 and closed.json["result"]["distribution"][wrong] == 20
    assert sum(t["points"] for t in closed.json["result"]["teams"]) == 40 * spec.points
    for sio in phones:
        messages = received(sio)
        reveal = of(messages, "round")
        assert len(reveal) == 1 and reveal[0]["status"] == "closed"
        assert reveal[0]["result"]["answer"] == right and reveal[0]["result"]["explanation"] == spec.explanation
        assert of(messages, "leaderboard"), "the leaderboard moves on every phone"
    for sio in [*phones, staff_sio]:
        sio.disconnect(namespace="/player" if sio is not staff_sio else "/staff")


def test_a_phone_never_gets_the_answer_before_the_reveal(
    app: Flask,
    client: FlaskClient,
    staff: Headers,
    game: dict[str, Any],
    players: tuple[Headers, Headers],
    catalog: Catalog,
) -> None:
    sio = phone(app, client, players[0])
    open_day(client, staff, game["id"], 1)
    spec = next(r for r in catalog.rounds if r.day == 1)
    client.post(f"/api/sessions/{game['id']}/rounds", json={"round_id": spec.id, "seconds": 60}, headers=staff)
    client.patch(f"/api/sessions/{game['id']}/rounds/current", json={"add_seconds": 30}, headers=staff)
    rounds = of(received(sio), "round")
    assert [r["seconds_left"] for r in rounds] == [60, 90]
    assert all(r["result"] is None and spec.explanation not in str(r) for r in rounds)
    bad = sio.emit("round_answer", {"choice": "1"}, namespace="/player", callback=True)
    assert bad["ok"] is False and bad["status"] == 422
