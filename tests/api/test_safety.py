"""Safe with minors: abuse limits, keeping people out, logins that end.

Time is moved with the server's clock (``api.clock.set_now``), never slept."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from api import clock
from api.extensions import socketio
from content.catalog import Catalog, QuestKind
from game.rules.quests import code_of

from ..conftest import STAFF_PASSWORD, bearer, join, open_day
from .helpers import first_of, solve_with_prerequisites

Headers = dict[str, str]
DEVICE = "telephone-de-test-0001"


class Clock:
    def __init__(self, start: datetime) -> None:
        self.at = start

    def __call__(self) -> datetime:
        return self.at

    def forward(self, **delta: float) -> None:
        self.at += timedelta(**delta)


@pytest.fixture
def frozen() -> Iterator[Clock]:
    c = Clock(datetime.now().replace(microsecond=0))
    clock.set_now(c)
    yield c
    clock.set_now(None)


def _join(client: FlaskClient, code: str, nickname: str, team_id: int | None = None, device: str | None = None) -> Any:
    return client.post("/api/join", json={"code": code, "nickname": nickname, "team_id": team_id, "device": device})


# ------------------------------------------------------------------ rate limits


def test_guessing_join_codes_from_one_client_stops_then_starts_again(
    client: FlaskClient, game: dict[str, Any], frozen: Clock
) -> None:
    for i in range(10):
        assert client.get(f"/api/join/ZZZZ{i:02d}").status_code == 404
    refused = client.get("/api/join/ZZZZ99")
    assert refused.status_code == 429
    assert "code" in refused.json["message"] and "réessaie dans" in refused.json["message"]
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    # even the right code waits: the quota is the client's
    assert client.get(f"/api/join/{game['join_code']}").status_code == 429
    frozen.forward(seconds=61)
    assert client.get(f"/api/join/{game['join_code']}").status_code == 200


def test_one_client_flooding_a_session_with_joins_is_held_back(
    client: FlaskClient, game: dict[str, Any], frozen: Clock
) -> None:
    for _ in range(120):
        assert client.get(f"/api/join/{game['join_code']}").status_code == 200
    refused = _join(client, game["join_code"], "Robot", game["teams"][0]["id"])
    assert refused.status_code == 429 and "réseau" in refused.json["message"]
    assert client.get(f"/api/sessions/{game['id']}").status_code == 401  # (no login: nothing else learnt)
    frozen.forward(seconds=61)
    assert _join(client, game["join_code"], "Lina", game["teams"][0]["id"]).status_code == 201


def test_a_flood_of_joins_into_one_session_from_many_addresses_is_held_back(
    client: FlaskClient, staff: Headers, game: dict[str, Any], frozen: Clock
) -> None:
    def from_address(i: int, nickname: str) -> Any:
        body = {"code": game["join_code"], "nickname": nickname, "team_id": game["teams"][i % 2]["id"]}
        return client.post("/api/join", json=body, environ_base={"REMOTE_ADDR": f"127.0.{i // 200}.{i % 200 + 1}"})

    for i in range(30):
        assert from_address(i, f"Joueur {i}").status_code in (201, 409), i  # (teams may fill up)
    refused = from_address(99, "Encore")
    assert refused.status_code == 429 and "Beaucoup de monde" in refused.json["message"]
    frozen.forward(seconds=61)
    assert from_address(98, "Plus tard").status_code in (201, 409)


def test_a_whole_group_on_one_wifi_joins_without_meeting_a_limit(
    client: FlaskClient, game: dict[str, Any], frozen: Clock
) -> None:
    """12 phones behind one address, each looking up the code then joining, two of
    them retyping a taken nickname: nobody is held back."""
    for i in range(12):
        assert client.get(f"/api/join/{game['join_code']}").status_code == 200
        assert _join(client, game["join_code"], f"Joueur {i}", game["teams"][i % 2]["id"]).status_code == 201
    for _ in range(2):
        assert _join(client, game["join_code"], "Joueur 1", game["teams"][0]["id"]).status_code in (409, 422)


def test_staff_password_guesses_are_locked_out_per_account_with_a_french_message(
    client: FlaskClient, staff: Headers, frozen: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for _ in range(5):
        r = client.post("/api/auth/login", json={"username": "claire", "password": "devine-moi"})
        assert r.status_code == 401
    locked = client.post("/api/auth/login", json={"username": "claire", "password": STAFF_PASSWORD})
    assert locked.status_code == 429  # even the right password: the account is locked for a while
    assert "réessayez dans" in locked.json["message"]
    wait = int(locked.headers["Retry-After"])
    assert 1 <= wait <= 900
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    # the window slides: the failures still count just after its edge (no fresh burst)
    frozen.forward(seconds=wait)
    assert client.post("/api/auth/login", json={"username": "claire", "password": "devine-moi"}).status_code == 429
    frozen.forward(minutes=16)
    assert client.post("/api/auth/login", json={"username": "claire", "password": STAFF_PASSWORD}).status_code == 200


def test_a_four_digit_code_lock_cannot_be_brute_forced(
    client: FlaskClient, staff: Headers, game: dict[str, Any], catalog: Catalog, frozen: Clock
) -> None:
    lock = first_of(catalog, QuestKind.CODE_LOCK, day=1, free=False)
    team_a, team_b = game["teams"][0]["id"], game["teams"][1]["id"]
    a = join(client, game["join_code"], "Inès", team_a)
    b = join(client, game["join_code"], "Yanis", team_b)
    open_day(client, staff, game["id"], 1)
    for before in lock.prerequisites:
        solve_with_prerequisites(client, catalog, a, before)
        solve_with_prerequisites(client, catalog, b, before)
    url = f"/api/me/quests/{lock.id}/answer"
    statuses = [client.post(url, json={"answer": f"{n:04d}"}, headers=a).status_code for n in range(8)]
    assert statuses[:6] == [200] * 6 and statuses[6:] == [429, 429]
    refused = client.post(url, json={"answer": code_of(lock)}, headers=a)
    assert refused.status_code == 429 and "cadenas" in refused.json["message"]
    # the other team is not slowed down by the first one's guesses
    assert client.post(url, json={"answer": code_of(lock)}, headers=b).json["correct"] is True
    frozen.forward(seconds=61)
    assert client.post(url, json={"answer": code_of(lock)}, headers=a).json["correct"] is True


def test_a_socket_flooding_events_gets_429_acks_then_is_heard_again(
    app: Flask, client: FlaskClient, players: tuple[Headers, Headers], frozen: Clock
) -> None:
    token = players[0]["Authorization"].split(" ", 1)[1]
    sio = socketio.test_client(app, namespace="/player", auth={"token": token}, flask_test_client=client)
    acks = [sio.emit("sync", {}, namespace="/player", callback=True) for _ in range(45)]
    assert all(a["ok"] for a in acks[:40])
    assert [a["status"] for a in acks[40:]] == [429] * 5
    assert "Trop de messages" in acks[-1]["message"]
    assert sio.is_connected("/player")  # refused, not cut off
    frozen.forward(seconds=11)
    assert sio.emit("sync", {}, namespace="/player", callback=True)["ok"] is True
    sio.disconnect("/player")


# ------------------------------------------------------------------ keeping people out


def _revoke(client: FlaskClient, staff: Headers, session_id: int, player: Headers) -> None:
    pid = client.get("/api/me", headers=player).json["player"]["id"]
    assert client.post(f"/api/sessions/{session_id}/players/{pid}/revoke", headers=staff).status_code == 200


def test_a_revoked_phone_cannot_come_back_under_another_nickname(
    client: FlaskClient, staff: Headers, game: dict[str, Any]
) -> None:
    team = game["teams"][0]["id"]
    first = _join(client, game["join_code"], "Toto", team, DEVICE)
    assert first.status_code == 201
    _revoke(client, staff, game["id"], bearer(first.json["token"]))
    again = _join(client, game["join_code"], "Titi", team, DEVICE)
    assert again.status_code == 403 and "retiré" in again.json["message"]
    # another phone is welcome; the facilitator sees one banned phone
    assert _join(client, game["join_code"], "Lina", team, "un-autre-telephone-42").status_code == 201
    detail = client.get(f"/api/sessions/{game['id']}", headers=staff).json
    assert detail["bans_count"] == 1 and "Titi" not in [p["nickname"] for p in detail["players"]]
    # a revocation by mistake: lifted, the phone comes back
    assert client.delete(f"/api/sessions/{game['id']}/bans", headers=staff).json == {"lifted": 1}
    assert _join(client, game["join_code"], "Titi", team, DEVICE).status_code == 201


def test_the_ban_holds_after_the_player_is_erased(client: FlaskClient, staff: Headers, game: dict[str, Any]) -> None:
    team = game["teams"][0]["id"]
    first = _join(client, game["join_code"], "Toto", team, DEVICE)
    headers = bearer(first.json["token"])
    pid = client.get("/api/me", headers=headers).json["player"]["id"]
    _revoke(client, staff, game["id"], headers)
    assert client.delete(f"/api/sessions/{game['id']}/players/{pid}", headers=staff).status_code == 204
    assert _join(client, game["join_code"], "Titi", team, DEVICE).status_code == 403


def test_a_new_join_code_stops_the_old_one_and_players_keep_playing(
    client: FlaskClient, staff: Headers, game: dict[str, Any], players: tuple[Headers, Headers]
) -> None:
    old = game["join_code"]
    assert client.get(f"/api/join/{old}/qr.svg").status_code == 200
    changed = client.post(f"/api/sessions/{game['id']}/join-code", headers=staff)
    assert changed.status_code == 200
    new = changed.json["join_code"]
    assert new != old and changed.json["join_url"].endswith("/j/" + new)
    assert client.get(f"/api/join/{old}").status_code == 404
    assert client.get(f"/api/join/{old}/qr.svg").status_code == 404
    assert _join(client, old, "Nouveau").status_code == 404
    assert client.get(f"/api/join/{new}").status_code == 200
    assert client.get("/api/me/quests", headers=players[0]).status_code == 200


def test_a_session_closed_to_newcomers_says_so_and_opens_again(
    client: FlaskClient, staff: Headers, game: dict[str, Any], players: tuple[Headers, Headers]
) -> None:
    closed = client.put(f"/api/sessions/{game['id']}/joining", json={"open": False}, headers=staff)
    assert closed.status_code == 200 and closed.json["joining_open"] is False
    assert client.get(f"/api/join/{game['join_code']}").json["joining_open"] is False
    refused = _join(client, game["join_code"], "Retard", game["teams"][0]["id"])
    assert refused.status_code == 403 and "n'accepte plus" in refused.json["message"]
    assert client.get("/api/me", headers=players[1]).status_code == 200  # those in keep playing
    client.put(f"/api/sessions/{game['id']}/joining", json={"open": True}, headers=staff)
    assert _join(client, game["join_code"], "Retard", game["teams"][0]["id"]).status_code == 201


def test_the_qr_code_is_not_given_to_whoever_knows_a_session_number(client: FlaskClient, game: dict[str, Any]) -> None:
    """It used to be /api/sessions/<id>/qr.svg without login: counting ids gave every code."""
    assert client.get(f"/api/sessions/{game['id']}/qr.svg").status_code == 404


# ------------------------------------------------------------------ logins that end


def test_a_staff_login_ends_after_hours_unused_and_after_a_day_at_most(
    app: Flask, client: FlaskClient, staff: Headers, frozen: Clock
) -> None:
    frozen.forward(minutes=239)
    assert client.get("/api/auth/me", headers=staff).status_code == 200  # used: the idle clock restarts
    frozen.forward(minutes=239)
    assert client.get("/api/auth/me", headers=staff).status_code == 200
    frozen.forward(minutes=241)
    idle = client.get("/api/auth/me", headers=staff)
    assert idle.status_code == 401 and idle.json["error"] == "token_expired"
    assert "reconnectez-vous" in idle.json["message"]
    # absolute: used every hour, the login still ends 12 hours after it was made
    fresh = bearer(
        client.post("/api/auth/login", json={"username": "claire", "password": STAFF_PASSWORD}).json["token"]
    )
    for _ in range(11):
        frozen.forward(minutes=60)
        assert client.get("/api/auth/me", headers=fresh).status_code == 200
    frozen.forward(minutes=61)
    assert client.get("/api/auth/me", headers=fresh).status_code == 401
    # the staff socket too
    sio = socketio.test_client(
        app, namespace="/staff", auth={"token": fresh["Authorization"][7:]}, flask_test_client=client
    )
    assert not sio.is_connected("/staff")


def test_a_player_login_ends_with_the_sessions_retention_period(
    client: FlaskClient, game: dict[str, Any], players: tuple[Headers, Headers], frozen: Clock
) -> None:
    # the default session starts 2026-11-23: ten days, then 90 days of retention
    frozen.at = datetime(2027, 3, 1, 12)
    assert client.get("/api/me", headers=players[0]).status_code == 200
    frozen.at = datetime(2027, 3, 3, 12)
    gone = client.get("/api/me", headers=players[0])
    assert gone.status_code == 401 and gone.json["error"] == "expired"


# ------------------------------------------------------------------ socket origins


def test_a_foreign_origin_cannot_open_a_socket_by_polling(
    client: FlaskClient, players: tuple[Headers, Headers]
) -> None:
    evil = client.get("/socket.io/?EIO=4&transport=polling", headers={"Origin": "https://evil.example"})
    assert evil.status_code == 400
    same = client.get("/socket.io/?EIO=4&transport=polling", headers={"Origin": "http://localhost"})
    assert same.status_code == 200
    public = client.get("/socket.io/?EIO=4&transport=polling", headers={"Origin": "http://eclats.test"})
    assert public.status_code == 200


def test_photo_uploads_are_limited_per_player_before_anything_is_read(
    app: Flask,
    client: FlaskClient,
    staff: Headers,
    game: dict[str, Any],
    players: tuple[Headers, Headers],
    catalog: Catalog,
    frozen: Clock,
) -> None:
    from .test_uploads import _jpeg, _send, _send_unreadable, _unlock

    open_day(client, staff, game["id"], 1)
    _unlock(client, players[0], catalog)
    for _ in range(6):  # six files that are not images: refused, the quest stays open
        assert _send(client, players[0], b"pas une image").status_code == 422
    refused = _send_unreadable(client, players[0])  # fails the test if its body is read
    assert refused.status_code == 429 and "photos" in refused.json["message"]
    # a teammate is not held back by it
    assert _send(client, players[1], _jpeg(320, 240)).status_code == 201
