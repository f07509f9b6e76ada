"""Load worker of ``bench.realtime``: simulated phones on real websockets.

One process, gevent-patched, one real ``socketio.Client`` (python-socketio over
websocket-client) per player. Whole teams live in one worker, so a teammate's receipt
time and the sender's emit time are read on the same monotonic clock.

Protocol with the parent (``bench.realtime``): argv = plan.json result.json; the worker
connects every player, prints ``READY {json}``, waits for a ``GO <epoch>`` line on stdin,
acts from that instant for ``duration`` seconds, waits ``drain`` seconds for late events,
disconnects and writes its raw figures to result.json.
"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import gc  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import select  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from typing import Any  # noqa: E402

import gevent  # noqa: E402
import gevent.pool  # noqa: E402
import socketio  # noqa: E402

NS = "/player"
now = time.perf_counter


@dataclass
class Action:
    t0: float
    status: str = "pending"  # pending | ok | conflict | error | timeout
    seq: int | None = None
    latencies: list[float] = field(default_factory=list)  # teammates only, seconds
    receivers: set[int] = field(default_factory=set)
    self_seen: bool = False
    ack_rtt: float | None = None


@dataclass
class Phone:
    index: int  # global index of the player in the worker
    team: int
    nickname: str
    token: str
    url: str
    sio: Any = None
    connect_s: float | None = None
    connect_error: str = ""
    dropped: bool = False
    actions: list[Action] = field(default_factory=list)


class Worker:
    def __init__(self, plan: dict[str, Any]) -> None:
        self.plan = plan
        self.phones: list[Phone] = []
        self.by_team_nick: dict[tuple[int, str], Phone] = {}
        self.unmatched = 0
        self.duplicates = 0
        self.other_team_events = 0
        self.measuring = False
        self.start = 0.0
        self.errors: list[Any] = []
        for team in plan["teams"]:
            for p in team["players"]:
                phone = Phone(len(self.phones), team["team"], p["nickname"], p["token"], p["url"])
                self.phones.append(phone)
                self.by_team_nick[(phone.team, phone.nickname)] = phone

    # -- receiving -----------------------------------------------------------------
    def _on_team(self, receiver: Phone) -> Any:
        def handler(data: Any = None) -> None:
            t = now()
            if not isinstance(data, dict) or data.get("type") != "attempt":
                self.other_team_events += 1
                return
            sender = self.by_team_nick.get((receiver.team, data.get("by")))
            if sender is None:
                self.unmatched += 1
                return
            seq = data.get("seq")
            action = next((a for a in reversed(sender.actions[-6:]) if a.seq == seq), None)
            if action is None:
                action = next(
                    (a for a in sender.actions[-6:] if a.seq is None and a.status in ("pending", "ok") and a.t0 <= t),
                    None,
                )
                if action is None:
                    self.unmatched += 1
                    return
                action.seq = seq
            if receiver is sender:
                action.self_seen = True
                return
            if receiver.index in action.receivers:
                self.duplicates += 1
                return
            action.receivers.add(receiver.index)
            action.latencies.append(t - action.t0)

        return handler

    def _on_disconnect(self, phone: Phone) -> Any:
        def handler(*_a: Any) -> None:
            if self.measuring:
                phone.dropped = True

        return handler

    # -- connecting ----------------------------------------------------------------
    def connect_one(self, phone: Phone) -> None:
        sio = socketio.Client(reconnection=False)
        sio.on("team", self._on_team(phone), namespace=NS)
        sio.on("disconnect", self._on_disconnect(phone), namespace=NS)
        phone.sio = sio
        t0 = now()
        try:
            sio.connect(
                phone.url,
                namespaces=[NS],
                auth={"token": phone.token},
                transports=["websocket"],
                wait_timeout=60,
            )
            phone.connect_s = now() - t0
        except Exception as exc:
            phone.connect_error = f"{type(exc).__name__}: {exc}"

    def connect_all(self) -> dict[str, Any]:
        pool = gevent.pool.Pool(self.plan["connect_concurrency"])
        t0 = now()
        for phone in self.phones:
            pool.spawn(self.connect_one, phone)
        pool.join(timeout=self.plan["connect_timeout"])
        pool.kill()
        total = now() - t0
        ok = sum(1 for p in self.phones if p.connect_s is not None and p.sio.connected)
        return {"connected": ok, "players": len(self.phones), "connect_total_s": total}

    # -- acting --------------------------------------------------------------------
    def act(self, phone: Phone, start: float, end: float, rng: random.Random) -> None:
        lo, hi = self.plan["interval"]
        # first action at the stationary phase of the renewal process (a length-biased
        # interval, then a uniform point in it): the action rate is N / mean interval from
        # the first second, no ramp-up, no overshoot
        biased = (rng.uniform(lo * lo, hi * hi)) ** 0.5 if hi > lo else hi
        t_next = start + rng.uniform(0, biased)
        while True:
            delay = t_next - now()
            if delay > 0:
                gevent.sleep(delay)
            if now() >= end or phone.dropped or not phone.sio.connected:
                return
            action = Action(now())
            phone.actions.append(action)
            payload = {"client_id": uuid.uuid4().hex, "quest_id": self.plan["quest_id"], **self.plan["wrong"]}
            try:
                ack = phone.sio.call("answer", payload, namespace=NS, timeout=self.plan["ack_timeout"])
                action.ack_rtt = now() - action.t0
                if isinstance(ack, dict) and ack.get("ok"):
                    action.status = "ok"
                elif isinstance(ack, dict) and ack.get("status") == 409:
                    action.status = "conflict"
                else:
                    action.status = "error"
                    if len(self.errors) < 20:
                        self.errors.append(ack)
            except socketio.exceptions.TimeoutError:
                action.status = "timeout"
            except Exception as exc:
                action.status = "error"
                if len(self.errors) < 20:
                    self.errors.append(f"{type(exc).__name__}: {exc}")
            t_next = action.t0 + rng.uniform(lo, hi)

    def run(self, start_epoch: float) -> None:
        # translate the parent's wall-clock start into our monotonic clock
        start = now() + max(0.0, start_epoch - time.time())
        end = start + self.plan["duration"]
        self.start = start
        self.measuring = True
        seed = self.plan["seed"]
        greenlets = [
            gevent.spawn(self.act, p, start, end, random.Random(seed * 1_000_003 + p.index))
            for p in self.phones
            if p.connect_s is not None
        ]
        gevent.joinall(greenlets, timeout=self.plan["duration"] + self.plan["ack_timeout"] + 30)
        gevent.sleep(self.plan["drain"])
        self.measuring = False

    def disconnect_all(self) -> None:
        pool = gevent.pool.Pool(100)
        for phone in self.phones:
            if phone.sio is not None and phone.sio.connected:
                pool.spawn(phone.sio.disconnect)
        pool.join(timeout=60)
        pool.kill()

    def results(self, connect: dict[str, Any]) -> dict[str, Any]:
        teammates = self.plan["team_size"] - 1
        latencies: list[float] = []
        timeline: list[list[float]] = []  # [send time since start (s), latency (ms)]
        ack_rtts: list[float] = []
        counts = {"ok": 0, "conflict": 0, "error": 0, "timeout": 0, "pending": 0}
        expected = received = self_seen = 0
        for phone in self.phones:
            for a in phone.actions:
                counts[a.status] += 1
                if a.ack_rtt is not None:
                    ack_rtts.append(a.ack_rtt * 1000)
                if a.status == "ok":
                    expected += teammates
                    received += len(a.receivers)
                    self_seen += a.self_seen
                    latencies.extend(x * 1000 for x in a.latencies)
                    if a.latencies:
                        timeline.append([round(a.t0 - self.start, 3), round(max(a.latencies) * 1000, 2)])
        return {
            **connect,
            "connect_ms": [p.connect_s * 1000 for p in self.phones if p.connect_s is not None],
            "connect_errors": [p.connect_error for p in self.phones if p.connect_error][:10],
            "connect_failed": sum(1 for p in self.phones if p.connect_s is None),
            "actions": counts,
            "expected": expected,
            "received": received,
            "self_seen": self_seen,
            "latencies_ms": latencies,
            "timeline": timeline,
            "ack_rtt_ms": ack_rtts,
            "unmatched": self.unmatched,
            "duplicates": self.duplicates,
            "other_team_events": self.other_team_events,
            "dropped": sum(1 for p in self.phones if p.dropped),
            "errors": self.errors,
        }


def _diagnose(path: str) -> None:
    """Log GC pauses over 5 ms and hub stalls (a 10 ms sleep woken over 20 ms late)."""
    import gc

    log = open(path, "a", buffering=1)  # noqa: SIM115
    started = [0.0]

    def on_gc(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            started[0] = now()
        elif (took := (now() - started[0]) * 1000) > 5:
            log.write(f"{time.time():.3f} gc gen{info['generation']} {took:.1f} ms\n")

    gc.callbacks.append(on_gc)

    def watch() -> None:
        while True:
            t = now()
            gevent.sleep(0.01)
            late = (now() - t - 0.01) * 1000
            if late > 20:
                log.write(f"{time.time():.3f} held {late:.1f} ms\n")

    gevent.spawn(watch)


def main() -> None:
    plan_path, result_path = sys.argv[1], sys.argv[2]
    if len(sys.argv) > 3:
        _diagnose(sys.argv[3])
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    with open(plan_path, encoding="utf-8") as f:
        plan = json.load(f)
    worker = Worker(plan)
    connect = worker.connect_all()
    # the long-lived client objects (1,000+ socketio.Client) leave the collector's reach, so
    # the load generator's own GC pauses do not pollute the latencies it measures
    gc.collect()
    gc.freeze()
    print("READY " + json.dumps(connect), flush=True)
    # wait for "GO <epoch>" without blocking the hub: the sockets keep answering pings
    while not select.select([sys.stdin], [], [], 1.0)[0]:
        pass
    line = sys.stdin.readline().split()
    if line and line[0] == "GO":
        # and no automatic collection at all during the bounded measured window (its
        # garbage is collected right after): the pauses measured are the server's
        gc.disable()
        try:
            worker.run(float(line[1]))
        finally:
            gc.enable()
    result = worker.results(connect)
    with open(result_path, "w", encoding="utf-8") as f:
        json.dump(result, f)
    worker.disconnect_all()
    print("DONE", flush=True)


if __name__ == "__main__":
    main()
