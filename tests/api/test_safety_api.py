"""The safety net over REST and Socket.IO: an urgent self-diagnosis answer brings the
numbers in its response and reaches the session's staff at once, privately; a flagged
written answer sends the numbers to its writer only; players never read alerts, and
staff reach only the alerts of the session in the path."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from content.catalog import Catalog, QuestKind

from ..conftest import create_session, join, open_day
from ..services.test_safety import answers_with, urgent_choice
from ..sockets.test_sockets import console, of, phone, received
from .helpers import first_of, solve_with_prerequisites
from .test_policy import _slot

Headers = dict[str, str]


def take(client: FlaskClient, me: Headers, catalog: Catalog, target: Mapping[str, int]) -> Any:
    assert catalog.diagnosis is not None
    chosen = answers_with(catalog.diagnosis, target)
    body = {"answers": [{"question_id": q, "choice": c} for q, c in chosen.items()]}
    r = client.put("/api/me/diagnosis/1", json=body, headers=me)
    assert r.status_code == 200, r.json
    return r.json


def test_an_urgent_answer_brings_the_numbers_and_only_the_staff_hear_of_it(
    app: Flask,
    client: FlaskClient,
    staff: Headers,
    game: dict[str, Any],
    players: tuple[Headers, Headers],
    catalog: Catalog,
) -> None:
    ines, yanis = players
    rival = join(client, game["join_code"], "Lina", game["teams"][1]["id"])
    open_day(client, staff, game["id"], 1)
    phones = [phone(app, client, h) for h in (ines, yanis, rival)]
    watching = console(app, client, staff, game["id"])
    for sio in (*phones, watching):
        sio.get_received("/player" if sio is not watching else "/staff")
    assert take(client, ines, catalog, {})["urgent_help"] == []  # calm answers: nothing shown, nobody told
    assert of(received(watching, "/staff"), "alerts") == []

    question, index = urgent_choice(catalog, "3114")
    out = take(client, ines, catalog, {question.id: index})
    [line] = out["urgent_help"]
    assert (line["id"], line["number"], line["free"]) == ("3114", "3114", True)
    assert line["when"] and line["hours"]
    assert out["rounds"][0]["taken"] is True  # the results are still there

    [told] = of(received(watching, "/staff"), "alerts")
    [alert] = told["alerts"]
    assert (alert["nickname"], alert["state"], alert["source"]) == ("Inès", "open", "diagnosis")
    assert question.choices[index].text in alert["answer"]
    assert [h["number"] for h in alert["helplines"]] == ["3114"]
    for sio in phones:  # no team event, no leaderboard, no message: nothing on any phone
        assert received(sio) == []
    # nor in what a teammate reads over REST
    assert client.get("/api/me/messages", headers=yanis).json == []
    assert client.get("/api/me/help", headers=yanis).json["helplines"] == []
    listed = client.get(f"/api/sessions/{game['id']}/alerts", headers=staff)
    assert [a["id"] for a in listed.json] == [alert["id"]]


def test_players_cannot_read_or_handle_alerts(
    client: FlaskClient, staff: Headers, game: dict[str, Any], players: tuple[Headers, Headers], catalog: Catalog
) -> None:
    ines, yanis = players
    open_day(client, staff, game["id"], 1)
    question, index = urgent_choice(catalog, "115")
    take(client, ines, catalog, {question.id: index})
    alert_id = client.get(f"/api/sessions/{game['id']}/alerts", headers=staff).json[0]["id"]
    for me in (ines, yanis):
        assert client.get(f"/api/sessions/{game['id']}/alerts", headers=me).status_code == 403
        marked = client.post(f"/api/sessions/{game['id']}/alerts/{alert_id}", json={"state": "handled"}, headers=me)
        assert marked.status_code == 403
    assert client.get(f"/api/sessions/{game['id']}/alerts").status_code == 401
    assert client.get(f"/api/sessions/{game['id']}/alerts", headers=staff).json[0]["state"] == "open"


def test_handled_says_who_and_when_and_another_session_reaches_nothing(
    app: Flask, client: FlaskClient, staff: Headers, game: dict[str, Any], players: tuple[Headers, Headers],
    catalog: Catalog,
) -> None:  # fmt: skip
    ines = players[0]
    other = create_session(client, staff, name="Groupe du jeudi")
    open_day(client, staff, game["id"], 1)
    question, index = urgent_choice(catalog, "115")
    take(client, ines, catalog, {question.id: index})
    alert_id = client.get(f"/api/sessions/{game['id']}/alerts", headers=staff).json[0]["id"]
    # through another session's path: not found, nothing changed
    assert client.get(f"/api/sessions/{other['id']}/alerts", headers=staff).json == []
    foreign = client.post(f"/api/sessions/{other['id']}/alerts/{alert_id}", json={"state": "handled"}, headers=staff)
    assert foreign.status_code == 404
    watching = console(app, client, staff, game["id"])
    watching.get_received("/staff")
    done = client.post(f"/api/sessions/{game['id']}/alerts/{alert_id}", json={"state": "handled"}, headers=staff)
    assert done.status_code == 200, done.json
    assert (done.json["state"], done.json["handled_by"]) == ("handled", "Claire")
    assert done.json["handled_at"]
    [told] = of(received(watching, "/staff"), "alerts")
    assert told["alerts"][0]["state"] == "handled"


def test_a_counsellor_of_the_group_sees_and_handles_its_alerts_another_does_not(
    client: FlaskClient, staff: Headers, game: dict[str, Any], players: tuple[Headers, Headers], catalog: Catalog
) -> None:
    """The counsellors of a group are those who published slots for it."""
    r = client.post(
        "/api/counsellors", json={"username": "karim", "display_name": "Karim", "password": "conseil-solide"},
        headers=staff,
    )  # fmt: skip
    assert r.status_code == 201, r.json
    login = client.post("/api/auth/login", json={"username": "karim", "password": "conseil-solide"})
    karim = {"Authorization": f"Bearer {login.json['token']}"}
    open_day(client, staff, game["id"], 1)
    question, index = urgent_choice(catalog, "3114")
    take(client, players[0], catalog, {question.id: index})
    alerts_url = f"/api/sessions/{game['id']}/alerts"
    assert client.get(alerts_url, headers=karim).json == []  # not (yet) a counsellor of this group: nothing
    assert len(client.get(alerts_url, headers=staff).json) == 1
    assert client.post(f"{alerts_url}/1", json={"state": "handled"}, headers=karim).status_code == 404
    _slot(client, karim, game["id"], 0)
    [alert] = client.get(alerts_url, headers=karim).json
    done = client.post(f"/api/sessions/{game['id']}/alerts/{alert['id']}", json={"state": "handled"}, headers=karim)
    assert done.json["handled_by"] == "Karim"


def test_a_flagged_answer_sends_the_numbers_to_its_writer_only(
    app: Flask, client: FlaskClient, staff: Headers, game: dict[str, Any], players: tuple[Headers, Headers],
    catalog: Catalog,
) -> None:  # fmt: skip
    ines, yanis = players
    open_day(client, staff, game["id"], 1)
    quest = first_of(catalog, QuestKind.FREE_TEXT, day=1, free=False)
    solve_with_prerequisites(client, catalog, ines, quest.id)
    [sub] = client.get(f"/api/sessions/{game['id']}/submissions", headers=staff).json
    phones = {"ines": phone(app, client, ines), "yanis": phone(app, client, yanis)}
    watching = console(app, client, staff, game["id"])
    for sio in phones.values():
        sio.get_received("/player")
    watching.get_received("/staff")
    assert client.post(f"/api/submissions/{sub['id']}/alert", json={}, headers=ines).status_code == 403
    flagged = client.post(f"/api/submissions/{sub['id']}/alert", json={"note": "Parle de partir"}, headers=staff)
    assert flagged.status_code == 201, flagged.json
    assert (flagged.json["source"], flagged.json["note"], flagged.json["flagged_by"]) == (
        "review",
        "Parle de partir",
        "Claire",
    )
    [help_] = of(received(phones["ines"]), "help")
    assert "3114" in [h["number"] for h in help_["helplines"]]
    assert received(phones["yanis"]) == []
    assert of(received(watching, "/staff"), "alerts")[0]["alerts"][0]["source"] == "review"
    # on the phone, the message stays until the young person closes it
    assert client.get("/api/me/help", headers=ines).json["helplines"] == help_["helplines"]
    assert client.post("/api/me/help/read", headers=ines).status_code == 204
    assert client.get("/api/me/help", headers=ines).json["helplines"] == []
    # the alert is in the young person's export, not in the teammate's
    assert len(client.get("/api/me/data", headers=ines).json["alertes"]) == 1
    assert client.get("/api/me/data", headers=yanis).json["alertes"] == []
    # and the erasure takes it away
    assert client.delete("/api/me", headers=ines).status_code in (200, 204)
    assert client.get(f"/api/sessions/{game['id']}/alerts", headers=staff).json == []
