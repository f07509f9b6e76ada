"""Socket.IO handlers through the Flask-SocketIO test client: authentication at
connect, validated and authorised events, and what every phone and console receives."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_socketio import SocketIOTestClient

from api.extensions import socketio
from content.catalog import Catalog, QuestKind

from ..api.helpers import playable_order, right_answer, wrong_answer
from ..conftest import join, open_day

Headers = dict[str, str]


def cid() -> str:
    return uuid.uuid4().hex


def token(headers: Headers) -> str:
    return headers["Authorization"].split(" ", 1)[1]


def phone(app: Flask, client: FlaskClient, headers: Headers) -> SocketIOTestClient:
    sio = socketio.test_client(app, namespace="/player", auth={"token": token(headers)}, flask_test_client=client)
    assert sio.is_connected("/player")
    return sio


def console(app: Flask, client: FlaskClient, staff: Headers, session_id: int) -> SocketIOTestClient:
    sio = socketio.test_client(app, namespace="/staff", auth={"token": token(staff)}, flask_test_client=client)
    assert sio.emit("watch", {"session_id": session_id}, namespace="/staff", callback=True)["ok"] is True
    return sio


def received(sio: SocketIOTestClient, ns: str = "/player") -> list[tuple[str, Any]]:
    return [(m["name"], m["args"][0] if m["args"] else None) for m in sio.get_received(ns)]


def of(messages: list[tuple[str, Any]], name: str) -> list[Any]:
    return [payload for event, payload in messages if event == name]


def solve(sio: SocketIOTestClient, quest: Any) -> Any:
    """The phone sends the right answer to ``quest``; returns the ack."""
    payload = {"client_id": cid(), "quest_id": quest.id, **right_answer(quest)}
    return sio.emit("answer", payload, namespace="/player", callback=True)


def player_id(client: FlaskClient, headers: Headers) -> int:
    return int(client.get("/api/me", headers=headers).json["player"]["id"])


def test_connection_needs_a_valid_player_token(app: Flask, client: FlaskClient, staff: Headers) -> None:
    for auth in (None, {}, {"token": "forged"}, {"token": token(staff)}):
        sio = socketio.test_client(app, namespace="/player", auth=auth, flask_test_client=client)
        assert not sio.is_connected("/player"), auth
    bad_staff = socketio.test_client(app, namespace="/staff", auth={"token": "forged"}, flask_test_client=client)
    assert not bad_staff.is_connected("/staff")


def test_hello_gives_sequence_numbers_and_who_is_online(
    app: Flask, client: FlaskClient, game: dict[str, Any], players: tuple[Headers, Headers]
) -> None:
    first = phone(app, client, players[0])
    hello = of(received(first), "hello")[0]
    assert hello["team_seq"] == 0 and hello["session_seq"] >= 1 and len(hello["online"]) == 1
    second = phone(app, client, players[1])
    assert len(of(received(second), "hello")[0]["online"]) == 2
    came = of(received(first), "presence")
    assert [(p["nickname"], p["online"]) for p in came] == [("Yanis", True)]
    second.disconnect(namespace="/player")
    left = of(received(first), "presence")
    assert [(p["nickname"], p["online"]) for p in left] == [("Yanis", False)]


def test_a_solve_reaches_the_teammate_the_console_and_the_leaderboard_not_the_rival(
    app: Flask,
    client: FlaskClient,
    staff: Headers,
    game: dict[str, Any],
    players: tuple[Headers, Headers],
    catalog: Catalog,
) -> None:
    open_day(client, staff, game["id"], 1)
    rival_headers = join(client, game["join_code"], "Rival", game["teams"][1]["id"])
    ines, yanis, rival = (phone(app, client, h) for h in (*players, rival_headers))
    watcher = console(app, client, staff, game["id"])
    for sio in (ines, yanis, rival):
        sio.get_received("/player")
    watcher.get_received("/staff")
    quest = playable_order(catalog, 1)[0]
    ack = solve(ines, quest)
    assert ack["ok"] and ack["correct"] and ack["replayed"] is False
    seen = received(yanis)
    [team_event] = of(seen, "team")
    assert team_event["type"] == "solved" and team_event["quest_id"] == quest.id
    assert team_event["by"] == "Inès" and team_event["eclats"] == quest.reward and team_event["seq"] == 1
    board = of(seen, "leaderboard")[-1]
    assert board[0]["eclats"] == quest.reward and board[0]["rank"] == 1
    rival_saw = received(rival)
    assert of(rival_saw, "team") == [] and of(rival_saw, "leaderboard")[-1][0]["eclats"] == quest.reward
    assert [e["type"] for e in of(received(watcher, "/staff"), "team")] == ["solved"]


def test_a_replayed_action_is_answered_from_memory_not_done_twice(
    app: Flask,
    client: FlaskClient,
    staff: Headers,
    game: dict[str, Any],
    players: tuple[Headers, Headers],
    catalog: Catalog,
) -> None:
    open_day(client, staff, game["id"], 1)
    ines = phone(app, client, players[0])
    quest = playable_order(catalog, 1)[0]
    action = {"client_id": cid(), "quest_id": quest.id, **wrong_answer(quest)}
    first = ines.emit("answer", dict(action), namespace="/player", callback=True)
    again = ines.emit("answer", dict(action), namespace="/player", callback=True)
    assert first["ok"] and again["ok"] and again["replayed"] is True and again["message"] == first["message"]
    views = {q["id"]: q for q in client.get("/api/me/quests", headers=players[0]).json}
    assert views[quest.id]["attempts"] == 1, "the replay did not cost a second attempt"
    rest = client.post(
        f"/api/me/quests/{quest.id}/answer",
        json={"client_id": action["client_id"], **wrong_answer(quest)},
        headers=players[0],
    )
    assert rest.status_code == 200 and rest.json["replayed"] is True


def test_hostile_events_are_refused_with_a_reason_and_change_nothing(
    app: Flask,
    client: FlaskClient,
    staff: Headers,
    game: dict[str, Any],
    players: tuple[Headers, Headers],
    catalog: Catalog,
) -> None:
    open_day(client, staff, game["id"], 1)
    ines = phone(app, client, players[0])
    quest = playable_order(catalog, 1)[0]
    later = playable_order(catalog, 2)[0]
    cases = [
        (None, 422),
        ("not a dict", 422),
        ({"quest_id": quest.id, "answer": "x"}, 422),  # no client_id
        ({"client_id": "short", "quest_id": quest.id, "answer": "x"}, 422),
        ({"client_id": cid(), "quest_id": quest.id, "answer": "x", "score": 999}, 422),
        ({"client_id": cid(), "quest_id": quest.id, "answer": "x", "team_id": 2}, 422),
        ({"client_id": cid(), "quest_id": "nope", "answer": "x"}, 404),
        ({"client_id": cid(), "quest_id": later.id, **right_answer(later)}, 409),
    ]
    for payload, status in cases:
        ack = ines.emit("answer", payload, namespace="/player", callback=True)
        assert ack["ok"] is False and ack["status"] == status and ack["message"], (payload, ack)
    me = client.get("/api/me", headers=players[0]).json
    assert me["team"]["eclats"] == 0
    assert all(q["attempts"] == 0 for q in client.get("/api/me/quests", headers=players[0]).json)


def test_code_lock_fills_up_piece_by_piece_across_phones(
    app: Flask, client: FlaskClient, staff: Headers, game: dict[str, Any], catalog: Catalog
) -> None:
    lock = next(
        q
        for d in range(1, 11)
        for q in catalog.quests_of_day(d)
        if q.kind is QuestKind.CODE_LOCK and len(q.pieces) >= 2
    )
    team_id = game["teams"][0]["id"]
    members = [join(client, game["join_code"], f"Joueur {i}", team_id) for i in range(len(lock.pieces))]
    for day in range(1, lock.day + 1):
        open_day(client, staff, game["id"], day)
    for before in (q for d in range(1, lock.day + 1) for q in playable_order(catalog, d)):
        if before.id == lock.id:
            break
        client.post(f"/api/me/quests/{before.id}/answer", json=right_answer(before), headers=members[0])
    phones = [phone(app, client, h) for h in members]
    for sio in phones:
        sio.get_received("/player")
    views = [{q["id"]: q for q in client.get("/api/me/quests", headers=h).json}[lock.id] for h in members]
    assert [v["status"] for v in views] == ["available"] * len(members)
    wrong = phones[0].emit(
        "piece",
        {"client_id": cid(), "quest_id": lock.id, "value": views[1]["code_pieces"][0]["text"] + "zz"},
        namespace="/player",
        callback=True,
    )
    assert wrong["ok"] is False and wrong["error"] == "wrong_piece"
    for n, (sio, view) in enumerate(zip(phones, views, strict=True), start=1):
        ack = sio.emit(
            "piece",
            {"client_id": cid(), "quest_id": lock.id, "value": view["code_pieces"][0]["text"]},
            namespace="/player",
            callback=True,
        )
        assert ack["ok"] and ack["entered"] == n and ack["opened"] is (n == len(members)), ack
        other = phones[(n) % len(phones)]
        last = of(received(other), "team")[-1]
        assert last["type"] == ("solved" if n == len(members) else "piece")
    assert {q["id"]: q for q in client.get("/api/me/quests", headers=members[0]).json}[lock.id]["status"] == "solved"


def test_facilitator_pause_announce_message_and_verdict_reach_the_phones(
    app: Flask,
    client: FlaskClient,
    staff: Headers,
    game: dict[str, Any],
    players: tuple[Headers, Headers],
    catalog: Catalog,
) -> None:
    open_day(client, staff, game["id"], 1)
    ines = phone(app, client, players[0])
    watcher = console(app, client, staff, game["id"])
    ines.get_received("/player")
    client.post(f"/api/sessions/{game['id']}/pause", headers=staff)
    paused = of(received(ines), "session")
    assert [(e["type"], e["status"]) for e in paused] == [("paused", "paused")]
    client.post(f"/api/sessions/{game['id']}/resume", headers=staff)
    resumed = of(received(ines), "session")[0]
    assert resumed["type"] == "resumed" and resumed["seq"] == paused[0]["seq"] + 1
    ack = watcher.emit(
        "announce", {"session_id": game["id"], "text": "Pause déjeuner à midi !"}, namespace="/staff", callback=True
    )
    assert ack["ok"]
    [announced_event] = of(received(ines), "session")
    assert announced_event["type"] == "announcement" and announced_event["seq"] == resumed["seq"] + 1
    announced = [m["text"] for m in client.get("/api/me/messages", headers=players[0]).json]
    assert announced == ["Pause déjeuner à midi !"]
    team_id = game["teams"][0]["id"]
    ack = watcher.emit(
        "team_message", {"team_id": team_id, "text": "Regardez bien le logo."}, namespace="/staff", callback=True
    )
    assert ack["ok"]
    msg = of(received(ines), "team")
    assert msg[-1]["type"] == "message" and msg[-1]["text"] == "Regardez bien le logo."
    bad = watcher.emit("announce", {"session_id": game["id"], "text": ""}, namespace="/staff", callback=True)
    assert bad["ok"] is False and bad["status"] == 422


def test_announcement_event_carries_the_text(
    app: Flask, client: FlaskClient, staff: Headers, game: dict[str, Any], players: tuple[Headers, Headers]
) -> None:
    ines = phone(app, client, players[0])
    watcher = console(app, client, staff, game["id"])
    ines.get_received("/player")
    watcher.emit("announce", {"session_id": game["id"], "text": "Bienvenue !"}, namespace="/staff", callback=True)
    [event] = of(received(ines), "session")
    assert event["type"] == "announcement" and event["text"] == "Bienvenue !"


def test_revoked_player_is_told_and_refused(
    app: Flask,
    client: FlaskClient,
    staff: Headers,
    game: dict[str, Any],
    players: tuple[Headers, Headers],
    catalog: Catalog,
) -> None:
    open_day(client, staff, game["id"], 1)
    ines, yanis = phone(app, client, players[0]), phone(app, client, players[1])
    ines.get_received("/player")
    yanis.get_received("/player")
    pid = player_id(client, players[0])
    client.post(f"/api/sessions/{game['id']}/players/{pid}/revoke", headers=staff)
    # told, then cut off by the server: a phone that ignores "revoked" hears nothing more
    assert next(p["name"] for p in ines.queue if p["namespace"] == "/player") == "revoked"
    assert not ines.is_connected("/player")
    heard = len(ines.queue)
    assert [(p["nickname"], p["online"]) for p in of(received(yanis), "presence")][-1] == ("Inès", False)
    again = socketio.test_client(app, namespace="/player", auth={"token": token(players[0])}, flask_test_client=client)
    assert not again.is_connected("/player")
    quest = playable_order(catalog, 1)[0]
    ack = solve(yanis, quest)
    assert ack["ok"] is True and len(ines.queue) == heard, "nothing reaches the revoked phone any more"


def test_a_moved_player_hears_the_new_team_at_once_and_no_longer_the_old_one(
    app: Flask,
    client: FlaskClient,
    staff: Headers,
    game: dict[str, Any],
    players: tuple[Headers, Headers],
    catalog: Catalog,
) -> None:
    open_day(client, staff, game["id"], 1)
    other_team = game["teams"][1]["id"]
    rival_headers = join(client, game["join_code"], "Rival", other_team)
    ines, yanis, rival = (phone(app, client, h) for h in (*players, rival_headers))
    first, second = playable_order(catalog, 1)[:2]
    ack = solve(rival, first)
    assert ack["ok"] and ack["correct"]
    for sio in (ines, yanis, rival):
        sio.get_received("/player")
    pid = player_id(client, players[0])
    moved = client.patch(f"/api/sessions/{game['id']}/players/{pid}", json={"team_id": other_team}, headers=staff)
    assert moved.status_code == 200, moved.json
    [hello] = of(received(ines), "hello")  # the phone resynchronises on the new team's sequence
    assert hello["team_seq"] == 1 and sorted(hello["online"]) == sorted([pid, player_id(client, rival_headers)])
    assert [(p["nickname"], p["online"], p.get("left")) for p in of(received(yanis), "presence")] == [
        ("Inès", False, True)
    ]
    assert [(p["nickname"], p["online"]) for p in of(received(rival), "presence")] == [("Inès", True)]
    solve(yanis, second)
    assert of(received(ines), "team") == [], "the old team's play no longer reaches her"
    solve(rival, second)
    [event] = of(received(ines), "team")
    assert event["type"] == "solved" and event["by"] == "Rival" and event["seq"] == 2


def test_erasing_a_player_cuts_their_socket_and_the_team_sees_the_answer_open_again(
    app: Flask,
    client: FlaskClient,
    staff: Headers,
    game: dict[str, Any],
    players: tuple[Headers, Headers],
    catalog: Catalog,
) -> None:
    from ..api.test_player_api import reach_first

    quest = reach_first(client, staff, game, catalog, QuestKind.FREE_TEXT, players[0])
    sent = client.post(f"/api/me/quests/{quest.id}/submission", json={"text": "Mon idée."}, headers=players[0])
    assert sent.status_code in (200, 201), sent.json
    ines, yanis = phone(app, client, players[0]), phone(app, client, players[1])
    ines.get_received("/player")
    seq = of(received(yanis), "hello")[0]["team_seq"]
    pid = player_id(client, players[0])
    assert client.delete(f"/api/sessions/{game['id']}/players/{pid}", headers=staff).status_code == 204
    assert not ines.is_connected("/player")
    [event] = of(received(yanis), "team")
    assert event["type"] == "left" and event["seq"] == seq + 1
    views = {q["id"]: q for q in client.get("/api/me/quests", headers=players[1]).json}
    assert views[quest.id]["status"] == "available", "the erased answer no longer blocks the team"


@pytest.mark.parametrize("verdict", ["approved", "rejected"])
def test_a_text_answer_appears_in_the_review_queue_and_the_verdict_reaches_the_team(
    verdict: str,
    app: Flask,
    client: FlaskClient,
    staff: Headers,
    game: dict[str, Any],
    players: tuple[Headers, Headers],
    catalog: Catalog,
) -> None:
    from ..api.test_player_api import reach_first

    quest = reach_first(client, staff, game, catalog, QuestKind.FREE_TEXT, players[0])
    yanis = phone(app, client, players[1])
    watcher = console(app, client, staff, game["id"])
    yanis.get_received("/player")
    watcher.get_received("/staff")
    client.post(f"/api/me/quests/{quest.id}/submission", json={"text": "On s'entraide."}, headers=players[0])
    [sub] = of(received(watcher, "/staff"), "submission")
    assert sub["quest_id"] == quest.id and sub["text"] == "On s'entraide." and sub["status"] == "pending"
    assert of(received(yanis), "team")[-1]["type"] == "submitted"
    reviewed = client.post(
        f"/api/submissions/{sub['id']}/review", json={"verdict": verdict, "comment": "Vu !", "bonus": 3}, headers=staff
    )
    assert reviewed.status_code == 200, reviewed.json
    got = received(yanis)
    assert len(of(got, "team")) == 1, got
    [event] = of(got, "team")
    assert event["type"] == "reviewed" and event["approved"] is (verdict == "approved") and event["comment"] == "Vu !"
    assert event["reward"] == (quest.reward + 3 if verdict == "approved" else 0)


def test_checkins_over_the_socket_reach_teammates_and_console_without_positions(
    app: Flask, client: FlaskClient, staff: Headers, game: dict[str, Any], request: pytest.FixtureRequest
) -> None:
    from datetime import UTC, datetime, timedelta

    from api.clock import set_now

    clock = [datetime.now(UTC).replace(tzinfo=None)]  # the server's clock, moved by hand
    set_now(lambda: clock[0])
    request.addfinalizer(lambda: set_now(None))
    team_id = game["teams"][0]["id"]
    members = [join(client, game["join_code"], name, team_id) for name in ("Inès", "Yanis", "Lou")]
    for day in range(1, 7):
        open_day(client, staff, game["id"], day)
    client.post("/api/me/quests/d6-braderie/answer", json={"answer": "braderie"}, headers=members[0])
    phones = [phone(app, client, h) for h in members]
    desk = console(app, client, staff, game["id"])
    for sio in phones:
        sio.get_received("/player")
    desk.get_received("/staff")

    def here(n: int, again: int = 0) -> dict[str, Any]:
        return {
            "client_id": cid(),
            "quest_id": "d6-place-grand-place",
            "latitude": 50.6369 + n * 1e-5 + again * 2e-6,
            "longitude": 3.0633,
            "accuracy": 9,
            "taken_at": int(clock[0].replace(tzinfo=UTC).timestamp() * 1000),
        }

    # each phone's first fix there starts its stay: nobody else hears of it
    for n, sio in enumerate(phones, start=1):
        ack = sio.emit("checkin", here(n), namespace="/player", callback=True)
        assert ack["ok"] and ack["reason"] == "stay" and ack["retry_in_s"] == 21, ack
    assert of(received(desk, "/staff"), "team") == []
    clock[0] += timedelta(seconds=21)
    bad = phones[0].emit("checkin", {**here(0), "latitude": "ici"}, namespace="/player", callback=True)
    assert bad["ok"] is False and bad["status"] == 422 and "latitude" in bad["message"]
    for n, sio in enumerate(phones, start=1):
        ack = sio.emit("checkin", here(n, again=1), namespace="/player", callback=True)
        assert ack["ok"] and ack["accepted"] and ack["solved"] is (n == 3), ack
        teammate = of(received(phones[n % 3]), "team")[-1]
        assert teammate["type"] == ("solved" if n == 3 else "arrived")
        assert teammate["place"]["id"] == "grand-place" and teammate["by"] == ["Inès", "Yanis", "Lou"][n - 1]
        if n < 3:
            assert (teammate["present"], teammate["needed"]) == (n, 3)
        seen = of(received(desk, "/staff"), "team")[-1]
        assert seen["place"]["latitude"] == 50.6369  # the place's own coordinates
        assert "accuracy" not in str(seen) and str(50.6369 + n * 1e-5) not in str(seen)
