"""Real websockets against real ``eclats serve`` processes: a dropped phone
resynchronises, an offline queue is replayed once, and two processes sharing a real
redis-server deliver each other's events."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from content.loader import load_named_pack
from tests.api.helpers import playable_order, right_answer, wrong_answer
from tests.servers import EclatsServer, eclats_server, redis_server

from .live import Phone, cid, http

PASSWORD = "mot-de-passe-solide"


def setup_game(base: str, instance: Path, database_url: str | None = None) -> tuple[str, dict[str, Any]]:
    """A facilitator account, a one-team session with day 1 open; returns (staff token, session)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "ECLATS_INSTANCE": str(instance), "ECLATS_PASSWORD": PASSWORD}
    if database_url:
        env["DATABASE_URL"] = database_url
    subprocess.run(
        [str(Path(sys.executable).parent / "eclats"), "facilitator", "create", "claire"],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    staff = http(base, "POST", "/api/auth/login", {"username": "claire", "password": PASSWORD})["token"]
    body = {"name": "Live", "start_date": datetime.date.today().isoformat(), "teams": ["Équipe Aurore"]}
    game = http(base, "POST", "/api/sessions", body, staff)
    http(base, "POST", f"/api/sessions/{game['id']}/days", {"day": 1}, staff)
    return staff, game


def join(base: str, code: str, nickname: str) -> str:
    return str(http(base, "POST", "/api/join", {"code": code, "nickname": nickname})["token"])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[EclatsServer]:
    with eclats_server(tmp_path, demo=False) as running:
        yield running


def test_a_dropped_phone_resynchronises_from_the_sequence_number(server: EclatsServer, tmp_path: Path) -> None:
    base = server.url
    _, game = setup_game(base, tmp_path)
    a_token, b_token = join(base, game["join_code"], "Inès"), join(base, game["join_code"], "Yanis")
    quests = playable_order(load_named_pack("default"), 1)
    ines, yanis = Phone(base, a_token).connect(), Phone(base, b_token).connect()
    try:
        last_seq = yanis.wait_for("hello")["team_seq"]
        first = ines.call("answer", {"client_id": cid(), "quest_id": quests[0].id, **right_answer(quests[0])})
        assert first["ok"] and first["correct"]
        event = yanis.wait_for("team", lambda e: e["quest_id"] == quests[0].id)
        assert event["seq"] == last_seq + 1
        last_seq = event["seq"]

        yanis.disconnect()  # screen locked, tunnel…
        ines.call("answer", {"client_id": cid(), "quest_id": quests[1].id, **wrong_answer(quests[1])})
        ines.call("answer", {"client_id": cid(), "quest_id": quests[1].id, **right_answer(quests[1])})

        back = Phone(base, b_token).connect()
        try:
            hello = back.wait_for("hello")
            assert hello["team_seq"] == last_seq + 2, "two team changes happened while Yanis was away"
            # the phone sees the gap and refetches the state: the quest is solved there
            views = {q["id"]: q for q in http(base, "GET", "/api/me/quests", token=b_token)}
            assert views[quests[1].id]["status"] == "solved" and views[quests[1].id]["attempts"] == 2
            me = http(base, "GET", "/api/me", token=b_token)
            assert me["team"]["eclats"] == quests[0].reward + quests[1].reward
            # and live events resume right after the resynchronised number
            ines.call("answer", {"client_id": cid(), "quest_id": quests[2].id, **right_answer(quests[2])})
            assert back.wait_for("team", lambda e: e["quest_id"] == quests[2].id)["seq"] == hello["team_seq"] + 1
        finally:
            back.disconnect()
    finally:
        ines.disconnect()
        yanis.disconnect()


def test_actions_queued_offline_are_replayed_once(server: EclatsServer, tmp_path: Path) -> None:
    base = server.url
    _, game = setup_game(base, tmp_path)
    token = join(base, game["join_code"], "Inès")
    quests = playable_order(load_named_pack("default"), 1)
    # made while offline: kept on the phone with their own ids
    queue = [
        {"client_id": cid(), "quest_id": quests[0].id, **right_answer(quests[0])},
        {"client_id": cid(), "quest_id": quests[1].id, **wrong_answer(quests[1])},
    ]
    phone = Phone(base, token).connect()
    try:
        replies = [phone.call("answer", action) for action in queue]
        assert [r["replayed"] for r in replies] == [False, False]
    finally:
        phone.disconnect()  # the acks were lost: the phone does not know they arrived
    again = Phone(base, token).connect()
    try:
        replays = [again.call("answer", action) for action in queue]
        assert [r["replayed"] for r in replays] == [True, True]
        assert [r["correct"] for r in replays] == [True, False]
    finally:
        again.disconnect()
    me = http(base, "GET", "/api/me", token=token)
    views = {q["id"]: q for q in http(base, "GET", "/api/me/quests", token=token)}
    assert me["team"]["eclats"] == quests[0].reward, "one reward, not two"
    assert views[quests[1].id]["attempts"] == 1, "one attempt, not two"


def test_refused_connection_and_presence_over_a_real_socket(server: EclatsServer, tmp_path: Path) -> None:
    import socketio

    base = server.url
    _, game = setup_game(base, tmp_path)
    stranger = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        stranger.connect(
            base, namespaces=["/player"], auth={"token": "forged"}, transports=["websocket"], wait_timeout=5
        )
    a_token, b_token = join(base, game["join_code"], "Inès"), join(base, game["join_code"], "Yanis")
    ines = Phone(base, a_token).connect()
    try:
        yanis = Phone(base, b_token).connect()
        joined = ines.wait_for("presence", lambda p: p["nickname"] == "Yanis" and p["online"])
        yanis.disconnect()
        ines.wait_for("presence", lambda p: p["player_id"] == joined["player_id"] and not p["online"])
    finally:
        ines.disconnect()


def test_two_processes_sharing_redis_deliver_each_others_events(tmp_path: Path) -> None:
    with redis_server() as redis:
        redis_url = redis.url
        env = {"SOCKETIO_MESSAGE_QUEUE": redis_url, "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.db'}"}
        with (
            eclats_server(tmp_path / "a", env, demo=False) as process_a,
            eclats_server(tmp_path / "b", env, demo=False) as process_b,
        ):
            staff, game = setup_game(process_a.url, tmp_path / "a", env["DATABASE_URL"])
            a_token = join(process_a.url, game["join_code"], "Inès")
            b_token = join(process_b.url, game["join_code"], "Yanis")
            quests = playable_order(load_named_pack("default"), 1)
            ines = Phone(process_a.url, a_token).connect()
            yanis = Phone(process_b.url, b_token).connect()
            console = Phone(process_b.url, staff, namespace="/staff").connect()
            try:
                assert console.call("watch", {"session_id": game["id"]})["ok"]
                ines.wait_for("presence", lambda p: p["nickname"] == "Yanis" and p["online"])
                ack = ines.call("answer", {"client_id": cid(), "quest_id": quests[0].id, **right_answer(quests[0])})
                assert ack["ok"] and ack["correct"]
                seen = yanis.wait_for("team", lambda e: e["quest_id"] == quests[0].id)
                assert seen["type"] == "solved" and seen["by"] == "Inès"
                console.wait_for("team", lambda e: e["quest_id"] == quests[0].id)
                # and the other way round: B's player acts, A's player sees it
                ack = yanis.call("answer", {"client_id": cid(), "quest_id": quests[1].id, **right_answer(quests[1])})
                assert ack["ok"] and ack["correct"]
                ines.wait_for("team", lambda e: e["quest_id"] == quests[1].id and e["by"] == "Yanis")
                # a pause made through process A reaches the phone on process B
                http(process_a.url, "POST", f"/api/sessions/{game['id']}/pause", token=staff)
                assert yanis.wait_for("session", lambda e: e["type"] == "paused")["status"] == "paused"
            finally:
                for phone in (ines, yanis, console):
                    phone.disconnect()


def test_a_foreign_origin_cannot_open_a_socket_and_a_wrong_password_leaves_no_traceback(
    server: EclatsServer, tmp_path: Path
) -> None:
    """A page of another site cannot open a live link with a player's token, over
    websocket or long-polling; the server's own page can. A failed staff login (argon2
    in gevent's thread pool) answers 401 without a traceback in the log."""
    import urllib.error

    import socketio as sio_client

    base = server.url
    _, game = setup_game(base, tmp_path)
    token = join(base, game["join_code"], "Inès")

    def client(transport: str, origin: str) -> Any:
        # websocket-client writes the Origin header itself (from its "origin" option)
        if transport == "websocket":
            return sio_client.Client(reconnection=False, websocket_extra_options={"origin": origin}), {}
        return sio_client.Client(reconnection=False), {"Origin": origin}

    for transport in ("websocket", "polling"):
        evil, headers = client(transport, "https://evil.example")
        with pytest.raises(sio_client.exceptions.ConnectionError):
            evil.connect(base, namespaces=["/player"], auth={"token": token}, transports=[transport],
                         headers=headers, wait_timeout=10)  # fmt: skip
        evil.disconnect()
        good, headers = client(transport, base)
        good.connect(base, namespaces=["/player"], auth={"token": token}, transports=[transport],
                     headers=headers, wait_timeout=10)  # fmt: skip
        assert good.call("sync", {}, namespace="/player", timeout=10)["ok"] is True
        good.disconnect()
    with pytest.raises(urllib.error.HTTPError) as failed:
        http(base, "POST", "/api/auth/login", {"username": "claire", "password": "pas-le-bon"})
    assert failed.value.code == 401
    failed.value.close()
    assert "Traceback" not in server.printed()
