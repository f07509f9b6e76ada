"""Hostile uploads during live play: do the other players still get their events at once?

    .venv/bin/python -m bench.uploads                         # the code of this tree
    .venv/bin/python -m bench.uploads --server-root /tmp/head # another tree (e.g. before a fix)
    .venv/bin/python -m bench.uploads --runs 3 --server-root /tmp/head --server-root .

What it does (everything on 127.0.0.1, in a fresh temporary instance folder per run):

1. starts ``eclats serve`` (gevent) from ``--server-root`` (default: this tree), with that
   tree first on PYTHONPATH, and creates the facilitator;
2. 200 players (``--players``) in teams of 10, one session per team, day 1 open, play as
   in ``bench.realtime``: real websockets, a wrong answer to the day-1 riddle every
   10–30 s each, every teammate receiving the ``team`` event;
3. four more players (``--uploaders``), each in their own team of a fifth session, solve
   what comes before the day-1 photo quest; then every ``--every`` seconds all four send
   a photo at the same instant: a 7745 × 7745 PNG of 58 KB (the decompression bomb of
   the issue) in odd rounds, a 48 MP JPEG of 0.9 MB in even rounds. After each round the
   facilitator rejects whatever was accepted, so that the quest is open again;
4. measures what the other players notice: the fan-out latency of their events (sender's
   emit to teammate's receipt) and their acks, per 5 s window too; the uploads' own
   answers and times; the server's CPU and RSS (psutil, every second);
5. prints a summary and appends one JSON line to ``--out``; stops what it started.

With ``--runs N`` and several ``--server-root``, runs alternate between the trees
(A B A B …), so that the machine's noise (other people's jobs share it) falls on both.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psutil

from tests.images import big_jpeg, png_bomb
from tests.servers import wait_healthy

from .realtime import (
    PASSWORD,
    ROOT,
    Sampler,
    _merge,
    _raise_nofile,
    free_port,
    http,
    make_teams,
    percentile,
    riddle,
    rnd,
    stop,
    wait_for_quiet,
)

PHOTO_QUEST, BEFORE_PHOTO = "d1-photo-equipe", "d1-badge-entree"
TEAM_SIZE = 10
SERVE = "from api.cli import main; main()"  # ``eclats`` of the tree on PYTHONPATH


@contextmanager
def eclats_server(root: Path, folder: Path, env: dict[str, str]) -> Iterator[tuple[str, subprocess.Popen[Any]]]:
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    full_env = {**os.environ, **env, "ECLATS_INSTANCE": str(folder), "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(root)}
    subprocess.run(
        [sys.executable, "-c", SERVE, "db", "upgrade"], env=full_env, cwd=root, check=True, capture_output=True
    )
    subprocess.run(
        [sys.executable, "-c", SERVE, "facilitator", "create", "bench"],
        env={**full_env, "ECLATS_PASSWORD": PASSWORD},
        cwd=root,
        check=True,
        capture_output=True,
        timeout=120,
    )
    log_path = folder / "server.log"
    args = [sys.executable, "-c", SERVE, "serve", "--host", "127.0.0.1", "--port", str(port), "--no-demo"]
    with log_path.open("w") as log:
        process = subprocess.Popen(
            args, stdout=log, stderr=subprocess.STDOUT, env=full_env, cwd=root, preexec_fn=_raise_nofile
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process, log_path, 60)
        yield url, process
    finally:
        stop(process)


def multipart(field: str, filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def upload(base: str, token: str, filename: str, data: bytes) -> dict[str, Any]:
    body, content_type = multipart("photo", filename, data)
    request = urllib.request.Request(f"{base}/api/me/quests/{PHOTO_QUEST}/submission", data=body, method="POST")
    request.add_header("Content-Type", content_type)
    request.add_header("Authorization", f"Bearer {token}")
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status = response.status
            response.read()
    except urllib.error.HTTPError as exc:
        status = exc.code
        exc.read()
    except OSError as exc:  # a server that fell over
        status = f"{type(exc).__name__}"  # type: ignore[assignment]
    return {"file": filename, "status": status, "ms": round((time.perf_counter() - t0) * 1000, 1)}


def make_uploaders(base: str, count: int) -> tuple[str, int, list[str]]:
    """A session of ``count`` one-player teams, day 1 open, the photo quest reachable.
    Returns (staff token, session id, the players' tokens)."""
    from content.loader import load_named_pack
    from tests.api.helpers import right_answer

    staff = http(base, "POST", "/api/auth/login", {"username": "bench", "password": PASSWORD})["token"]
    today = datetime.date.today().isoformat()
    teams = [f"Photos {chr(65 + i)}" for i in range(count)]
    game = http(
        base,
        "POST",
        "/api/sessions",
        {"name": "Bench photos", "start_date": today, "teams": teams, "players_choose_team": True},
        staff,
    )
    http(base, "POST", f"/api/sessions/{game['id']}/days", {"day": 1}, staff)
    before = load_named_pack("default").quest(BEFORE_PHOTO)
    assert before is not None
    tokens = []
    for i, team in enumerate(game["teams"]):
        joined = http(
            base,
            "POST",
            "/api/join",
            {"code": game["join_code"], "nickname": f"Photo {chr(65 + i)}", "team_id": team["id"]},
        )
        http(base, "POST", f"/api/me/quests/{before.id}/answer", right_answer(before), joined["token"])
        tokens.append(joined["token"])
    return staff, game["id"], tokens


def reject_pending(base: str, staff: str, session_id: int) -> int:
    pending = http(base, "GET", f"/api/sessions/{session_id}/submissions?status=pending", token=staff)
    for sub in pending:
        http(base, "POST", f"/api/submissions/{sub['id']}/review", {"verdict": "rejected", "comment": "bench"}, staff)
    return len(pending)


def run_once(args: argparse.Namespace, root: Path, files: dict[str, bytes]) -> dict[str, Any]:
    teams = args.players // TEAM_SIZE
    quest_id, wrong = riddle()
    waited = wait_for_quiet(args.quiet_wait) if args.quiet_wait else 0.0
    base_dir = Path(tempfile.mkdtemp(prefix="eclats-bench-uploads-"))
    result: dict[str, Any] = {
        "benchmark": "uploads",
        "server_root": str(root),
        "label": args.label.get(str(root), root.name),
        "players": teams * TEAM_SIZE,
        "team_size": TEAM_SIZE,
        "uploaders": args.uploaders,
        "every_s": args.every,
        "duration_s": args.duration,
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "waited_for_quiet_s": waited,
    }
    worker: subprocess.Popen[str] | None = None
    uploads: list[dict[str, Any]] = []
    try:
        env = {"DATABASE_URL": f"sqlite:///{base_dir / 'eclats.db'}"}
        with eclats_server(root, base_dir / "instance", env) as (url, server):
            plan_teams = make_teams([url], teams, TEAM_SIZE)
            # --uploaders 0: the same play without uploads, the control for the machine's noise
            staff, photo_session, tokens = make_uploaders(url, args.uploaders) if args.uploaders else ("", 0, [])
            plan = {
                "teams": plan_teams,
                "team_size": TEAM_SIZE,
                "quest_id": quest_id,
                "wrong": wrong,
                "interval": [10, 30],
                "duration": args.duration,
                "drain": 5,
                "ack_timeout": 10,
                "connect_concurrency": 50,
                "connect_timeout": 180,
                "seed": args.seed,
            }
            plan_path, result_path = base_dir / "plan.json", base_dir / "result.json"
            plan_path.write_text(json.dumps(plan))
            worker = subprocess.Popen(
                [sys.executable, "-m", "bench.realtime_load", str(plan_path), str(result_path)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=open(base_dir / "load.log", "w"),  # noqa: SIM115
                text=True,
                cwd=ROOT,
                preexec_fn=_raise_nofile,
            )
            lines: list[str] = []
            assert worker.stdout is not None
            threading.Thread(target=lambda: lines.extend(worker.stdout), daemon=True).start()  # type: ignore[union-attr,arg-type]
            sampler = Sampler({"server": [server.pid], "load": [worker.pid]})
            sampler.phase = "connect"
            sampler.start()
            try:
                deadline = time.monotonic() + 240
                while not any(x.startswith("READY") for x in lines):
                    if time.monotonic() > deadline or worker.poll() is not None:
                        raise RuntimeError(
                            "load worker did not connect: " + (base_dir / "load.log").read_text()[-2000:]
                        )
                    time.sleep(0.2)
                go = time.time() + 2
                time.sleep(1.5)
                assert worker.stdin is not None
                worker.stdin.write(f"GO {go}\n")
                worker.stdin.flush()
                time.sleep(max(0.0, go - time.time()))
                sampler.phase = "run"
                start = time.monotonic()
                rounds = 0
                while True:
                    at = args.every * (rounds + 0.5)
                    if at > args.duration - 2 or not tokens:
                        break
                    time.sleep(max(0.0, start + at - time.monotonic()))
                    name = "bomb-7745.png" if rounds % 2 == 0 else "photo-48mp.jpg"
                    sent: list[dict[str, Any]] = []
                    gate = threading.Barrier(len(tokens))

                    def send(
                        token: str,
                        name: str = name,
                        sent: list[dict[str, Any]] = sent,
                        gate: threading.Barrier = gate,
                    ) -> None:
                        gate.wait(timeout=30)
                        sent.append(upload(url, token, name, files[name]))

                    threads = [threading.Thread(target=send, args=(t,)) for t in tokens]
                    for t in threads:
                        t.start()
                    for t in threads:
                        t.join(timeout=90)
                    for s in sent:
                        s["round"], s["at_s"] = rounds, round(at, 1)
                    uploads.extend(sent)
                    reject_pending(url, staff, photo_session)
                    rounds += 1
                time.sleep(max(0.0, start + args.duration - time.monotonic()))
                sampler.phase = "drain"
                deadline = time.monotonic() + 120
                while not any(x.startswith("DONE") for x in lines):
                    if time.monotonic() > deadline or worker.poll() not in (None, 0):
                        raise RuntimeError("load worker did not finish: " + (base_dir / "load.log").read_text()[-2000:])
                    time.sleep(0.2)
            finally:
                sampler.stop()
            result["resources"] = sampler.summary("run")
            result["server_tracebacks"] = (
                (base_dir / "instance" / "server.log").read_text(errors="replace").count("Traceback")
            )
        result.update(_merge([json.loads(result_path.read_text())]))
    finally:
        if worker is not None:
            stop(worker)
        if not args.keep:
            shutil.rmtree(base_dir, ignore_errors=True)
        else:
            result["kept"] = str(base_dir)
    by_file: dict[str, dict[str, Any]] = {}
    for name in sorted({u["file"] for u in uploads}):
        mine = [u for u in uploads if u["file"] == name]
        statuses: dict[str, int] = {}
        for u in mine:
            statuses[str(u["status"])] = statuses.get(str(u["status"]), 0) + 1
        times = [u["ms"] for u in mine]
        by_file[name] = {"statuses": statuses, "p50_ms": rnd(percentile(times, 50)), "max_ms": rnd(max(times))}
    result["uploads"] = by_file
    result["disturbed"] = (result["resources"].get("other_cpu_avg") or 0) > 20
    p99 = result["latency_ms"]["p99"]
    result["holds"] = bool(p99 is not None and p99 <= args.target_ms and result["delivery"]["ratio"] == 1)
    return result


def human(r: dict[str, Any]) -> str:
    res, lat, d = r["resources"], r["latency_ms"], r["delivery"]
    srv = res.get("server", {})
    worst = max((w for w in r["timeline_5s"] if w[3] is not None), key=lambda w: w[3], default=None)
    return "\n".join(
        [
            f"== {r['label']}: {r['players']} players + {r['uploaders']} uploaders every {r['every_s']:g} s, "
            f"{r['duration_s']:g} s ({r['date']})",
            f"players' fan-out: p50 {lat['p50']} ms, p95 {lat['p95']} ms, p99 {lat['p99']} ms, max {lat['max']} ms "
            f"({lat['count']} receipts); acks p50 {r['ack_rtt_ms']['p50']} ms, p99 {r['ack_rtt_ms']['p99']} ms, "
            f"max {r['ack_rtt_ms']['max']} ms",
            f"delivery {d['received']}/{d['expected']}; actions {r['actions']}; worst 5 s window "
            f"{worst[0] if worst else '-'} s: p99 {worst[3] if worst else '-'} ms",
            "uploads: "
            + "; ".join(
                f"{n}: {u['statuses']} p50 {u['p50_ms']} ms, max {u['max_ms']} ms" for n, u in r["uploads"].items()
            ),
            f"server CPU avg {srv.get('cpu_avg')} %, max {srv.get('cpu_max')} % of a core; RSS max "
            f"{srv.get('rss_max_mb')} MB; machine busy {res.get('system_cpu_avg')} % of {psutil.cpu_count()} cores, "
            f"other processes {res.get('other_cpu_avg')} % of a core; disturbed {r['disturbed']}; "
            f"tracebacks {r['server_tracebacks']}",
            f"holds p99 <= target with every event delivered: {r['holds']}",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--players", type=int, default=200)
    parser.add_argument("--uploaders", type=int, default=4)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--every", type=float, default=10, help="seconds between two rounds of uploads")
    parser.add_argument(
        "--server-root", action="append", default=[], help="tree to serve from (repeat to alternate trees)"
    )
    parser.add_argument("--name", action="append", default=[], help="a label per --server-root, in the same order")
    parser.add_argument("--runs", type=int, default=1, help="runs per tree, alternating")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--target-ms", type=float, default=100)
    parser.add_argument("--quiet-wait", type=float, default=60)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.jsonl"))
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    roots = [Path(r).resolve() for r in (args.server_root or [str(ROOT)])]
    args.label = {str(r): (args.name[i] if i < len(args.name) else r.name) for i, r in enumerate(roots)}
    files = {"bomb-7745.png": png_bomb(7745), "photo-48mp.jpg": big_jpeg()}
    for _ in range(args.runs):
        for root in roots:
            r = run_once(args, root, files)
            print(human(r), flush=True)
            with open(args.out, "a", encoding="utf-8") as f:
                f.write(json.dumps(r) + "\n")


if __name__ == "__main__":
    main()
