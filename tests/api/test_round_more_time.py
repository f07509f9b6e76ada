"""« Plus de temps » (issue 15, point 8; RGAA 4.1 criterion 13.1): a young person who
needs more time in a live round asks for it with one tap; the round ends 30 s later for
everyone, the phones and the staff get the new time by the usual ``round`` event, and
the limits (once per young person, 10 times a round) are refused with a reason."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from api.clock import set_now
from api.extensions import db
from content.catalog import Catalog
from game.services import play

from ..conftest import bearer, create_session, join, open_day
from ..sockets.test_sockets import console, of, phone, received
from .test_rounds_api import Clock, Headers, _room

MORE = "/api/me/round/more-time"


@pytest.fixture
def clock() -> Iterator[Clock]:
    c = Clock()
    set_now(c)
    yield c
    set_now(None)


def _launch(client: FlaskClient, staff: Headers, sid: int, catalog: Catalog, seconds: int | None = 60) -> None:
    spec = next(r for r in catalog.rounds if r.day == 1)
    r = client.post(f"/api/sessions/{sid}/rounds", json={"round_id": spec.id, "seconds": seconds}, headers=staff)
    assert r.status_code == 201, r.json


def _left(client: FlaskClient, staff: Headers, sid: int) -> int:
    return int(client.get(f"/api/sessions/{sid}/rounds/current", headers=staff).json["seconds_left"])


def test_one_tap_gives_everyone_30_more_seconds_live(
    app: Flask, client: FlaskClient, staff: Headers, game: dict[str, Any], catalog: Catalog, clock: Clock
) -> None:
    sid = game["id"]
    ines, yanis, _lina = _room(client, staff, game)
    _launch(client, staff, sid, catalog)
    yanis_phone, room = phone(app, client, yanis), console(app, client, staff, sid)
    received(yanis_phone)
    received(room, "/staff")
    clock.advance(40)

    r = client.post(MORE, headers=ines)
    assert r.status_code == 200, r.json
    assert r.json["round"]["seconds_left"] == 50 and r.json["round"]["extensions"] == 1
    assert r.json["round"]["extensions_max"] == 10 and r.json["round"]["more_seconds"] == 30
    assert _left(client, staff, sid) == 50
    # the other phones and the console (and so the projector) get the new time at once
    told = of(received(yanis_phone), "round")
    assert [m["seconds_left"] for m in told] == [50] and "answers" not in told[0]
    assert [m["seconds_left"] for m in of(received(room, "/staff"), "round")] == [50]
    # the time is really longer: an answer 55 s after the launch's 60 s deadline is taken
    clock.advance(15)
    assert client.post("/api/me/round/answer", json={"choice": 0}, headers=yanis).status_code == 200


def test_more_time_is_refused_with_a_reason_and_changes_nothing(
    client: FlaskClient, staff: Headers, game: dict[str, Any], catalog: Catalog, clock: Clock
) -> None:
    sid = game["id"]
    ines, yanis, lina = _room(client, staff, game)
    nobody = client.post(MORE, headers=ines)
    assert nobody.status_code == 404 and nobody.json["error"] == "no_open_round"
    _launch(client, staff, sid, catalog)
    assert client.post(MORE, headers=ines).status_code == 200
    twice = client.post(MORE, headers=ines)
    assert twice.status_code == 409 and twice.json["error"] == "more_time_asked"
    assert "déjà demandé" in twice.json["message"] and _left(client, staff, sid) == 90

    assert client.post("/api/me/round/answer", json={"choice": 0}, headers=yanis).status_code == 200
    answered = client.post(MORE, headers=yanis)
    assert answered.status_code == 409 and answered.json["error"] == "already_answered"
    # staff cannot use the young people's button
    assert client.post(MORE, headers=staff).status_code in (401, 403)
    assert _left(client, staff, sid) == 90

    # a young person of another session cannot lengthen this one
    other = create_session(client, staff, name="Groupe du jeudi", players_choose_team=True)
    stranger = join(client, other["join_code"], "Noé", other["teams"][0]["id"])
    away = client.post(MORE, headers=stranger)
    assert away.status_code == 404 and away.json["error"] == "no_open_round"
    assert _left(client, staff, sid) == 90

    clock.advance(90)  # time up: too late for more (the facilitator can still add time)
    late = client.post(MORE, headers=lina)
    assert late.status_code == 409 and late.json["error"] == "round_time_up"
    client.post(f"/api/sessions/{sid}/rounds/current/close", headers=staff)
    closed = client.post(MORE, headers=lina)
    assert closed.status_code == 409 and closed.json["error"] == "round_closed"
    state = client.get(f"/api/sessions/{sid}/rounds/current", headers=staff).json
    assert state["extensions"] == 1 and state["status"] == "closed"


def test_a_round_is_made_longer_ten_times_at_most(
    app: Flask, client: FlaskClient, staff: Headers, game: dict[str, Any], catalog: Catalog, clock: Clock
) -> None:
    sid = game["id"]
    open_day(client, staff, sid, 1)
    with app.app_context():  # eleven young people (straight through the service: no join quota)
        secrets = [
            play.join(db(), game["join_code"], f"Jeune {i}", game["teams"][i % 2]["id"], datetime(2026, 11, 24, 9))[0]
            for i in range(11)
        ]
        db().commit()
    _launch(client, staff, sid, catalog, seconds=30)
    for secret in secrets[:10]:
        assert client.post(MORE, headers=bearer(secret)).status_code == 200
    assert _left(client, staff, sid) == 30 + 10 * 30
    eleventh = client.post(MORE, headers=bearer(secrets[10]))
    assert eleventh.status_code == 409 and eleventh.json["error"] == "more_time_limit"
    assert "10 fois" in eleventh.json["message"]
    assert _left(client, staff, sid) == 330


def test_an_untimed_round_needs_no_more_time(
    client: FlaskClient, staff: Headers, game: dict[str, Any], catalog: Catalog, clock: Clock
) -> None:
    sid = game["id"]
    ines, _yanis, _lina = _room(client, staff, game)
    _launch(client, staff, sid, catalog, seconds=None)
    r = client.post(MORE, headers=ines)
    assert r.status_code == 409 and r.json["error"] == "round_untimed"
    assert client.get(f"/api/sessions/{sid}/rounds/current", headers=staff).json["untimed"] is True
