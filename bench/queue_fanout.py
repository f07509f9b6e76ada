"""What the Redis message queue costs each server process per emit (issue 16, point 7).

    .venv/bin/python -m bench.queue_fanout --processes 1,2,4 --emits 3000 --rate 300

With a Socket.IO message queue, every emit of every process is published to Redis and
received by *every* process, which then looks for the room's sockets among its own.
This measures that cost where it is pure overhead: P real ``eclats serve`` processes
(gevent, ``bench.realtime``'s server start) share a private ``redis-server``; no phone is
connected; this process publishes ``--emits`` team events (the payload of a wrong answer,
to a team room of ``/player``) through Flask-SocketIO's own Redis manager, at ``--rate``
per second. Each server's CPU time (psutil, user + system) during the emits, minus its
idle CPU over the same length of time measured just before, divided by the emits, is
its CPU per emit received. Redis's and the publisher's CPU per emit are given too.

CPU *time* of a process is what it used, whatever else runs on the machine; the idle
baseline and the per-emit figure are still a little higher on a crowded machine (caches,
context switches): the other processes' CPU is printed with each run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import psutil

from bench.realtime import ROOT, server_process
from tests.servers import redis_server

CHANNEL = "flask-socketio"  # Flask-SocketIO's default, which api/app.py keeps

# what a wrong answer sends to the team room (api.realtime.team_payload, measured on the
# default pack: about 420 bytes of JSON)
PAYLOAD: dict[str, Any] = {
    "kind": "answer_wrong",
    "team_id": 1234,
    "seq": 57,
    "actor": {"id": 98765, "nickname": "Joueur 12-3"},
    "quest": {"id": "d1-badge-entree", "title": "Le badge d'entrée", "day": 1},
    "attempts": 4,
    "attempts_left": None,
    "eclats": 35,
    "message": "Joueur 12-3 a proposé une réponse : ce n'est pas encore ça.",
    "at": "2026-12-07T20:40:00",
    "quests": [{"id": "d1-badge-entree", "status": "open", "attempts": 4, "hints_used": 0}],
}


def cpu_s(p: psutil.Process) -> float:
    t = p.cpu_times()
    return float(t.user + t.system)


def machine_busy_s() -> float:
    """CPU-seconds the whole machine has used since boot (for the other processes' figure)."""
    t = psutil.cpu_times()
    return float(t.user + t.system + t.nice + getattr(t, "irq", 0) + getattr(t, "softirq", 0))


def run(processes: int, emits: int, rate: float, idle_s: float) -> dict[str, Any]:
    import socketio  # python-socketio, under Flask-SocketIO

    base = Path(tempfile.mkdtemp(prefix="eclats-queue-"))
    try:
        with ExitStack() as stack:
            redis = stack.enter_context(redis_server(base))
            env = {"DATABASE_URL": f"sqlite:///{base / 'eclats.db'}", "SOCKETIO_MESSAGE_QUEUE": redis.url}
            servers = [stack.enter_context(server_process(base / f"p{i}", env, "gevent")) for i in range(processes)]
            procs = [psutil.Process(s.process.pid) for s in servers]
            rproc = psutil.Process(redis.process.pid)
            for s in servers:
                # python-socketio subscribes to the queue on its first connection: open one
                # Engine.IO session, as the first phone would
                with urllib.request.urlopen(f"{s.url}/socket.io/?EIO=4&transport=polling", timeout=10) as r:
                    r.read()
            manager = socketio.RedisManager(redis.url, channel=CHANNEL, write_only=True)
            manager.emit("warm-up", {}, namespace="/player", room="team:0")
            time.sleep(3)  # start-up work (migrations, first heartbeat) out of the way

            def snapshot() -> tuple[float, list[float], float, float]:
                return time.monotonic(), [cpu_s(p) for p in procs], cpu_s(rproc), machine_busy_s()

            t0, idle0, r0, _m0 = snapshot()
            time.sleep(idle_s)
            t1, idle1, r1, m1 = snapshot()
            idle_rate = [(b - a) / (t1 - t0) for a, b in zip(idle0, idle1, strict=True)]
            me0 = time.process_time()
            step = 1.0 / rate
            start = time.monotonic()
            for i in range(emits):
                manager.emit("team", PAYLOAD, namespace="/player", room=f"team:{i % 75}")
                delay = start + (i + 1) * step - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            publisher_s = time.process_time() - me0
            time.sleep(2)  # let every subscriber drain its queue
            t2, busy2, r2, m2 = snapshot()
            wall = t2 - t1
            per_emit_us = [
                ((b - a) - idle_rate[k] * wall) / emits * 1e6 for k, (a, b) in enumerate(zip(idle1, busy2, strict=True))
            ]
            ncpu = psutil.cpu_count() or 1
            watched = sum(b - a for a, b in zip(idle1, busy2, strict=True)) + (r2 - r1) + publisher_s
            return {
                "bench": "queue_fanout",
                "date": time.strftime("%Y-%m-%dT%H:%M:%S"),
                "processes": processes,
                "emits": emits,
                "rate_per_s": rate,
                "payload_bytes": len(json.dumps(PAYLOAD)),
                "server_idle_cpu_pct": [round(x * 100, 2) for x in idle_rate],
                "per_process_us_per_emit": [round(x, 1) for x in per_emit_us],
                "median_us_per_emit": round(statistics.median(per_emit_us), 1),
                "redis_us_per_emit": round(((r2 - r1) - (r1 - r0) / (t1 - t0) * wall) / emits * 1e6, 1),
                "publisher_us_per_emit": round(publisher_s / emits * 1e6, 1),
                "other_cpu_pct_of_a_core": round(max(0.0, (m2 - m1) - watched) / wall * 100, 1),
                "machine_cores": ncpu,
            }
    finally:
        shutil.rmtree(base, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--processes", default="1,2,4", help="comma-separated numbers of server processes")
    parser.add_argument("--emits", type=int, default=3000)
    parser.add_argument("--rate", type=float, default=300, help="emits per second")
    parser.add_argument("--idle", type=float, default=8, help="seconds of idle baseline before the emits")
    parser.add_argument("--rounds", type=int, default=1, help="repeat the whole sweep, interleaved")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.jsonl"))
    args = parser.parse_args()
    for _ in range(args.rounds):
        for n in (int(x) for x in args.processes.split(",")):
            r = run(n, args.emits, args.rate, args.idle)
            print(
                f"{n} process(es): {r['median_us_per_emit']} µs CPU per emit received (per process "
                f"{r['per_process_us_per_emit']}), redis {r['redis_us_per_emit']} µs, publisher "
                f"{r['publisher_us_per_emit']} µs; idle {r['server_idle_cpu_pct']} %; other processes "
                f"{r['other_cpu_pct_of_a_core']} % of a core",
                flush=True,
            )
            if args.out:
                with open(args.out, "a", encoding="utf-8") as f:
                    f.write(json.dumps(r, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
