"""Open Badges: issuing to a team of 12 (sign + bake) and verifying one 3.0 credential.

    .venv/bin/python -m bench.badges [--rounds 5]

1. **Issue to a team of 12 over the API** (`POST /api/sessions/<id>/badges` through
   Flask's test client, file SQLite): 12 credentials built, signed (eddsa-rdfc-2022: two
   RDF canonicalizations each) and stored in one request; then each of the 12 baked PNGs
   (`GET /badges/<id>/badge.png`: picture drawn, credential baked in).
2. **Verify one credential** (`badges.verify.verify_credential`: canonicalization,
   Ed25519 check, dates, status list) in process, and through `POST /api/verify`.

Everything in a temporary folder, deleted at the end; no network.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from api import create_app
    from api.extensions import db, engine
    from content.loader import use_local_packs
    from game.services.accounts import create_facilitator
    from game.store.db import upgrade

    folder = Path(tempfile.mkdtemp(prefix="eclats-badges-"))
    try:
        app = create_app(
            {
                "TESTING": True,
                "INSTANCE_DIR": folder,
                "DATABASE_URL": f"sqlite:///{folder / 'b.db'}",
                "UPLOAD_DIR": folder / "u",
                "PUBLIC_URL": "https://ml.example",
            }
        )
        with app.app_context():
            upgrade(engine())
            create_facilitator(db(), "bench", "bench-mot-de-passe", "B", dt.datetime(2026, 11, 1))
            db().commit()
        client = app.test_client()
        token = client.post("/api/auth/login", json={"username": "bench", "password": "bench-mot-de-passe"}).json[
            "token"
        ]
        staff = {"Authorization": f"Bearer {token}"}
        issue_ms: list[float] = []
        bake_ms: list[float] = []
        verify_ms: list[float] = []
        api_verify_ms: list[float] = []
        credential: dict[str, Any] = {}
        for r in range(args.rounds):
            game = client.post(
                "/api/sessions",
                json={
                    "name": f"Groupe {r}",
                    "start_date": dt.date.today().isoformat(),
                    "players_choose_team": True,
                    "teams": ["Équipe"],
                },
                headers=staff,
            ).json
            team = game["teams"][0]["id"]
            ids = []
            for i in range(12):
                joined = client.post(
                    "/api/join", json={"code": game["join_code"], "nickname": f"J{i}", "team_id": team}
                ).json
                ids.append(joined["player"]["id"])
                client.put("/api/me/badges/consent", json={"agree": True, "email": f"j{i}@example.org"},
                           headers={"Authorization": f"Bearer {joined['token']}"})  # fmt: skip
            t0 = time.perf_counter()
            out = client.post(f"/api/sessions/{game['id']}/badges", json={"skill_id": "cooperation", "player_ids": ids},
                              headers=staff).json  # fmt: skip
            issue_ms.append((time.perf_counter() - t0) * 1000)
            assert len(out["issued"]) == 12, out
            t0 = time.perf_counter()
            for award in out["issued"]:
                assert client.get(award["links"]["png"]).status_code == 200
            bake_ms.append((time.perf_counter() - t0) * 1000)
            credential = client.get(f"/badges/{out['issued'][0]['id']}/credential.json").json
            with app.test_request_context(base_url="https://ml.example"):
                from api.http.public_badges import verify

                t0 = time.perf_counter()
                report = verify(credential, "j0@example.org")
                verify_ms.append((time.perf_counter() - t0) * 1000)
                assert report.verdict == "valid", report
            t0 = time.perf_counter()
            assert client.post("/api/verify", json={"credential": credential}).json["verdict"] == "valid"
            api_verify_ms.append((time.perf_counter() - t0) * 1000)
        app.extensions["eclats.engine"].dispose()
        use_local_packs(None)

        def summary(values: list[float]) -> dict[str, float]:
            return {"median": round(statistics.median(values), 1), "min": round(min(values), 1),
                    "max": round(max(values), 1)}  # fmt: skip

        result = {
            "date": dt.datetime.now().isoformat(timespec="seconds"),
            "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}",
            "rounds": args.rounds,
            "issue_team_of_12_ms": summary(issue_ms),
            "bake_12_png_ms": summary(bake_ms),
            "verify_one_in_process_ms": summary(verify_ms),
            "verify_one_api_ms": summary(api_verify_ms),
            "credential_bytes": len(json.dumps(credential)),
        }
        print(json.dumps(result, ensure_ascii=False, indent=2))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
