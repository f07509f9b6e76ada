"""Slots and badges reach the phones live (issue 15, point 4): the session's phones hear
that the free slots changed (nothing personal in it), and a badge issued or revoked
reaches its holder's phone only, not a teammate's."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from ..conftest import create_session, join, open_day
from .test_sockets import Headers, of, phone, player_id, received

SOON = (datetime.now() + timedelta(days=3)).replace(hour=14, minute=0, second=0, microsecond=0)


def _publish(client: FlaskClient, staff: Headers, session_id: int, count: int = 2) -> list[dict[str, Any]]:
    body = {"local_start": f"{SOON:%Y-%m-%dT%H:%M}", "duration_minutes": 30, "mode": "phone", "count": count}
    r = client.post(f"/api/sessions/{session_id}/slots", json=body, headers=staff)
    assert r.status_code == 201, r.json
    return list(r.json)


def test_slots_published_or_removed_reach_every_phone_of_the_session_and_no_other(
    app: Flask, client: FlaskClient, staff: Headers, game: dict[str, Any], players: tuple[Headers, Headers]
) -> None:
    other_game = create_session(client, staff, name="Autre groupe")
    elsewhere = join(client, other_game["join_code"], "Lou")
    rival = join(client, game["join_code"], "Rival", game["teams"][1]["id"])
    phones = [phone(app, client, h) for h in (*players, rival)]
    away = phone(app, client, elsewhere)
    for sio in (*phones, away):
        received(sio)

    slots = _publish(client, staff, game["id"])
    for sio in phones:  # both teams: a slot is for anyone in the session
        assert of(received(sio), "slots") == [{"session_id": game["id"]}]  # nothing personal
    assert of(received(away), "slots") == []

    assert client.delete(f"/api/sessions/{game['id']}/slots/{slots[0]['id']}", headers=staff).status_code == 204
    for sio in phones:
        assert of(received(sio), "slots") == [{"session_id": game["id"]}]
    assert of(received(away), "slots") == []

    # refused (a slot of another session): nothing changed, nothing said
    r = client.delete(f"/api/sessions/{other_game['id']}/slots/{slots[1]['id']}", headers=staff)
    assert r.status_code == 404
    assert of(received(phones[0]), "slots") == []


def test_a_badge_issued_or_revoked_reaches_its_holder_only(
    app: Flask, client: FlaskClient, staff: Headers, game: dict[str, Any], players: tuple[Headers, Headers]
) -> None:
    ines, yanis = players
    open_day(client, staff, game["id"], 1)
    for headers in players:
        assert client.put("/api/me/badges/consent", json={"agree": True}, headers=headers).status_code == 200
    ines_phone, yanis_phone = phone(app, client, ines), phone(app, client, yanis)
    received(ines_phone), received(yanis_phone)

    body = {"skill_id": "cooperation", "player_ids": [player_id(client, ines)]}
    r = client.post(f"/api/sessions/{game['id']}/badges", json=body, headers=staff)
    assert r.status_code == 201, r.json
    [award] = r.json["issued"]
    assert of(received(ines_phone), "badge") == [{"type": "issued", "id": award["id"], "name": "Coopération"}]
    assert of(received(yanis_phone), "badge") == []  # a teammate does not hear of it

    # already held: nothing issued, nothing told
    assert client.post(f"/api/sessions/{game['id']}/badges", json=body, headers=staff).json["issued"] == []
    assert of(received(ines_phone), "badge") == []

    r = client.post(f"/api/badges/{award['id']}/revoke", json={"reason": "Erreur de personne"}, headers=staff)
    assert r.status_code == 200, r.json
    assert of(received(ines_phone), "badge") == [{"type": "revoked", "id": award["id"], "name": "Coopération"}]
    assert of(received(yanis_phone), "badge") == []
