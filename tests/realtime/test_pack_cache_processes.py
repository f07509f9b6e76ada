"""A pack edited through one ``eclats serve`` process is served by the others at once.

Two real processes of one installation (the same instance folder, one SQLite file, one
real redis-server): each keeps the packs it has loaded in memory, and an edit made
through one of them must reach the next request to the other, not only after a restart.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from tests.servers import eclats_server, redis_server

from .live import http
from .test_live import setup_game


def places_of(base: str, session_id: int, token: str) -> dict[str, dict[str, Any]]:
    served = http(base, "GET", f"/api/sessions/{session_id}/places", token=token)
    return {place["id"]: place for place in served["places"]}


def town_of(base: str, pack: str, token: str) -> str:
    return str(next(p["town"] for p in http(base, "GET", "/api/packs", token=token) if p["name"] == pack))


def test_a_pack_edited_through_one_process_is_served_by_the_other(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    with redis_server() as redis:
        env = {"SOCKETIO_MESSAGE_QUEUE": redis.url, "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.db'}"}
        with (
            eclats_server(instance, env, demo=False) as a,
            eclats_server(instance, env, demo=False) as b,
        ):
            staff, _ = setup_game(a.url, instance, env["DATABASE_URL"])
            http(a.url, "POST", "/api/packs/default/copy", {"name": "ma-ville", "town": "Roubaix"}, staff)
            body = {"name": "Roubaix", "pack": "ma-ville", "start_date": datetime.date.today().isoformat()}
            game = http(b.url, "POST", "/api/sessions", body, staff)
            # B has loaded the copy (and keeps it): the place as copied
            before = places_of(b.url, game["id"], staff)["grand-place"]
            assert town_of(b.url, "ma-ville", staff) == "Roubaix"

            moved = {"latitude": 50.6372, "longitude": 3.064, "radius_m": 45}
            assert http(a.url, "PUT", "/api/packs/ma-ville/places/grand-place", moved, staff)["radius_m"] == 45
            after = places_of(b.url, game["id"], staff)["grand-place"]
            assert (after["latitude"], after["longitude"], after["radius_m"]) == (50.6372, 3.064, 45)
            assert (before["latitude"], before["radius_m"]) != (50.6372, 45)

            # edits in quick succession, from either side, are each seen by the other
            for step in range(3):
                writer, reader = (a, b) if step % 2 == 0 else (b, a)
                radius = 60 + step
                http(writer.url, "PUT", "/api/packs/ma-ville/places/grand-place", {**moved, "radius_m": radius}, staff)
                assert places_of(reader.url, game["id"], staff)["grand-place"]["radius_m"] == radius
            added = {**moved, "name": "Gare Lille-Europe", "description": "La gare des TGV et de l'Eurostar."}
            http(b.url, "PUT", "/api/packs/ma-ville/places/gare-lille-europe", added, staff)
            assert places_of(a.url, game["id"], staff)["gare-lille-europe"]["name"] == "Gare Lille-Europe"
