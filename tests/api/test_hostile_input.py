"""No 500 on any input: the inputs that crashed the server now get a clear 4xx naming
what is wrong, write nothing and leave no traceback in the log (issue 11, first causes)."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from flask.testing import FlaskClient

from ..conftest import open_day
from .helpers import solve_with_prerequisites

Headers = dict[str, str]


@pytest.fixture
def quiet_log(caplog: pytest.LogCaptureFixture) -> Any:
    caplog.set_level(logging.DEBUG)
    yield caplog
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info], "a traceback was logged"


def test_an_id_beyond_what_a_database_holds_names_nothing(
    client: FlaskClient, staff: Headers, game: dict[str, Any], players: tuple[Headers, Headers], quiet_log: Any
) -> None:
    huge = 2**64
    assert client.get(f"/api/sessions/{huge}", headers=staff).status_code == 404
    r = client.delete(f"/api/sessions/{game['id']}/players/{huge}", headers=staff)
    assert r.status_code == 404 and r.json["error"] == "not_found"  # not a 405 from another rule
    assert client.get(f"/api/sessions/{2**63 - 1}", headers=staff).status_code == 404  # the largest id: not found
    assert len(client.get(f"/api/sessions/{game['id']}", headers=staff).json["players"]) == 2


def test_a_json_body_nested_100000_deep_is_refused_clearly(client: FlaskClient, quiet_log: Any) -> None:
    r = client.post("/api/join", data="[" * 100_000, content_type="application/json")
    assert r.status_code == 400 and "imbriqué" in r.json["message"]


def test_a_fix_dated_in_the_year_33658_is_refused_naming_the_field(
    client: FlaskClient, staff: Headers, game: dict[str, Any], players: tuple[Headers, Headers], quiet_log: Any
) -> None:
    open_day(client, staff, game["id"], 1)
    body = {"latitude": 50.63, "longitude": 3.06, "accuracy": 5, "taken_at": 10**15}
    r = client.post("/api/me/quests/d6-place-grand-place/checkin", json=body, headers=players[0])
    assert r.status_code == 422 and "taken_at" in r.json["message"]


def test_ids_beyond_what_a_database_holds_in_bodies_and_socket_events_get_a_422(
    app: Any,
    client: FlaskClient,
    staff: Headers,
    game: dict[str, Any],
    players: tuple[Headers, Headers],
    quiet_log: Any,
) -> None:
    from api.extensions import socketio

    huge = 2**64
    pid = client.get("/api/me", headers=players[0]).json["player"]["id"]
    for method, url, body, who in [
        ("PATCH", f"/api/sessions/{game['id']}/players/{pid}", {"team_id": huge}, staff),
        ("POST", f"/api/sessions/{game['id']}/badges", {"skill_id": "cooperation", "player_ids": [huge]}, staff),
        ("POST", "/api/me/appointment", {"slot_id": huge, "note": "CV", "offers": []}, players[0]),
        ("POST", "/api/join", {"code": game["join_code"], "nickname": "Lina", "team_id": huge}, {}),
    ]:
        r = client.open(url, method=method, json=body, headers=who)
        assert r.status_code == 422 and "identifiant inconnu" in r.json["message"], (url, r.status_code)
    sio = socketio.test_client(
        app, namespace="/staff", auth={"token": staff["Authorization"][7:]}, flask_test_client=client
    )
    for event, payload in [("watch", {"session_id": huge}), ("team_message", {"team_id": huge, "text": "Bravo"})]:
        ack = sio.emit(event, payload, namespace="/staff", callback=True)
        assert ack["ok"] is False and ack["status"] == 422, event
    sio.disconnect("/staff")


def test_a_method_not_allowed_says_which_are(client: FlaskClient, game: dict[str, Any]) -> None:
    r = client.delete(f"/api/join/{game['join_code']}")
    assert r.status_code == 405 and r.json["message"] == "Méthode non autorisée."
    assert set(r.headers["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}


def test_an_answer_sent_with_no_body_gets_a_422_naming_the_field(
    client: FlaskClient, staff: Headers, game: dict[str, Any], players: tuple[Headers, Headers], catalog: Any,
    quiet_log: Any,
) -> None:  # fmt: skip
    open_day(client, staff, game["id"], 1)
    quest = catalog.quest("d1-carte-talents")
    for before in quest.prerequisites:
        solve_with_prerequisites(client, catalog, players[0], before)
    r = client.post(f"/api/me/quests/{quest.id}/submission", headers=players[0])
    assert r.status_code == 422 and "« text »" in r.json["message"]
    views = {q["id"]: q for q in client.get("/api/me/quests", headers=players[0]).json}
    assert views[quest.id]["status"] == "available" and views[quest.id]["submission"] is None  # nothing written


def test_a_huge_json_body_is_refused_before_it_is_read(
    client: FlaskClient, game: dict[str, Any], quiet_log: Any
) -> None:
    nickname = "L" * (2 * 1024 * 1024)
    r = client.post("/api/join", json={"code": game["join_code"], "nickname": nickname})
    assert r.status_code == 413 and r.json["error"] == "too_large" and "trop lourd" in r.json["message"]


def test_every_error_body_has_a_stable_code_and_a_sentence(client: FlaskClient, game: dict[str, Any]) -> None:
    for response in (
        client.get("/api/me"),
        client.get("/api/sessions/1"),
        client.get(f"/api/sessions/{2**64}"),
        client.delete("/api/join"),
        client.post("/api/join", json={"code": "ZZZZZZ"}),
        client.post("/api/join", data="{", content_type="application/json"),
    ):
        body = response.json
        assert body["code"] == response.status_code and body["error"] and body["message"], body


def test_a_boolean_is_true_or_false_not_zero(client: FlaskClient, staff: Headers, game: dict[str, Any]) -> None:
    r = client.put(f"/api/sessions/{game['id']}/joining", json={"open": 0}, headers=staff)
    assert r.status_code == 422 and "true ou false" in r.json["message"]
    assert client.get(f"/api/sessions/{game['id']}", headers=staff).json["joining_open"] is True


def test_a_skill_image_of_a_pack_that_does_not_exist_is_not_found(client: FlaskClient, quiet_log: Any) -> None:
    for pack in ("0", "%C3%AB", "..%2Fetc"):
        r = client.get(f"/badges/achievements/{pack}/cooperation.png")
        assert r.status_code == 404 and r.json["error"] == "not_found", pack
    assert client.get("/badges/achievements/default/cooperation.png").mimetype == "image/png"


def test_the_verifier_names_a_field_of_the_wrong_type(client: FlaskClient, quiet_log: Any) -> None:
    r = client.post("/api/verify", json={"url": "", "credential": "x", "email": {}})
    assert r.status_code == 422 and r.json["verdict"] == "invalid" and "« email »" in r.json["error"]


def test_the_verifier_page_may_send_no_e_mail_as_null(client: FlaskClient) -> None:
    # the recruiters' page sends {"text": …, "email": null} when the e-mail box is empty
    r = client.post("/api/verify", json={"text": '{"type": ["VerifiableCredential"]}', "email": None})
    assert r.status_code == 200 and r.json["verdict"] == "invalid" and r.json["checks"]
