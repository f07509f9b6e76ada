"""The ``eclats`` command line, run as a user would run it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import yaml

from content.loader import PACKS_DIR

ECLATS = str(Path(sys.executable).parent / "eclats")


def run(*args: str, env: dict[str, str] | None = None, timeout: int = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ECLATS, *args], capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})}
    )


def broken_copy(tmp_path: Path) -> Path:
    """A copy of the default pack with an unknown offer and a cycle."""
    packs = tmp_path / "packs"
    shutil.copytree(PACKS_DIR / "default", packs / "default")
    day1 = packs / "default" / "quests" / "day01.yaml"
    quests = yaml.safe_load(day1.read_text(encoding="utf-8"))
    quests[0]["offers"] = ["offre-fantome"]
    quests[0]["prerequisites"] = [quests[1]["id"]]
    quests[1]["prerequisites"] = [quests[0]["id"]]
    day1.write_text(yaml.safe_dump(quests, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return packs


def test_content_check_accepts_the_default_pack() -> None:
    result = run("content", "check", str(PACKS_DIR / "default"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "pack valide" in result.stdout


def test_content_check_prints_every_problem_with_file_and_path(tmp_path: Path) -> None:
    packs = broken_copy(tmp_path)
    result = run("content", "check", str(packs / "default"))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith("quests/day01.yaml: [0].offers[0]: ") and "offre-fantome" in line for line in lines), (
        lines
    )
    assert any(line.startswith("quests/day01.yaml: ") and "cycle" in line for line in lines), lines


def test_server_refuses_to_start_on_an_invalid_pack(tmp_path: Path) -> None:
    packs = broken_copy(tmp_path)
    result = run(
        "serve",
        "--port",
        "0",
        "--no-demo",
        env={"ECLATS_PACKS_DIR": str(packs), "ECLATS_INSTANCE": str(tmp_path / "instance")},
    )
    assert result.returncode == 1
    assert "Le pack de contenu est invalide" in result.stderr
    assert "quests/day01.yaml: [0].offers[0]: " in result.stderr


def test_facilitator_create_stores_an_account_that_can_log_in(tmp_path: Path) -> None:
    env = {
        "ECLATS_INSTANCE": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "ECLATS_PASSWORD": "un-bon-mot-de-passe",
    }
    created = run("facilitator", "create", "Sophie", "--name", "Sophie M.", env=env)
    assert created.returncode == 0, created.stderr
    again = run("facilitator", "create", "sophie", env=env)
    assert again.returncode == 1 and "existe déjà" in again.stderr
    short = run("facilitator", "create", "karim", env={**env, "ECLATS_PASSWORD": "court"})
    assert short.returncode == 1 and "8 caractères" in short.stderr

    from api import create_app

    app = create_app({"INSTANCE_DIR": tmp_path, "DATABASE_URL": env["DATABASE_URL"], "TESTING": True})
    r = app.test_client().post("/api/auth/login", json={"username": "sophie", "password": "un-bon-mot-de-passe"})
    app.extensions["eclats.engine"].dispose()
    assert r.status_code == 200 and r.json["facilitator"]["display_name"] == "Sophie M."


def test_badge_key_rotation_keeps_old_badges_verifiable(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from badges import proofcheck, sign
    from badges.keys import KeyRing

    env = {**os.environ, "ECLATS_INSTANCE": str(tmp_path)}
    ring = KeyRing(tmp_path / "badge-keys")
    old = ring.active
    document = {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
                "issuer": old.did, "validFrom": "2026-11-22T10:00:00Z",
                "credentialSubject": {"id": "urn:uuid:8c4b4a64-7d3c-4f4e-9a55-1f2d6c7f0a11"}}  # fmt: skip
    signed = sign.sign(document, old, datetime(2026, 11, 22, tzinfo=UTC))
    eclats = str(Path(sys.executable).parent / "eclats")
    out = subprocess.run([eclats, "badges", "rotate-key"], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert f"Ancienne clé : {old.did}" in out.stdout
    assert KeyRing(tmp_path / "badge-keys").active.did != old.did
    assert proofcheck.verify_proof(signed)[0]
    assert oct((tmp_path / "badge-keys").stat().st_mode & 0o777) == "0o700"
    keys = list((tmp_path / "badge-keys").glob("*.pem"))
    assert len(keys) == 2 and all(oct(p.stat().st_mode & 0o777) == "0o600" for p in keys)


def test_privacy_purge_erases_the_players_of_sessions_past_their_retention(tmp_path: Path) -> None:
    from api import create_app
    from api.extensions import engine
    from game.store.db import upgrade

    from ..conftest import STAFF_PASSWORD, create_session, join

    env = {"ECLATS_INSTANCE": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    app = create_app({"INSTANCE_DIR": tmp_path, "DATABASE_URL": env["DATABASE_URL"], "TESTING": True})
    client = app.test_client()
    with app.app_context():
        upgrade(engine())
    env_pw = {**env, "ECLATS_PASSWORD": STAFF_PASSWORD}
    assert run("facilitator", "create", "claire", env=env_pw).returncode == 0
    token = client.post("/api/auth/login", json={"username": "claire", "password": STAFF_PASSWORD}).json["token"]
    staff = {"Authorization": f"Bearer {token}"}
    old = create_session(client, staff, name="Groupe de 2025", start_date="2025-01-06")
    recent = create_session(client, staff, name="Groupe de maintenant", start_date=date.today().isoformat())
    gone = join(client, old["join_code"], "Inès")
    kept = join(client, recent["join_code"], "Yanis")
    assert client.get("/api/me", headers=gone).status_code == 401  # its login ended with the retention period

    dry = run("privacy", "purge", "--dry-run", env=env)
    assert dry.returncode == 0 and "1 jeune(s) à effacer" in dry.stdout
    done = run("privacy", "purge", env=env)
    assert done.returncode == 0, done.stderr
    assert "1 jeune(s) effacé(s)" in done.stdout
    detail = client.get(f"/api/sessions/{old['id']}", headers=staff).json
    assert detail["players"] == [] and len(detail["teams"]) == 2  # the group's teams and progress stay
    assert client.get("/api/me", headers=kept).status_code == 200
    assert [p["nickname"] for p in client.get(f"/api/sessions/{recent['id']}", headers=staff).json["players"]] == [
        "Yanis"
    ]
    app.extensions["eclats.engine"].dispose()
