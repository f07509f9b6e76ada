"""The minimal Flask-SocketIO broadcast (``bench.peers``): the framework's own cost.

Served as ``eclats serve`` serves Éclats (gevent's WSGI server, the same collector
settings, ping every 20 s), with a token known at connection (in memory), a team
sequence number in memory and the team's room told of each answer: no database, no
replay, no check per event.

    .venv/bin/python -m bench.peers.minimal_flask PORT SEED_JSON
"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import gc  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
from typing import Any  # noqa: E402

import gevent  # noqa: E402
from flask import Flask, request  # noqa: E402
from flask_socketio import SocketIO, emit, join_room  # noqa: E402
from gevent.pywsgi import WSGIServer  # noqa: E402

NS = "/player"


def make_app(seed: dict[str, Any]) -> tuple[Flask, SocketIO]:
    app = Flask(__name__)
    socketio = SocketIO(app, async_mode="gevent", ping_interval=20, ping_timeout=20)
    who = {p["token"]: (t["team"], p["nickname"]) for t in seed["teams"] for p in t["players"]}
    by_sid: dict[str, tuple[int, str]] = {}
    seqs: dict[int, int] = {}

    @app.get("/api/health")
    def health() -> dict[str, bool]:
        return {"ok": True}

    @socketio.on("connect", namespace=NS)
    def connect(auth: Any = None) -> bool:
        me = who.get(auth.get("token") if isinstance(auth, dict) else None)
        if me is None:
            return False
        by_sid[request.sid] = me  # type: ignore[attr-defined]
        join_room(f"team:{me[0]}")
        return True

    @socketio.on("disconnect", namespace=NS)
    def disconnect(*_args: Any) -> None:
        by_sid.pop(request.sid, None)  # type: ignore[attr-defined]

    @socketio.on("answer", namespace=NS)
    def answer(_data: Any = None) -> dict[str, Any]:
        team, nickname = by_sid[request.sid]  # type: ignore[attr-defined]
        seqs[team] = seq = seqs.get(team, 0) + 1
        emit("team", {"type": "attempt", "seq": seq, "by": nickname}, to=f"team:{team}")
        return {"ok": True, "correct": False}

    return app, socketio


def main() -> None:
    port, seed_path = int(sys.argv[1]), sys.argv[2]
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    with open(seed_path, encoding="utf-8") as f:
        app, _socketio = make_app(json.load(f))
    gc.collect()
    gc.freeze()
    gc.set_threshold(5_000, 20, 100)  # as ``eclats serve``
    server = WSGIServer(("127.0.0.1", port), app, log=None)
    gevent.signal_handler(signal.SIGTERM, server.stop)
    print(f"minimal Flask-SocketIO on http://127.0.0.1:{port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
