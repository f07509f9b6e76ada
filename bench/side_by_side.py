"""Éclats beside three peers under the same load, interleaved (issue 16, point 4).

    .venv/bin/python -m bench.side_by_side --players 900 --duration 45 --rounds 3

The four servers, each on a fresh folder, one after the other in every round (the
order turns each round, so that a busy minute on the shared machine does not always
fall on the same one):

- ``eclats``: ``eclats serve`` (gevent, file SQLite), the real answer handler;
- ``eclats-before`` (optional, ``--before PATH``): the same from another source tree,
  e.g. ``git archive`` of the commit before a change, to measure a change side by side;
- ``flask-minimal``: a minimal Flask-SocketIO broadcast served the same way
  (``bench/peers/minimal_flask.py``): the framework's own cost;
- ``node-peer``: Node.js socket.io + better-sqlite3 doing Éclats' work per action (token
  lookup, replay check by client_id, team update and inserts in one transaction, room
  broadcast after the commit: ``bench/peers/node/peer.js``);
- ``node-minimal``: a minimal Node.js socket.io broadcast (``bench/peers/node/minimal.js``).

The load is ``bench.realtime``'s (its ``run_once`` and its load workers, real websockets,
teams of 12, an answer every 10–30 s per player). Per run: CPU per action (the server
process's CPU time / actions), memory per connected player (RSS once every player is
connected, less RSS before the first socket, / players), fan-out p50/p99, and the CPU
that processes this benchmark did not start used meanwhile. Then the median of each
figure over the rounds, and the ratios to Éclats.

The Node peers' dependencies (``bench/peers/node/package.json``, lock file beside it)
are installed by this script with npm into ``bench/peers/node/node_modules`` (ignored by
git); better-sqlite3 is built from source against the system's Node headers when its
prebuilt binary cannot be fetched.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psutil

from bench import realtime
from tests.servers import wait_healthy

NODE_DIR = realtime.ROOT / "bench" / "peers" / "node"
KINDS = ("eclats", "eclats-before", "flask-minimal", "node-peer", "node-minimal")


def ensure_node_modules() -> None:
    if all((NODE_DIR / "node_modules" / m / "package.json").exists() for m in ("socket.io", "better-sqlite3")):
        return
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is needed for the Node.js peers (apt-get install nodejs npm)")
    env = dict(os.environ)
    if Path("/usr/include/node/node.h").exists():
        env.setdefault("npm_config_nodedir", "/usr")  # build better-sqlite3 without downloading headers
    lock = (NODE_DIR / "package-lock.json").exists()
    cmd = [npm, "ci" if lock else "install", "--no-audit", "--no-fund"]
    print(f"installing the Node peers' dependencies: {' '.join(cmd)} (in {NODE_DIR})", flush=True)
    subprocess.run(cmd, cwd=NODE_DIR, env=env, check=True, timeout=900)


class Peer:
    """One kind of server for ``realtime.run_once``: starts it, hands out its players."""

    def __init__(self, name: str, players: int, before: str = "") -> None:
        self.name = name
        self.before = before  # eclats-before: the source tree to import Éclats from
        self.teams = players // realtime.TEAM_SIZE
        self.rss_before_mb: float | None = None
        self.pid: int | None = None
        # the players a peer knows from the start (an Éclats team is made over REST)
        self.seed = {
            "teams": [
                {
                    "team": t,
                    "players": [
                        {"token": secrets.token_urlsafe(32), "nickname": f"Joueur {t}-{j}"}
                        for j in range(realtime.TEAM_SIZE)
                    ],
                }
                for t in range(self.teams)
            ]
        }

    @contextmanager
    def server(self, folder: Path, env: dict[str, str]) -> Iterator[realtime.Server]:
        if self.name.startswith("eclats"):
            if self.name == "eclats-before":
                env = {**env, "PYTHONPATH": self.before}  # ahead of the editable install
            with realtime.server_process(folder, env, "gevent") as server:
                realtime.create_facilitator(folder, env)
                self.pid = server.process.pid
                yield server
            return
        folder.mkdir(parents=True, exist_ok=True)
        seed_path = folder / "seed.json"
        seed_path.write_text(json.dumps(self.seed))
        port = realtime.free_port()
        if self.name == "flask-minimal":
            args = [sys.executable, "-m", "bench.peers.minimal_flask", str(port), str(seed_path)]
        elif self.name == "node-peer":
            args = ["node", str(NODE_DIR / "peer.js"), str(port), str(folder / "peer.db"), str(seed_path)]
        else:
            args = ["node", str(NODE_DIR / "minimal.js"), str(port), str(seed_path)]
        log_path = folder / f"server-{port}.log"
        with log_path.open("w") as log:
            process = subprocess.Popen(
                args, stdout=log, stderr=subprocess.STDOUT, cwd=realtime.ROOT, preexec_fn=realtime._raise_nofile
            )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url, process, log_path, 60)
            self.pid = process.pid
            yield realtime.Server(url, process, log_path)
        finally:
            realtime.stop(process)

    def make_teams(self, urls: list[str], teams: int) -> list[dict[str, Any]]:
        if self.name.startswith("eclats"):
            made = realtime.make_teams(urls, teams)
        else:
            made = [
                {"team": t["team"], "players": [{**p, "url": urls[0]} for p in t["players"]]}
                for t in self.seed["teams"][:teams]
            ]
        # called by run_once right before the first socket connects
        assert self.pid is not None
        self.rss_before_mb = psutil.Process(self.pid).memory_info().rss / 2**20
        return made


def figures(r: dict[str, Any], peer: Peer) -> dict[str, Any]:
    actions = sum(r["actions"].values())
    srv = r["resources"]["server"]
    connected = r["connect"]["connected"] or 1
    rss_connected = r["resources_connect"]["server"]["rss_max_mb"]
    return {
        "server": peer.name,
        "players": r["players"],
        "actions": actions,
        "refused": {k: v for k, v in r["actions"].items() if k != "ok" and v},
        # a server that could not keep up (acks past 10 s) was starved of CPU by the machine:
        # its actions were not all served within the measure, so its CPU per action is not comparable
        "kept_up": r["actions"].get("timeout", 0) <= 0.01 * actions,
        "cpu_ms_per_action": round(srv["cpu_avg"] / 100 * r["duration_s"] / actions * 1000, 2) if actions else None,
        "kb_per_player": round((rss_connected - (peer.rss_before_mb or 0)) * 1024 / connected, 1),
        "rss_before_mb": round(peer.rss_before_mb or 0, 1),
        "rss_connected_mb": rss_connected,
        "p50_ms": r["latency_ms"]["p50"],
        "p99_ms": r["latency_ms"]["p99"],
        "delivery": r["delivery"]["ratio"],
        "other_cpu_pct": r["resources"]["other_cpu_avg"],
        "load_cpu_pct": r["resources"]["load"]["cpu_avg"],
        "date": r["date"],
    }


def summary(rows: list[dict[str, Any]]) -> str:
    """Medians per server, one table per number of players (CPU per action is not constant in N)."""
    return "\n\n".join(
        _summary_at(n, [r for r in rows if r["players"] == n]) for n in sorted({r["players"] for r in rows})
    )


def _summary_at(players: int, rows: list[dict[str, Any]]) -> str:
    out = [
        f"{players} players:",
        "| server | runs | CPU per action (ms) | memory per player (KB) | p50 / p99 (ms) "
        "| other processes (% of a core) |",
        "| --- | ---: | ---: | ---: | --- | ---: |",
    ]
    med: dict[str, float] = {}
    for kind in KINDS:
        runs = [r for r in rows if r["server"] == kind and r["cpu_ms_per_action"] is not None]
        mine = [r for r in runs if r.get("kept_up", True)]
        if len(mine) < len(runs):
            out.append(f"| {kind} | {len(runs) - len(mine)} run(s) left out: the server did not keep up | | | | |")
        if not mine:
            continue

        def m(key: str, rows_: list[dict[str, Any]] = mine) -> float:
            return float(statistics.median(r[key] for r in rows_ if r[key] is not None))

        med[kind] = m("cpu_ms_per_action")
        out.append(
            f"| {kind} | {len(mine)} | {m('cpu_ms_per_action'):.2f} "
            f"({', '.join(str(r['cpu_ms_per_action']) for r in mine)}) | {m('kb_per_player'):.0f} | "
            f"{m('p50_ms'):.1f} / {m('p99_ms'):.1f} | {m('other_cpu_pct'):.0f} "
            f"({', '.join(str(r['other_cpu_pct']) for r in mine)}) |"
        )
    if "eclats" in med:
        out.append(
            "ratios of CPU per action to Éclats: "
            + ", ".join(f"{k} {v / med['eclats']:.2f}" for k, v in med.items() if k != "eclats")
        )
    return "\n".join(out)


def main() -> None:
    parser = realtime.build_parser()
    parser.description = __doc__
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (one run of each server per round)")
    parser.add_argument(
        "--servers", default="eclats,flask-minimal,node-peer,node-minimal", help=f"comma-separated, among {KINDS}"
    )
    parser.add_argument(
        "--before", default="", help="eclats-before: a source tree of Éclats before a change (git archive of a commit)"
    )
    parser.add_argument("--summarise", default="", help="only print the table of the runs in this JSON lines file")
    parser.set_defaults(players=900, duration=45, quiet_wait=0, out=str(realtime.ROOT / "bench" / "side_by_side.jsonl"))
    args = parser.parse_args()
    if args.summarise:
        with open(args.summarise, encoding="utf-8") as f:
            kept = [json.loads(line) for line in f if line.strip()]
        for row in kept:
            row.setdefault("kept_up", row["refused"].get("timeout", 0) <= 0.01 * row["actions"])
        print(summary(kept))
        return
    kinds = [k for k in args.servers.split(",") if k]
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise SystemExit(f"unknown server(s): {', '.join(sorted(unknown))}")
    if args.processes != 1 or args.async_mode != "gevent":
        raise SystemExit("the side-by-side runs are one process each, Éclats in gevent")
    if "eclats-before" in kinds and not (Path(args.before) / "api" / "__init__.py").exists():
        raise SystemExit("eclats-before needs --before PATH, a source tree of Éclats")
    if any(k.startswith("node") for k in kinds):
        ensure_node_modules()
    rows: list[dict[str, Any]] = []
    for round_ in range(args.rounds):
        order = kinds[round_ % len(kinds) :] + kinds[: round_ % len(kinds)]
        for kind in order:
            peer = Peer(kind, args.players, args.before)
            r = realtime.run_once(args, args.players, args.duration, peer)
            row = {**figures(r, peer), "round": round_}
            rows.append(row)
            print(realtime.human(r), flush=True)
            print(json.dumps(row, ensure_ascii=False), flush=True)
            if args.out:
                with open(args.out, "a", encoding="utf-8") as f:
                    f.write(json.dumps({**row, "run": r}, ensure_ascii=False) + "\n")
    print(summary(rows), flush=True)


if __name__ == "__main__":
    main()
