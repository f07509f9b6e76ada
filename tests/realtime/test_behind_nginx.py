"""Two ``eclats serve`` workers (one SQLite file, one real redis-server) behind a real
nginx configured by ``deploy/nginx/eclats.conf``: what a decision depends on is shared.

- A player's first GPS fix goes straight to one worker; the teleporting second fix goes
  through nginx, which (sticky by address) sends it to the *other* worker, over
  websocket and over long-polling: it is refused as a teleport.
- A worker killed with SIGKILL (no goodbye) leaves its players shown offline to the
  console on the other worker within the presence expiry (3 heartbeats)."""

from __future__ import annotations

import datetime
import os
import signal
import socket
import sqlite3
import urllib.request
from pathlib import Path
from typing import Any

from tests.servers import eclats_server, nginx_server, redis_server

from .live import Phone, cid, http
from .test_live import join, setup_game

QUEST = "d6-place-grand-place"
GRAND_PLACE = (50.6369, 3.0633)
GARE = (50.6364, 3.0708)  # 530 m from the Grand'Place
HEARTBEAT_S = 1  # expiry: 3 s


def fix(point: tuple[float, float]) -> dict[str, Any]:
    taken = datetime.datetime.now(datetime.UTC) - datetime.timedelta(milliseconds=300)
    return {"latitude": point[0], "longitude": point[1], "accuracy": 8, "taken_at": int(taken.timestamp() * 1000)}


def routed_port(base: str) -> int:
    """The worker nginx sends this client to (the helper adds ``X-Eclats-Upstream``)."""
    with urllib.request.urlopen(f"{base}/api/health", timeout=10) as r:
        return int(r.headers["X-Eclats-Upstream"].rsplit(":", 1)[1])


def process_of(database: Path, player_id: int) -> set[str]:
    """The server processes holding the player's live sockets (``connections`` rows)."""
    with sqlite3.connect(database) as conn:
        rows = conn.execute("SELECT process FROM connections WHERE player_id = ?", (player_id,)).fetchall()
    return {row[0] for row in rows}


def connect(base: str, token: str, transport: str, namespace: str = "/player") -> Phone:
    phone = Phone(base, token, namespace)
    phone.sio.connect(base, namespaces=[namespace], auth={"token": token}, transports=[transport], wait_timeout=10)
    return phone


def test_a_fix_through_one_worker_and_a_teleport_through_the_other_is_refused(tmp_path: Path) -> None:
    database = tmp_path / "shared.db"
    env = {
        "SOCKETIO_MESSAGE_QUEUE": "",
        "DATABASE_URL": f"sqlite:///{database}",
        "ECLATS_PROXIES": "1",
        "ECLATS_PRESENCE_HEARTBEAT_S": str(HEARTBEAT_S),
    }
    instance = tmp_path / "instance"  # one installation: one instance folder for both workers
    with redis_server() as redis:
        env["SOCKETIO_MESSAGE_QUEUE"] = redis.url
        with eclats_server(instance, env, demo=False) as one, eclats_server(instance, env, demo=False) as two:
            ports = {int(one.url.rsplit(":", 1)[1]): one, int(two.url.rsplit(":", 1)[1]): two}
            with nginx_server(list(ports)) as front_port:
                front = f"http://127.0.0.1:{front_port}"
                routed = routed_port(front)
                [direct] = [port for port in ports if port != routed]
                direct_url, routed_name = ports[direct].url, f"{socket.gethostname()}:{routed}"
                staff, game = setup_game(front, instance, env["DATABASE_URL"])
                for day in range(2, 7):
                    http(front, "POST", f"/api/sessions/{game['id']}/days", {"day": day}, staff)

                tokens = [join(front, game["join_code"], nickname) for nickname in ("Inès", "Yanis")]
                solved = http(front, "POST", "/api/me/quests/d6-braderie/answer", {"answer": "braderie"}, tokens[0])
                assert solved["correct"], solved  # the Grand'Place is on the team's map
                for transport, token in zip(("websocket", "polling"), tokens, strict=True):
                    me = http(front, "GET", "/api/me", token=token)
                    # the first fix, at the station, straight to one worker
                    first = http(direct_url, "POST", f"/api/me/quests/{QUEST}/checkin", fix(GARE), token)
                    assert first["reason"] == "too_far", first
                    # the second, on the place a second later, through nginx to the other worker
                    phone = connect(front, token, transport)
                    try:
                        assert process_of(database, me["player"]["id"]) == {routed_name}, (
                            "the socket is on the other worker"
                        )
                        reply = phone.call("checkin", {"quest_id": QUEST, "client_id": cid(), **fix(GRAND_PLACE)})
                        assert reply["ok"] and reply["accepted"] is False, reply
                        assert reply["reason"] == "teleport", reply
                    finally:
                        phone.disconnect()
                flagged = http(front, "GET", f"/api/sessions/{game['id']}/places", token=staff)["journeys"][0]["flags"]
                assert sorted((f["by"], f["reason"], f["count"]) for f in flagged) == [
                    ("Inès", "teleport", 1),
                    ("Yanis", "teleport", 1),
                ]

                # presence: a worker killed without a goodbye
                lou = join(front, game["join_code"], "Lou")
                lou_id = http(front, "GET", "/api/me", token=lou)["player"]["id"]
                console = connect(front, staff, "websocket", "/staff")  # on the routed worker
                victim = Phone(direct_url, lou)
                try:
                    assert console.call("watch", {"session_id": game["id"]})["ok"]
                    victim.connect()
                    console.wait_for("presence", lambda p: p["player_id"] == lou_id and p["online"])
                    assert lou_id in console.call("watch", {"session_id": game["id"]})["online"]
                    os.kill(ports[direct].process.pid, signal.SIGKILL)
                    # expiry (3 beats), then the next sweep of the live worker (1 beat), and slack for a
                    # loaded 2-core CI machine (8 s failed 2 runs in 3 while another suite ran beside it)
                    console.wait_for("presence", lambda p: p["player_id"] == lou_id and not p["online"], timeout=20)
                    assert lou_id not in console.call("watch", {"session_id": game["id"]})["online"]
                    assert process_of(database, lou_id) == set(), "the dead worker's rows are gone"
                finally:
                    victim.disconnect()
                    console.disconnect()
