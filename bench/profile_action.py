"""Where the server's CPU per action goes: a py-spy profile of a loaded server, as tables.

    .venv/bin/python -m bench.realtime --players 900 --duration 60 --out /tmp/p.jsonl \\
        --profile /tmp/prof --profile-format raw --profile-rate 250 --profile-blocking
    .venv/bin/python -m bench.profile_action /tmp/prof.p0.txt --rate 250 --run /tmp/p.jsonl

Reads collapsed stacks (``py-spy record --format raw``, one ``frame;frame;… count`` line per
distinct stack) or a speedscope file, and prints Markdown:

1. **by step of the action path**: each sample goes to the innermost *step marker* on its
   stack (a function of the answer path: the token lookup, the replay lookup,
   ``play.answer``…); a sample with none goes to the framework layer of its innermost
   framework frame (Engine.IO, Socket.IO, gevent). Steps are disjoint: they add up to 100 %;
2. **by layer**: each sample goes to the library or package of the frame that was running
   (self time): SQLAlchemy ORM, SQLAlchemy core, sqlite3's C calls (the self time of
   the DB-API calls), marshmallow, Flask, JSON, the game rules…; a frame of the standard
   library counts for the layer that called it, except ``json``, ``logging`` and
   ``threading``;
3. the top functions by self time and by inclusive time.

``--run`` takes the benchmark's JSON line (the last of the file), to turn samples into ms
of CPU per action (``--actions`` otherwise) and to compare with psutil's CPU per action.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

Frame = tuple[str, str]  # (function, normalised file): "Session.flush", "sqlalchemy/orm/session.py"
PROJECT = ("api/", "game/", "content/", "badges/", "bench/")

# (function name or "", file prefix, step): the innermost marker on a stack decides the step;
# "{}" in a step is filled with the enclosing step (a flush at commit is not one in play.answer)
STEPS: list[tuple[str, str, str]] = [
    ("_handle_event", "flask_socketio/", "Flask-SocketIO per event: app + request context, Flask session, teardown"),
    ("_close", "api/extensions.py", "DB session closed at teardown (connection back to the pool: rollback)"),
    ("run", "api/sockets/__init__.py", "event wrapper (api/sockets): the rest"),
    ("spend", "api/limits.py", "rate limits (limits.spend: socket events, team answers)"),
    ("identify", "api/auth.py", "token lookup (identify: SHA-256, SELECT player+session+team, token_end)"),
    ("load", "marshmallow/schema.py", "payload validation (marshmallow load)"),
    ("answer", "api/actions.py", "answer handler (api/actions.answer): the rest"),
    ("catalog_of", "game/services/common.py", "catalog_of: the session's varied catalogue (LRU of 64)"),
    ("_once", "api/actions.py", "replay frame (_once): the rest"),
    ("already_done", "game/services/actions.py", "replay lookup (SELECT processed_actions)"),
    ("remember", "game/services/actions.py", "reply kept for replays (json.dumps, ORM add)"),
    ("transaction", "api/extensions.py", "commit (flush of the INSERT, SQLite COMMIT)"),
    ("act", "api/actions.py", "reply built (message, offers dump)"),
    ("answer", "game/services/play.py", "play.answer: the rest"),
    ("team_rows", "game/services/common.py", "team state read (SELECT team_quests, SUM ledger)"),
    ("eclats_of", "game/services/common.py", "team state read (SELECT team_quests, SUM ledger)"),
    # before the next line: a frame of quest_variants is a catalogue rebuilt, not a decision
    ("", "game/rules/quest_variants.py", "catalogue rebuilt with a session's variants (catalog_for: cache miss)"),
    ("", "game/rules/", "game rules (pure)"),
    ("write_state", "game/services/common.py", "state written (ORM attribute sets, seq bump)"),
    ("credit", "game/services/common.py", "state written (ORM attribute sets, seq bump)"),
    ("flush", "sqlalchemy/orm/session.py", "ORM flush ‹{}›"),
    ("publish", "api/realtime.py", "publish after commit: the rest (session.get team)"),
    ("team_news", "game/services/news.py", "publish: news read (actor, quest, place)"),
    ("dump", "marshmallow/schema.py", "marshmallow dump ‹{}›"),
    ("emit", "flask_socketio/__init__.py", "emit to the rooms (team, staff): encode, queue to 12 sockets"),
    # limits' MemoryStorage starts a threading.Timer (a greenlet under gevent) 10 ms after a
    # count, which walks every key of the storage
    ("__connect", "sqlalchemy/pool/", "new SQLite connection (pool overflow: connect, PRAGMAs)"),
    ("__expire_events", "limits/", "rate-limit storage: expiry timer (every key, 10 ms after a count)"),
    ("_MemoryStorage__expire_events", "limits/", "rate-limit storage: expiry timer (every key, 10 ms after a count)"),
]
# a stack with no step marker: the innermost framework frame's layer
FRAMEWORK: list[tuple[str, str]] = [
    ("socketio/", "Socket.IO dispatch (decode, handler greenlet, ack)"),
    ("engineio/", "Engine.IO + websocket I/O (packets, pings, send/receive)"),
    ("simple_websocket/", "Engine.IO + websocket I/O (packets, pings, send/receive)"),
    ("wsproto/", "Engine.IO + websocket I/O (packets, pings, send/receive)"),
    ("gevent/", "gevent hub (loop, greenlet switches, sockets)"),
]
# layer of the running frame, by file prefix (first match); sqlite3's C calls are the self
# time of the DB-API calls in these SQLAlchemy functions
SQLITE_C = {
    "do_execute",
    "do_executemany",
    "do_execute_no_params",
    "do_commit",
    "do_rollback",
    "do_close",
    "_fetchone_impl",
    "_fetchall_impl",
    "_fetchmany_impl",
    "fetchone",
    "fetchall",
    "fetchmany",
    "connect",
}
LAYERS: list[tuple[str, str]] = [
    ("game/rules/", "game rules (game/rules)"),
    ("game/services/", "game services (game/services)"),
    ("game/store/", "models and engine (game/store)"),
    ("api/", "Éclats api/ (sockets, actions, auth, limits, realtime, schemas)"),
    ("content/", "content (catalogue, variants)"),
    ("badges/", "badges"),
    ("sqlalchemy/orm/", "SQLAlchemy ORM (session, unit of work, loading, attributes)"),
    ("sqlalchemy/", "SQLAlchemy core (statement cache, compile, engine, pool, events, results)"),
    ("sqlite3/", "sqlite3 C (execute, fetch, commit)"),
    ("marshmallow/", "marshmallow"),
    ("flask_socketio/", "Flask-SocketIO"),
    ("flask_limiter/", "limits (rate-limit storage)"),
    ("limits/", "limits (rate-limit storage)"),
    ("flask/", "Flask / Werkzeug (contexts, routing, session)"),
    ("werkzeug/", "Flask / Werkzeug (contexts, routing, session)"),
    ("itsdangerous/", "Flask / Werkzeug (contexts, routing, session)"),
    ("socketio/", "python-socketio"),
    ("engineio/", "python-engineio"),
    ("simple_websocket/", "websocket (simple-websocket, wsproto, h11)"),
    ("wsproto/", "websocket (simple-websocket, wsproto, h11)"),
    ("h11/", "websocket (simple-websocket, wsproto, h11)"),
    ("gevent/", "gevent (hub, greenlets, patched sockets and locks)"),
    ("redis/", "Redis client"),
    ("stdlib:json/", "JSON (stdlib json)"),
    ("stdlib:logging/", "logging"),
    ("stdlib:threading.py", "threading (gevent-patched: Timer, locks)"),
]
FRAMEWORK_STEPS = {label for _, label in FRAMEWORK} | {STEPS[0][2]}


def normalise(path: str) -> str:
    """``…/site-packages/x/y.py`` → ``x/y.py``; ``/work/main/api/a.py`` → ``api/a.py``;
    the standard library → ``stdlib:json/encoder.py``; short (py-spy's default) names kept."""
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1]
    found = re.search(r"/lib/python3\.\d+/(.*)", path)
    if found:
        return "stdlib:" + found.group(1)
    for root in PROJECT:
        i = path.find("/" + root)
        if i >= 0:
            return path[i + 1 :]
    if path.startswith("/") or path.startswith(PROJECT):
        return path
    known = {p.split("/", 1)[0] for p, _ in LAYERS if not p.startswith("stdlib:")}
    return path if path.split("/", 1)[0] in known else "stdlib:" + path


_RAW_FRAME = re.compile(r"^(?P<name>.*) \((?P<file>[^()]*?)(?::(?P<line>\d+))?\)$")


def read_raw(text: str) -> Iterator[tuple[list[Frame], int]]:
    for line in text.splitlines():
        stack_text, _, count = line.rpartition(" ")
        if not stack_text or not count.isdigit():
            continue
        stack = []
        for part in stack_text.split(";"):
            m = _RAW_FRAME.match(part)
            if m is None:  # "process …", "thread (0x…)", a native frame without a file
                continue
            stack.append((m.group("name"), normalise(m.group("file"))))
        yield stack, int(count)


def read_speedscope(data: dict, rate: int) -> Iterator[tuple[list[Frame], int]]:  # type: ignore[type-arg]
    frames = [(f["name"], normalise(f.get("file", ""))) for f in data["shared"]["frames"]]
    for profile in data["profiles"]:
        seconds = profile.get("unit") == "seconds"
        for stack, weight in zip(profile["samples"], profile["weights"], strict=True):
            yield [frames[i] for i in stack], round(weight * rate) if seconds else int(weight)


def short(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def step_of(stack: list[Frame]) -> str:
    found: list[str] = []
    for name, file in stack:
        for fn, prefix, label in STEPS:
            if file.startswith(prefix) and (not fn or short(name) == fn):
                found.append(label)
                break
    if found:
        label = found[-1]
        if "{}" in label:
            outer = next((x for x in reversed(found[:-1]) if "{}" not in x), "outside the handler")
            label = label.replace("{}", outer.split(" (")[0].split(":")[0])
        return label
    for _name, file in reversed(stack):
        for prefix, label in FRAMEWORK:
            if file.startswith(prefix):
                return label
    return "other (no known frame: start-up code, truncated stacks)"


def layer_of(stack: list[Frame]) -> str:
    for name, file in reversed(stack):
        if file.startswith("sqlalchemy/") and short(name) in SQLITE_C:
            return "sqlite3 C (execute, fetch, commit)"
        for prefix, label in LAYERS:
            if file.startswith(prefix):
                return label
        if not file.startswith("stdlib:"):
            return "other: " + file.split("/", 1)[0]
    return "standard library (no caller known)"


def table(rows: list[tuple[str, int]], total: float, per: float, head: str) -> list[str]:
    out = [f"| {head} | share | ms / action |", "| --- | ---: | ---: |"]
    for label, w in rows:
        out.append(f"| {label} | {100 * w / total:.1f} % | {w * per:.2f} |")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("profiles", nargs="+", help="py-spy raw (.txt) or speedscope (.json) files")
    parser.add_argument("--rate", type=int, default=100, help="py-spy's samples per second (-r)")
    parser.add_argument("--run", default="", help="the benchmark's JSON lines: the last one is this run")
    parser.add_argument("--actions", type=int, default=0, help="actions during the profile (instead of --run)")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    stacks: list[tuple[list[Frame], int]] = []
    for path in args.profiles:
        text = Path(path).read_text(encoding="utf-8")
        if path.endswith(".json"):
            stacks += read_speedscope(json.loads(text), args.rate)
        else:
            stacks += read_raw(text)
    total = sum(n for _, n in stacks)
    run = json.loads(Path(args.run).read_text().splitlines()[-1]) if args.run else {}
    actions = args.actions or sum(run.get("actions", {}).values())
    cpu_s = total / args.rate
    per = 1000 / args.rate / actions if actions else 0.0  # ms per sample per action
    psutil_ms = 0.0
    print(f"{total} samples at {args.rate} Hz = {cpu_s:.1f} s of server CPU sampled", end="")
    if actions:
        print(f", {actions} actions: **{cpu_s * 1000 / actions:.2f} ms sampled per action**", end="")
    if run:
        srv = run["resources"]["server"]
        psutil_ms = srv["cpu_avg"] / 100 * run["duration_s"] * 1000 / actions
        print(f"; psutil: {srv['cpu_avg']} % of a core over {run['duration_s']:g} s = {psutil_ms:.2f} ms per action")
        # py-spy counts a thread waiting for a core as busy: on a shared machine its samples
        # overstate the CPU, so the shares are scaled to psutil's CPU time
        per = psutil_ms / total
        print(f"(the ms / action below are the shares of psutil's {psutil_ms:.2f} ms)")
        print(
            f"run: {run['players']} players, p50/p99 {run['latency_ms']['p50']}/{run['latency_ms']['p99']} ms, "
            f"other processes {run['resources'].get('other_cpu_avg')} % of a core, load generator "
            f"{run['resources'].get('load', {}).get('cpu_avg')} %"
        )
    print()
    steps: Counter[str] = Counter()
    layers: Counter[str] = Counter()
    cross: dict[str, Counter[str]] = {}
    own: Counter[Frame] = Counter()
    inclusive: Counter[Frame] = Counter()
    for stack, n in stacks:
        s, lay = step_of(stack), layer_of(stack)
        steps[s] += n
        layers[lay] += n
        cross.setdefault(s, Counter())[lay] += n
        if stack:
            own[stack[-1]] += n
        for frame in set(stack):
            inclusive[frame] += n
    framework = sum(w for s, w in steps.items() if s in FRAMEWORK_STEPS)
    print("### By step of the action path (innermost step marker; disjoint)\n")
    order = [label for _, _, label in STEPS] + [label for _, label in FRAMEWORK]
    rows = sorted(steps.items(), key=lambda kv: -kv[1])
    print("\n".join(table(rows, total, per, "step")))
    print(
        f"\nFramework (Engine.IO, Socket.IO, Flask-SocketIO's per-event context, gevent): "
        f"{100 * framework / total:.1f} % = {framework * per:.2f} ms/action; Éclats' own steps: "
        f"{100 * (total - framework) / total:.1f} % = {(total - framework) * per:.2f} ms/action\n"
    )
    print("### Layers within each step (self time, top 3)\n")
    for s, _w in sorted(steps.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99):
        top = ", ".join(f"{lab} {n * per:.2f}" for lab, n in cross[s].most_common(3))
        print(f"- {s}: {top}")
    print("\n### By layer (self time of the running frame)\n")
    print("\n".join(table(layers.most_common(), total, per, "layer")))

    def name(f: Frame) -> str:
        return f"`{f[0]}` ({f[1].replace('stdlib:', '')})"

    for title, counter in (("self", own), ("inclusive", inclusive)):
        print(f"\n### Top {args.top} functions by {title} time\n")
        print("| function | self | inclusive | ms / action (" + title + ") |\n| --- | ---: | ---: | ---: |")
        for f, n in counter.most_common(args.top):
            print(f"| {name(f)} | {100 * own[f] / total:.1f} % | {100 * inclusive[f] / total:.1f} % | {n * per:.2f} |")


if __name__ == "__main__":
    main()
