"""How many SQL statements one ``answer`` event costs the server, and how long the
handler takes on its own (in-process, Flask-SocketIO test client, file SQLite):

    .venv/bin/python -m bench.sql_per_action [--profile tottime|cumulative] [-n 200]

Prints every statement of one wrong answer (the action the load benchmark repeats) and
the mean handler time over ``n`` of them (with ``--profile``, cProfile's 40 first
functions of those answers, sorted as asked: the quick way to see a change's effect).
No network, no concurrency: the floor of the per-action cost that ``bench.realtime`` measures under load.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import pstats
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import event


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profile", choices=["tottime", "cumulative"], help="print cProfile's table of the answers")
    parser.add_argument("-n", type=int, default=200, help="answers measured (default 200)")
    args = parser.parse_args()
    from api import create_app
    from api.extensions import db, engine, socketio
    from bench.realtime import riddle
    from game.services.accounts import create_facilitator
    from game.store.db import upgrade

    folder = Path(tempfile.mkdtemp(prefix="eclats-sql-"))
    app = create_app(
        {"TESTING": True, "INSTANCE_DIR": folder, "DATABASE_URL": f"sqlite:///{folder / 'x.db'}", "UPLOAD_DIR": folder}
    )
    with app.app_context():
        upgrade(engine())
        create_facilitator(db(), "bench", "bench-mot-de-passe", "B", datetime.datetime(2026, 11, 1))
        db().commit()
    client = app.test_client()
    staff = client.post("/api/auth/login", json={"username": "bench", "password": "bench-mot-de-passe"}).json["token"]
    auth = {"Authorization": f"Bearer {staff}"}
    game = client.post(
        "/api/sessions",
        json={"name": "SQL", "start_date": datetime.date.today().isoformat(), "teams": ["A"]},
        headers=auth,
    ).json
    client.post(f"/api/sessions/{game['id']}/days", json={"day": 1}, headers=auth)
    tokens = [
        client.post("/api/join", json={"code": game["join_code"], "nickname": f"Joueur {i}"}).json["token"]
        for i in range(12)
    ]
    phones = [
        socketio.test_client(app, namespace="/player", auth={"token": t}, flask_test_client=client) for t in tokens
    ]
    quest_id, wrong = riddle()
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    eng = app.extensions["eclats.engine"]
    event.listen(eng, "before_cursor_execute", count)

    def act() -> Any:
        return phones[0].emit(
            "answer", {"client_id": uuid.uuid4().hex, "quest_id": quest_id, **wrong}, namespace="/player", callback=True
        )

    act()  # warm-up (caches)
    statements.clear()
    reply = act()
    assert reply["ok"], reply
    print(f"{len(statements)} SQL statements for one answer event:")
    for s in statements:
        print("  " + " ".join(s.split())[:150])
    event.remove(eng, "before_cursor_execute", count)
    # one phone answering 200 times in a row is past the rate limits (40 socket events per
    # 10 s, 30 answers per team and minute): the counters are emptied before each answer,
    # so that every one goes the whole way (a refused one costs a fraction)
    storage = app.extensions["eclats.limit_counters"]
    n = args.n
    profiler = cProfile.Profile() if args.profile else None
    t0, cpu0 = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    for _ in range(n):
        storage.reset()
        reply = act()
        assert reply["ok"], reply
    if profiler:
        profiler.disable()
    took = (time.perf_counter() - t0) / n * 1000
    cpu = (time.process_time() - cpu0) / n * 1000  # what a busy machine disturbs least
    print(f"handler + emit to 12 test clients, in-process: {took:.2f} ms per answer, {cpu:.2f} ms of CPU (mean of {n})")
    if profiler:
        pstats.Stats(profiler).sort_stats(args.profile).print_stats(40)
    for p in phones:
        p.disconnect(namespace="/player")
    eng.dispose()


if __name__ == "__main__":
    main()
