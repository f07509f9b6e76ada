"""Summarise a py-spy speedscope profile: where the server's CPU time goes.

    py-spy record --pid PID -d 30 -r 100 -f speedscope -o prof.json
    .venv/bin/python -m bench.hotspots prof.json [--top 30] [--filter /work/main/]

Prints, for every function, its inclusive share (time with the function on the stack)
and its self share (time in the function itself), over all non-idle samples.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter

# (label, function name, file fragment, line or None): a sample goes to the first group
# one of whose frames is on its stack (most specific first)
GROUPS = [
    ("token lookup and policy per event (identify -> find_player + lazy loads)", "identify", "api/auth.py", None),
    ("rate-limit counter per event (limits.spend)", "spend", "api/limits.py", None),
    ("client_id replay lookup (already_done)", "already_done", "game/services/actions.py", None),
    ("client_id reply stored (remember)", "remember", "game/services/actions.py", None),
    ("game state load + rules + write (play.answer)", "answer", "game/services/play.py", None),
    ("commit (flush + SQLite commit/fsync)", "transaction", "api/extensions.py", None),
    ("publish after commit (payload queries + emit)", "publish", "api/realtime.py", None),
    ("catalog_of(player.session) in actions.answer", "answer", "api/actions.py", None),
    ("other work in the answer handler", "answer", "api/sockets/player.py", None),
    ("payload validation (marshmallow)", "run", "api/sockets/__init__.py", None),
    ("socket connect/disconnect handlers", "connect", "api/sockets/player.py", None),
    ("websocket I/O (engineio, simple-websocket, wsproto)", "", "engineio/", None),
    ("websocket I/O (engineio, simple-websocket, wsproto)", "", "simple_websocket/", None),
    ("socket.io dispatch (python-socketio, flask-socketio)", "", "socketio/", None),
    ("gevent hub (scheduling, epoll)", "run", "gevent/hub.py", None),
]


def breakdown(data: dict, total: float) -> None:  # type: ignore[type-arg]
    frames = data["shared"]["frames"]
    wanted = []
    for label, name, file, line in GROUPS:
        ids = {
            i
            for i, fr in enumerate(frames)
            if (not name or fr["name"].split(".")[-1] == name or fr["name"] == name)
            and file in fr.get("file", "")
            and (line is None or fr.get("line") == line)
        }
        wanted.append((label, ids))
    shares: Counter[str] = Counter()
    for profile in data["profiles"]:
        for stack, weight in zip(profile["samples"], profile["weights"], strict=True):
            on = set(stack)
            label = next((lab for lab, ids in wanted if ids & on), "other (truncated stacks, GC, C code)")
            shares[label] += weight
    print("\nbreakdown of the non-idle samples:")
    for label, w in shares.most_common():
        print(f"{100 * w / total:6.1f} %  {label}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("profile")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--filter", default="", help="only list frames whose file contains this")
    args = parser.parse_args()
    with open(args.profile, encoding="utf-8") as f:
        data = json.load(f)
    frames = data["shared"]["frames"]
    inclusive: Counter[int] = Counter()
    own: Counter[int] = Counter()
    total = 0.0
    for profile in data["profiles"]:
        for stack, weight in zip(profile["samples"], profile["weights"], strict=True):
            total += weight
            for idx in set(stack):
                inclusive[idx] += weight
            if stack:
                own[stack[-1]] += weight

    def label(i: int) -> str:
        fr = frames[i]
        file = fr.get("file", "").replace("/work/main/.venv/lib/python3.11/site-packages/", "")
        return f"{fr['name']} ({file.replace('/work/main/', '')}:{fr.get('line', '')})"

    keep = [i for i in inclusive if args.filter in frames[i].get("file", "")]
    print(f"{total:.1f} s of non-idle samples")
    print("inclusive %  self %  function")
    for i in sorted(keep, key=lambda i: -inclusive[i])[: args.top]:
        print(f"{100 * inclusive[i] / total:10.1f} {100 * own[i] / total:7.1f}  {label(i)}")
    breakdown(data, total)
    print("\nby self time:")
    for i in sorted(keep, key=lambda i: -own[i])[: args.top]:
        print(f"{100 * inclusive[i] / total:10.1f} {100 * own[i] / total:7.1f}  {label(i)}")


if __name__ == "__main__":
    main()
