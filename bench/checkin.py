"""Check-in decisions per second: a pack of 1,000 places, 1,200 players sending a GPS
fix every 5 s (so 240 fixes/s must be decided).

    .venv/bin/python -m bench.checkin [--places 1000] [--players 1200] [--seconds 10]

Two measures, both on this machine, one process:

1. **The rule alone** (``game.rules.geo.decide``): each player walks at 1.4 m/s towards a
   place drawn from the 1,000, and every fix is decided against the player's previous
   reading (one geodesic distance, a keyed fingerprint, the teleport and copy checks,
   warmer/colder, presence over time).
2. **The whole request**: ``POST /api/me/quests/<id>/checkin`` through Flask's test
   client on a file SQLite database: token check, validation, the previous reading and
   the teammates' recent fingerprints read, the rule, the reading written back (every
   good fix, refused or not, writes a row since the rule's memory moved from one process
   to the database), and the check-in written when accepted. The players are 100 teams of
   12 in one session on a copy of the default pack with 1,000 extra places; day 6 is open,
   so each fix targets a real place mission. Most fixes are refused (too far), as on a
   real Saturday; the first fix inside a place asks to stay, the next ones are recorded.

Since presence needs two fixes 20 s apart, a real phone sends a fix when the player taps
and one more by itself on arrival; a fix every 5 s from every player is a generous upper
bound.

No network; everything lives in a temporary folder deleted at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml
from geopy.distance import geodesic

ROOT = Path(__file__).resolve().parent.parent
LILLE = (50.6369, 3.0633)


def synthetic_pack(folder: Path, places: int, rng: random.Random) -> Path:
    """The default pack plus ``places`` places scattered within 5 km of the Grand'Place."""
    pack = folder / "bench-places"
    shutil.copytree(ROOT / "content" / "packs" / "default", pack)
    data = yaml.safe_load((pack / "places.yaml").read_text(encoding="utf-8"))
    for i in range(places):
        d = geodesic(meters=rng.uniform(0, 5000)).destination(LILLE, rng.uniform(0, 360))
        data.append(
            {
                "id": f"lieu-{i:04d}",
                "name": f"Lieu {i}",
                "latitude": round(d.latitude, 6),
                "longitude": round(d.longitude, 6),
                "radius_m": 50,
                "description": "Un lieu de test.",
            }
        )
    (pack / "places.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return pack


def rule_alone(catalog: Any, players: int, seconds: float, rng: random.Random) -> dict[str, Any]:
    from game.rules import geo

    ids = [p.id for p in catalog.places]
    now = dt.datetime(2027, 3, 13, 15, 0)
    state = []
    for _ in range(players):
        target = catalog.place(rng.choice(ids))
        start = geodesic(meters=rng.uniform(50, 1500)).destination(
            (target.latitude, target.longitude), rng.uniform(0, 360)
        )
        state.append([target, start.latitude, start.longitude, None])
    decisions = 0
    accepted = 0
    deciding = 0.0  # time inside decide() only, not the walk simulation around it
    t0 = time.perf_counter()
    tick = 0
    while time.perf_counter() - t0 < seconds:
        tick += 1
        at = now + dt.timedelta(seconds=5 * tick)
        for s in state:
            target, lat, lon, previous = s
            # 7 m towards the place (1.4 m/s for 5 s), with a little GPS noise
            here = geodesic(meters=7).destination((lat, lon), _bearing(lat, lon, target))
            lat, lon = here.latitude + rng.gauss(0, 2e-5), here.longitude + rng.gauss(0, 3e-5)
            fix = geo.Fix(lat, lon, rng.uniform(5, 30), at)
            s0 = time.perf_counter()
            place = catalog.place(target.id)  # looked up among the 1,000, as the service does
            d = geo.decide(fix, geo.Point(place.latitude, place.longitude), place.radius_m, at, previous, key=b"bench")
            deciding += time.perf_counter() - s0
            decisions += 1
            accepted += d.accepted
            s[1], s[2], s[3] = lat, lon, (d.keep or previous)
    return {
        "decisions": decisions,
        "seconds_deciding": round(deciding, 2),
        "per_second": round(decisions / deciding),
        "us_per_decision": round(deciding / decisions * 1e6, 1),
        "accepted": accepted,
    }


def _bearing(lat: float, lon: float, target: Any) -> float:
    import math

    la1, la2 = math.radians(lat), math.radians(target.latitude)
    dlon = math.radians(target.longitude - lon)
    x = math.sin(dlon) * math.cos(la2)
    y = math.cos(la1) * math.sin(la2) - math.sin(la1) * math.cos(la2) * math.cos(dlon)
    return (math.degrees(math.atan2(x, y)) + 360) % 360


def whole_request(folder: Path, players: int, seconds: float, rng: random.Random) -> dict[str, Any]:
    from api import create_app
    from api.extensions import db, engine
    from content.loader import load_named_pack, use_local_packs
    from game.services import play, sessions
    from game.services.accounts import create_facilitator
    from game.store.db import upgrade

    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_DIR": folder,
            "DATABASE_URL": f"sqlite:///{folder / 'bench.db'}",
            "UPLOAD_DIR": folder / "uploads",
            "LOCAL_PACKS_DIR": folder,
        }
    )
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    tokens: list[tuple[str, int]] = []
    with app.app_context():
        upgrade(engine())
        staff = create_facilitator(db(), "bench", "bench-mot-de-passe", "B", now)
        # one session per team of 12, as a real group (and as bench/realtime does)
        for t in range(players // 12):
            game = sessions.create_session(
                db(), staff, f"Groupe {t + 1}", "bench-places", dt.date.today(), True, ["Équipe"], now
            )
            db().flush()
            for day in range(1, 7):
                sessions.open_day(db(), game.id, day, now)
            team = game.teams[0]
            for i in range(12):
                token, _player = play.join(db(), game.join_code, f"Joueur {i}", team.id, now)
                tokens.append((token, team.id))
        db().commit()
    client = app.test_client()
    for t, (token, _team) in enumerate(tokens[::12]):  # one per team opens the weekend
        r = client.post(
            "/api/me/quests/d6-braderie/answer",
            json={"answer": "braderie"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert r.status_code == 200, (t, r.json)
    catalog = load_named_pack("bench-places")
    grand = catalog.place("grand-place")
    assert grand is not None
    positions = {
        token: geodesic(meters=rng.uniform(20, 1500)).destination(
            (grand.latitude, grand.longitude), rng.uniform(0, 360)
        )
        for token, _ in tokens
    }
    latencies: list[float] = []
    outcomes: dict[str, int] = {}
    t0 = time.perf_counter()
    i = 0
    while time.perf_counter() - t0 < seconds:
        token, _team = tokens[i % len(tokens)]
        i += 1
        p = positions[token]
        p = geodesic(meters=7).destination((p.latitude, p.longitude), _bearing(p.latitude, p.longitude, grand))
        positions[token] = p
        body = {
            "latitude": p.latitude,
            "longitude": p.longitude,
            "accuracy": rng.uniform(5, 25),
            "taken_at": int(time.time() * 1000),
        }
        s = time.perf_counter()
        r = client.post(
            "/api/me/quests/d6-place-grand-place/checkin", json=body, headers={"Authorization": f"Bearer {token}"}
        )
        latencies.append((time.perf_counter() - s) * 1000)
        key = (
            (r.json.get("reason") or ("solved" if r.json.get("solved") else "accepted"))
            if r.status_code == 200
            else r.json.get("error", str(r.status_code))
        )
        outcomes[key] = outcomes.get(key, 0) + 1
    took = time.perf_counter() - t0
    latencies.sort()
    app.extensions["eclats.engine"].dispose()
    use_local_packs(None)
    return {
        "requests": len(latencies),
        "seconds": round(took, 2),
        "per_second": round(len(latencies) / took),
        "latency_ms": {
            "p50": round(statistics.median(latencies), 2),
            "p99": round(latencies[int(len(latencies) * 0.99) - 1], 2),
            "max": round(latencies[-1], 2),
        },
        "outcomes": outcomes,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--places", type=int, default=1000)
    parser.add_argument("--players", type=int, default=1200)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    folder = Path(tempfile.mkdtemp(prefix="eclats-checkin-"))
    try:
        from content.loader import load_pack

        pack = synthetic_pack(folder, args.places, rng)
        t0 = time.perf_counter()
        catalog = load_pack(pack)
        load_s = time.perf_counter() - t0
        alone = rule_alone(catalog, args.players, args.seconds, rng)
        full = whole_request(folder, args.players, args.seconds, rng)
        needed = args.players / 5
        result = {
            "date": dt.datetime.now().isoformat(timespec="seconds"),
            "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}",
            "places": len(catalog.places),
            "players": args.players,
            "needed_per_second": needed,
            "pack_load_s": round(load_s, 2),
            "rule_alone": alone,
            "whole_request": full,
        }
        print(json.dumps(result, ensure_ascii=False, indent=2))
        print(
            f"needed: {needed:.0f} fixes/s; rule alone: {alone['per_second']}/s "
            f"({alone['per_second'] / needed:.0f}x); whole request, one process: {full['per_second']}/s "
            f"({full['per_second'] / needed:.1f}x), "
            f"p50 {full['latency_ms']['p50']} ms, p99 {full['latency_ms']['p99']} ms"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
